using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SelligentPortal.Core.Customers;
using SelligentPortal.Core.Ingestion.Prepare;
using SelligentPortal.Core.Ingestion.Receive;
using SelligentPortal.Core.Ingestion.Write;
using SelligentPortal.Core.Ingestion;
using SelligentPortal.Core.Options;
using SelligentPortal.Core.Persistence;
using SelligentPortal.Core.Persistence.Sqlite;
using SelligentPortal.Core.Sources;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace SelligentPortal.Tests.Core.Persistence;

/// <summary>
/// Power loss under the ingestion writer (<see cref="CrashVfs"/>): commits through
/// <see cref="SqliteIngestionStore.WriteAsync"/>, the app's checkpoint routine between them and a reader
/// holding an old snapshot across some, then a crash at each sync in turn, over several seeds, and
/// the files opened afresh. The kill -9 tests cover process crashes; this covers the disk.
/// </summary>
public sealed class PowerLossTests(PowerLossTests.Template template) : IClassFixture<PowerLossTests.Template>
{
    /// <summary>Fifteen commits of a few events, a checkpoint after every third, a reader's snapshot held across commits 5 to 9.</summary>
    private static readonly Scenario Steady = new(Commits: 15, LongLogFirst: false);

    /// <summary>A first commit that takes the log past the restart threshold, so the checkpoint after it syncs the database and restarts the log beside the writer.</summary>
    private static readonly Scenario LongLog = new(Commits: 6, LongLogFirst: true);

    [Fact]
    public async Task AcknowledgedEvents_SurviveAPowerLossAtAnySync_ByDefault()
    {
        var runs = await CrashAtEverySyncAsync(IngestionDurability.PowerLoss, Steady, seeds: 5);

        Assert.All(runs, run => Assert.True(run.Problems.Count == 0, run.ToString()));
        // The crashes did something to test: syncs of commits and of checkpoints were reached, and changes were lost or torn.
        Assert.Contains(runs, run => run.CrashedInCommit);
        Assert.Contains(runs, run => run.CrashedInCheckpoint);
        Assert.True(runs.Sum(run => run.Dropped + run.Torn) > runs.Count, "the crashes dropped or tore almost nothing");
    }

    [Fact]
    public async Task AcknowledgedEvents_SurviveAPowerLoss_WhileTheCheckpointRestartsALongLog()
    {
        var runs = await CrashAtEverySyncAsync(IngestionDurability.PowerLoss, LongLog, seeds: 1);

        Assert.True(runs[0].RestartedLongLog, "the checkpoint did not take its restart path");
        Assert.All(runs, run => Assert.True(run.Problems.Count == 0, run.ToString()));
        Assert.Contains(runs, run => run.CrashedInCheckpoint);
    }

    [Fact]
    public async Task ProcessCrashDurability_CanLoseAcknowledgedEvents_ButNeverCorrupts()
    {
        var runs = await CrashAtEverySyncAsync(IngestionDurability.ProcessCrash, Steady, seeds: 3);

        // synchronous=NORMAL: commits since the last sync are acknowledged but not on disk, so a
        // crash loses some (what the tests above catch), yet never breaks the database.
        Assert.Contains(runs, run => run.Lost > 0);
        Assert.All(runs, run => Assert.True(run.Problems.All(p => p.StartsWith("lost", StringComparison.Ordinal)), run.ToString()));
    }

    /// <summary>
    /// A run without a crash counts the syncs (it comes first in the list); then, for each sync and
    /// seed, a run that crashes at that sync, and runs that crash after the last step.
    /// </summary>
    private async Task<List<Run>> CrashAtEverySyncAsync(IngestionDurability durability, Scenario scenario, int seeds)
    {
        var runs = new List<Run> { await RunAsync(durability, scenario, seed: 0, crashAtSync: int.MaxValue) };
        var syncs = runs[0].Syncs;
        Assert.True(syncs > scenario.Commits / 3, $"only {syncs} syncs");
        for (var crashAt = 1; crashAt <= syncs + 1; crashAt++)
        {
            for (var seed = 0; seed < seeds; seed++)
            {
                runs.Add(await RunAsync(durability, scenario, crashAt * 100 + seed, crashAt));
            }
        }

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{durability}: {runs.Count} runs, {syncs} syncs and the end as crash points, {runs.Count(r => r.CrashedInCommit)} crashed in a commit, "
            + $"{runs.Count(r => r.CrashedInCheckpoint)} in a checkpoint; {runs.Sum(r => r.Changes)} writes and truncations, "
            + $"{runs.Sum(r => r.Dropped)} dropped, {runs.Sum(r => r.Torn)} torn; {runs.Count(r => r.Lost > 0)} runs lost acknowledged commits");
        return runs;
    }

    private async Task<Run> RunAsync(IngestionDurability durability, Scenario scenario, int seed, int crashAtSync)
    {
        var folder = Directory.CreateTempSubdirectory("power-loss-").FullName;
        var run = new Run(durability, seed, crashAtSync);
        var cancellation = TestContext.Current.CancellationToken;
        try
        {
            var path = Path.Combine(folder, "portal.db");
            File.Copy(template.DatabasePath, path);
            // A URI names the VFS: the crashing disk.
            var connectionString = new SqliteConnectionStringBuilder
            {
                DataSource = $"file:{path}?vfs={CrashVfs.Name}", Pooling = true, DefaultTimeout = 5,
            }.ToString();
            var factory = Factory(connectionString);
            var gate = new WalWriteGate();
            var store = new SqliteIngestionStore(factory, gate, TimeProvider.System, MsOptions.Create(new IngestionOptions { Durability = durability }));

            using (var disk = CrashVfs.Start(seed, crashAtSync))
            {
                await using var reader = factory.CreateUnrestricted();
                SqliteTransaction? snapshot = null;
                for (var commit = 0; commit < scenario.Commits && !disk.Crashed; commit++)
                {
                    if (commit == 5)
                    {
                        // A reader's snapshot: checkpoints copy only what it sees, so the log cannot restart under it.
                        await reader.Database.OpenConnectionAsync(cancellation);
                        snapshot = ((SqliteConnection)reader.Database.GetDbConnection()).BeginTransaction(deferred: true);
                        await reader.Events.CountAsync(cancellation);
                    }

                    var group = scenario.LongLogFirst && commit == 0 ? LongLogGroup() : Group(commit);
                    run.Attempted.Add(group.SelectMany(w => w.Events).Select(e => e.Incoming.MessageId).ToList());
                    try
                    {
                        await store.WriteAsync(group, cancellation);
                        run.Acknowledged += disk.Crashed ? 0 : 1;
                    }
                    catch (Exception) when (disk.Crashed)
                    {
                        run.CrashedInCommit = true;
                        break;
                    }

                    if (commit == 9)
                    {
                        snapshot!.Commit();
                    }

                    if (commit % 3 == 2 || (scenario.LongLogFirst && commit == 0))
                    {
                        try
                        {
                            await using var db = factory.CreateUnrestricted();
                            await SqliteConnectionSetup.CheckpointAsync(db, gate, cancellation);
                        }
                        catch (Exception) when (disk.Crashed)
                        {
                            run.CrashedInCheckpoint = true;
                        }
                    }
                }

                run.Syncs = disk.SyncCount;
                run.RestartedLongLog = gate.LogPagesAtRestart > SqliteConnectionSetup.RestartLogAbovePages;
                disk.CrashNow();
                (run.Changes, run.Dropped, run.Torn) = (disk.Changes, disk.Dropped, disk.Torn);
                // The disk as the crash left it; nothing writes to it any more.
                Directory.CreateDirectory(Path.Combine(folder, "after"));
                foreach (var file in new[] { path, path + "-wal" }.Where(File.Exists))
                {
                    File.Copy(file, Path.Combine(folder, "after", Path.GetFileName(file)));
                }
            }

            SqliteConnection.ClearPool(new SqliteConnection(connectionString));
            Check(run, Path.Combine(folder, "after", "portal.db"));
            return run;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static PortalDbFactory Factory(string connectionString) => SqliteStorage.CreateFactory(connectionString);

    /// <summary>Opens the files as a restart would, with the default VFS, and lists what is wrong.</summary>
    private static void Check(Run run, string path)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        var integrity = Strings(connection, "PRAGMA integrity_check;");
        if (integrity is not ["ok"])
        {
            run.Problems.Add($"integrity_check: {string.Join("; ", integrity.Take(5))}");
            return;
        }

        var events = Strings(connection, """SELECT "MessageId" FROM "Events";""");
        var interactions = Strings(connection, """SELECT "EventId" FROM "InteractionRecords";""");
        var stored = events.ToHashSet();
        if (stored.Count != events.Count)
        {
            run.Problems.Add("an event is stored twice");
        }

        if (!stored.SetEquals(interactions))
        {
            run.Problems.Add($"{events.Count} events but {interactions.Count} interactions");
        }

        for (var commit = 0; commit < run.Attempted.Count; commit++)
        {
            var present = run.Attempted[commit].Count(stored.Contains);
            if (present == 0 && commit < run.Acknowledged)
            {
                run.Lost++;
                run.Problems.Add($"lost: acknowledged commit {commit}");
            }
            else if (present != 0 && present != run.Attempted[commit].Count)
            {
                run.Problems.Add($"commit {commit}: {present} of its {run.Attempted[commit].Count} events");
            }
        }

        if (stored.Except(run.Attempted.SelectMany(ids => ids)).Any())
        {
            run.Problems.Add("an event that was never written");
        }
    }

    private static List<string> Strings(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    /// <summary>One request of 300 events of 28 KB: about 9 MB, past <see cref="SqliteConnectionSetup.RestartLogAbovePages"/>.</summary>
    private List<PendingWrite> LongLogGroup()
    {
        var received = DateTime.UtcNow;
        return [new PendingWrite(template.Source, Enumerable.Range(0, 300).Select(index => Event($"long-{index}", $"user-{index % 7}", 28_000, received)).ToList(), received)];
    }

    /// <summary>One commit: one to three requests of one to four applied Track events, each with an IDS upsert and an interaction.</summary>
    private List<PendingWrite> Group(int commit)
    {
        var received = DateTime.UtcNow;
        return Enumerable.Range(0, 1 + commit % 3).Select(request => new PendingWrite(template.Source,
            Enumerable.Range(0, 1 + (commit + request) % 4).Select(index =>
                Event($"m-{commit}-{request}-{index}", $"user-{(commit + index) % 7}", 1_200, received)).ToList(), received)).ToList();
    }

    /// <summary>An applied Track event with an IDS upsert and an interaction; its raw payload carries <paramref name="noteLength"/> characters more.</summary>
    private static PreparedEvent Event(string messageId, string userId, int noteLength, DateTime received) => new()
    {
        Incoming = new IncomingEvent(messageId, "track", "Order Completed", userId, Encoding.UTF8.GetBytes(
            $$$"""{"type":"track","event":"Order Completed","messageId":"{{{messageId}}}","userId":"{{{userId}}}","properties":{"note":"{{{new string('x', noteLength)}}}"}}"""), null),
        Status = EventStatus.Applied,
        ConfigurationVersion = 1,
        EventTimeUtc = received,
        IdsRecord = new PreparedIdsRecord(userId, $"{userId}@example.com", [new("customer_id", $"\"{userId}\"")]),
        Interactions = [new PreparedInteraction("EVENTS", messageId, userId, "Order Completed", received, "{\"total\":1}"u8.ToArray())],
    };

    /// <summary>What a run does before the power goes.</summary>
    private sealed record Scenario(int Commits, bool LongLogFirst);

    /// <summary>What one crash left.</summary>
    private sealed class Run(IngestionDurability durability, int seed, int crashAtSync)
    {
        /// <summary>Each commit's messageIds, in order; the first <see cref="Acknowledged"/> returned before the crash.</summary>
        public List<List<string>> Attempted { get; } = [];

        public int Acknowledged { get; set; }

        public int Syncs { get; set; }

        public bool CrashedInCommit { get; set; }

        public bool CrashedInCheckpoint { get; set; }

        /// <summary>A checkpoint restarted the log past the threshold (<see cref="WalWriteGate.LogPagesAtRestart"/>).</summary>
        public bool RestartedLongLog { get; set; }

        public int Changes { get; set; }

        public int Dropped { get; set; }

        public int Torn { get; set; }

        public int Lost { get; set; }

        public List<string> Problems { get; } = [];

        public override string ToString() =>
            $"{durability}, crash at sync {crashAtSync}, seed {seed}: {Acknowledged} of {Attempted.Count} commits acknowledged, "
            + $"{Changes} changes ({Dropped} dropped, {Torn} torn); {string.Join("; ", Problems)}";
    }

    /// <summary>A migrated database with a customer and a source, copied for every run.</summary>
    public sealed class Template : IAsyncLifetime
    {
        private readonly string _folder = Directory.CreateTempSubdirectory("power-loss-template-").FullName;

        public string DatabasePath => Path.Combine(_folder, "portal.db");

        public SourceContext Source { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            var connectionString = SqliteConnectionSetup.ConnectionStringForFile(DatabasePath);
            var factory = Factory(connectionString);
            await using (var db = factory.CreateUnrestricted())
            {
                await SqliteConnectionSetup.EnableWriteAheadLogAsync(db, CancellationToken.None);
                await db.Database.MigrateAsync();
                var customer = new Customer { Name = "Power", CreatedAtUtc = DateTime.UtcNow };
                var source = new Source { CustomerId = customer.Id, Name = "power", CreatedAtUtc = DateTime.UtcNow };
                db.Customers.Add(customer);
                db.Sources.Add(source);
                await db.SaveChangesAsync();
                Source = new SourceContext(source.Id, customer.Id, Guid.NewGuid(), false, null, null);
                // Everything in the database file: a run copies that one file.
                await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);");
            }

            SqliteConnection.ClearPool(new SqliteConnection(connectionString));
            Assert.False(File.Exists(DatabasePath + "-wal") && new FileInfo(DatabasePath + "-wal").Length > 0);
        }

        public ValueTask DisposeAsync()
        {
            Directory.Delete(_folder, recursive: true);
            return ValueTask.CompletedTask;
        }
    }
}

using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SelligentPortal.Core.Options;
using SelligentPortal.Core.Persistence.Sqlite;

namespace SelligentPortal.Tests.Core.Persistence;

/// <summary>
/// The write-ahead log under a writer that never pauses, as the ingestion writer under load: the
/// checkpoint must bring the log back to the top, not let it grow until a truncation stalls the writer.
/// </summary>
public sealed class WalCheckpointTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("wal-checkpoint-").FullName;

    private string ConnectionString => SqliteConnectionSetup.ConnectionStringForFile(Path.Combine(_folder, "test.db"));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task ContinuousWriter_KeepsTheLogShort_AndNeverWaitsLong()
    {
        await using (var setup = Context())
        {
            await SqliteConnectionSetup.EnableWriteAheadLogAsync(setup, TestContext.Current.CancellationToken);
            await setup.Database.ExecuteSqlRawAsync("CREATE TABLE Pages (Body BLOB NOT NULL);", TestContext.Current.CancellationToken);
        }

        var gate = new WalWriteGate();
        using var stop = new CancellationTokenSource();
        var longestCommit = TimeSpan.Zero;
        var commits = 0;
        var writer = Task.Run(() =>
        {
            // The ingestion writer's settings (no checkpoints of its own) and its commits through the gate.
            using var connection = new SqliteConnection(ConnectionString);
            connection.Open();
            Execute(connection, "PRAGMA wal_autocheckpoint=0; PRAGMA busy_timeout=5000;");
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO Pages (Body) VALUES (zeroblob(3000));";
            while (!stop.IsCancellationRequested)
            {
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                using (gate.EnterAsync(CancellationToken.None).GetAwaiter().GetResult())
                using (var transaction = connection.BeginTransaction())
                {
                    insert.Transaction = transaction;
                    for (var row = 0; row < 10; row++)
                    {
                        insert.ExecuteNonQuery();
                    }

                    transaction.Commit();
                }

                var took = System.Diagnostics.Stopwatch.GetElapsedTime(started);
                longestCommit = took > longestCommit ? took : longestCommit;
                commits++;
                // About 10,000 pages a second: steady, never paused long enough for a passive checkpoint to catch up.
                Thread.Sleep(1);
            }
        }, TestContext.Current.CancellationToken);

        // Let the log grow well past the restart threshold before the first checkpoint.
        while (Volatile.Read(ref commits) * 10 < SqliteConnectionSetup.RestartLogAbovePages * 2)
        {
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        var logPages = new List<long>();
        for (var i = 0; i < 6; i++)
        {
            await using var db = Context();
            logPages.Add(await SqliteConnectionSetup.CheckpointAsync(db, gate, TestContext.Current.CancellationToken));
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        await stop.CancelAsync();
        await writer;

        Assert.True(logPages[0] > SqliteConnectionSetup.RestartLogAbovePages, $"the log first held {logPages[0]} pages");
        // Each checkpoint that found a long log started it again from the top, although the writer never
        // stopped, so none finds as much as the first did; with passive checkpoints alone the log keeps growing.
        Assert.All(logPages.Skip(1), pages => Assert.True(pages < logPages[0], $"log pages at each checkpoint: {string.Join(", ", logPages)}"));

        Assert.True(longestCommit < TimeSpan.FromSeconds(2), $"a commit waited {longestCommit.TotalMilliseconds:F0} ms");

        await using var check = Context();
        var integrity = await check.Database.SqlQueryRaw<string>("PRAGMA integrity_check").ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(["ok"], integrity);
    }

    [Fact]
    public async Task RestartNotYetTakenUp_IsNotRepeated_SoTheWriterIsNotHeldAgain()
    {
        await using (var setup = Context())
        {
            await SqliteConnectionSetup.EnableWriteAheadLogAsync(setup, TestContext.Current.CancellationToken);
            await setup.Database.ExecuteSqlRawAsync("CREATE TABLE Pages (Body BLOB NOT NULL);", TestContext.Current.CancellationToken);
        }

        // Kept open to the end: the log lasts only while a connection is open, and other tests clear
        // the connection pools.
        using var writer = new SqliteConnection(ConnectionString);
        writer.Open();
        Execute(writer, "PRAGMA wal_autocheckpoint=0;");
        var rows = SqliteConnectionSetup.RestartLogAbovePages + 500;
        Execute(writer, $"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {rows}) INSERT INTO Pages (Body) SELECT zeroblob(3000) FROM n;");

        var gate = new WalWriteGate();
        await using (var db = Context())
        {
            await SqliteConnectionSetup.CheckpointAsync(db, gate, TestContext.Current.CancellationToken);
        }

        // The log starts again from the top with the next commit; until then it keeps its length, and
        // a checkpoint that restarted it again would wait for the writer (here: the gate, held).
        using (await gate.EnterAsync(TestContext.Current.CancellationToken))
        {
            await using var db = Context();
            var second = SqliteConnectionSetup.CheckpointAsync(db, gate, TestContext.Current.CancellationToken);
            var finished = await Task.WhenAny(second, Task.Delay(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
            Assert.Same(second, finished);
            Assert.True(await second > SqliteConnectionSetup.RestartLogAbovePages);
        }
    }

    [Theory]
    [InlineData(IngestionDurability.PowerLoss, 2)] // FULL: the log is synced at every commit
    [InlineData(IngestionDurability.ProcessCrash, 1)] // NORMAL, as every other connection
    public async Task IngestionWriterConnection_SyncsAsAsked_LeavesCheckpointsOut_AndCutsALongLogBack(IngestionDurability durability, long synchronous)
    {
        await using var db = Context();
        await db.Database.OpenConnectionAsync(TestContext.Current.CancellationToken);
        await SqliteConnectionSetup.EnableWriteAheadLogAsync(db, TestContext.Current.CancellationToken);

        await SqliteConnectionSetup.PrepareIngestionWriterAsync(db, durability, TestContext.Current.CancellationToken);

        async Task<long> PragmaAsync(string sql) =>
            (await db.Database.SqlQueryRaw<long>(sql).ToListAsync(TestContext.Current.CancellationToken)).Single();
        Assert.Equal(synchronous, await PragmaAsync("PRAGMA synchronous"));
        Assert.Equal(0, await PragmaAsync("PRAGMA wal_autocheckpoint"));
        Assert.Equal(256L * 1024 * 1024, await PragmaAsync("PRAGMA journal_size_limit"));
        Assert.Equal(-32L * 1024, await PragmaAsync("PRAGMA cache_size"));
    }

    private DbContext Context() => new(new DbContextOptionsBuilder().UsePortalSqlite(ConnectionString).Options);

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

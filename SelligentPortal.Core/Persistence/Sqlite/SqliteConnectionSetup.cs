using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SelligentPortal.Core.Options;

namespace SelligentPortal.Core.Persistence.Sqlite;

/// <summary>
/// The one place with SQLite-only SQL. WAL lets readers work while the writer commits. The ingestion
/// writer commits with synchronous=FULL unless <see cref="IngestionDurability.ProcessCrash"/> is
/// chosen; every other connection with synchronous=NORMAL (see <see cref="PragmaInterceptor"/>).
/// </summary>
public static class SqliteConnectionSetup
{
    /// <summary>How long a connection waits for a lock before SQLITE_BUSY.</summary>
    private const int BusyTimeoutMilliseconds = 5000;

    public static DbContextOptionsBuilder UsePortalSqlite(this DbContextOptionsBuilder options, string connectionString)
    {
        return options
            .UseSqlite(connectionString, sqlite => sqlite.MigrationsAssembly(typeof(SqliteConnectionSetup).Assembly.FullName))
            .AddInterceptors(PragmaInterceptor.Instance);
    }

    /// <summary>WAL is a property of the database file: set it once, before anything else opens it.</summary>
    public static async Task EnableWriteAheadLogAsync(DbContext db, CancellationToken cancellationToken)
    {
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }

    /// <summary>
    /// The ingestion writer's long-lived connection: its commits are synced to disk before they return
    /// (synchronous=FULL: in WAL mode the log is synced once per commit, so a group of requests pays one
    /// fsync), or with <see cref="IngestionDurability.ProcessCrash"/> only handed to the operating
    /// system (NORMAL: a power loss may undo the commits since the last checkpoint's sync); a 32 MB page
    /// cache, and no checkpoints of its own, so a commit never waits for the WAL to be copied into the
    /// database and synced; <see cref="CheckpointAsync"/> does that beside it. A log that grew in a
    /// burst is cut back to 256 MB when it starts again from the top (journal_size_limit).
    /// </summary>
    /// <remarks>
    /// The cache and log sizes were measured: docs/decisions/0005-ingestion-writer.md, "the writer's
    /// connection" and "checkpoints beside the writer".
    /// </remarks>
    public static async Task PrepareIngestionWriterAsync(DbContext db, IngestionDurability durability, CancellationToken cancellationToken)
    {
        if (db.Database.IsSqlite())
        {
            const string Writer = " PRAGMA cache_size=-32768; PRAGMA wal_autocheckpoint=0; PRAGMA journal_size_limit=268435456;";
            await db.Database.ExecuteSqlRawAsync(
                durability == IngestionDurability.ProcessCrash ? "PRAGMA synchronous=NORMAL;" + Writer : "PRAGMA synchronous=FULL;" + Writer,
                cancellationToken);
        }
    }

    /// <summary>Past this many pages (8 MB) in the write-ahead log, a checkpoint makes the writer start it again from the top.</summary>
    public const int RestartLogAbovePages = 2_048;

    /// <summary>Passive passes at most before the restart, and the pages the writer may add during the last one.</summary>
    private const int MaxCatchUpPasses = 4, CaughtUpPages = 256;

    /// <summary>How long the blocking step of a checkpoint waits for the writer's commit or readers before it gives up until the next one.</summary>
    private const int RestartWaitMilliseconds = 100;

    /// <summary>
    /// Copies committed WAL pages into the database without blocking the writer or readers (PASSIVE).
    /// Under steady ingestion a passive checkpoint never catches up with the writer, so the log would
    /// only grow; past <see cref="RestartLogAbovePages"/> further passive passes copy what the writer
    /// added meanwhile, until that is a few pages, and then, between two of the writer's commits
    /// (<paramref name="gate"/>), a RESTART copies the few pages left and makes the next commit start
    /// the log again from the top. Passive passes do not sync the database file (SQLite syncs it only
    /// when a checkpoint reaches the end of the log), so before the restart it is synced here, beside
    /// the writer, instead of by the restart with the writer held (measured: decision 0005).
    /// The writer waits only for the remainder and its syncs, plus at most
    /// <see cref="RestartWaitMilliseconds"/> for readers of older pages, after which the restart
    /// waits for the next checkpoint. The log file is reused, not truncated and grown again,
    /// which costs the file system more than the copying.
    /// Crash safety does not depend on checkpoints, but a checkpoint must sync what it relies on: on this
    /// connection's synchronous=NORMAL (FULL syncs the same on Linux), SQLite syncs the log before it
    /// copies pages and the database file after a pass that reaches the end of the log, and only such a
    /// pass (or a RESTART) lets the writer start the log again over frames already copied.
    /// </summary>
    /// <returns>The pages in the log before the checkpoint (0 when not SQLite).</returns>
    public static async Task<long> CheckpointAsync(DbContext db, WalWriteGate gate, CancellationToken cancellationToken)
    {
        if (!db.Database.IsSqlite())
        {
            return 0;
        }

        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var connection = db.Database.GetDbConnection();
            var logPages = await RunCheckpointAsync(connection, "PASSIVE", cancellationToken);
            // The same length as at the last restart: that one is still waiting for the writer's next
            // commit to start the log again, and another would only hold the writer.
            if (logPages > RestartLogAbovePages && logPages != gate.LogPagesAtRestart)
            {
                var seen = await CatchUpAsync(connection, logPages, cancellationToken);
                if (DatabaseFileSync.TrySync((SqliteConnection)connection))
                {
                    // What the writer added during the sync, so the restart copies only the last few pages.
                    await CatchUpAsync(connection, seen, cancellationToken);
                }

                await ExecuteAsync(connection, $"PRAGMA busy_timeout={RestartWaitMilliseconds};", cancellationToken);
                try
                {
                    using (await gate.EnterAsync(cancellationToken))
                    {
                        gate.LogPagesAtRestart = await RunCheckpointAsync(connection, "RESTART", cancellationToken);
                    }
                }
                finally
                {
                    await ExecuteAsync(connection, $"PRAGMA busy_timeout={BusyTimeoutMilliseconds};", CancellationToken.None);
                }
            }

            return logPages;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// The ingestion writer's connection failed: it must not go back to the pool with its own settings
    /// (a large cache, no checkpoints), where any other context could pick it up.
    /// </summary>
    public static void DiscardIngestionWriter(DbContext db)
    {
        if (db.Database.GetDbConnection() is SqliteConnection connection)
        {
            SqliteConnection.ClearPool(connection);
        }
    }

    /// <summary>
    /// Passive passes that each copy what the writer added during the one before, a remainder that
    /// shrinks because copying is faster than the writer; returns the log's length after the last.
    /// </summary>
    private static async Task<long> CatchUpAsync(DbConnection connection, long seen, CancellationToken cancellationToken)
    {
        for (var pass = 0; pass < MaxCatchUpPasses; pass++)
        {
            var log = await RunCheckpointAsync(connection, "PASSIVE", cancellationToken);
            var added = log - seen;
            seen = log;
            if (added <= CaughtUpPages)
            {
                break;
            }
        }

        return seen;
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<long> RunCheckpointAsync(DbConnection connection, string mode, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA wal_checkpoint({mode});";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        // (busy, pages in the log, pages checkpointed); -1 when not in WAL mode.
        return await reader.ReadAsync(cancellationToken) ? reader.GetInt64(1) : 0;
    }

    /// <summary>A connection string for a file, its folder created.</summary>
    public static string ConnectionStringForFile(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        // A command waits for a lock this long (then, on the ingestion path, 503): Segment's SDKs give up
        // on a request after about 10 s, so waiting the driver's default 30 s would only turn a clear
        // "retry later" into a timeout.
        return new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, DefaultTimeout = BusyTimeoutMilliseconds / 1000 }.ToString();
    }

    /// <summary>
    /// Every EF connection's settings. NORMAL, not FULL: what these connections commit (configuration
    /// publishes, users, retention purges, replay) reaches the disk with the ingestion writer's next
    /// synced commit (one log, synced as a whole) or the checkpoint's sync before the log starts again,
    /// so an acknowledged event never depends on anything a power loss can take; alone, a power loss
    /// can undo their last second, which the person who did it sees and can do again. Checkpoints run on
    /// these connections and sync with NORMAL (OFF would not sync them at all).
    /// </summary>
    private sealed class PragmaInterceptor : DbConnectionInterceptor
    {
        public static readonly PragmaInterceptor Instance = new();

        private static readonly string Pragmas = "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=" + BusyTimeoutMilliseconds + ";";

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
        {
            using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            command.ExecuteNonQuery();
        }

        public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}

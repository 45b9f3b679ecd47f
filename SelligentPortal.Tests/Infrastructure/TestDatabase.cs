using System.Data.Common;

namespace SelligentPortal.Tests.Infrastructure;

/// <summary>
/// One test installation's own database, on the engine this test assembly runs: SQLite in
/// SelligentPortal.Tests, PostgreSQL in SelligentPortal.Tests.PostgreSql (the same sources compiled
/// with POSTGRESQL). <see cref="PortalFactory"/> and <see cref="PortalProcess"/> start the app on it;
/// tests reach the engine only through this class. Dispose it to delete the database.
/// </summary>
public abstract class TestDatabase : IAsyncDisposable
{
    /// <summary>The engine's name, as <c>Database:Provider</c> gives it.</summary>
    public static string Engine { get; } =
#if POSTGRESQL
        "PostgreSql";
#else
        "Sqlite";
#endif

    /// <summary>A new, empty database (PostgreSQL: skips the test with a hint when no server is reachable).</summary>
    public static TestDatabase Create() =>
#if POSTGRESQL
        new PostgreSql.PostgreSqlTestDatabase();
#else
        new SqliteTestDatabase();
#endif

    /// <summary>The app's settings (configuration keys) that put it on this database.</summary>
    public abstract IReadOnlyDictionary<string, string> Settings { get; }

    /// <summary>The files that hold the database, when this test can read them (SQLite); none for a server.</summary>
    public abstract IReadOnlyList<string> Files { get; }

    /// <summary>A connection of the test's own, outside the app's pool.</summary>
    public abstract Task<DbConnection> OpenConnectionAsync();

    /// <summary>Every user table and its columns, to read with <c>SELECT CAST("column" AS TEXT) FROM "table"</c>.</summary>
    public abstract Task<IReadOnlyList<(string Table, string Column)>> ColumnsAsync();

    /// <summary>
    /// Another writer holds the event log until disposed: the app's writer cannot store events, while
    /// keys and configurations still read.
    /// </summary>
    public abstract Task<IAsyncDisposable> HoldWriteLockAsync();

    /// <summary>
    /// The database is gone until disposed: it cannot be reached at all, or (<paramref name="unreadable"/>)
    /// what is there holds none of the app's tables. Connections the app had open are cut.
    /// </summary>
    public abstract Task<IAsyncDisposable> TakeAwayAsync(bool unreadable);

    public abstract ValueTask DisposeAsync();

    /// <summary>Runs its action once, on the first dispose.</summary>
    protected sealed class Restore(Func<Task> restore) : IAsyncDisposable
    {
        private Func<Task>? _restore = restore;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _restore, null) is { } restore)
            {
                await restore();
            }
        }
    }
}

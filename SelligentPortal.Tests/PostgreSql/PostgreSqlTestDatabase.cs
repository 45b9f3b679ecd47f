using System.Data.Common;
using Npgsql;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.PostgreSql;

/// <summary>A PostgreSQL database of one test host's own, from <see cref="PostgreSqlTestServer"/>.</summary>
public sealed class PostgreSqlTestDatabase : TestDatabase
{
    private readonly string _name = PostgreSqlTestServer.TakeDatabase();
    private int _disposed;

    public override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Database:Provider"] = "PostgreSql",
        ["Database:ConnectionString"] = PostgreSqlTestServer.ConnectionString(_name),
    };

    public override IReadOnlyList<string> Files => [];

    public override async Task<DbConnection> OpenConnectionAsync()
    {
        var connection = new NpgsqlConnection(PostgreSqlTestServer.ConnectionString(_name) + ";Pooling=false");
        await connection.OpenAsync();
        return connection;
    }

    public override async Task<IReadOnlyList<(string Table, string Column)>> ColumnsAsync()
    {
        await using var connection = await OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'";
        await using var reader = await command.ExecuteReaderAsync();
        var columns = new List<(string, string)>();
        while (await reader.ReadAsync())
        {
            columns.Add((reader.GetString(0), reader.GetString(1)));
        }

        return columns;
    }

    /// <summary>A transaction that holds the event log in EXCLUSIVE mode: other writers wait, readers do not.</summary>
    public override async Task<IAsyncDisposable> HoldWriteLockAsync()
    {
        var blocker = await OpenConnectionAsync();
        await using (var begin = blocker.CreateCommand())
        {
            begin.CommandText = "BEGIN; LOCK TABLE \"Events\" IN EXCLUSIVE MODE;";
            await begin.ExecuteNonQueryAsync();
        }

        return new Restore(async () =>
        {
            await using (var rollback = blocker.CreateCommand())
            {
                rollback.CommandText = "ROLLBACK;";
                await rollback.ExecuteNonQueryAsync();
            }

            await blocker.DisposeAsync();
        });
    }

    /// <summary>
    /// The database refuses connections and its sessions are ended; unreadable: its tables are moved out
    /// of the app's schema, so every statement finds none.
    /// </summary>
    public override async Task<IAsyncDisposable> TakeAwayAsync(bool unreadable)
    {
        if (unreadable)
        {
            await ExecuteAsync("ALTER SCHEMA public RENAME TO away");
            return new Restore(() => ExecuteAsync("ALTER SCHEMA away RENAME TO public"));
        }

        PostgreSqlTestServer.Admin($"""ALTER DATABASE "{_name}" ALLOW_CONNECTIONS false""");
        await PostgreSqlTestServer.TerminateConnectionsAsync(_name);
        return new Restore(() =>
        {
            PostgreSqlTestServer.Admin($"""ALTER DATABASE "{_name}" ALLOW_CONNECTIONS true""");
            return Task.CompletedTask;
        });
    }

    public override async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await PostgreSqlTestServer.ReleaseAsync(_name);
        }
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = await OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}

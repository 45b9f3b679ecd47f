using Microsoft.Data.Sqlite;
using SelligentPortal.Core.Persistence.Sqlite;

namespace SelligentPortal.Tests.Core.Persistence;

/// <summary>The checkpoint's early sync of the database file, through the file SQLite has open.</summary>
public sealed class DatabaseFileSyncTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("database-sync-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public void OpenFileDatabase_IsSynced_AndStaysUsable()
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(_folder, "test.db"), Pooling = false,
        }.ToString());
        connection.Open();
        Execute(connection, "PRAGMA journal_mode=WAL; CREATE TABLE T (Id INTEGER PRIMARY KEY, Body TEXT NOT NULL);");
        Execute(connection, "INSERT INTO T (Body) VALUES ('before'); PRAGMA wal_checkpoint(PASSIVE);");

        Assert.True(DatabaseFileSync.TrySync(connection));

        // SQLite's own handle did the sync: the connection keeps its file, its locks and its data.
        Execute(connection, "INSERT INTO T (Body) VALUES ('after');");
        Assert.Equal(2L, Execute(connection, "SELECT count(*) FROM T;"));
        Assert.Equal("ok", Execute(connection, "PRAGMA integrity_check;"));
    }

    [Fact]
    public void ClosedConnection_HasNothingToSync()
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_folder, "closed.db")}");

        Assert.False(DatabaseFileSync.TrySync(connection));
    }

    private static object? Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}

using System.Data.Common;
using Microsoft.Data.Sqlite;
using SelligentPortal.Core.Persistence.Sqlite;

namespace SelligentPortal.Tests.Infrastructure;

/// <summary>
/// A SQLite database file in a data folder of its own under the temp folder: a copy of a template
/// migrated once per test run, as PostgreSQL's databases are (migrating each new file was about a
/// third of a test host's start). The app still runs its migrations on start; they find none pending.
/// </summary>
public sealed class SqliteTestDatabase : TestDatabase
{
    private static readonly Lazy<string> Template = new(MigrateTemplate);

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "selligentportal-tests", Guid.NewGuid().ToString("N"));

    public SqliteTestDatabase()
    {
        Directory.CreateDirectory(_folder);
        System.IO.File.Copy(Template.Value, File);
    }

    public override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Database:Provider"] = "Sqlite",
        ["Database:DataFolder"] = _folder,
    };

    public string File => Path.Combine(_folder, SqliteStorage.DatabaseFileName);

    public override IReadOnlyList<string> Files => Directory.Exists(_folder) ? Directory.GetFiles(_folder) : [];

    public override async Task<DbConnection> OpenConnectionAsync()
    {
        var connection = new SqliteConnection($"Data Source={File};Mode=ReadWrite;Pooling=False");
        await connection.OpenAsync();
        return connection;
    }

    public override async Task<IReadOnlyList<(string Table, string Column)>> ColumnsAsync()
    {
        await using var connection = await OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT m.name, c.name FROM sqlite_master AS m, pragma_table_info(m.name) AS c WHERE m.type = 'table';";
        await using var reader = await command.ExecuteReaderAsync();
        var columns = new List<(string, string)>();
        while (await reader.ReadAsync())
        {
            columns.Add((reader.GetString(0), reader.GetString(1)));
        }

        return columns;
    }

    public override async Task<IAsyncDisposable> HoldWriteLockAsync()
    {
        var blocker = await OpenConnectionAsync();
        await using (var begin = blocker.CreateCommand())
        {
            begin.CommandText = "PRAGMA busy_timeout=0; BEGIN EXCLUSIVE;";
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

    /// <summary>Moves the data folder (the database, its log and shared memory) away; unreadable leaves a file that is no database.</summary>
    public override Task<IAsyncDisposable> TakeAwayAsync(bool unreadable)
    {
        var away = _folder + "-away";
        Directory.Move(_folder, away);
        // Pooled connections still hold the moved files open: only new ones see what is there now.
        SqliteConnection.ClearAllPools();
        if (unreadable)
        {
            Directory.CreateDirectory(_folder);
            System.IO.File.WriteAllBytes(File, Enumerable.Repeat((byte)'x', 8192).ToArray());
        }

        return Task.FromResult<IAsyncDisposable>(new Restore(() =>
        {
            SqliteConnection.ClearAllPools();
            if (Directory.Exists(_folder))
            {
                // The app may be creating files in it (a retried open makes its journal) even now: a
                // rename is atomic where a recursive delete would race it.
                var junk = _folder + "-junk";
                Directory.Move(_folder, junk);
                DeleteQuietly(junk);
            }

            Directory.Move(away, _folder);
            return Task.CompletedTask;
        }));
    }

    public override ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        DeleteQuietly(_folder);
        return ValueTask.CompletedTask;
    }

    /// <summary>Migrates the run's template as the app does on start: WAL first, then every migration.</summary>
    private static string MigrateTemplate()
    {
        var folder = Path.Combine(Path.GetTempPath(), "selligentportal-tests", $"template-{Environment.ProcessId}");
        DeleteQuietly(folder);
        Directory.CreateDirectory(folder);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => DeleteQuietly(folder);
        var file = Path.Combine(folder, SqliteStorage.DatabaseFileName);
        // Unpooled: the last connection closed checkpoints the log into the file, so the file alone is the database.
        SqliteStorage.MigrateAsync(SqliteStorage.CreateFactory($"Data Source={file};Pooling=False"), CancellationToken.None).GetAwaiter().GetResult();
        return file;
    }

    private static void DeleteQuietly(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (IOException)
        {
            // A file still held open by a pooled connection, or made while deleting; the temp folder is cleaned by the OS.
        }
    }
}

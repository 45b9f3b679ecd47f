using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using SelligentPortal.Core.Persistence.PostgreSql;

namespace SelligentPortal.Tests.PostgreSql;

/// <summary>
/// The PostgreSQL server the PostgreSQL half of the suite runs on: <see cref="ConnectionStringVariable"/>,
/// else the local server's postgres user. Once per test run a template database is migrated; every
/// test host then gets a database of its own, a copy of the template (<c>CREATE DATABASE … TEMPLATE</c>).
/// A released database is emptied and handed to the next host (<c>TRUNCATE</c> costs milliseconds,
/// while every <c>DROP DATABASE</c> makes the server checkpoint); they are all dropped when the run ends.
/// </summary>
public static class PostgreSqlTestServer
{
    public const string ConnectionStringVariable = "SELLIGENTPORTAL_TEST_POSTGRES";

    // No TLS to the local server: Debian's cluster offers it, and every connection's handshake and
    // encrypted reads cost about a fifth of the PostgreSQL run's CPU on two cores, for a loopback link.
    public const string DefaultConnectionString = "Host=127.0.0.1;Port=5432;Username=postgres;Password=postgres;SSL Mode=Disable";

    // The run's databases carry the test process's id, so a later run can tell a crashed run's leftovers.
    private static readonly string Prefix = $"sptest_{Environment.ProcessId}_";
    private static readonly string TemplateName = Prefix + "template";
    private static readonly NpgsqlConnectionStringBuilder Server = new(Environment.GetEnvironmentVariable(ConnectionStringVariable) is { Length: > 0 } configured
        ? configured
        : DefaultConnectionString);

    private static readonly Lazy<Prepared> Template = new(Prepare);
    private static readonly ConcurrentBag<string> Emptied = [];
    private static readonly ConcurrentDictionary<string, bool> Created = new();
    private static int _next;

    /// <summary>The connection string of one of the run's databases.</summary>
    public static string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder(Server.ConnectionString) { Database = database }.ConnectionString;

    /// <summary>
    /// A database of the template's schema and no rows, for one test host. Without a reachable server the
    /// test is skipped with a hint on how to get one, except under CI=true, where that fails it.
    /// </summary>
    public static string TakeDatabase()
    {
        var template = Template.Value;
        if (template.Problem is { } problem)
        {
            var hint = $"The PostgreSQL tests need a server: {problem} {Hint}";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail(hint);
            }

            Assert.Skip(hint);
        }

        if (Emptied.TryTake(out var reused))
        {
            return reused;
        }

        var name = Prefix + Interlocked.Increment(ref _next).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Admin($"""CREATE DATABASE "{name}" TEMPLATE "{TemplateName}" """);
        Created[name] = true;
        return name;
    }

    /// <summary>Empties a host's database for the next one; one the test left in another shape is dropped instead.</summary>
    public static async Task ReleaseAsync(string database)
    {
        try
        {
            await TerminateConnectionsAsync(database);
            await using var connection = new NpgsqlConnection(ConnectionString(database) + ";Pooling=false");
            await connection.OpenAsync();
            await using var truncate = connection.CreateCommand();
            truncate.CommandText = Template.Value.Truncate;
            await truncate.ExecuteNonQueryAsync();
            if (await TablesAsync(connection) == Template.Value.Tables)
            {
                Emptied.Add(database);
                return;
            }
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            // A test took the schema or the connections away and failed before it gave them back.
        }

        await DropAsync(database);
    }

    /// <summary>Drops every database of this run (called once, when the run ends).</summary>
    public static async Task DropAllAsync()
    {
        if (!Template.IsValueCreated || Template.Value.Problem is not null)
        {
            return;
        }

        foreach (var database in Created.Keys.Append(TemplateName))
        {
            await DropAsync(database);
        }
    }

    /// <summary>Sends a statement to the server's maintenance database (CREATE, DROP, ALTER DATABASE …).</summary>
    public static void Admin(string sql)
    {
        using var connection = new NpgsqlConnection(ConnectionString("postgres") + ";Pooling=false");
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    /// <summary>Ends every session on the database (the app's pooled connections among them).</summary>
    public static async Task TerminateConnectionsAsync(string database)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres") + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = database });
        await command.ExecuteScalarAsync();
    }

    private const string Hint =
        "Install and start one ('sudo apt-get install -y postgresql', then 'sudo pg_ctlcluster 15 main start' and "
        + "'sudo -u postgres psql -c \"ALTER USER postgres PASSWORD '\\''postgres'\\''\"'), or set "
        + ConnectionStringVariable + " to the connection string of a user who may create databases "
        + "(default: " + DefaultConnectionString + ").";

    private static async Task DropAsync(string database)
    {
        Created.TryRemove(database, out _);
        await using var connection = new NpgsqlConnection(ConnectionString("postgres") + ";Pooling=false");
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"""DROP DATABASE IF EXISTS "{database}" WITH (FORCE)""", connection);
        await drop.ExecuteNonQueryAsync();
    }

    private static async Task<int> TablesAsync(NpgsqlConnection connection)
    {
        await using var count = new NpgsqlCommand("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'", connection);
        return Convert.ToInt32(await count.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Reaches the server, drops what crashed runs left, and migrates the run's template.</summary>
    private static Prepared Prepare()
    {
        var shown = new NpgsqlConnectionStringBuilder(Server.ConnectionString) { Password = null, Timeout = 5 };
        try
        {
            using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString("postgres")) { Timeout = 5, Pooling = false }.ConnectionString);
            connection.Open();
            using var list = new NpgsqlCommand("SELECT datname FROM pg_database WHERE datname LIKE 'sptest\\_%'", connection);
            var leftovers = new List<string>();
            using (var reader = list.ExecuteReader())
            {
                while (reader.Read())
                {
                    leftovers.Add(reader.GetString(0));
                }
            }

            // Only on this machine can a run's process be looked up; another machine's runs are left alone.
            foreach (var database in IsLocal ? leftovers.Where(IsLeftOver) : [])
            {
                Admin($"""DROP DATABASE IF EXISTS "{database}" WITH (FORCE)""");
            }
        }
        catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            return new Prepared($"{shown.ConnectionString} cannot be used ({e.Message.ReplaceLineEndings(" ")}).", "", 0);
        }

        Admin($"""CREATE DATABASE "{TemplateName}" """);
        Created[TemplateName] = true;
        var options = new DbContextOptionsBuilder<PostgreSqlPortalDbContext>().UsePortalPostgreSql(ConnectionString(TemplateName) + ";Pooling=false").Options;
        using (var db = new PostgreSqlPortalDbContext(options))
        {
            db.Database.Migrate();
        }

        using var template = new NpgsqlConnection(ConnectionString(TemplateName) + ";Pooling=false");
        template.Open();
        using var tables = new NpgsqlCommand(
            "SELECT string_agg(format('%I', tablename), ', ') FROM pg_tables WHERE schemaname = 'public' AND tablename <> '__EFMigrationsHistory'", template);
        var truncate = $"TRUNCATE {tables.ExecuteScalar()} RESTART IDENTITY";
        return new Prepared(null, truncate, TablesAsync(template).GetAwaiter().GetResult());
    }

    private static bool IsLocal => Server.Host is null or "" or "localhost" or "127.0.0.1" or "::1" || Server.Host.StartsWith('/');

    /// <summary>A database of a test run whose process is gone, or of an earlier process that had this one's id.</summary>
    private static bool IsLeftOver(string database)
    {
        var parts = database.Split('_');
        if (parts.Length < 3 || !int.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var processId))
        {
            return false;
        }

        if (processId == Environment.ProcessId)
        {
            return true;
        }

        try
        {
            using var process = Process.GetProcessById(processId);
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            return true;
        }
    }

    private sealed record Prepared(string? Problem, string Truncate, int Tables);
}

using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SelligentPortal.Core.Customers;
using SelligentPortal.Core.Persistence;
using SelligentPortal.Core.Persistence.Sqlite;
using SelligentPortal.Core.Records;
using SelligentPortal.Core.Tenancy;

// Records grid queries on a customer with a million IDS records, through RecordQueries (the code
// path of the portal's grid and the API). Usage: RecordsBench <database file> [records] [runs]
var path = args.Length > 0 ? args[0] : "records-bench.db";
var count = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000;
var runs = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 30;

var recorder = new LastCommand();
var builder = new DbContextOptionsBuilder<SqlitePortalDbContext>();
builder.UsePortalSqlite(SqliteConnectionSetup.ConnectionStringForFile(Path.GetFullPath(path))).AddInterceptors(recorder);
var factory = new PortalDbFactory(scope => new SqlitePortalDbContext(builder.Options, scope));

Guid customerId;
await using (var db = factory.CreateUnrestricted())
{
    await SqliteConnectionSetup.EnableWriteAheadLogAsync(db, CancellationToken.None);
    await db.Database.MigrateAsync();
    var existing = await db.Customers.Where(c => c.Name == "Bench Co").Select(c => (Guid?)c.Id).SingleOrDefaultAsync();
    if (existing is { } id)
    {
        customerId = id;
        Console.Error.WriteLine($"# reusing {path}");
    }
    else
    {
        var customer = new Customer { Name = "Bench Co", CreatedAtUtc = DateTime.UtcNow };
        db.Customers.Add(customer);
        db.Customers.Add(new Customer { Name = "Other Co", CreatedAtUtc = DateTime.UtcNow });
        await db.SaveChangesAsync();
        customerId = customer.Id;
        var watch = Stopwatch.StartNew();
        await Seed.RunAsync(db, customer.Id, count);
        Console.Error.WriteLine($"# seeded {count:N0} IDS records and {count / 10:N0} interactions in {watch.Elapsed.TotalSeconds:F1} s");
    }
}

var queries = new RecordQueries(factory);
// The Customer user's own scope, as the portal queries for them (the tenant filter is part of the SQL).
var caller = new Caller("bench", "bench@example.com", "Customer", TenantScope.For([customerId]));
var first = (await queries.ListIdsAsync(caller, customerId, new IdsFilter(), null, 50)).Value!;
var sample = first.Items[10];
var keyPrefix = sample.PrimaryKey[..6];
var emailPrefix = sample.Email![..(sample.Email!.IndexOf('.') + 2)];

var cases = new (string Name, IdsFilter Filter, string? Cursor)[]
{
    ("first page, newest", new IdsFilter(), null),
    ("second page, newest (cursor)", new IdsFilter(), first.NextCursor),
    ("first page, oldest", new IdsFilter(Sort: IdsSort.Oldest), null),
    ("first page, key ascending", new IdsFilter(Sort: IdsSort.KeyAscending), null),
    ($"email prefix '{emailPrefix}'", new IdsFilter(Email: emailPrefix), null),
    ($"key prefix '{keyPrefix}'", new IdsFilter(Key: keyPrefix), null),
    ($"search box '{keyPrefix}' (key or email)", new IdsFilter(Search: keyPrefix), null),
    ($"search box '{emailPrefix}' (key or email)", new IdsFilter(Search: emailPrefix), null),
    ("email prefix 'anna.m' (~1% of records)", new IdsFilter(Email: "anna.m"), null),
    ("email prefix 'a' (1 record in 16)", new IdsFilter(Email: "a"), null),
    ("search box 'e' (1 key in 16 + 1 email in 16)", new IdsFilter(Search: "e"), null),
    ("updated in the last hour of data", new IdsFilter(From: Seed.Start.AddSeconds(count - 3600)), null),
    ("updated in one old hour", new IdsFilter(From: Seed.Start.AddHours(10), To: Seed.Start.AddHours(11)), null),
};

Console.WriteLine($"{"query (limit 50)",-58} {"rows",5} {"median ms",10} {"p95 ms",8}");
foreach (var (name, filter, cursor) in cases)
{
    var times = new List<double>();
    var rows = 0;
    for (var i = 0; i < runs + 3; i++)
    {
        var watch = Stopwatch.StartNew();
        var page = await queries.ListIdsAsync(caller, customerId, filter, cursor, 50);
        watch.Stop();
        rows = page.Value!.Items.Count;
        if (i >= 3)
        {
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
    }

    times.Sort();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{name,-58} {rows,5} {times[times.Count / 2],10:F2} {times[(int)Math.Ceiling(times.Count * 0.95) - 1],8:F2}"));
    if (Environment.GetEnvironmentVariable("EXPLAIN") == "1")
    {
        await using var db = factory.CreateUnrestricted();
        Console.WriteLine("    " + string.Join("\n    ", await recorder.ExplainAsync(db)));
    }
}

{
    var times = new List<double>();
    for (var i = 0; i < runs + 3; i++)
    {
        var watch = Stopwatch.StartNew();
        await queries.ListInteractionsAsync(caller, customerId, "EVENTS", new InteractionFilter(), null, 50);
        if (i >= 3)
        {
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
    }

    times.Sort();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{"interactions (EVENTS), first page",-58} {50,5} {times[times.Count / 2],10:F2} {times[(int)Math.Ceiling(times.Count * 0.95) - 1],8:F2}"));
}

/// <summary>Keeps the last IDS query's SQL and parameters, to ask SQLite for its plan.</summary>
internal sealed class LastCommand : DbCommandInterceptor
{
    private string _sql = "";
    private List<(string Name, object Value)> _parameters = [];

    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        Remember(command);
        return result;
    }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        Remember(command);
        return ValueTask.FromResult(result);
    }

    private void Remember(DbCommand command)
    {
        if (command.CommandText.Contains("FROM \"IdsRecords\"", StringComparison.Ordinal) && !command.CommandText.Contains("EXPLAIN", StringComparison.Ordinal))
        {
            _sql = command.CommandText;
            _parameters = command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, p.Value ?? DBNull.Value)).ToList();
        }
    }

    public async Task<List<string>> ExplainAsync(PortalDbContext db)
    {
        var (sql, parameters) = (_sql, _parameters);
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(new SqliteParameter(name, value));
        }

        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(3));
        }

        return lines;
    }
}

/// <summary>Direct inserts in one transaction, with FieldsJson shaped like the seed preset's records.</summary>
internal static class Seed
{
    public static readonly DateTime Start = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static readonly string[] First = ["anna", "ben", "carla", "david", "eva", "farid", "gita", "hugo", "ines", "jan", "kim", "lena", "marc", "nora", "omar", "petra"];
    private static readonly string[] Last = ["smith", "jansen", "peeters", "dubois", "martin", "garcia", "müller", "rossi", "novak", "kowalski", "silva", "berg"];
    private static readonly string[] Cities = ["Brussels", "Ghent", "Antwerp", "Liège", "Paris", "Lyon", "Berlin", "Madrid"];

    public static async Task RunAsync(PortalDbContext db, Guid customerId, int count)
    {
        await db.Database.OpenConnectionAsync();
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        // The customer id exactly as EF stored it (on SQLite its 16 bytes).
        await using var id = connection.CreateCommand();
        id.CommandText = "SELECT \"Id\" FROM \"Customers\" WHERE \"Name\" = 'Bench Co'";
        var customerKey = (byte[])(await id.ExecuteScalarAsync())!;

        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        await using var ids = connection.CreateCommand();
        ids.Transaction = transaction;
        ids.CommandText = """
            INSERT INTO "IdsRecords" ("CustomerId", "PrimaryKey", "Email", "FieldsJson", "ConfigurationVersion", "LastEventAtUtc", "CreatedAtUtc", "UpdatedAtUtc")
            VALUES ($c, $k, $e, $f, 1, $t, $t, $u)
            """;
        var (c, k, e, f, t, u) = (ids.Parameters.Add("$c", SqliteType.Blob), ids.Parameters.Add("$k", SqliteType.Text), ids.Parameters.Add("$e", SqliteType.Text),
            ids.Parameters.Add("$f", SqliteType.Text), ids.Parameters.Add("$t", SqliteType.Text), ids.Parameters.Add("$u", SqliteType.Text));
        c.Value = customerKey;
        var random = new Random(42);
        for (var i = 0; i < count; i++)
        {
            // Keys in no particular order (like hashed user ids), so key order is not insertion order.
            var key = ((ulong)i * 0x9E3779B97F4A7C15UL).ToString("x16", CultureInfo.InvariantCulture)[..13];
            var (first, last) = (First[random.Next(First.Length)], Last[random.Next(Last.Length)]);
            var email = string.Create(CultureInfo.InvariantCulture, $"{first}.{last}{i}@example{i % 7}.com");
            var created = Start.AddSeconds(i);
            // One record in ten was changed later, so update order differs from insertion order.
            var updated = i % 10 == 0 ? created.AddSeconds(random.Next(count)) : created;
            k.Value = key;
            e.Value = email;
            f.Value = string.Create(CultureInfo.InvariantCulture,
                $$"""{"customer_id":"{{key}}","email_address":"{{email}}","first_name":"{{first}}","last_name":"{{last}}","address_street_1":"{{i % 300}} Rue de la Loi","address_street_2":null,"address_city":"{{Cities[i % Cities.Length]}}","address_state":null,"address_zip":"{{1000 + (i % 9000)}}","country":"BE"}""");
            t.Value = Text(created);
            u.Value = Text(updated);
            await ids.ExecuteNonQueryAsync();
        }

        await using var interactions = connection.CreateCommand();
        interactions.Transaction = transaction;
        interactions.CommandText = """
            INSERT INTO "InteractionRecords" ("CustomerId", "Extension", "EventId", "RecipientKey", "EventType", "EventTimestampUtc", "FieldsJson", "ConfigurationVersion", "IngestedEventId", "CreatedAtUtc")
            VALUES ($c, 'EVENTS', $id, $r, 'Order Completed', $t, $f, 1, 0, $t)
            """;
        var (ic, iid, ir, it, iff) = (interactions.Parameters.Add("$c", SqliteType.Blob), interactions.Parameters.Add("$id", SqliteType.Text),
            interactions.Parameters.Add("$r", SqliteType.Text), interactions.Parameters.Add("$t", SqliteType.Text), interactions.Parameters.Add("$f", SqliteType.Text));
        ic.Value = customerKey;
        for (var i = 0; i < count / 10; i++)
        {
            var recipient = ((ulong)(i * 7) * 0x9E3779B97F4A7C15UL).ToString("x16", CultureInfo.InvariantCulture)[..13];
            iid.Value = $"evt-{i:D8}";
            ir.Value = recipient;
            it.Value = Text(Start.AddSeconds(i * 10));
            iff.Value = $$"""{"event_id":"evt-{{i:D8}}","customer_id":"{{recipient}}","event_type":"Order Completed","event_timestamp":"{{Start.AddSeconds(i * 10):yyyy-MM-ddTHH:mm:ssZ}}","channel":"web","plan_name":"pro"}""";
            await interactions.ExecuteNonQueryAsync();
        }

        // No ANALYZE: the app never runs it, so the planner works without statistics here too.
        await transaction.CommitAsync();
    }

    // The text form EF Core's SQLite provider stores DateTime in.
    private static string Text(DateTime value) => value.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
}

using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using SelligentPortal.Core.Configuration;
using SelligentPortal.Core.Customers;
using SelligentPortal.Core.Ingestion.Prepare;
using SelligentPortal.Core.Ingestion.Receive;
using SelligentPortal.Core.Ingestion.Write;
using SelligentPortal.Core.Mapping;
using SelligentPortal.Core.Options;
using SelligentPortal.Core.Persistence.Sqlite;
using SelligentPortal.Core.Sources;

// The ingestion writer alone: the same ~1.5 KB track events as bench/ingestion/run.sh, parsed and
// mapped beforehand, then stored through IngestionStore (the app's writer code) in groups of a given
// size, one group after another on one thread, with no HTTP and nothing else competing for the CPU.
// This is the floor under what the load benchmark can reach.
// Usage: WriterBench <event.lua> [events] [group sizes...]; the event is the load benchmark's own template.
var lua = File.ReadAllText(args[0]);
var eventsPerSize = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000;
var groupSizes = args.Length > 2 ? args[2..].Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray() : [20, 100, 1000];
var templateStart = lua.IndexOf("local template = [[", StringComparison.Ordinal) + "local template = [[".Length;
var template = lua[templateStart..lua.IndexOf("]]", templateStart, StringComparison.Ordinal)];
var latest = (Version: 1, Compiled: MappingCompiler.Compile(SeedPreset.Create()));
// The app's own setting, read the same way: Ingestion__Durability=ProcessCrash measures synchronous=NORMAL.
var durability = Enum.Parse<IngestionDurability>(Environment.GetEnvironmentVariable("Ingestion__Durability") ?? nameof(IngestionDurability.PowerLoss));

// A first, unreported pass lets the JIT reach its optimized code, as it has in an app under load.
await MeasureAsync(100, 20_000);
Console.WriteLine($"Ingestion:Durability {durability}");
Console.WriteLine($"{"events per commit",18} {"events/s",10} {"µs/event",9} {"CPU µs/event",13} {"log KB/event",13}");
foreach (var groupSize in groupSizes)
{
    var (rate, microseconds, cpuMicroseconds, logKb) = await MeasureAsync(groupSize, eventsPerSize);
    Console.WriteLine($"{groupSize,18} {rate,10:N0} {microseconds,9:F1} {cpuMicroseconds,13:F1} {logKb,13:F1}");
}

async Task<(double Rate, double Microseconds, double CpuMicroseconds, double LogKb)> MeasureAsync(int groupSize, int events)
{
    var folder = Directory.CreateTempSubdirectory("writer-bench-").FullName;
    try
    {
        var path = Path.Combine(folder, "writer.db");
        var factory = SqliteStorage.CreateFactory(SqliteConnectionSetup.ConnectionStringForFile(path));
        SourceContext source;
        await using (var db = factory.CreateUnrestricted())
        {
            await SqliteConnectionSetup.EnableWriteAheadLogAsync(db, CancellationToken.None);
            await db.Database.MigrateAsync();
            var customer = new Customer { Name = "Bench", CreatedAtUtc = DateTime.UtcNow };
            var row = new Source { CustomerId = customer.Id, Name = "bench", CreatedAtUtc = DateTime.UtcNow };
            db.Customers.Add(customer);
            db.Sources.Add(row);
            await db.SaveChangesAsync();
            source = new SourceContext(row.Id, customer.Id, Guid.NewGuid(), false, null, null);
            await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);");
        }

        // One request per event, as /v1/track: parsed and mapped here, outside the timing.
        var received = DateTime.UtcNow;
        var writes = Enumerable.Range(0, events).Select(i =>
        {
            var body = Encoding.UTF8.GetBytes(template.Replace("%s", $"bench-{groupSize}-{i}").Replace("%d", (i % 5000).ToString(CultureInfo.InvariantCulture)));
            using var payload = SegmentPayloadParser.Parse(body, "track", batch: false);
            return new PendingWrite(source, [EventPreparation.Prepare(payload.Events[0], payload.ParsedEvent(0), payload.Envelope, latest, received)], received);
        }).ToList();

        var store = new SqliteIngestionStore(factory, new WalWriteGate(), TimeProvider.System,
            Microsoft.Extensions.Options.Options.Create(new IngestionOptions { Durability = durability }));
        await store.WriteAsync(writes.Take(groupSize).ToList(), CancellationToken.None); // opens the writer's connection
        // CPU time beside wall time: on a shared virtual machine the wall clock also counts time the
        // host gave to others, which moves between runs far more than the writer's own work does.
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        for (var i = groupSize; i < events; i += groupSize)
        {
            var results = await store.WriteAsync(writes.Skip(i).Take(groupSize).ToList(), CancellationToken.None);
            if (results.Any(r => r.Applied != 1))
            {
                throw new InvalidOperationException("An event was not applied.");
            }
        }

        var elapsed = watch.Elapsed;
        var cpuElapsed = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        var stored = events - groupSize;
        var logBytes = new FileInfo(path + "-wal").Length;
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return (stored / elapsed.TotalSeconds, elapsed.TotalMicroseconds / stored, cpuElapsed.TotalMicroseconds / stored, logBytes / 1024.0 / stored);
    }
    finally
    {
        Directory.Delete(folder, recursive: true);
    }
}

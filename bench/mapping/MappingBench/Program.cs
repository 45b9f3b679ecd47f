using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using SelligentPortal.Core.Configuration;
using SelligentPortal.Core.Mapping;

// Maps the same ~1.5 KB identify and track events as segment-bench.js with the seed preset, on whatever
// core the process is pinned to (run.sh uses taskset -c 0), per second of process CPU time. Prints one line per measurement:
//   dotnet <event> <map-only|parse+map> <mappings per second>
var eventsFolder = args.Length > 0 ? args[0] : Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "events");
var seconds = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 3.0;
var compiled = MappingCompiler.Compile(SeedPreset.Create());
var receivedAt = new DateTime(2015, 2, 23, 22, 28, 55, 387, DateTimeKind.Utc);

var workloads = new List<(string Name, string Measure, Func<int> Body)>();
var documents = new List<JsonDocument>();
foreach (var name in new[] { "identify", "track" })
{
    // Compact form, the same bytes the Node side parses.
    using var source = JsonDocument.Parse(File.ReadAllText(Path.Combine(eventsFolder, name + ".json")));
    var bytes = JsonSerializer.SerializeToUtf8Bytes(source.RootElement);
    var parsed = JsonDocument.Parse(bytes);
    documents.Add(parsed);
    var root = parsed.RootElement;

    var check = compiled.Map(root, receivedAt);
    if (!check.Succeeded || check.Records.Count != 1)
    {
        Console.Error.WriteLine($"{name}: {check.Outcome} {string.Join("; ", check.Errors)}");
        return 1;
    }

    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"# {name}: {bytes.Length} bytes, {check.Records[0].Fields.Count} fields, allocated {AllocatedPerCall(() => compiled.Map(root, receivedAt).Records.Count)} B per map-only call"));
    workloads.Add((name, "map-only", () => compiled.Map(root, receivedAt).Records.Count));
    workloads.Add((name, "parse+map", () =>
    {
        using var document = JsonDocument.Parse(bytes);
        return compiled.Map(document.RootElement, receivedAt).Records.Count;
    }));
}

// Warm every workload up before measuring any: tiered compilation and dynamic PGO settle per method,
// and the methods are shared between workloads.
for (var pass = 0; pass < 3; pass++)
{
    foreach (var (_, _, body) in workloads)
    {
        Run(body, 0.5);
    }
}

foreach (var (name, measure, body) in workloads)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"dotnet {name} {measure} {Measure(body, seconds):F0}"));
}

foreach (var document in documents)
{
    document.Dispose();
}

return 0;

static double Measure(Func<int> body, double seconds)
{
    // Rate per second of process CPU time, best of three rounds: other work on a shared machine does not count.
    var process = Process.GetCurrentProcess();
    var best = 0.0;
    for (var round = 0; round < 3; round++)
    {
        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        var count = Run(body, seconds / 3);
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        best = Math.Max(best, count / Math.Max(cpu, 1e-9));
    }

    return best;
}

static long Run(Func<int> body, double seconds)
{
    long count = 0;
    var sink = 0;
    var watch = Stopwatch.StartNew();
    while (watch.Elapsed.TotalSeconds < seconds)
    {
        for (var i = 0; i < 1000; i++)
        {
            sink += body();
        }

        count += 1000;
    }

    GC.KeepAlive(sink);
    return count;
}

static long AllocatedPerCall(Func<int> body)
{
    const int Calls = 10_000;
    var before = GC.GetAllocatedBytesForCurrentThread();
    for (var i = 0; i < Calls; i++)
    {
        body();
    }

    return (GC.GetAllocatedBytesForCurrentThread() - before) / Calls;
}

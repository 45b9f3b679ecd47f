using System.Diagnostics.Metrics;
using SelligentPortal.Core.Ingestion.Write;

namespace SelligentPortal.Core.Ingestion.Acknowledge;

/// <summary>Ingestion counters and latency through System.Diagnostics.Metrics (meter <c>SelligentPortal.Ingestion</c>).</summary>
public sealed class IngestionMetrics : IDisposable
{
    public const string MeterName = "SelligentPortal.Ingestion";

    private readonly Meter _meter;
    private readonly Counter<long> _accepted;
    private readonly Counter<long> _applied;
    private readonly Counter<long> _duplicate;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _skipped;
    private readonly Counter<long> _deleted;
    private readonly Counter<long> _refused;
    private readonly Histogram<double> _latency;

    public IngestionMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        _accepted = _meter.CreateCounter<long>("selligentportal.events.accepted", "{event}", "Events committed, whatever their outcome.");
        _applied = _meter.CreateCounter<long>("selligentportal.events.applied", "{event}");
        _duplicate = _meter.CreateCounter<long>("selligentportal.events.duplicate", "{event}");
        _failed = _meter.CreateCounter<long>("selligentportal.events.failed", "{event}");
        _skipped = _meter.CreateCounter<long>("selligentportal.events.skipped", "{event}");
        _deleted = _meter.CreateCounter<long>("selligentportal.events.deleted", "{event}");
        _refused = _meter.CreateCounter<long>("selligentportal.requests.refused", "{request}", "Requests answered 4xx or 503.");
        _latency = _meter.CreateHistogram<double>("selligentportal.ingestion.duration", "ms", "From request start to answer.");
    }

    public void Record(IngestionCounts counts)
    {
        _accepted.Add(counts.Accepted - counts.Duplicate);
        _applied.Add(counts.Applied);
        _duplicate.Add(counts.Duplicate);
        _failed.Add(counts.Failed);
        _skipped.Add(counts.Skipped);
        _deleted.Add(counts.Deleted);
    }

    /// <summary>A request answered with <paramref name="status"/> (its HTTP status) after <paramref name="elapsed"/>.</summary>
    public void Answered(int status, TimeSpan elapsed)
    {
        var tag = new KeyValuePair<string, object?>("status", status);
        _latency.Record(elapsed.TotalMilliseconds, tag);
        if (status != 200)
        {
            _refused.Add(1, tag);
        }
    }

    public void Dispose() => _meter.Dispose();
}

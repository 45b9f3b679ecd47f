using SelligentPortal.Core.Tenancy;

namespace SelligentPortal.Core.Dashboard;

/// <summary>
/// One customer's ingestion in one minute (by the minute its requests were received), kept up to
/// date by the single writer inside each group commit, so the dashboard never counts the event log.
/// </summary>
public sealed class IngestionMinuteStat : ICustomerOwned
{
    public Guid CustomerId { get; set; }

    /// <summary>The minute, UTC, seconds zero.</summary>
    public DateTime MinuteUtc { get; set; }

    /// <summary>Events in the committed requests, duplicates included (the 200 answer's <c>accepted</c>).</summary>
    public int Accepted { get; set; }

    public int Applied { get; set; }

    public int Failed { get; set; }

    public int Duplicate { get; set; }

    public int Skipped { get; set; }

    public int Deleted { get; set; }

    /// <summary>Sum over requests of the time from receipt to the commit of their events, in milliseconds.</summary>
    public double LatencySumMs { get; set; }

    /// <summary>Requests measured (one latency sample per request).</summary>
    public int LatencyCount { get; set; }

    public double LatencyMaxMs { get; set; }
}

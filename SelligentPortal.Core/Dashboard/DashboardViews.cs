namespace SelligentPortal.Core.Dashboard;

/// <summary>Ingestion in one interval (a minute, or a quarter of an hour) starting at <see cref="StartUtc"/>.</summary>
public sealed record DashboardPoint(
    DateTime StartUtc, int Accepted, int Applied, int Failed, int Duplicate, int Skipped, int Deleted, int Requests, double LatencySumMs, double LatencyMaxMs)
{
    /// <summary>Mean receipt-to-commit latency of the interval's requests; null without requests.</summary>
    public double? LatencyAvgMs => Requests == 0 ? null : LatencySumMs / Requests;

    /// <summary>Slowest request of the interval; null without requests.</summary>
    public double? LatencyPeakMs => Requests == 0 ? null : LatencyMaxMs;

    internal DashboardPoint Plus(DashboardPoint other) => this with
    {
        Accepted = Accepted + other.Accepted,
        Applied = Applied + other.Applied,
        Failed = Failed + other.Failed,
        Duplicate = Duplicate + other.Duplicate,
        Skipped = Skipped + other.Skipped,
        Deleted = Deleted + other.Deleted,
        Requests = Requests + other.Requests,
        LatencySumMs = LatencySumMs + other.LatencySumMs,
        LatencyMaxMs = Math.Max(LatencyMaxMs, other.LatencyMaxMs),
    };
}

/// <summary>A failure reason seen in the window, with how often and where.</summary>
public sealed record FailureReasonCount(Guid CustomerId, string CustomerName, string Reason, int Count, DateTime LastSeenUtc);

/// <summary>What the dashboard shows for the caller's customers (or one of them).</summary>
/// <param name="NowUtc">When the figures were read.</param>
/// <param name="LastHour">60 one-minute points, oldest first, the current minute last.</param>
/// <param name="LastDay">96 fifteen-minute points, oldest first, the current quarter last.</param>
/// <param name="HourTotals">The last hour summed.</param>
/// <param name="DayTotals">The last day summed.</param>
/// <param name="TopFailureReasons">The most frequent reasons among the last day's failed events, most frequent first.</param>
/// <param name="FailureReasonsSampled">True when the last day had more failures than were grouped (the most recent ones were).</param>
public sealed record DashboardView(
    DateTime NowUtc,
    IReadOnlyList<DashboardPoint> LastHour,
    IReadOnlyList<DashboardPoint> LastDay,
    DashboardPoint HourTotals,
    DashboardPoint DayTotals,
    IReadOnlyList<FailureReasonCount> TopFailureReasons,
    bool FailureReasonsSampled)
{
    /// <summary>No event arrived in the last day.</summary>
    public bool IsEmpty => DayTotals.Accepted == 0;
}

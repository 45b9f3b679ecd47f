using SelligentPortal.Core.Dashboard;

namespace SelligentPortal.Components.Pages.Dashboard;

/// <summary>One line of a <see cref="DashboardChart"/>: its legend name, colour and value per point (null: no data).</summary>
public sealed record DashboardSeries(string Name, string Color, Func<DashboardPoint, double?> Value)
{
    public const string Blue = "#1E88E5";
    public const string Green = "#43A047";
    public const string Red = "#E53935";
    public const string Amber = "#FB8C00";

    /// <summary>Accepted, applied and failed events.</summary>
    public static IReadOnlyList<DashboardSeries> Events { get; } =
    [
        new("Accepted", Blue, p => p.Accepted),
        new("Applied", Green, p => p.Applied),
        new("Failed", Red, p => p.Failed),
    ];

    /// <summary>Mean and slowest receipt-to-commit latency.</summary>
    public static IReadOnlyList<DashboardSeries> Latency { get; } =
    [
        new("Average", Blue, p => p.LatencyAvgMs),
        new("Slowest", Amber, p => p.LatencyPeakMs),
    ];
}

using Microsoft.AspNetCore.Components;
using MudBlazor;
using SelligentPortal.Components.Shared;
using SelligentPortal.Core.Dashboard;

namespace SelligentPortal.Components.Pages.Dashboard;

public sealed partial class DashboardChart
{
    private List<ChartSeries<double>> _series = [];
    private string[] _labels = [];
    private LineChartOptions _options = new();

    [Parameter, EditorRequired]
    public required string Title { get; set; }

    [Parameter]
    public string? Subtitle { get; set; }

    [Parameter, EditorRequired]
    public required IReadOnlyList<DashboardPoint> Points { get; set; }

    /// <summary>The series: legend name, colour and the value of a point (null leaves a gap).</summary>
    [Parameter, EditorRequired]
    public required IReadOnlyList<DashboardSeries> Series { get; set; }

    /// <summary>Every how many points a time label is written.</summary>
    [Parameter]
    public int LabelEvery { get; set; } = 10;

    [Parameter, EditorRequired]
    public required string YAxisTitle { get; set; }

    [Parameter]
    public string? TestId { get; set; }

    /// <summary>Dots on the points: a minute alone between empty ones is then still visible.</summary>
    [Parameter]
    public bool ShowMarkers { get; set; }

    protected override void OnParametersSet()
    {
        _labels = Points.Select((p, i) => i % LabelEvery == 0 || i == Points.Count - 1
            ? Display.Clock(p.StartUtc) : "").ToArray();
        _series = Series.Select(s => new ChartSeries<double>
        {
            Name = s.Name,
            Data = new ChartData<double>(Points.Select(s.Value).ToList()),
        }).ToList();
        _options = new LineChartOptions
        {
            YAxisTitle = YAxisTitle,
            ShowLegend = true,
            YAxisRequireZeroPoint = true,
            ClampToZero = true,
            LineStrokeWidth = 2,
            ShowDataMarkers = ShowMarkers,
            MaxNumYAxisTicks = 6,
            YAxisFormat = "0.##",
            ChartPalette = Series.Select(s => s.Color).ToArray(),
        };
    }
}

using SelligentPortal.Core.Configuration.Shadow;

namespace SelligentPortal.Components.Pages.Shadow;

/// <summary>The start form's values: a period in days and hours, a number of events, or both.</summary>
public sealed class ShadowRunForm
{
    public int? Days { get; set; } = 1;

    public int? Hours { get; set; }

    public int? Events { get; set; }

    public ShadowRunRequest ToRequest() => new(
        Days is null && Hours is null ? null : TimeSpan.FromHours((Days ?? 0) * 24.0 + (Hours ?? 0)),
        Events);
}

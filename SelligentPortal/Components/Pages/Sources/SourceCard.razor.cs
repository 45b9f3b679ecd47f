using Microsoft.AspNetCore.Components;
using SelligentPortal.Components.Shared;
using SelligentPortal.Core.Sources;

namespace SelligentPortal.Components.Pages.Sources;

public sealed partial class SourceCard
{
    private const int MaxRateLimit = 1_000_000;
    private string _rateText = "";
    private int? _rateLimit;
    private string? _rateError;
    private SourceView? _shown;

    [Parameter, EditorRequired]
    public SourceView Source { get; set; } = default!;

    [Parameter]
    public bool ReadOnly { get; set; }

    /// <summary>What is running for this source: "status", "rate", "secret", "server-side", "key" or "revoke".</summary>
    [Parameter]
    public string? BusyAction { get; set; }

    [Parameter]
    public Guid? BusyKeyId { get; set; }

    [Parameter]
    public EventCallback<bool> OnSetDisabled { get; set; }

    [Parameter]
    public EventCallback<int?> OnSaveRateLimit { get; set; }

    /// <summary>Mark the source server-side (true) or not (false).</summary>
    [Parameter]
    public EventCallback<bool> OnSetServerSide { get; set; }

    /// <summary>Generate (false) or remove (true) the signing secret.</summary>
    [Parameter]
    public EventCallback<bool> OnSigningSecret { get; set; }

    [Parameter]
    public EventCallback OnGenerateKey { get; set; }

    [Parameter]
    public EventCallback<WriteKeyView> OnRevokeKey { get; set; }

    // Only a valid value that differs from the saved one can be saved: what is saved is what the field shows.
    private bool RateLimitChanged => _rateError is null && _rateLimit != Source.RateLimitPerSecond;

    private string RateLimitText => Source.RateLimitPerSecond is { } limit
        ? $"{Display.Count(limit)} events per second"
        : "Unlimited";

    private string DeletionText => (Source.IsServerSide, Source.HasSigningSecret) switch
    {
        (true, _) => "Carried out: this source is server-side (Segment's cloud or a back end sends from it).",
        (false, true) => "Carried out: this source's requests are signed. It is not marked server-side.",
        _ => "Refused: this source is not server-side and not signed, so a delete from it is logged failed and deletes nothing.",
    };

    protected override void OnParametersSet()
    {
        // Only a new view of the source resets the field, so typing is not overwritten by re-renders.
        if (!ReferenceEquals(_shown, Source))
        {
            _shown = Source;
            _rateLimit = Source.RateLimitPerSecond;
            _rateText = _rateLimit?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "";
            _rateError = null;
        }
    }

    private void SetRateText(string? text)
    {
        _rateText = text ?? "";
        var trimmed = _rateText.Trim().Replace(",", "", StringComparison.Ordinal);
        if (trimmed.Length == 0)
        {
            (_rateLimit, _rateError) = (null, null);
        }
        else if (int.TryParse(trimmed, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var limit)
            && limit is >= 1 and <= MaxRateLimit)
        {
            (_rateLimit, _rateError) = (limit, null);
        }
        else
        {
            _rateError = "Enter a whole number from 1 to 1,000,000, or leave it empty for no limit.";
        }
    }

    private Task SaveRateLimitAsync() => RateLimitChanged ? OnSaveRateLimit.InvokeAsync(_rateLimit) : Task.CompletedTask;
}

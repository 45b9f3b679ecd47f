using Microsoft.AspNetCore.Components;
using MudBlazor;
using SelligentPortal.Components.Shared;
using SelligentPortal.Core.Common;
using SelligentPortal.Core.Sources;
using SelligentPortal.Core.Tenancy;
using SelligentPortal.Hosting;

namespace SelligentPortal.Components.Pages.Sources;

/// <summary>A customer's sources and write keys: staff manage them, Customer users see them read-only.</summary>
public sealed partial class SourcesPage : CustomerPageBase
{
    private const string SigningExplanation =
        "Copy the signing secret now: it cannot be shown again. From now on every request to this source must carry an " +
        "X-Signature header with the hex HMAC-SHA1 of the raw request body, keyed with this secret (set it as the shared secret " +
        "of Segment's webhook or destination). Requests without a valid signature are refused with 401.";

    private readonly Dictionary<Guid, string> _busy = [];
    private readonly Dictionary<Guid, Guid?> _revoking = [];
    private bool _loading = true;
    private bool _creating;
    private IReadOnlyList<SourceView> _sources = [];

    [Inject]
    public required SourceService Sources { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    protected override (string Text, string? Href)[] BreadcrumbTrail => [("Sources", null)];

    protected override void OnParametersSet() => _loading = true;

    protected override async Task<bool> OnCustomerFoundAsync()
    {
        var sources = await Sources.ListAsync(Caller, CustomerId);
        if (!sources.IsOk)
        {
            return false;
        }

        _sources = sources.Value!;
        return true;
    }

    protected override Task OnCustomerParametersSetAsync()
    {
        _loading = false;
        return Task.CompletedTask;
    }

    private async Task ReloadAsync(Caller caller)
    {
        var sources = await Sources.ListAsync(caller, CustomerId);
        if (sources.IsOk)
        {
            _sources = sources.Value!;
        }
    }

    private async Task CreateSourceAsync()
    {
        var name = await NameDialog.AskAsync(Dialogs, "New source", "Create", null);
        if (name is null)
        {
            return;
        }

        _creating = true;
        try
        {
            var caller = await CurrentCaller.GetAsync();
            var outcome = await Sources.CreateAsync(caller, CustomerId, name);
            if (Report(outcome, $"Source '{name}' created. Generate a write key to start sending events."))
            {
                await ReloadAsync(caller);
            }
        }
        finally
        {
            _creating = false;
        }
    }

    private Task SetDisabledAsync(SourceView source, bool disabled) =>
        RunAsync(source, "status", async caller =>
        {
            var outcome = await Sources.UpdateAsync(caller, CustomerId, source.Id, new SourceChange(IsDisabled: disabled));
            Report(outcome, disabled
                ? $"'{source.Name}' is disabled: its events are refused with 403."
                : $"'{source.Name}' accepts events again.");
        });

    private Task SaveRateLimitAsync(SourceView source, int? limit) =>
        RunAsync(source, "rate", async caller =>
        {
            var change = limit is null ? new SourceChange(ClearRateLimit: true) : new SourceChange(RateLimitPerSecond: limit);
            var outcome = await Sources.UpdateAsync(caller, CustomerId, source.Id, change);
            Report(outcome, limit is not { } perSecond
                ? $"'{source.Name}' has no rate limit."
                : $"'{source.Name}' is limited to {Display.Count(perSecond)} events per second.");
        });

    /// <summary>
    /// Marks a source server-side or not. Turning it on lets its keys erase users, so the user confirms that
    /// the keys never sit in a web page or an app.
    /// </summary>
    private async Task SetServerSideAsync(SourceView source, bool serverSide)
    {
        if (serverSide)
        {
            var confirmed = await Dialogs.ShowMessageBoxAsync(
                "Mark as server-side",
                $"Only if the write keys of '{source.Name}' are used by Segment's cloud or your own servers, never in a web page or an app: " +
                "Segment delete calls from it will then erase that user's records and interactions.",
                yesText: "Mark as server-side", cancelText: "Cancel");
            if (confirmed != true)
            {
                return;
            }
        }

        await RunAsync(source, "server-side", async caller =>
        {
            var outcome = await Sources.UpdateAsync(caller, CustomerId, source.Id, new SourceChange(IsServerSide: serverSide));
            Report(outcome, (serverSide, source.HasSigningSecret) switch
            {
                (true, _) => $"'{source.Name}' is server-side: its Segment deletes are carried out.",
                (false, true) => $"'{source.Name}' is no longer server-side; its deletes are still carried out because its requests are signed.",
                _ => $"'{source.Name}' is no longer server-side: its Segment deletes are refused.",
            });
        });
    }

    private async Task SigningSecretAsync(SourceView source, bool remove)
    {
        var question = remove
            ? $"'{source.Name}' will accept requests without X-Signature again."
            : source.HasSigningSecret
                ? $"The current secret of '{source.Name}' stops working at once: requests signed with it are refused until the sender uses the new one."
                : $"From now on, requests to '{source.Name}' without a valid X-Signature are refused with 401.";
        var confirmed = await Dialogs.ShowMessageBoxAsync(
            remove ? "Remove signing secret" : "Generate signing secret", question,
            yesText: remove ? "Remove" : "Generate", cancelText: "Cancel");
        if (confirmed != true)
        {
            return;
        }

        string? secret = null;
        await RunAsync(source, "secret", async caller =>
        {
            var outcome = await Sources.SetSigningSecretAsync(caller, CustomerId, source.Id, remove);
            if (Report(outcome, remove ? $"'{source.Name}' no longer requires signatures." : null))
            {
                secret = outcome.Value;
            }
        });

        if (secret is not null)
        {
            var parameters = new DialogParameters<SecretDialog>
            {
                { d => d.Explanation, SigningExplanation },
                { d => d.Secret, secret },
            };
            var options = new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, BackdropClick = false };
            await Dialogs.ShowAsync<SecretDialog>($"Signing secret for '{source.Name}'", parameters, options);
        }
    }

    private async Task GenerateKeyAsync(SourceView source)
    {
        string? secret = null;
        await RunAsync(source, "key", async caller =>
        {
            var outcome = await Sources.CreateKeyAsync(caller, CustomerId, source.Id);
            if (Report(outcome, null))
            {
                secret = outcome.Value.Secret;
            }
        });

        if (secret is not null)
        {
            await WriteKeyDialog.ShowAsync(Dialogs, source.Name, Navigation.BaseUri, secret);
        }
    }

    private async Task RevokeKeyAsync(SourceView source, WriteKeyView key)
    {
        var others = source.Keys.Count(k => k.IsActive && k.Id != key.Id);
        var consequence = others == 0
            ? "It is the source's only active key: nothing can send events to it until you generate another."
            : "Senders still using it get 401 at once; the source's other active keys keep working.";
        var confirmed = await Dialogs.ShowMessageBoxAsync("Revoke write key", $"Revoke {key.Prefix}…? {consequence}", yesText: "Revoke", cancelText: "Cancel");
        if (confirmed != true)
        {
            return;
        }

        _revoking[source.Id] = key.Id;
        try
        {
            await RunAsync(source, "revoke", async caller =>
            {
                var outcome = await Sources.RevokeKeyAsync(caller, CustomerId, source.Id, key.Id);
                Report(outcome, $"Key {key.Prefix}… revoked.");
            });
        }
        finally
        {
            _revoking.Remove(source.Id);
        }
    }

    /// <summary>Runs one action on a source with its busy state, then shows the source as it now is.</summary>
    private async Task RunAsync(SourceView source, string action, Func<Caller, Task> work)
    {
        if (!_busy.TryAdd(source.Id, action))
        {
            return;
        }

        try
        {
            var caller = await CurrentCaller.GetAsync();
            await work(caller);
            await ReloadAsync(caller);
        }
        finally
        {
            _busy.Remove(source.Id);
        }
    }

    /// <summary>Shows how a command ended; true when it succeeded.</summary>
    private bool Report<T>(Outcome<T> outcome, string? success)
    {
        switch (outcome.Status)
        {
            case OutcomeStatus.Ok:
                if (success is not null)
                {
                    Snackbar.Add(success, Severity.Success);
                }

                return true;
            case OutcomeStatus.NotFound:
                Snackbar.Add("That source or key no longer exists; the list has been refreshed.", Severity.Warning);
                return false;
            default:
                Snackbar.Add(string.Join(" ", outcome.Problems), Severity.Error, o => o.RequireInteraction = true);
                return false;
        }
    }
}

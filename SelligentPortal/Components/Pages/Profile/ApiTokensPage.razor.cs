using Microsoft.AspNetCore.Components;
using MudBlazor;
using SelligentPortal.Components.Shared;
using SelligentPortal.Core.ApiTokens;
using SelligentPortal.Hosting;

namespace SelligentPortal.Components.Pages.Profile;

public sealed partial class ApiTokensPage
{
    [Inject]
    public required CurrentCaller CurrentCaller { get; init; }

    [Inject]
    public required ApiTokenService Tokens { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    private IReadOnlyList<ApiTokenView> _tokens = [];
    private bool _loading = true;

    protected override async Task OnInitializedAsync() => await LoadAsync();

    private async Task LoadAsync()
    {
        _loading = true;
        _tokens = await Tokens.ListAsync(await CurrentCaller.GetAsync());
        _loading = false;
    }

    private async Task CreateAsync()
    {
        var name = await NameDialog.AskAsync(Dialogs, "New API token", "Create", null);
        if (name is null)
        {
            return;
        }

        var outcome = await Tokens.CreateAsync(await CurrentCaller.GetAsync(), name);
        if (!outcome.IsOk)
        {
            Snackbar.Add(string.Join(" ", outcome.Problems), Severity.Error);
            return;
        }

        var parameters = new DialogParameters<SecretDialog>
        {
            { d => d.Explanation, "Copy the token now: it is stored only as a hash and cannot be shown again." },
            { d => d.Secret, outcome.Value.Secret },
        };
        await Dialogs.ShowAsync<SecretDialog>($"Token '{outcome.Value.Token.Name}'", parameters, new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true });
        await LoadAsync();
    }

    private async Task RevokeAsync(ApiTokenView token)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Revoke token", $"Scripts using '{token.Name}' stop working at once.", yesText: "Revoke", cancelText: "Cancel");
        if (confirmed != true)
        {
            return;
        }

        await Tokens.RevokeAsync(await CurrentCaller.GetAsync(), token.Id);
        Snackbar.Add($"Token '{token.Name}' revoked.", Severity.Success);
        await LoadAsync();
    }
}

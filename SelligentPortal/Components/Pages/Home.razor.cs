using Microsoft.AspNetCore.Components;
using SelligentPortal.Core.Customers;
using SelligentPortal.Core.Dashboard;
using SelligentPortal.Core.Tenancy;
using SelligentPortal.Core.Users;
using SelligentPortal.Hosting;

namespace SelligentPortal.Components.Pages;

/// <summary>
/// The dashboard: ingestion of the caller's customers (all of them, or one chosen by staff), refreshed
/// on a timer while the circuit is up.
/// </summary>
public partial class Home : IAsyncDisposable
{
    /// <summary>How often the figures are read again.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(10);

    private readonly CancellationTokenSource _stop = new();
    private Caller? _caller;
    private IReadOnlyList<CustomerSummary> _customers = [];
    private Guid? _customerId;
    private DashboardView? _view;

    [Inject]
    public required CurrentCaller CurrentCaller { get; init; }

    [Inject]
    public required ILogger<Home> Logger { get; init; }

    [Inject]
    public required CustomerService Customers { get; init; }

    [Inject]
    public required DashboardQueries Dashboard { get; init; }

    private string RoleName => _caller?.Role is { } role ? PortalRoles.DisplayName(role) : "no role";

    private string EmptyHint => _caller switch
    {
        { IsCustomer: true } => "Events your Segment sources send will be counted here within seconds.",
        { IsAdmin: true } when _customers.Count == 0 => "There are no customers yet: create one on the Customers page.",
        { IsStaff: true } when _customers.Count == 0 => "You have no customers assigned yet.",
        _ => "Point a Segment source at this portal (a customer's Sources and keys page has the setup) and its events will be counted here.",
    };

    protected override async Task OnInitializedAsync()
    {
        _caller = await CurrentCaller.GetAsync();
        _customers = await Customers.ListAsync(_caller);
        await LoadAsync();
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender && RendererInfo.IsInteractive)
        {
            _ = RefreshLoopAsync(_stop.Token);
        }
    }

    private async Task RefreshLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(RefreshInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    await InvokeAsync(async () =>
                    {
                        await LoadAsync();
                        StateHasChanged();
                    });
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A busy or unavailable database skips one refresh; the figures stay and the next tick tries again.
                    Logger.LogWarning(e, "Refreshing the dashboard failed; trying again in {Seconds} s", RefreshInterval.TotalSeconds);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The page was left.
        }
    }

    private async Task SelectCustomerAsync(Guid? customerId)
    {
        _customerId = customerId;
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        // Resolved again each time: a revoked assignment stops showing that customer at the next refresh.
        _caller = await CurrentCaller.GetAsync(_stop.Token);
        var outcome = await Dashboard.GetAsync(_caller, _customerId, _stop.Token);
        if (!outcome.IsOk)
        {
            _customerId = null;
            outcome = await Dashboard.GetAsync(_caller, null, _stop.Token);
        }

        _view = outcome.Value;
    }

    public async ValueTask DisposeAsync()
    {
        // Cancelled, not disposed: a refresh still finishing may read the token.
        await _stop.CancelAsync();
        GC.SuppressFinalize(this);
    }
}

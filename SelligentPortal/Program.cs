using SelligentPortal.Components;
using SelligentPortal.Core.Options;
using SelligentPortal.Endpoints;
using SelligentPortal.Hosting;

try
{
    await RunAsync(args);
}
catch (PortalStartupException e)
{
    // A setting the app cannot start with: one line naming it, no stack trace.
    Console.Error.WriteLine($"SelligentPortal cannot start: {e.Message}");
    Environment.ExitCode = 1;
}

static async Task RunAsync(string[] args)
{
    var builder = WebApplication.CreateBuilder(args);
    // Packages' assets (MudBlazor, the Blazor script) are served from the build output in every
    // environment, not only Development, so `dotnet run` works as Production too; a published app has
    // them in its wwwroot and this does nothing.
    builder.WebHost.UseStaticWebAssets();

    builder.AddPortalPersistence();
    builder.Services.AddPortalIdentity();
    builder.Services.AddPortalDomain();
    // Before ingestion: hosts stop in reverse order, so the shadow runs' host stops after the writer's drain.
    builder.Services.AddPortalShadowRuns();
    builder.Services.AddPortalIngestion();
    builder.Services.AddPortalEventLog();
    builder.Services.AddPortalRecords();
    builder.Services.AddPortalDashboard();
    builder.Services.AddPortalWeb();

    var app = builder.Build();

    await app.InitializePortalDatabaseAsync();

    app.UseProxyHeadersWhenBehindProxy();
    // Events branch off here: none of the portal's middleware below runs for them.
    app.UseIngestionPipeline();
    app.UsePortalErrorHandling();
    app.UseRouting();
    // From here on a request's endpoint tells whether it is for programs or for people.
    app.UseMachineErrorHandling();
    app.UseNulTextRefusal();
    app.UseFirstRunSetupRedirect();
    app.UseAuthentication();
    app.UseAuthorization();
    app.UseAntiforgery();

    app.MapStaticAssets();
    app.MapHealthEndpoints();
    app.MapManagementApi();
    app.MapAccountEndpoints();
    app.MapExportEndpoints();
    app.MapRazorComponents<App>()
        .AddInteractiveServerRenderMode();

    await app.RunAsync();
}

/// <summary>Entry point; public so the test host can reference it.</summary>
public partial class Program;

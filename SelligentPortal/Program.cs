using SelligentPortal.Components;
using SelligentPortal.Endpoints;
using SelligentPortal.Hosting;

var builder = WebApplication.CreateBuilder(args);
// Packages' assets (MudBlazor, the Blazor script) are served from the build output in every
// environment, not only Development, so `dotnet run` works as Production too; a published app has
// them in its wwwroot and this does nothing.
builder.WebHost.UseStaticWebAssets();

builder.AddPortalPersistence();
builder.Services.AddPortalIdentity();
builder.Services.AddPortalDomain();
builder.Services.AddPortalIngestion();
builder.Services.AddPortalWeb();

var app = builder.Build();

await app.InitializePortalDatabaseAsync();

app.UseProxyHeadersWhenBehindProxy();
app.UsePortalErrorHandling();
app.UseFirstRunSetupRedirect();
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

app.MapStaticAssets();
app.MapHealthEndpoints();
app.MapIngestionEndpoints();
app.MapManagementApi();
app.MapAccountEndpoints();
app.MapExportEndpoints();
app.MapRazorComponents<App>()
    .AddInteractiveServerRenderMode();

app.Run();

/// <summary>Entry point; public so the test host can reference it.</summary>
public partial class Program;

using SelligentPortal.Core.Users;
using SelligentPortal.Endpoints;

namespace SelligentPortal.Hosting;

internal static class FirstRunSetupRedirect
{
    public const string SetupPath = "/setup";

    /// <summary>
    /// Until the first Admin exists, every page a person opens leads to the setup page; after that
    /// the setup page is gone (404), whatever is posted to it.
    /// </summary>
    public static void UseFirstRunSetupRedirect(this WebApplication app) =>
        app.Use(async (context, next) =>
        {
            var state = context.RequestServices.GetRequiredService<SetupState>();
            var path = context.Request.Path;
            if (state.ShouldRecheck(context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow()))
            {
                // Another instance may have completed setup: this one finds out within a second.
                await context.RequestServices.GetRequiredService<FirstRunSetup>().RefreshAsync(context.RequestAborted);
            }

            if (state.IsComplete && path.StartsWithSegments(SetupPath))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            if (!state.IsComplete && HttpMethods.IsGet(context.Request.Method) && IsPage(context))
            {
                context.Response.Redirect(SetupPath);
                return;
            }

            await next(context);
        });

    /// <summary>A page for people: not an endpoint for programs (read from its metadata), the setup page or an asset.</summary>
    private static bool IsPage(HttpContext context)
    {
        var path = context.Request.Path;
        return !MachineEndpoints.IsForMachines(context)
            && !path.StartsWithSegments(SetupPath)
            && !path.StartsWithSegments("/_framework") && !path.StartsWithSegments("/_content") && !path.StartsWithSegments("/_blazor")
            && !Path.HasExtension(path.Value);
    }
}

using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using MudBlazor;
using SelligentPortal.Core.Common;
using SelligentPortal.Core.ObjectMapping;
using SelligentPortal.Core.Options;
using SelligentPortal.Endpoints;
using MudBlazor.Services;

namespace SelligentPortal.Hosting;

internal static class WebHosting
{
    public static void AddPortalWeb(this IServiceCollection services)
    {
        // Bound on start: a Hosting:BehindProxy that is no boolean stops the app, naming the setting.
        services.AddOptions<HostingOptions>().BindConfiguration(HostingOptions.SectionName).ValidateOnStart();
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices(options =>
        {
            // Top right (over the app bar): a dialog's actions sit at its bottom right, where a message covered them.
            options.SnackbarConfiguration.PositionClass = Defaults.Classes.Position.TopRight;
            options.SnackbarConfiguration.ShowCloseIcon = true;
            options.SnackbarConfiguration.VisibleStateDuration = 5000;
        });
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            if (context.ProblemDetails is { Status: StatusCodes.Status400BadRequest, Detail: null })
            {
                context.ProblemDetails.Detail = "The request could not be read: check its JSON body and its route and query values.";
            }
        });
        // Enums travel as their names ("failed", "applied"), never as numbers; times as UTC with their "Z".
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase));
            options.SerializerOptions.Converters.Add(new UtcDateTimeJsonConverter());
            options.SerializerOptions.Converters.Add(new NulFreeStringJsonConverter());
        });
        services.AddOpenApi("v1");
        services.AddSingleton(PortalMapsterConfig.Create(typeof(WebHosting).Assembly));
    }

    /// <summary>
    /// HTML error and not-found pages for people. Registered before routing, so a re-executed page is
    /// routed again; requests for programs turn them off in <see cref="UseMachineErrorHandling"/>.
    /// </summary>
    public static void UsePortalErrorHandling(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
        }

        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
    }

    /// <summary>
    /// JSON problem details, never a page, for endpoints marked with <see cref="MachineEndpointMetadata"/>
    /// (the API, health, OpenAPI), whose clients cannot read a page; ingestion has its own. After routing:
    /// the decision reads the endpoint.
    /// </summary>
    public static void UseMachineErrorHandling(this WebApplication app)
    {
        app.UseWhen(MachineEndpoints.IsForMachines, branch =>
        {
            // Turns off the status-code pages of UsePortalErrorHandling, the hook the framework leaves for APIs.
            branch.Use((context, next) =>
            {
                if (context.Features.Get<IStatusCodePagesFeature>() is { } pages)
                {
                    pages.Enabled = false;
                }

                return next(context);
            });
            if (!app.Environment.IsDevelopment())
            {
                branch.UseExceptionHandler();
            }
        });

        // An error the framework answers without a body (a request body or query value that cannot
        // be bound) still gets problem details on the management API.
        app.UseWhen(context => MachineEndpoints.Of(context) is { ProblemForBareErrors: true }, branch => branch.UseStatusCodePages());
    }

    /// <summary>
    /// Refuses a query string holding NUL (400), as <see cref="NulFreeStringJsonConverter"/> refuses a JSON
    /// body holding one: no database engine stores it, and some refuse it even in a query, where it would
    /// fail the request on one engine and match nothing on another. (Kestrel refuses one in the path.)
    /// </summary>
    public static void UseNulTextRefusal(this WebApplication app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        if (request.Query.Any(q => q.Key.Contains('\0', StringComparison.Ordinal) || q.Value.Any(v => v?.Contains('\0', StringComparison.Ordinal) == true)))
        {
            if (MachineEndpoints.IsForMachines(context))
            {
                await TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid request", detail: NulFreeStringJsonConverter.Refusal).ExecuteAsync(context);
            }
            else
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
            }

            return;
        }

        await next(context);
    });

    /// <summary>
    /// Behind a proxy that terminates TLS (<c>Hosting:BehindProxy</c>): the scheme and client address
    /// come from X-Forwarded-Proto and X-Forwarded-For, so the sign-in cookie is marked Secure and links
    /// are https. Off by default: trusting those headers from anyone would let a client claim https.
    /// </summary>
    public static void UseProxyHeadersWhenBehindProxy(this WebApplication app)
    {
        if (!HostingOptionsOf(app).BehindProxy)
        {
            return;
        }

        var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
        // The proxy's address is not known in advance (containers, load balancers): the setting is the trust.
        options.KnownIPNetworks.Clear();
        options.KnownProxies.Clear();
        app.UseForwardedHeaders(options);
    }

    /// <summary>
    /// The Hosting settings; one that cannot be bound (a BehindProxy that is no boolean) stops the app
    /// with one line naming it, like every other setting, not with the binder's stack trace.
    /// </summary>
    private static HostingOptions HostingOptionsOf(WebApplication app)
    {
        try
        {
            return app.Services.GetRequiredService<IOptions<HostingOptions>>().Value;
        }
        catch (InvalidOperationException e)
        {
            throw new PortalStartupException(e.Message, e);
        }
    }
}

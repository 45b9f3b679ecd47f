using Microsoft.AspNetCore.Http.HttpResults;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.Routing.Template;
using SelligentPortal.Core.Common;
using SelligentPortal.Hosting;

namespace SelligentPortal.Endpoints;

/// <summary>The management API under <c>/api/v1</c>, authenticated by personal access token.</summary>
public static class ManagementApi
{
    public static void MapManagementApi(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json").ForMachines(MachineEndpointMetadata.Probe);
        // Swagger UI's assets ship inside the package: the browsable docs work without internet.
        app.UseSwaggerUI(options =>
        {
            options.SwaggerEndpoint("/openapi/v1.json", "SelligentPortal management API v1");
            options.RoutePrefix = "api/docs";
            options.DocumentTitle = "SelligentPortal API";
        });

        var api = app.MapGroup("/api/v1")
            .RequireAuthorization(IdentityHosting.ApiPolicy)
            .DisableAntiforgery()
            .ForMachines(MachineEndpointMetadata.Api);
        api.MapCustomerEndpoints();
        api.MapConfigurationEndpoints();
        api.MapFixtureEndpoints();
        api.MapPublishRequestEndpoints();
        api.MapShadowRunEndpoints();
        api.MapSourceEndpoints();
        api.MapRecordEndpoints();

        // An unknown API path is a JSON 404, never the portal's HTML page. It must be an endpoint, so it
        // carries the API's metadata: a request no route matches has none. A RequestDelegate, not a
        // handler: the request delegate generator drops MapFallback's pattern from a handler's
        // overload (dotnet/aspnetcore#65992), which made this the fallback of every path.
        app.MapFallback(
                "/api/{**path}",
                context => NotFoundApiPath(context, context.RequestServices.GetRequiredService<EndpointDataSource>()).ExecuteAsync(context))
            .ExcludeFromDescription()
            .ForMachines(MachineEndpointMetadata.Api);
    }

    /// <summary>
    /// The API's fallback: a path that endpoints answer, but only with other methods, is a 405 listing
    /// them (routing would say so itself, but this fallback matches first); any other path is a 404,
    /// including one whose values fail their types (an id that is no guid).
    /// </summary>
    private static ProblemHttpResult NotFoundApiPath(HttpContext context, EndpointDataSource endpoints)
    {
        var allowed = ApiRoutes.Of(context, endpoints)
            .Where(route => route.Matches(context))
            .SelectMany(route => route.Methods)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (allowed.Count == 0 || allowed.Contains(context.Request.Method, StringComparer.OrdinalIgnoreCase))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "Not found",
                detail: $"No API endpoint answers {context.Request.Method} {context.Request.Path}.");
        }

        context.Response.Headers.Allow = string.Join(", ", allowed);
        return TypedResults.Problem(
            statusCode: StatusCodes.Status405MethodNotAllowed,
            title: "Method not allowed",
            detail: $"{context.Request.Path} answers {string.Join(", ", allowed)}, not {context.Request.Method}.");
    }

    /// <summary>The API's routes with their methods, matched with their constraints; built once per host.</summary>
    private sealed class ApiRoutes(RoutePattern pattern, IReadOnlyList<string> methods, IInlineConstraintResolver constraints)
    {
        private static readonly ConditionalWeakTable<EndpointDataSource, List<ApiRoutes>> Cache = [];

        private readonly TemplateMatcher _matcher = new(TemplateParser.Parse(pattern.RawText!), new RouteValueDictionary());

        // The template matcher ignores constraints such as {id:guid}: they are checked beside it.
        private readonly List<(string Parameter, IRouteConstraint Constraint)> _constraints = pattern.ParameterPolicies
            .SelectMany(p => p.Value.Select(policy => (p.Key, policy.Content is { } content ? constraints.ResolveConstraint(content) : null)))
            .Where(c => c.Item2 is not null)
            .Select(c => (c.Key, c.Item2!))
            .ToList();

        public IReadOnlyList<string> Methods { get; } = methods;

        public static List<ApiRoutes> Of(HttpContext context, EndpointDataSource endpoints) => Cache.GetValue(endpoints, source =>
        {
            var constraints = context.RequestServices.GetRequiredService<IInlineConstraintResolver>();
            return source.Endpoints
                .OfType<RouteEndpoint>()
                .Where(e => e.Metadata.GetMetadata<MachineEndpointMetadata>() == MachineEndpointMetadata.Api
                    && e.RoutePattern.RawText is { } raw && !raw.Contains("{**", StringComparison.Ordinal))
                .Select(e => new ApiRoutes(e.RoutePattern, e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [], constraints))
                .ToList();
        });

        public bool Matches(HttpContext context)
        {
            var values = new RouteValueDictionary();
            return _matcher.TryMatch(context.Request.Path, values)
                && _constraints.All(c => c.Constraint.Match(context, null, c.Parameter, values, RouteDirection.IncomingRequest));
        }
    }

    /// <summary>The answer to a Core outcome: <paramref name="answer"/> made from its value when it is ok, else its problem.</summary>
    internal static Results<TResult, ProblemHttpResult> ToResult<T, TResult>(this Outcome<T> outcome, Func<T, TResult> answer)
        where TResult : IResult =>
        outcome.IsOk ? answer(outcome.Value!) : Problem(outcome);

    /// <summary>Turns a failed Core outcome into the matching problem response.</summary>
    internal static ProblemHttpResult Problem<T>(Outcome<T> outcome) => outcome.Status switch
    {
        OutcomeStatus.NotFound => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found"),
        OutcomeStatus.Forbidden => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: string.Join(" ", outcome.Problems)),
        OutcomeStatus.Conflict => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: string.Join(" ", outcome.Problems)),
        OutcomeStatus.Unavailable => TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Unavailable", detail: string.Join(" ", outcome.Problems)),
        _ => TypedResults.Problem(
            statusCode: StatusCodes.Status400BadRequest, title: "Invalid request",
            detail: outcome.Problems.Count == 1 ? outcome.Problems[0] : $"{outcome.Problems.Count} problems: see 'problems'.",
            extensions: new Dictionary<string, object?> { ["problems"] = Located(outcome) }),
    };

    private static List<LocatedProblem> Located<T>(Outcome<T> outcome) =>
        outcome.Problems.Select((message, i) => new LocatedProblem(i < outcome.ProblemPaths.Count ? outcome.ProblemPaths[i] : null, message)).ToList();

    /// <summary>One problem of a refused request; the path points into the submitted document.</summary>
    public sealed record LocatedProblem(string? Path, string Message);
}

using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Routing.Patterns;

namespace SelligentPortal.Endpoints;

/// <summary>
/// Marks an endpoint answered for programs, not people: it never gets the portal's HTML error and
/// not-found pages or the first-run redirect. <see cref="ProblemForBareErrors"/>: an error answered
/// without a body (a value that cannot be bound) gets problem details, as the management API promises.
/// </summary>
public sealed class MachineEndpointMetadata
{
    private MachineEndpointMetadata(bool problemForBareErrors) => ProblemForBareErrors = problemForBareErrors;

    /// <summary>The management API: its bare errors become problem details.</summary>
    public static MachineEndpointMetadata Api { get; } = new(problemForBareErrors: true);

    /// <summary>Health probes and the OpenAPI document: answered as they are.</summary>
    public static MachineEndpointMetadata Probe { get; } = new(problemForBareErrors: false);

    public bool ProblemForBareErrors { get; }
}

/// <summary>Tells requests for programs (API, health, OpenAPI) from requests for people by their endpoint's metadata.</summary>
public static class MachineEndpoints
{
    private static readonly ConditionalWeakTable<EndpointDataSource, PathString[]> Areas = [];

    public static TBuilder ForMachines<TBuilder>(this TBuilder builder, MachineEndpointMetadata metadata)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(metadata);

    /// <summary>The request's <see cref="MachineEndpointMetadata"/>, or null when it is for people. Needs routing to have run.</summary>
    public static MachineEndpointMetadata? Of(HttpContext context)
    {
        if (context.GetEndpoint() is RouteEndpoint endpoint)
        {
            return endpoint.Metadata.GetMetadata<MachineEndpointMetadata>();
        }

        // No route matched (an unknown /health/… path), or routing answers 405 itself with an endpoint
        // of its own that carries no metadata (POST /openapi/v1.json). Such a request has no metadata to
        // read, so it belongs to the area whose marked routes start with its first segment: derived from
        // the routes, not a second list of prefixes. (Under /api the API's fallback matches every path.)
        var areas = Areas.GetValue(context.RequestServices.GetRequiredService<EndpointDataSource>(), MachineAreas);
        return areas.Any(area => context.Request.Path.StartsWithSegments(area)) ? MachineEndpointMetadata.Probe : null;
    }

    public static bool IsForMachines(HttpContext context) => Of(context) is not null;

    private static PathString[] MachineAreas(EndpointDataSource endpoints) => endpoints.Endpoints
        .OfType<RouteEndpoint>()
        .Where(e => e.Metadata.GetMetadata<MachineEndpointMetadata>() is not null)
        .Select(e => e.RoutePattern.PathSegments is [{ IsSimple: true, Parts: [RoutePatternLiteralPart literal] }, ..] ? "/" + literal.Content : null)
        .OfType<string>()
        .Distinct(StringComparer.OrdinalIgnoreCase)
        .Select(area => new PathString(area))
        .ToArray();
}

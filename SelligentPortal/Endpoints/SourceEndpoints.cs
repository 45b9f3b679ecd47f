using Microsoft.AspNetCore.Http.HttpResults;
using SelligentPortal.Core.Sources;

namespace SelligentPortal.Endpoints;

/// <summary><c>/api/v1/customers/{customerId}/sources</c>: sources, write keys and signing secrets.</summary>
public static class SourceEndpoints
{
    public static void MapSourceEndpoints(this RouteGroupBuilder api)
    {
        var sources = api.MapGroup("/customers/{customerId:guid}/sources").WithTags("Sources");
        sources.MapGet("/", ListSources).WithName(nameof(ListSources));
        sources.MapPost("/", CreateSource).WithName(nameof(CreateSource));
        sources.MapPatch("/{sourceId:guid}", UpdateSource).WithName(nameof(UpdateSource));
        sources.MapPost("/{sourceId:guid}/keys", CreateKey).WithName(nameof(CreateKey));
        sources.MapDelete("/{sourceId:guid}/keys/{keyId:guid}", RevokeKey).WithName(nameof(RevokeKey));
        sources.MapPost("/{sourceId:guid}/signing-secret", GenerateSigningSecret).WithName(nameof(GenerateSigningSecret));
        sources.MapDelete("/{sourceId:guid}/signing-secret", RemoveSigningSecret).WithName(nameof(RemoveSigningSecret));
    }

    /// <summary>The body of source creation.</summary>
    public sealed record CreateSourceRequest(string? Name);

    /// <summary>The body of a source change; absent members stay as they are.</summary>
    public sealed record UpdateSourceRequest(string? Name, bool? Disabled, int? RateLimitPerSecond, bool? RemoveRateLimit, bool? ServerSide);

    /// <summary>A new key: shown once.</summary>
    public sealed record CreatedKeyResponse(Guid Id, string Key, string Prefix);

    /// <summary>A new signing secret: shown once.</summary>
    public sealed record SigningSecretResponse(string SigningSecret);

    public static async Task<Results<Ok<IReadOnlyList<SourceView>>, ProblemHttpResult>> ListSources(
        Guid customerId, ApiCaller caller, SourceService sources, CancellationToken cancellationToken)
    {
        var outcome = await sources.ListAsync(caller, customerId, cancellationToken);
        return outcome.ToResult(TypedResults.Ok);
    }

    public static async Task<Results<Created<SourceView>, ProblemHttpResult>> CreateSource(
        Guid customerId, CreateSourceRequest request, ApiCaller caller, SourceService sources, CancellationToken cancellationToken)
    {
        var outcome = await sources.CreateAsync(caller, customerId, request.Name, cancellationToken);
        return outcome.ToResult(source => TypedResults.Created($"/api/v1/customers/{customerId}/sources/{source.Id}", source));
    }

    public static async Task<Results<Ok<SourceView>, ProblemHttpResult>> UpdateSource(
        Guid customerId, Guid sourceId, UpdateSourceRequest request, ApiCaller caller, SourceService sources, CancellationToken cancellationToken)
    {
        var change = new SourceChange(request.Name, request.Disabled, request.RateLimitPerSecond, request.RemoveRateLimit == true, request.ServerSide);
        var outcome = await sources.UpdateAsync(caller, customerId, sourceId, change, cancellationToken);
        return outcome.ToResult(TypedResults.Ok);
    }

    public static async Task<Results<Created<CreatedKeyResponse>, ProblemHttpResult>> CreateKey(
        Guid customerId, Guid sourceId, ApiCaller caller, SourceService sources, CancellationToken cancellationToken)
    {
        var outcome = await sources.CreateKeyAsync(caller, customerId, sourceId, cancellationToken);
        return outcome.ToResult(created => TypedResults.Created($"/api/v1/customers/{customerId}/sources/{sourceId}/keys/{created.Key.Id}",
            new CreatedKeyResponse(created.Key.Id, created.Secret, created.Key.Prefix)));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeKey(
        Guid customerId, Guid sourceId, Guid keyId, ApiCaller caller, SourceService sources, CancellationToken cancellationToken)
    {
        var outcome = await sources.RevokeKeyAsync(caller, customerId, sourceId, keyId, cancellationToken);
        return outcome.ToResult(_ => TypedResults.NoContent());
    }

    public static async Task<Results<Ok<SigningSecretResponse>, ProblemHttpResult>> GenerateSigningSecret(
        Guid customerId, Guid sourceId, ApiCaller caller, SourceService sources, CancellationToken cancellationToken)
    {
        var outcome = await sources.SetSigningSecretAsync(caller, customerId, sourceId, remove: false, cancellationToken);
        return outcome.ToResult(secret => TypedResults.Ok(new SigningSecretResponse(secret!)));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RemoveSigningSecret(
        Guid customerId, Guid sourceId, ApiCaller caller, SourceService sources, CancellationToken cancellationToken)
    {
        var outcome = await sources.SetSigningSecretAsync(caller, customerId, sourceId, remove: true, cancellationToken);
        return outcome.ToResult(_ => TypedResults.NoContent());
    }
}

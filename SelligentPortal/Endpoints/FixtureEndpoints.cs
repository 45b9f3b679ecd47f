using System.Text.Json;
using Mapster;
using Microsoft.AspNetCore.Http.HttpResults;
using SelligentPortal.Core.Configuration.Fixtures;
using SelligentPortal.Core.Configuration.Outcomes;

namespace SelligentPortal.Endpoints;

/// <summary>
/// <c>/api/v1/customers/{customerId}/configuration/fixtures</c>: a customer's regression fixtures, for
/// Admins and Relationship Managers. A failing fixture blocks publishing until fixed or accepted.
/// </summary>
public static class FixtureEndpoints
{
    public static void MapFixtureEndpoints(this RouteGroupBuilder api)
    {
        var fixtures = api.MapGroup("/customers/{customerId:guid}/configuration/fixtures").WithTags("Regression fixtures");
        fixtures.MapGet("/", ListFixtures).WithName(nameof(ListFixtures));
        fixtures.MapPost("/", CreateFixture).WithName(nameof(CreateFixture));
        fixtures.MapGet("/results", RunFixtures).WithName(nameof(RunFixtures));
        fixtures.MapGet("/{fixtureId:guid}", GetFixture).WithName(nameof(GetFixture));
        fixtures.MapPut("/{fixtureId:guid}", RenameFixture).WithName(nameof(RenameFixture));
        fixtures.MapDelete("/{fixtureId:guid}", DeleteFixture).WithName(nameof(DeleteFixture));
        fixtures.MapPost("/{fixtureId:guid}/accept", AcceptFixture).WithName(nameof(AcceptFixture));
    }

    /// <summary>A fixture in API answers; <c>event</c> and <c>expected</c> are JSON objects.</summary>
    public sealed record FixtureResponse(
        Guid Id, string Name, string Origin, DateTime ReceivedAt, JsonElement Event, JsonElement Expected,
        string CreatedBy, DateTime CreatedAt, string UpdatedBy, DateTime UpdatedAt);

    /// <summary>
    /// The body of <c>POST …/fixtures</c>: a name, and either <c>event</c> (a Segment event) or
    /// <c>eventLogId</c> (an event of the event log). <c>expected</c> defaults to what the live version
    /// makes of the event; <c>receivedAt</c> (pasted events) to now.
    /// </summary>
    public sealed record CreateFixtureRequest(string? Name, JsonElement? Event, long? EventLogId, string? Origin, JsonElement? Expected, DateTime? ReceivedAt);

    /// <summary>The body of <c>PUT …/fixtures/{fixtureId}</c>.</summary>
    public sealed record RenameFixtureRequest(string? Name);

    /// <summary>One fixture checked against the saved draft.</summary>
    public sealed record FixtureResultResponse(Guid Id, string Name, bool Passed, JsonElement Expected, JsonElement Actual, IReadOnlyList<OutcomeDifference> Differences);

    /// <summary>Every fixture checked against the saved draft.</summary>
    public sealed record FixtureRunResponse(int Total, int Passed, int Failed, IReadOnlyList<FixtureResultResponse> Results);

    public static async Task<Results<Ok<List<FixtureResponse>>, ProblemHttpResult>> ListFixtures(
        Guid customerId, ApiCaller caller, RegressionFixtureService fixtures, TypeAdapterConfig mapper, CancellationToken cancellationToken)
    {
        var outcome = await fixtures.ListAsync(caller, customerId, cancellationToken);
        return outcome.ToResult(list => TypedResults.Ok(list.Select(f => f.Adapt<FixtureResponse>(mapper)).ToList()));
    }

    public static async Task<Results<Ok<FixtureResponse>, ProblemHttpResult>> GetFixture(
        Guid customerId, Guid fixtureId, ApiCaller caller, RegressionFixtureService fixtures, TypeAdapterConfig mapper, CancellationToken cancellationToken)
    {
        var outcome = await fixtures.GetAsync(caller, customerId, fixtureId, cancellationToken);
        return outcome.ToResult(fixture => TypedResults.Ok(fixture.Adapt<FixtureResponse>(mapper)));
    }

    public static async Task<Results<Created<FixtureResponse>, ProblemHttpResult>> CreateFixture(
        Guid customerId, CreateFixtureRequest request, ApiCaller caller, RegressionFixtureService fixtures, TypeAdapterConfig mapper, CancellationToken cancellationToken)
    {
        EventOutcome? expected = null;
        if (request.Expected is { ValueKind: not JsonValueKind.Null } given && (expected = EventOutcome.FromJson(given.GetRawText())) is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid request",
                detail: "\"expected\" is an outcome: {\"status\": \"applied\", \"idsRecord\": {\"table\", \"key\", \"fields\"}, \"interactions\": [...]}, or a failure's status and reason.");
        }

        var eventJson = request.Event is { ValueKind: not JsonValueKind.Null } e ? e.GetRawText() : null;
        var outcome = await fixtures.CreateAsync(caller, customerId,
            new NewFixture(request.Name ?? "", eventJson, request.EventLogId, request.Origin, expected, request.ReceivedAt?.ToUniversalTime()), cancellationToken);
        return outcome.ToResult(fixture => TypedResults.Created($"/api/v1/customers/{customerId}/configuration/fixtures/{fixture.Id}", fixture.Adapt<FixtureResponse>(mapper)));
    }

    public static async Task<Results<Ok<FixtureResponse>, ProblemHttpResult>> RenameFixture(
        Guid customerId, Guid fixtureId, RenameFixtureRequest request, ApiCaller caller, RegressionFixtureService fixtures, TypeAdapterConfig mapper, CancellationToken cancellationToken)
    {
        var outcome = await fixtures.RenameAsync(caller, customerId, fixtureId, request.Name ?? "", cancellationToken);
        return outcome.ToResult(fixture => TypedResults.Ok(fixture.Adapt<FixtureResponse>(mapper)));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteFixture(
        Guid customerId, Guid fixtureId, ApiCaller caller, RegressionFixtureService fixtures, CancellationToken cancellationToken)
    {
        var outcome = await fixtures.DeleteAsync(caller, customerId, fixtureId, cancellationToken);
        return outcome.ToResult(_ => TypedResults.NoContent());
    }

    /// <summary>Makes the saved draft's outcome the fixture's expectation (audited with the differences).</summary>
    public static async Task<Results<Ok<FixtureResultResponse>, ProblemHttpResult>> AcceptFixture(
        Guid customerId, Guid fixtureId, ApiCaller caller, RegressionFixtureService fixtures, TypeAdapterConfig mapper, CancellationToken cancellationToken)
    {
        var outcome = await fixtures.AcceptAsync(caller, customerId, fixtureId, cancellationToken: cancellationToken);
        return outcome.ToResult(result => TypedResults.Ok(result.Adapt<FixtureResultResponse>(mapper)));
    }

    public static async Task<Results<Ok<FixtureRunResponse>, ProblemHttpResult>> RunFixtures(
        Guid customerId, ApiCaller caller, RegressionFixtureService fixtures, TypeAdapterConfig mapper, CancellationToken cancellationToken)
    {
        var outcome = await fixtures.RunAsync(caller, customerId, cancellationToken: cancellationToken);
        return outcome.ToResult(run => TypedResults.Ok(new FixtureRunResponse(run.Total, run.Passed, run.Failed, run.Results.Select(r => r.Adapt<FixtureResultResponse>(mapper)).ToList())));
    }
}

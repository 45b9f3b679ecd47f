using System.Text.Json;
using Mapster;
using SelligentPortal.Core.Configuration.Fixtures;
using SelligentPortal.Core.Configuration.Outcomes;

namespace SelligentPortal.Endpoints;

/// <summary>How Core's regression fixtures and their results become API answers; events and outcomes travel as JSON objects.</summary>
public sealed class FixtureMapsterConfig : IRegister
{
    public void Register(TypeAdapterConfig config)
    {
        config.NewConfig<FixtureView, FixtureEndpoints.FixtureResponse>()
            .Map(d => d.Event, s => Element(s.EventJson))
            .Map(d => d.Expected, s => s.Expected.ToElement())
            .Map(d => d.ReceivedAt, s => s.ReceivedAtUtc)
            .Map(d => d.CreatedAt, s => s.CreatedAtUtc)
            .Map(d => d.UpdatedAt, s => s.UpdatedAtUtc);
        config.NewConfig<FixtureResult, FixtureEndpoints.FixtureResultResponse>()
            .Map(d => d.Expected, s => s.Expected.ToElement())
            .Map(d => d.Actual, s => s.Actual.ToElement());
        config.NewConfig<OutcomeDifference, OutcomeDifference>();
        // A JSON value is handed over as it is, not copied member by member.
        config.NewConfig<JsonElement, JsonElement>().MapWith(element => element);
    }

    private static JsonElement Element(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}

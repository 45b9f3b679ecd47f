namespace SelligentPortal.Tests.Infrastructure;

/// <summary>
/// One <see cref="IngestionScenario"/> shared by a test class's tests (xunit class fixture), for tests
/// that tell their events apart by messageId and so need no database of their own.
/// </summary>
public sealed class IngestionScenarioFixture : IAsyncLifetime
{
    public IngestionScenario Scenario { get; private set; } = default!;

    public async ValueTask InitializeAsync() => Scenario = await IngestionScenario.CreateAsync();

    public ValueTask DisposeAsync() => Scenario.DisposeAsync();
}

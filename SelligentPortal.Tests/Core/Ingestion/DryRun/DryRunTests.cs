using Microsoft.Extensions.DependencyInjection;
using SelligentPortal.Core.Common;
using SelligentPortal.Core.Configuration;
using SelligentPortal.Core.Configuration.Versions;
using SelligentPortal.Core.Ingestion.DryRun;
using SelligentPortal.Core.Users;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Core.Ingestion.DryRun;

public class DryRunTests
{
    [Fact]
    public async Task DryRun_OverStoredEvents_CountsAndGroupsFailuresWithoutStoring()
    {
        await using var scenario = await IngestionScenario.CreateAsync();
        await scenario.PostAsync("/v1/identify", "{\"messageId\":\"ok\",\"userId\":\"u1\",\"traits\":{\"email\":\"a@example.com\"}}");
        await scenario.PostAsync("/v1/identify", "{\"messageId\":\"bad-1\",\"userId\":\"u2\",\"traits\":{\"email\":\"nope\"}}");
        await scenario.PostAsync("/v1/identify", "{\"messageId\":\"bad-2\",\"userId\":\"u3\",\"traits\":{\"email\":\"still nope\"}}");
        await scenario.PostAsync("/v1/page", "{\"messageId\":\"p\",\"userId\":\"u1\"}");
        var dryRun = scenario.Factory.Services.GetRequiredService<DryRunService>();
        var configurations = scenario.Factory.Services.GetRequiredService<ConfigurationService>();
        var seed = (await configurations.GetDraftAsync(IngestionScenario.System, scenario.CustomerId)).Value!.Document;
        var emailAsText = seed with
        {
            InternalDataSource = seed.InternalDataSource with
            {
                Fields = seed.InternalDataSource.Fields.Select(f => f.Name == "email_address" ? new FieldDefinition(f.Name, FieldType.Text, 100) : f).ToList(),
            },
        };
        var eventsBefore = (await scenario.EventsAsync()).Select(e => (e.MessageId, e.Status)).ToList();

        var withSeed = (await dryRun.RunAsync(IngestionScenario.System, scenario.CustomerId, seed, 100)).Value!;
        var withFix = (await dryRun.RunAsync(IngestionScenario.System, scenario.CustomerId, emailAsText, 100)).Value!;

        Assert.Equal((4, 1, 2, 1), (withSeed.Events, withSeed.Applied, withSeed.Failed, withSeed.Skipped));
        Assert.Equal(2, withSeed.Failures.Sum(f => f.Count));
        Assert.All(withSeed.Failures, f => Assert.Contains("email_address", f.Reason));
        Assert.Equal(["bad-1", "bad-2"], withSeed.Failures.SelectMany(f => f.ExampleMessageIds).Order());
        Assert.Equal((3, 0), (withFix.Applied, withFix.Failed));
        Assert.Equal(eventsBefore, (await scenario.EventsAsync()).Select(e => (e.MessageId, e.Status)));
    }

    [Fact]
    public async Task DryRun_CustomerUserOrInvalidDocument_IsRefused()
    {
        await using var scenario = await IngestionScenario.CreateAsync();
        var dryRun = scenario.Factory.Services.GetRequiredService<DryRunService>();
        var user = await scenario.Factory.CreateUserAsync("acme@example.com", PortalRoles.Customer, scenario.CustomerId);
        var seed = SeedPreset.Create();
        var invalid = seed with { InternalDataSource = seed.InternalDataSource with { Name = "9 bad" } };

        var asCustomer = await dryRun.RunAsync(await scenario.Factory.CallerOfAsync(user), scenario.CustomerId, seed, 10);
        var withInvalid = await dryRun.RunAsync(IngestionScenario.System, scenario.CustomerId, invalid, 10);
        var cancelled = dryRun.RunAsync(IngestionScenario.System, scenario.CustomerId, seed, 10, cancellationToken: new CancellationToken(canceled: true));

        Assert.Equal(OutcomeStatus.Forbidden, asCustomer.Status);
        Assert.Equal(OutcomeStatus.Invalid, withInvalid.Status);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
    }
}

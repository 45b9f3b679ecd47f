using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using SelligentPortal.Components.Pages.Configuration;
using SelligentPortal.Components.Pages.Configuration.Fixtures;
using SelligentPortal.Core.Configuration;
using SelligentPortal.Core.Configuration.Fixtures;
using SelligentPortal.Core.Configuration.Outcomes;
using SelligentPortal.Core.Configuration.Versions;
using SelligentPortal.Core.Users;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Web.Components.Configuration;

/// <summary>The editor's fixture panel and the publish dialog's fixture verdict.</summary>
public sealed class FixturePanelTests
{
    private const string Identify = """{"type":"identify","userId":"u-1","traits":{"firstName":"Ada","address":{"city":"London"}}}""";
    private const string Track = """{"type":"track","event":"Signed Up","userId":"u-1","messageId":"m-1"}""";

    /// <summary>The seed with the city read from another path: the identify fixture loses its city.</summary>
    private static ConfigurationWorkspace BrokenCity()
    {
        var workspace = new ConfigurationWorkspace(SeedPreset.Create());
        workspace.Form.InternalDataSource.Fields.Single(f => f.Name == "address_city").Mapping = MappingForm.FromPaths("traits.address.town");
        workspace.Revalidate();
        return workspace;
    }

    [Fact]
    public async Task Panel_RerunsAgainstTheWorkingCopy_ShowsTheFailureFirstWithItsDiff_AndAcceptsIt()
    {
        await using var scenario = await IngestionScenario.CreateAsync();
        var rm = await scenario.Factory.CreateUserAsync("rm@example.com", PortalRoles.RelationshipManager, managedCustomers: scenario.CustomerId);
        var service = scenario.Factory.Services.GetRequiredService<RegressionFixtureService>();
        Assert.True((await service.CreateAsync(IngestionScenario.System, scenario.CustomerId, new NewFixture("Ada identifies", Identify))).IsOk);
        Assert.True((await service.CreateAsync(IngestionScenario.System, scenario.CustomerId, new NewFixture("Ada signs up", Track))).IsOk);
        await using var ctx = PortalComponentContext.SignedIn(scenario.Factory, rm, PortalRoles.RelationshipManager, typeof(RegressionFixtureService));
        var workspace = BrokenCity();
        var set = new FixtureSet();
        set.Load((await service.ListAsync(IngestionScenario.System, scenario.CustomerId)).Value!, workspace);
        var changed = 0;
        var provider = ctx.Render<MudDialogProvider>();

        var panel = ctx.Render<FixturePanel>(p => p
            .Add(c => c.CustomerId, scenario.CustomerId).Add(c => c.Set, set).Add(c => c.Workspace, workspace)
            .Add(c => c.OnChanged, () => changed++));

        Assert.Equal("1 of 2 fixtures fail", panel.Find("[data-testid=fixture-verdict]").TextContent.Trim());
        var rows = panel.FindAll("[data-testid=fixture-row]");
        Assert.Equal(["Ada identifies", "Ada signs up"], rows.Select(r => r.GetAttribute("data-fixture")));
        Assert.NotNull(rows[0].QuerySelector("[data-testid=fixture-fail]"));
        Assert.NotNull(rows[1].QuerySelector("[data-testid=fixture-pass]"));
        Assert.Null(rows[1].QuerySelector("[data-testid=fixture-accept]"));
        var difference = rows[0].QuerySelector("[data-testid=fixture-difference]")!.TextContent;
        Assert.Contains("CUSTOMERS.address_city", difference);
        Assert.Contains("\"London\"", difference);

        panel.Find("[data-testid=fixture-accept]").Click();
        provider.WaitForAssertion(() => Assert.Contains("Accept the new outcome", provider.Markup));
        provider.FindAll("button").Single(b => b.TextContent.Trim() == "Accept").Click();

        panel.WaitForAssertion(() => Assert.Equal(1, changed));
        await using var db = scenario.Db();
        var stored = await db.RegressionFixtures.SingleAsync(f => f.Name == "Ada identifies");
        Assert.False(EventOutcome.FromJson(stored.ExpectedJson)!.IdsRecord!.Fields.ContainsKey("address_city"));
        Assert.Equal("rm@example.com", stored.UpdatedBy);
    }

    [Fact]
    public async Task Panel_WorkingCopyWithProblems_SaysTheFixturesCannotRun()
    {
        await using var scenario = await IngestionScenario.CreateAsync(publish: false);
        var rm = await scenario.Factory.CreateUserAsync("rm@example.com", PortalRoles.RelationshipManager, managedCustomers: scenario.CustomerId);
        await using var ctx = PortalComponentContext.SignedIn(scenario.Factory, rm, PortalRoles.RelationshipManager, typeof(RegressionFixtureService));
        var workspace = new ConfigurationWorkspace(SeedPreset.Create());
        var fixture = new FixtureView(Guid.NewGuid(), "Ada identifies", FixtureOrigins.Pasted, Identify, DateTime.UtcNow,
            FixtureEvaluator.Evaluate(Identify, DateTime.UtcNow, MappingCompilerOf(workspace)), "rm", DateTime.UtcNow, "rm", DateTime.UtcNow);
        workspace.Form.InternalDataSource.Fields[0].Role = null;
        workspace.Revalidate();
        var set = new FixtureSet();
        set.Load([fixture], workspace);

        var panel = ctx.Render<FixturePanel>(p => p.Add(c => c.CustomerId, scenario.CustomerId).Add(c => c.Set, set).Add(c => c.Workspace, workspace));

        Assert.NotNull(panel.Find("[data-testid=fixtures-blocked]"));
        Assert.Equal("1 fixtures, not run", panel.Find("[data-testid=fixture-verdict]").TextContent.Trim());
        Assert.Empty(panel.FindAll("[data-testid=fixture-fail]"));
    }

    [Fact]
    public async Task PublishDialog_FailingFixture_ShowsTheDiffAndCannotPublish()
    {
        await using var ctx = PortalComponentContext.WithoutDatabase();
        var provider = ctx.Render<MudDialogProvider>();
        var fixture = SeedFixture();
        var broken = BrokenCity().Document;
        var preview = new PublishPreview(4, 3, ConfigurationComparison.Compare(SeedPreset.Create(), broken), [])
        {
            Fixtures = FixtureEvaluator.Run([fixture], SelligentPortal.Core.Mapping.MappingCompiler.Compile(broken)),
        };

        _ = provider.InvokeAsync(() => PublishDialog.AskAsync(ctx.Services.GetRequiredService<IDialogService>(), preview, ConfigurationForm.FromDocument(broken), 0));

        provider.WaitForAssertion(() => Assert.Contains("1 of 1 regression fixtures fail", provider.Find("[data-testid=publish-fixtures-fail]").TextContent));
        Assert.Equal("Ada identifies", provider.Find("[data-testid=publish-failing-fixture]").TextContent);
        Assert.Contains("CUSTOMERS.address_city", provider.Find("[data-testid=fixture-difference]").TextContent);
        Assert.True(provider.Find("button[data-testid=publish-confirm]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task PublishDialog_PassingFixtures_SaysSoAndPublishes()
    {
        await using var ctx = PortalComponentContext.WithoutDatabase();
        var provider = ctx.Render<MudDialogProvider>();
        var fixture = SeedFixture();
        var preview = new PublishPreview(4, 3, ConfigurationComparison.Compare(SeedPreset.Create(), SeedPreset.Create()), [])
        {
            Fixtures = FixtureEvaluator.Run([fixture, fixture], Seed()),
        };

        _ = provider.InvokeAsync(() => PublishDialog.AskAsync(ctx.Services.GetRequiredService<IDialogService>(), preview, ConfigurationForm.FromDocument(SeedPreset.Create()), 0));

        provider.WaitForAssertion(() => Assert.Contains("All 2 regression fixtures pass", provider.Find("[data-testid=publish-fixtures-pass]").TextContent));
        Assert.False(provider.Find("button[data-testid=publish-confirm]").HasAttribute("disabled"));
    }

    /// <summary>The identify, expecting what the seed makes of it.</summary>
    private static RegressionFixture SeedFixture() => new()
    {
        Name = "Ada identifies", EventJson = Identify, ExpectedJson = FixtureEvaluator.Evaluate(Identify, DateTime.UnixEpoch, Seed()).ToJson(),
        Origin = FixtureOrigins.Pasted, CreatedBy = "rm", UpdatedBy = "rm", ReceivedAtUtc = DateTime.UnixEpoch,
    };

    private static SelligentPortal.Core.Mapping.CompiledConfiguration Seed() => SelligentPortal.Core.Mapping.MappingCompiler.Compile(SeedPreset.Create());

    private static SelligentPortal.Core.Mapping.CompiledConfiguration MappingCompilerOf(ConfigurationWorkspace workspace) => workspace.Compiled!;
}

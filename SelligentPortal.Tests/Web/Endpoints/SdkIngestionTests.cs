using System.Diagnostics;
using System.Text.Json.Nodes;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Web.Endpoints;

/// <summary>
/// Segment's own Node SDK (@segment/analytics-node, npm) against a real Kestrel host: Basic auth to
/// /v1/batch, and the stored records checked field by field. The SDK installs itself (npm ci) once per run.
/// </summary>
public class SdkIngestionTests
{
    [Fact]
    public async Task AnalyticsNode_IdentifyAndTrack_BecomeExactlyTheConfiguredRecords()
    {
        await SegmentNodeSdk.EnsureInstalledAsync();

        await using var scenario = await IngestionScenario.CreateAsync(factory: new PortalFactory().WithKestrel());
        var host = scenario.Factory.ServerAddress.ToString().TrimEnd('/');

        var start = new ProcessStartInfo("node", "send.mjs") { WorkingDirectory = SegmentNodeSdk.Folder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["SP_HOST"] = host;
        start.Environment["SP_WRITE_KEY"] = scenario.WriteKey;
        using var node = Process.Start(start)!;
        var output = await node.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var errors = await node.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await node.WaitForExitAsync(TestContext.Current.CancellationToken);

        Assert.True(node.ExitCode == 0, $"SDK run failed:\n{output}\n{errors}");
        Assert.Contains("/v1/batch", output);

        var record = Assert.Single(await scenario.IdsRecordsAsync());
        Assert.Equal("sdk-user-1", record.PrimaryKey);
        var fields = JsonNode.Parse(record.FieldsJson)!.AsObject();
        Assert.Equal(new Dictionary<string, string?>
        {
            ["customer_id"] = "sdk-user-1",
            ["email_address"] = "grace.hopper@example.com",
            ["first_name"] = "Grace",
            ["last_name"] = "Hopper",
            ["address_street_1"] = "1 Navy Way",
            ["address_city"] = "Arlington",
            ["address_state"] = "VA",
            ["address_zip"] = "22201",
            ["country"] = "USA",
        }, fields.ToDictionary(f => f.Key, f => (string?)f.Value));

        var interaction = Assert.Single(await scenario.InteractionsAsync());
        var track = JsonNode.Parse(interaction.FieldsJson)!.AsObject();
        Assert.Equal(new Dictionary<string, string?>
        {
            ["event_id"] = "sdk-track-1",
            ["customer_id"] = "sdk-user-1",
            ["event_type"] = "Plan Upgraded",
            ["event_timestamp"] = "2026-03-04T05:07:00Z",
            ["channel"] = "server",
            ["ip_address"] = "203.0.113.7",
            ["plan_name"] = "Enterprise",
            ["acct_type"] = "business",
        }, track.ToDictionary(f => f.Key, f => (string?)f.Value));
        Assert.Equal(2, (await scenario.EventsAsync()).Count);
    }
}

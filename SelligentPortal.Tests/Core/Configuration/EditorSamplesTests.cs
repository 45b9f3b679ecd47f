using SelligentPortal.Core.Configuration.Examples;

namespace SelligentPortal.Tests.Core.Configuration;

public class EditorSamplesTests
{
    private static readonly EventPathCatalog Catalog = EventPathCatalog.Build(
    [
        """{"type":"identify","userId":"u-1","traits":{"company":{"name":"Acme"},"tags":["a","b"],"empty":null,"odd key":1}}""",
    ]);

    [Theory]
    [InlineData("traits.company.name", true)]
    [InlineData("$.traits.company.name", true)]
    [InlineData("traits[\"company\"].name", true)]
    [InlineData("traits.tags[1]", true)]
    [InlineData("traits[\"odd key\"]", true)]
    [InlineData("receivedAt", true)]
    [InlineData("timestamp", true)]
    [InlineData("traits.compnay.name", false)]
    [InlineData("traits.tags[2]", false)]
    [InlineData("traits.empty", false)]
    [InlineData("traits..name", false)]
    public void IsSeen_PathInAnySpelling_TrueOnlyWhenASampleHoldsAValue(string path, bool seen) =>
        Assert.Equal(seen, Catalog.IsSeen(path));

    [Fact]
    public void Describe_RecentEvents_ToldApartByTypeNameUserAndTime()
    {
        var samples = new[]
        {
            new SampleEvent("Recent identify (2026-12-04 06:08 UTC)", """{"type":"identify","userId":"u-1","timestamp":"2026-12-04T06:08:45.123Z"}"""),
            new SampleEvent("Recent identify (2026-12-04 06:08 UTC)", """{"type":"identify","userId":"u-2","timestamp":"2026-12-04T06:08:46Z"}"""),
            new SampleEvent("Recent track (2026-12-04 06:09 UTC)", """{"type":"track","event":"Order Completed","anonymousId":"a-9"}""", "failed"),
        };

        var labels = samples.Select(SampleEventLabel.Describe).ToList();

        Assert.Equal(
            [
                "Identify · user u-1 · 2026-12-04 06:08:45 UTC",
                "Identify · user u-2 · 2026-12-04 06:08:46 UTC",
                "Track \"Order Completed\" · anonymous a-9 · 2026-12-04 06:09 UTC · failed",
            ],
            labels);
        Assert.Equal("Example: " + SegmentExamples.All[0].Name, SampleEventLabel.Describe(SegmentExamples.All[0]));
    }
}

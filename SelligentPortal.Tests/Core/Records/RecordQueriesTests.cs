using Microsoft.Extensions.DependencyInjection;
using SelligentPortal.Core.Records;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Core.Records;

/// <summary>The IDS list on more rows than a prefix filter's first look covers (real SQLite, real migrations).</summary>
public class RecordQueriesTests : IAsyncLifetime
{
    private static readonly DateTime Start = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private IngestionScenario _scenario = default!;

    public async ValueTask InitializeAsync()
    {
        _scenario = await IngestionScenario.CreateAsync();
        // Newest first: "match-new-*" among the newest rows, then 6,000 others, then "match-old-*".
        var rows = Enumerable.Range(0, 30).Select(i => Row($"match-old-{i:D2}", i))
            .Concat(Enumerable.Range(0, RecordQueries.IdsPrefixProbeRows + 1000).Select(i => Row($"other-{i:D5}", 100 + i)))
            .Concat(Enumerable.Range(0, 30).Select(i => Row($"match-new-{i:D2}", 100_000 + i)));
        await using var db = _scenario.Db();
        db.IdsRecords.AddRange(rows);
        await db.SaveChangesAsync();
    }

    public ValueTask DisposeAsync() => _scenario.DisposeAsync();

    private IdsRecord Row(string key, int second) => new()
    {
        CustomerId = _scenario.CustomerId, PrimaryKey = key, Email = key + "@example.com", FieldsJson = "{}", ConfigurationVersion = 1,
        CreatedAtUtc = Start.AddSeconds(second), UpdatedAtUtc = Start.AddSeconds(second), LastEventAtUtc = Start.AddSeconds(second),
    };

    private async Task<List<string>> AllAsync(IdsFilter filter, int limit)
    {
        var queries = _scenario.Factory.Services.GetRequiredService<RecordQueries>();
        var keys = new List<string>();
        string? cursor = null;
        do
        {
            var page = (await queries.ListIdsAsync(IngestionScenario.System, _scenario.CustomerId, filter, cursor, limit)).Value!;
            keys.AddRange(page.Items.Select(r => r.PrimaryKey));
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return keys;
    }

    [Theory]
    [InlineData(50)]
    [InlineData(25)]
    [InlineData(7)]
    public async Task ListIds_PrefixMatchesInsideAndBeyondTheFirstLook_ReturnsEveryMatchInTimeOrder(int limit)
    {
        var expected = Enumerable.Range(0, 30).Reverse().Select(i => $"match-new-{i:D2}")
            .Concat(Enumerable.Range(0, 30).Reverse().Select(i => $"match-old-{i:D2}")).ToList();

        var byKey = await AllAsync(new IdsFilter(Key: "match-"), limit);
        var byEmail = await AllAsync(new IdsFilter(Email: "match-"), limit);
        var bySearch = await AllAsync(new IdsFilter(Search: "match-"), limit);
        var oldest = await AllAsync(new IdsFilter(Search: "match-", Sort: IdsSort.Oldest), limit);

        Assert.Equal(expected, byKey);
        Assert.Equal(expected, byEmail);
        Assert.Equal(expected, bySearch);
        Assert.Equal(Enumerable.Reverse(expected), oldest);
    }
}

using System.Net;
using System.Text.Json;

namespace SelligentPortal.Tests.Infrastructure;

/// <summary>Small Segment events for tests that need traffic of a known outcome with the seed configuration.</summary>
public static class SegmentEvents
{
    public static string Identify(string messageId, string userId, string? email = null, string? firstName = null) =>
        JsonSerializer.Serialize(new { type = "identify", messageId, userId, timestamp = "2026-01-01T00:00:00Z", traits = new { email, firstName } });

    /// <summary>An Identify the seed mapping refuses (the email does not parse): logged failed.</summary>
    public static string BadEmail(string messageId, string userId) => Identify(messageId, userId, "not-an-email");

    public static string Page(string messageId, string userId) =>
        JsonSerializer.Serialize(new { type = "page", messageId, userId });

    public static string Batch(params string[] events) => "[" + string.Join(",", events) + "]";

    /// <summary>Posts a batch with the scenario's first key (or the one given) and checks it was committed.</summary>
    public static async Task PostBatchAsync(this IngestionScenario scenario, string? key, params string[] events)
    {
        var response = await scenario.PostAsync("/v1/batch", Batch(events), key);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Posts a batch to a real server (Kestrel) and checks it was committed.</summary>
    public static async Task PostBatchAsync(this HttpClient client, string key, params string[] events)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/batch") { Content = new StringContent(Batch(events), System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        var response = await client.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }
}

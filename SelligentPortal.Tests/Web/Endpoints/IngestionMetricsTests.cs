using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using SelligentPortal.Core.Ingestion.Acknowledge;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Web.Endpoints;

/// <summary>
/// The README's Metrics bullet: meter SelligentPortal.Ingestion publishes each named instrument, and
/// each counts what its name says, read with a MeterListener as dotnet-counters would.
/// </summary>
public class IngestionMetricsTests
{
    private static readonly string[] Instruments =
    [
        "selligentportal.events.accepted", "selligentportal.events.applied", "selligentportal.events.duplicate",
        "selligentportal.events.failed", "selligentportal.events.skipped", "selligentportal.events.deleted",
        "selligentportal.requests.refused", "selligentportal.ingestion.duration",
    ];

    /// <summary>Every measurement of one app's ingestion meter (other tests' apps run beside it with meters of the same name).</summary>
    private sealed class Recorder : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly List<(string Instrument, double Value, int? Status)> _measurements = [];

        public Recorder(IMeterFactory appMeters)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == IngestionMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, appMeters))
                {
                    lock (Published)
                    {
                        Published.Add(instrument.Name);
                    }

                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
            _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
            _listener.Start();
        }

        public HashSet<string> Published { get; } = [];

        public double Sum(string instrument) => Snapshot().Where(m => m.Instrument == instrument).Sum(m => m.Value);

        public List<int?> Statuses(string instrument) => Snapshot().Where(m => m.Instrument == instrument).Select(m => m.Status).Order().ToList();

        private List<(string Instrument, double Value, int? Status)> Snapshot()
        {
            lock (_measurements)
            {
                return [.. _measurements];
            }
        }

        private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            int? status = null;
            foreach (var tag in tags)
            {
                status = tag.Key == "status" ? (int?)tag.Value : status;
            }

            lock (_measurements)
            {
                _measurements.Add((instrument.Name, value, status));
            }
        }

        public void Dispose() => _listener.Dispose();
    }

    [Fact]
    public async Task Ingestion_MixedTraffic_EachInstrumentCountsItsOutcome()
    {
        await using var scenario = await IngestionScenario.CreateAsync();
        // Signed, so the delete below is accepted however strict the rules for deleting become.
        var secret = (await scenario.Sources.SetSigningSecretAsync(IngestionScenario.System, scenario.CustomerId, scenario.SourceId, remove: false)).Value!;
        using var recorder = new Recorder(scenario.Factory.Services.GetRequiredService<IMeterFactory>());
        var batch = SegmentEvents.Batch(
            SegmentEvents.Identify("m-applied", "u-1", "ann@example.com"),
            SegmentEvents.Identify("m-applied", "u-1", "ann@example.com"),
            SegmentEvents.BadEmail("m-failed", "u-2"),
            SegmentEvents.Page("m-skipped", "u-3"),
            """{"type":"delete","messageId":"m-deleted","userId":"u-4"}""");

        var first = await PostSignedAsync(scenario, batch, scenario.WriteKey, secret);
        var retry = await PostSignedAsync(scenario, batch, scenario.WriteKey, secret);
        var unknownKey = await PostSignedAsync(scenario, batch, "spk_unknown-key-0123456789abcdefghijklmnopqrstu", secret);
        var malformed = await PostSignedAsync(scenario, "{\"batch\":[", scenario.WriteKey, secret);

        Assert.Equal(
            [HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Unauthorized, HttpStatusCode.BadRequest],
            [first.StatusCode, retry.StatusCode, unknownKey.StatusCode, malformed.StatusCode]);
        Assert.Equal(Instruments.Order(), recorder.Published.Order());
        // Accepted: committed as new events, whatever their outcome; a duplicate is not a new event.
        Assert.Equal(4, recorder.Sum("selligentportal.events.accepted"));
        Assert.Equal(1, recorder.Sum("selligentportal.events.applied"));
        Assert.Equal(1 + 5, recorder.Sum("selligentportal.events.duplicate"));
        Assert.Equal(1, recorder.Sum("selligentportal.events.failed"));
        Assert.Equal(1, recorder.Sum("selligentportal.events.skipped"));
        Assert.Equal(1, recorder.Sum("selligentportal.events.deleted"));
        Assert.Equal([400, 401], recorder.Statuses("selligentportal.requests.refused"));
        Assert.Equal(2, recorder.Sum("selligentportal.requests.refused"));
        Assert.Equal([200, 200, 400, 401], recorder.Statuses("selligentportal.ingestion.duration"));
        Assert.True(recorder.Sum("selligentportal.ingestion.duration") > 0);
    }

    [Fact]
    public async Task Refused_WhileTheBodyIsRead_IsCountedWithItsDuration()
    {
        await using var scenario = await IngestionScenario.CreateAsync();
        using var recorder = new Recorder(scenario.Factory.Services.GetRequiredService<IMeterFactory>());

        // Over the 32 KB event limit: refused by the endpoint before the body reaches the ingestion service.
        var response = await scenario.PostAsync("/v1/track", "{\"event\":\"" + new string('a', 40 * 1024) + "\"}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([400], recorder.Statuses("selligentportal.requests.refused"));
        Assert.Equal([400], recorder.Statuses("selligentportal.ingestion.duration"));
    }

    private static Task<HttpResponseMessage> PostSignedAsync(IngestionScenario scenario, string body, string key, string secret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/batch") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        request.Headers.Add("X-Signature", Convert.ToHexStringLower(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body))));
        return scenario.Client.SendAsync(request);
    }
}

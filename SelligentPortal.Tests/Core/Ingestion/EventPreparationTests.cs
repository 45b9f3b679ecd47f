using System.Text;
using System.Text.Json;
using SelligentPortal.Core.Configuration;
using SelligentPortal.Core.Ingestion.Prepare;
using SelligentPortal.Core.Ingestion.Receive;
using SelligentPortal.Core.Ingestion;
using SelligentPortal.Core.Mapping;

namespace SelligentPortal.Tests.Core.Ingestion;

/// <summary>
/// A request's events from body to prepared records (parse, envelope, time correction, mapping):
/// one bad event fails alone, and what a request costs is bounded by the request.
/// </summary>
public class EventPreparationTests
{
    private static readonly DateTime ReceivedAt = new(2026, 12, 7, 12, 0, 0, DateTimeKind.Utc);
    private static readonly (int, CompiledConfiguration) Seed = (1, MappingCompiler.Compile(SeedPreset.Create()));

    private static List<PreparedEvent> PrepareAll(string body, string? impliedType = null, bool batch = true)
    {
        using var payload = SegmentPayloadParser.Parse(Encoding.UTF8.GetBytes(body), impliedType, batch);
        Assert.Null(payload.Error);
        return payload.Events.Select((e, i) => EventPreparation.Prepare(e, payload.ParsedEvent(i), payload.Envelope, Seed, ReceivedAt)).ToList();
    }

    /// <summary>The request an attacker would send: a 32 KB envelope context over 2,500 small events (~160 KB).</summary>
    private static string AmplificationBatch()
    {
        var items = string.Join(",", Enumerable.Range(0, SegmentPayloadParser.MaxBatchEvents)
            .Select(i => $$"""{"type":"track","userId":"u{{i}}","event":"E"}"""));
        return $$"""{"context":{"ip":"203.0.113.9","padding":"{{new string('x', 32 * 1024)}}"},"batch":[{{items}}]}""";
    }

    [Fact]
    public void Prepare_EnvelopeOverManyEvents_AllocatesInProportionToTheRequestNotToEventsTimesEnvelope()
    {
        var body = AmplificationBatch();
        Assert.InRange(body.Length, 140_000, SegmentPayloadParser.MaxBatchBytes);
        PrepareAll(body); // warm-up: the first call compiles and caches

        var before = GC.GetAllocatedBytesForCurrentThread();
        var prepared = PrepareAll(body);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(SegmentPayloadParser.MaxBatchEvents, prepared.Count);
        Assert.All(prepared, e => Assert.Equal(EventStatus.Applied, e.Status));
        // Copied into every event, the envelope alone would be 2,500 × 32 KB = 80 MB (an outside review saw
        // the process grow by 365 MB on this request). Kept once, the request costs ~12 MB in all (measured):
        // its events' own bytes, their messageIds and their records.
        Assert.True(allocated < 16 * 1024 * 1024, $"Preparing the request allocated {allocated:N0} bytes.");
        // Each stored event is its own bytes: none carries the envelope's context.
        Assert.All(prepared, e => Assert.True(e.Incoming.RawUtf8.Length < 200, $"{e.Incoming.RawUtf8.Length} bytes"));
        Assert.Single(prepared.Select(e => e.Incoming.Envelope).Distinct());
    }

    [Fact]
    public void Prepare_EventWithoutContext_ReadsTheEnvelopes()
    {
        var prepared = PrepareAll("""
            {"context":{"ip":"203.0.113.9"},"sentAt":"2026-01-01T00:00:10Z","batch":[
              {"type":"track","messageId":"t-1","userId":"u-1","event":"E","originalTimestamp":"2026-01-01T00:00:00Z"},
              {"type":"track","messageId":"t-2","userId":"u-1","event":"E","context":{"ip":"198.51.100.1"}}]}
            """);

        Assert.Equal("203.0.113.9", FieldOf(prepared[0], "ip_address"));
        // receivedAt - (sentAt - originalTimestamp), with sentAt from the envelope.
        Assert.Equal("\"2026-12-07T11:59:50Z\"", FieldJsonOf(prepared[0], "event_timestamp"));
        Assert.NotNull(prepared[0].Incoming.Envelope);
        // Its own context wins whole, as Segment applies the envelope.
        Assert.Equal("198.51.100.1", FieldOf(prepared[1], "ip_address"));
    }

    [Fact]
    public void Prepare_StoredEventWithItsEnvelope_MapsAsOnArrival()
    {
        var arrived = PrepareAll("""{"context":{"ip":"203.0.113.9"},"batch":[{"type":"track","messageId":"t-1","userId":"u-1","event":"E"}]}""")[0];

        var stored = IncomingEvent.Stored("t-1", "track", "E", "u-1", Encoding.UTF8.GetString(arrived.Incoming.RawUtf8),
            Encoding.UTF8.GetString(arrived.Incoming.Envelope!.Utf8));
        var replayed = EventPreparation.Prepare(stored, Seed, ReceivedAt);

        Assert.Equal("203.0.113.9", FieldOf(replayed, "ip_address"));
    }

    [Theory]
    [InlineData("\"timestamp\":10000000000000000000000000")]
    [InlineData("\"timestamp\":-10000000000000000000000000")]
    [InlineData("\"timestamp\":1e300")]
    [InlineData("\"sentAt\":10000000000000000000000000,\"originalTimestamp\":-10000000000000000000000000")]
    [InlineData("\"sentAt\":\"9999-12-31T23:59:59Z\",\"originalTimestamp\":\"0001-01-01T00:00:00Z\"")]
    [InlineData("\"sentAt\":\"0001-01-01T00:00:00Z\",\"originalTimestamp\":\"9999-12-31T23:59:59Z\"")]
    public void Prepare_TimeOutOfRange_FailsOrFallsBackWithoutThrowing(string times)
    {
        var prepared = PrepareAll($$"""{"type":"track","messageId":"t","userId":"u","event":"E",{{times}}}""", "track", batch: false).Single();

        // A timestamp that is no time fails its field; a correction off the calendar falls back to receivedAt.
        if (times.StartsWith("\"timestamp\"", StringComparison.Ordinal))
        {
            Assert.Equal(EventStatus.Failed, prepared.Status);
            Assert.Contains("event_timestamp", prepared.Reason);
        }
        else
        {
            Assert.Equal(EventStatus.Applied, prepared.Status);
            Assert.Equal(ReceivedAt, prepared.EventTimeUtc);
        }
    }

    [Fact]
    public void Prepare_StoredEventThatIsNoJson_FailsWithTheReasonInsteadOfThrowing()
    {
        var prepared = EventPreparation.Prepare(IncomingEvent.Stored("m", "track", "E", "u", "{not json"), Seed, ReceivedAt);

        Assert.Equal(EventStatus.Failed, prepared.Status);
        Assert.StartsWith("The event could not be mapped", prepared.Reason);
    }

    [Fact]
    public void Parse_BatchItemWithLoneSurrogate_FailsThatItemOnly()
    {
        var prepared = PrepareAll("""[{"type":"identify","messageId":"bad","userId":"u1","traits":{"firstName":"A\ud800"}},{"type":"identify","messageId":"good","userId":"u2"}]""");

        Assert.Equal(EventStatus.Failed, prepared[0].Status);
        Assert.Equal("bad", prepared[0].Incoming.MessageId);
        Assert.Contains("lone surrogate", prepared[0].Reason);
        Assert.Equal(EventStatus.Applied, prepared[1].Status);
    }

    [Fact]
    public void Iso8601_EpochMillisecondsBeyondTheCalendar_IsNoTime()
    {
        using var huge = JsonDocument.Parse("10000000000000000000000000");
        using var last = JsonDocument.Parse("253402300799999");

        Assert.False(Iso8601.TryFromEpochMilliseconds(huge.RootElement, out _));
        Assert.True(Iso8601.TryFromEpochMilliseconds(last.RootElement, out var utc));
        Assert.Equal(new DateTime(9999, 12, 31, 23, 59, 59, 999, DateTimeKind.Utc), utc);
    }

    private static string? FieldOf(PreparedEvent prepared, string field) =>
        JsonDocument.Parse(Assert.Single(prepared.Interactions).FieldsUtf8).RootElement.GetProperty(field).GetString();

    private static string FieldJsonOf(PreparedEvent prepared, string field) =>
        JsonDocument.Parse(Assert.Single(prepared.Interactions).FieldsUtf8).RootElement.GetProperty(field).GetRawText();
}

using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using SelligentPortal.Core.Configuration;
using SelligentPortal.Core.Mapping;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Core.Mapping;

public class CompiledConfigurationTests
{
    private static readonly CompiledConfiguration Seed = MappingCompiler.Compile(SeedPreset.Create());
    private static readonly DateTime ReceivedAt = TestConfigurations.ReceivedAt;

    public static TheoryData<string> AllSamples() => new(SegmentSamples.AllFiles());

    [Fact]
    public void Map_SpecIdentifyWithAddress_ProducesIdsRecordFieldByField()
    {
        using var sample = SegmentSamples.Parse("01-spec-identify-complete-with-address.json");

        var result = Seed.Map(sample.RootElement, ReceivedAt);

        Assert.Equal(MappingOutcome.Mapped, result.Outcome);
        Assert.Equal("identify", result.EventType);
        var record = Assert.Single(result.Records);
        Assert.Equal("CUSTOMERS", record.Table);
        Assert.Equal(TableKind.InternalDataSource, record.Kind);
        Assert.Equal(
            [
                ("customer_id", FieldType.Text, "97980cfea0067"),
                ("email_address", FieldType.Email, "peter@example.com"),
                ("address_street_1", FieldType.Text, "6th St"),
                ("address_city", FieldType.Text, "San Francisco"),
                ("address_state", FieldType.Text, "CA"),
                ("address_zip", FieldType.Text, "94103"),
                ("country", FieldType.Text, "USA"),
            ],
            record.Fields.Select(f => (f.Name, f.Type, f.Value.AsString())));
        Assert.Equal("97980cfea0067", record.PrimaryKey.AsString());
        Assert.Null(record.RecipientKey);
    }

    [Fact]
    public void Map_SpecTrackComplete_ProducesExtensionRecordWithEventTimestamp()
    {
        using var sample = SegmentSamples.Parse("03-spec-track-complete.json");

        var result = Seed.Map(sample.RootElement, ReceivedAt);

        Assert.Equal(MappingOutcome.Mapped, result.Outcome);
        var record = Assert.Single(result.Records);
        Assert.Equal("EVENTS", record.Table);
        Assert.Equal(TableKind.InteractionExtension, record.Kind);
        Assert.Equal(["event_id", "customer_id", "event_type", "event_timestamp", "ip_address"], record.Fields.Select(f => f.Name));
        Assert.Equal("ajs-f8ca1e4de5024d9430b3928bd8ac6b96", record.PrimaryKey.AsString());
        Assert.Equal("AiUGstSDIg", record.RecipientKey!.Value.AsString());
        Assert.True(record.TryGetValue("event_type", out var eventType));
        Assert.Equal("Course Clicked", eventType.AsString());
        Assert.True(record.TryGetValue("event_timestamp", out var timestamp));
        Assert.Equal(new DateTime(2015, 12, 12, 19, 11, 1, 249, DateTimeKind.Utc), timestamp.AsDateTime());
        Assert.True(record.TryGetValue("ip_address", out var ip));
        Assert.Equal("108.0.78.21", ip.AsString());
    }

    [Fact]
    public void Map_HttpApiTrackWithoutMessageId_FailsNamingEventId()
    {
        using var sample = SegmentSamples.Parse("18-http-api-track-revenue.json");

        var result = Seed.Map(sample.RootElement, ReceivedAt, eventType: "track");

        Assert.Equal(MappingOutcome.Failed, result.Outcome);
        var error = Assert.Single(result.Errors);
        Assert.Equal("EVENTS", error.Table);
        Assert.Equal("event_id", error.Field);
        Assert.Equal("EVENTS.event_id: a value is required but the event has none", error.ToString());
    }

    [Fact]
    public void Map_HttpApiTrackWithMessageId_MapsTimestampAndRecipient()
    {
        var json = SegmentSamples.ReadText("18-http-api-track-revenue.json").Replace("\"userId\"", "\"messageId\": \"m-18\", \"userId\"", StringComparison.Ordinal);
        using var sample = JsonDocument.Parse(json);

        var result = Seed.Map(sample.RootElement, ReceivedAt, eventType: "track");

        var record = Assert.Single(result.Records);
        Assert.Equal("019mr8mf4r", record.RecipientKey!.Value.AsString());
        Assert.True(record.TryGetValue("event_type", out var eventType));
        Assert.Equal("Item Purchased", eventType.AsString());
        Assert.True(record.TryGetValue("event_timestamp", out var timestamp));
        Assert.Equal(new DateTime(2012, 12, 2, 0, 30, 12, 984, DateTimeKind.Utc), timestamp.AsDateTime());
    }

    [Fact]
    public void Map_EventTypeArgument_OverridesTypeProperty()
    {
        using var sample = SegmentSamples.Parse("02-spec-identify-minimal.json");

        var result = Seed.Map(sample.RootElement, ReceivedAt, eventType: "Page");

        Assert.Equal(MappingOutcome.Skipped, result.Outcome);
        Assert.Equal("page", result.EventType);
    }

    [Fact]
    public void Map_IdentifyWithoutEmail_OmitsEmailAndSucceeds()
    {
        using var sample = JsonDocument.Parse("""{"type":"identify","userId":"u1","traits":{"firstName":"Ann"}}""");

        var result = Seed.Map(sample.RootElement, ReceivedAt);

        var record = Assert.Single(result.Records);
        Assert.Equal(["customer_id", "first_name"], record.Fields.Select(f => f.Name));
    }

    [Fact]
    public void Map_ContextTraitsEmail_IsUsedAsFallbackAndLowercased()
    {
        using var sample = JsonDocument.Parse("""{"type":"identify","userId":"u1","traits":{"email":""},"context":{"traits":{"email":"  Ann@Example.COM "}}}""");

        var result = Seed.Map(sample.RootElement, ReceivedAt);

        Assert.Equal("ann@example.com", result.Value("email_address").AsString());
    }

    [Fact]
    public void Map_Page_IsSkipped()
    {
        using var sample = SegmentSamples.Parse("05-spec-page-complete.json");

        var result = Seed.Map(sample.RootElement, ReceivedAt);

        Assert.Equal(MappingOutcome.Skipped, result.Outcome);
        Assert.Equal("page", result.EventType);
        Assert.Empty(result.Records);
        Assert.Empty(result.Errors);
    }

    [Fact]
    public void Map_TrackMatchingNoExtension_IsSkippedWithReason()
    {
        var document = SeedPreset.Create();
        document = document with
        {
            InteractionExtensions = [document.InteractionExtensions[0] with { Events = ["Order Completed"] }],
        };
        var compiled = MappingCompiler.Compile(document);
        using var sample = SegmentSamples.Parse("03-spec-track-complete.json");

        var result = compiled.Map(sample.RootElement, ReceivedAt);

        Assert.Equal(MappingOutcome.Skipped, result.Outcome);
        Assert.Equal("No interaction extension takes the Track event 'Course Clicked'.", result.SkipReason);
    }

    [Fact]
    public void Map_TrackFilter_IsExactAndCaseSensitivePerExtension()
    {
        var seed = SeedPreset.Create();
        var events = seed.InteractionExtensions[0];
        var document = seed with
        {
            InteractionExtensions =
            [
                events with { Name = "CLICKS", Events = ["Course Clicked"] },
                events with { Name = "CLICKS_LOWER", Events = ["course clicked"] },
                events with { Name = "ALL_EVENTS", Events = [] },
            ],
        };
        var compiled = MappingCompiler.Compile(document);
        using var sample = SegmentSamples.Parse("03-spec-track-complete.json");

        var result = compiled.Map(sample.RootElement, ReceivedAt);

        Assert.Equal(["CLICKS", "ALL_EVENTS"], result.Records.Select(r => r.Table));
    }

    [Fact]
    public void Map_OneExtensionFails_FailsEventButKeepsTheOtherRecord()
    {
        var seed = SeedPreset.Create();
        var events = seed.InteractionExtensions[0];
        var strict = events with
        {
            Name = "STRICT",
            Mapping = FieldMappings.Create(events.Mapping.Select(m =>
                m.Key == "plan_name" ? new KeyValuePair<string, FieldMapping>(m.Key, m.Value with { Required = true }) : m)),
        };
        var compiled = MappingCompiler.Compile(seed with { InteractionExtensions = [events, strict] });
        using var sample = SegmentSamples.Parse("03-spec-track-complete.json");

        var result = compiled.Map(sample.RootElement, ReceivedAt);

        Assert.Equal(MappingOutcome.Failed, result.Outcome);
        Assert.Equal("STRICT.plan_name: a value is required but the event has none", Assert.Single(result.Errors).ToString());
        Assert.Equal("EVENTS", Assert.Single(result.Records).Table);
    }

    [Fact]
    public void Map_TimestampAbsentWithSentAtAndOriginal_CorrectsClockSkew()
    {
        using var sample = JsonDocument.Parse(
            """{"type":"track","event":"E","messageId":"m1","userId":"u1","receivedAt":"2000-01-01T00:00:00Z","sentAt":"2015-12-12T19:11:01.169Z","originalTimestamp":"2015-12-12T19:11:01.152Z"}""");

        var result = Seed.Map(sample.RootElement, ReceivedAt);

        Assert.Equal(ReceivedAt.AddMilliseconds(-17), result.Value("event_timestamp").AsDateTime());
    }

    [Fact]
    public void Map_TimestampAbsentWithOnlySentAt_UsesReceivedAt()
    {
        using var sample = JsonDocument.Parse("""{"type":"track","event":"E","messageId":"m1","userId":"u1","sentAt":"2015-12-12T19:11:01.169Z"}""");

        var result = Seed.Map(sample.RootElement, ReceivedAt);

        Assert.Equal(ReceivedAt, result.Value("event_timestamp").AsDateTime());
    }

    [Fact]
    public void Map_TimestampAbsentWithOnlyOriginalTimestamp_UsesReceivedAt()
    {
        using var sample = JsonDocument.Parse("""{"type":"track","event":"E","messageId":"m1","userId":"u1","originalTimestamp":"2015-12-12T19:11:01.152Z"}""");

        var result = Seed.Map(sample.RootElement, ReceivedAt);

        Assert.Equal(ReceivedAt, result.Value("event_timestamp").AsDateTime());
    }

    [Fact]
    public void Map_TimestampPresent_WinsOverCorrection()
    {
        using var sample = JsonDocument.Parse(
            """{"type":"track","event":"E","messageId":"m1","userId":"u1","timestamp":"2020-05-05T05:05:05+02:00","sentAt":"2015-12-12T19:11:01.169Z","originalTimestamp":"2015-12-12T19:11:01.152Z"}""");

        var result = Seed.Map(sample.RootElement, ReceivedAt);

        Assert.Equal(new DateTime(2020, 5, 5, 3, 5, 5, DateTimeKind.Utc), result.Value("event_timestamp").AsDateTime());
    }

    [Fact]
    public void Map_ReceivedAtPath_ResolvesToServerTimeNotEventValue()
    {
        var field = new FieldDefinition("received", FieldType.Datetime);

        var result = TestConfigurations.MapIdentify(field, FieldMapping.FromPaths("receivedAt"),
            """{"type":"identify","userId":"u1","receivedAt":"1999-01-01T00:00:00Z"}""");

        Assert.Equal(ReceivedAt, result.Value("received").AsDateTime());
    }

    [Fact]
    public void Map_DoesNotMutateInput()
    {
        const string Json = """{"type":"track","event":"E","messageId":"m1","userId":"u1"}""";
        using var sample = JsonDocument.Parse(Json);

        Seed.Map(sample.RootElement, ReceivedAt);

        Assert.Equal(Json, sample.RootElement.GetRawText());
    }

    [Theory]
    [InlineData("[1,2,3]")]
    [InlineData("42")]
    [InlineData("\"identify\"")]
    [InlineData("null")]
    [InlineData("true")]
    public void Map_NonObjectRoot_FailsWithoutThrowing(string json)
    {
        using var garbage = JsonDocument.Parse(json);

        var result = Seed.Map(garbage.RootElement, ReceivedAt);

        Assert.Equal(MappingOutcome.Failed, result.Outcome);
        Assert.Equal("The event is not a JSON object.", Assert.Single(result.Errors).Message);
    }

    [Fact]
    public void Map_DeeplyNestedArrayRoot_FailsWithoutThrowing()
    {
        var json = new StringBuilder().Append('[', 60).Append(']', 60).ToString();
        using var garbage = JsonDocument.Parse(json);

        var result = Seed.Map(garbage.RootElement, ReceivedAt);

        Assert.Equal(MappingOutcome.Failed, result.Outcome);
    }

    [Fact]
    public void Map_DeeplyNestedTraits_FailsOnlyTheFieldsThatDoNotFit()
    {
        var nested = new StringBuilder().Insert(0, "{\"a\":", 50).Append('1').Append('}', 50).ToString();
        using var sample = JsonDocument.Parse("""{"type":"identify","userId":"u1","traits":{"email":""" + nested + ""","address":[1,2]}}""");

        var result = Seed.Map(sample.RootElement, ReceivedAt);

        Assert.Equal(MappingOutcome.Failed, result.Outcome);
        Assert.Equal("email_address", Assert.Single(result.Errors).Field);
    }

    [Fact]
    public void Map_DefaultJsonElement_FailsWithoutThrowing()
    {
        var result = Seed.Map(default, ReceivedAt);

        Assert.Equal(MappingOutcome.Failed, result.Outcome);
    }

    [Theory]
    [InlineData("""{"userId":"u1"}""", "The event has no 'type' (identify, track, page, screen, group, alias or delete).")]
    [InlineData("""{"type":5,"userId":"u1"}""", "The event has no 'type' (identify, track, page, screen, group, alias or delete).")]
    [InlineData("""{"type":"purchase","userId":"u1"}""", "Unknown event type 'purchase'; expected identify, track, page, screen, group, alias or delete.")]
    public void Map_MissingOrUnknownType_Fails(string json, string message)
    {
        using var sample = JsonDocument.Parse(json);

        var result = Seed.Map(sample.RootElement, ReceivedAt);

        Assert.Equal(MappingOutcome.Failed, result.Outcome);
        Assert.Equal(message, Assert.Single(result.Errors).Message);
    }

    [Fact]
    public void Map_IdentifyWithWrongShapes_ReportsEveryFieldAndNeverThrows()
    {
        using var sample = JsonDocument.Parse("""{"type":"identify","userId":{"id":1},"traits":{"email":"not-an-email","address":"flat"}}""");

        var result = Seed.Map(sample.RootElement, ReceivedAt);

        Assert.Equal(MappingOutcome.Failed, result.Outcome);
        Assert.Equal(
            ["CUSTOMERS.email_address: 'not-an-email' is not a valid email address"],
            result.Errors.Select(e => e.ToString()));
    }

    [Theory]
    [MemberData(nameof(AllSamples))]
    public void Map_EverySample_NeverThrowsAndSaysWhy(string file)
    {
        using var sample = SegmentSamples.Parse(file);

        var result = Seed.Map(sample.RootElement, ReceivedAt);

        Assert.True(result.Outcome == MappingOutcome.Mapped ? result.Records.Count > 0 : result.Errors.Count > 0 || result.SkipReason is not null);
    }

    [Fact]
    public void WriteFieldsTo_EveryType_WritesApiJson()
    {
        var document = new ConfigurationDocument
        {
            InternalDataSource = new InternalDataSourceDefinition
            {
                Name = "T",
                Fields =
                [
                    new("id", FieldType.Integer, null, FieldRole.PrimaryKey),
                    new("score", FieldType.Float),
                    new("born", FieldType.Date),
                    new("seen", FieldType.Datetime),
                    new("mail", FieldType.Email),
                    new("phone", FieldType.Sms),
                    new("note", FieldType.Text, 10),
                ],
                Mapping = FieldMappings.Create(
                    ("id", FieldMapping.FromPaths("traits.id")),
                    ("score", FieldMapping.FromPaths("traits.score")),
                    ("born", FieldMapping.FromPaths("traits.born")),
                    ("seen", FieldMapping.FromPaths("traits.seen")),
                    ("mail", FieldMapping.FromPaths("traits.mail")),
                    ("phone", FieldMapping.FromPaths("traits.phone")),
                    ("note", new FieldMapping { Value = TestConfigurations.Json("\"hi \\\"x\\\"\"") })),
            },
        };
        using var sample = JsonDocument.Parse(
            """{"type":"identify","traits":{"id":"42","score":"2.5","born":"1990-05-01","seen":"2024-01-02T03:04:05.123456789+01:00","mail":"a@b.co","phone":"+31 (6) 1234-5678"}}""");
        var record = MappingCompiler.Compile(document).Map(sample.RootElement, ReceivedAt).Records[0];
        var buffer = new MemoryStream();

        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            record.WriteFieldsTo(writer);
        }

        Assert.Equal(
            """{"id":42,"score":2.5,"born":"1990-05-01","seen":"2024-01-02T02:04:05.1234567Z","mail":"a@b.co","phone":"+31612345678","note":"hi \"x\""}""",
            Encoding.UTF8.GetString(buffer.ToArray()));
        Assert.Equal(42L, record.PrimaryKey.AsInt64());
    }

    [Fact]
    public void Map_ManySharedPrefixesInAnySpelling_ResolveLikeUncachedPaths()
    {
        // 20 groups share prefixes: more than the 16 cached slots, so some resolve from the root.
        var fields = new List<FieldDefinition> { new("customer_id", FieldType.Text, 64, FieldRole.PrimaryKey) };
        var mappings = new List<(string, FieldMapping)> { ("customer_id", FieldMapping.FromPaths("userId")) };
        var traits = new StringBuilder();
        for (var i = 0; i < 20; i++)
        {
            fields.Add(new($"f{i}", FieldType.Text, 20));
            mappings.Add(($"f{i}", FieldMapping.FromPaths($"$.traits.g{i}.x", $"traits[\"g{i}\"]['y']")));
            traits.Append(i == 0 ? string.Empty : ",").Append(i % 3 == 0 ? $"\"g{i}\":\"flat\"" : i % 3 == 1 ? $"\"g{i}\":{{\"x\":\"x{i}\"}}" : $"\"g{i}\":{{\"y\":\"y{i}\"}}");
        }

        var document = new ConfigurationDocument
        {
            InternalDataSource = new InternalDataSourceDefinition { Name = "T", Fields = fields, Mapping = FieldMappings.Create([.. mappings]) },
        };
        using var sample = JsonDocument.Parse("{\"type\":\"identify\",\"userId\":\"u\",\"traits\":{" + traits + "}}");

        var record = Assert.Single(MappingCompiler.Compile(document).Map(sample.RootElement, ReceivedAt).Records);

        for (var i = 0; i < 20; i++)
        {
            var expected = i % 3 == 0 ? null : i % 3 == 1 ? $"x{i}" : $"y{i}";
            Assert.Equal(expected, record.TryGetValue($"f{i}", out var value) ? value.AsString() : null);
        }
    }

    [Fact]
    public void Compile_InvalidDocument_ThrowsListingProblems()
    {
        var document = SeedPreset.Create();
        document = document with { InternalDataSource = document.InternalDataSource with { Name = "1bad" } };

        var exception = Assert.Throws<ArgumentException>(() => MappingCompiler.Compile(document));

        Assert.Contains("$.internalDataSource.name", exception.Message, StringComparison.Ordinal);
    }
}

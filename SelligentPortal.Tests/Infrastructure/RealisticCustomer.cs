using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SelligentPortal.Core.Configuration;
using SelligentPortal.Core.Configuration.Versions;
using SelligentPortal.Core.Users;

namespace SelligentPortal.Tests.Infrastructure;

/// <summary>
/// A customer as people really have them, for browser tests and screenshots: a 22-field IDS, two
/// extensions (EVENTS for every Track, ORDERS for "Order Completed"), published, and about 300 events,
/// some failing (invalid emails; every Order Completed, which lacks the order id ORDERS requires).
/// </summary>
public static class RealisticCustomer
{
    public const string ManagerEmail = "rm@example.com";
    public const string CustomerEmail = "customer@example.com";
    public const int Identifies = 120;
    public const int BadEmails = 8;
    public const int Tracks = 146;
    public const int FailingOrders = 34;

    /// <summary>The document: the seed IDS grown to 22 fields, EVENTS, and ORDERS.</summary>
    public static ConfigurationDocument Document()
    {
        var seed = SeedPreset.Create();
        var ids = seed.InternalDataSource;
        var extra = new (FieldDefinition Field, FieldMapping Mapping)[]
        {
            (new("phone", FieldType.Sms), FieldMapping.FromPaths("traits.phone")),
            (new("birthday", FieldType.Date), FieldMapping.FromPaths("traits.birthday")),
            (new("gender", FieldType.Text, 20), FieldMapping.FromPaths("traits.gender")),
            (new("plan", FieldType.Text, 50), FieldMapping.FromPaths("traits.plan")),
            (new("loyalty_tier", FieldType.Text, 20), FieldMapping.FromPaths("traits.loyalty.tier") with { Transforms = [TransformDefinition.Named("uppercase")] }),
            (new("company_name", FieldType.Text, 200), FieldMapping.FromPaths("traits.company.name")),
            (new("signup_date", FieldType.Datetime), FieldMapping.FromPaths("traits.createdAt")),
            (new("lifetime_value", FieldType.Float), FieldMapping.FromPaths("traits.ltv") with { Default = JsonSerializer.SerializeToElement(0) }),
            (new("orders_count", FieldType.Integer), FieldMapping.FromPaths("traits.orders")),
            (new("newsletter", FieldType.Text, 10), FieldMapping.FromPaths("traits.newsletter")),
            (new("preferred_language", FieldType.Text, 10), FieldMapping.FromPaths("context.locale")),
            (new("customer_hash", FieldType.Text, 64), FieldMapping.FromPaths("traits.email") with { Transforms = [TransformDefinition.Named("trim"), TransformDefinition.Named("lowercase"), TransformDefinition.Named("sha256")] }),
        };
        var orders = new InteractionExtensionDefinition
        {
            Name = "ORDERS",
            Events = ["Order Completed"],
            Fields =
            [
                new("order_id", FieldType.Text, 64, FieldRole.PrimaryKey),
                new("customer_id", FieldType.Text, 64, FieldRole.RecipientKey),
                new("event_type", FieldType.Text, 100, FieldRole.EventType),
                new("ordered_at", FieldType.Datetime, null, FieldRole.EventTimestamp),
                new("total", FieldType.Float),
                new("currency", FieldType.Text, 3),
            ],
            Mapping = FieldMappings.Create(
                ("order_id", FieldMapping.FromPaths("properties.order_id")),
                ("customer_id", FieldMapping.FromPaths("userId")),
                ("event_type", FieldMapping.FromPaths("event")),
                ("ordered_at", FieldMapping.FromPaths("timestamp")),
                ("total", FieldMapping.FromPaths("properties.total", "properties.revenue")),
                ("currency", FieldMapping.FromPaths("properties.currency") with { Transforms = [TransformDefinition.Named("uppercase")] })),
        };
        return seed with
        {
            InternalDataSource = ids with
            {
                Fields = [.. ids.Fields, .. extra.Select(e => e.Field)],
                Mapping = FieldMappings.Create(ids.Mapping.Concat(extra.Select(e => KeyValuePair.Create(e.Field.Name, e.Mapping)))),
            },
            InteractionExtensions = [.. seed.InteractionExtensions, orders],
        };
    }

    /// <summary>A Kestrel-hosted portal with the customer published, its events sent, an RM and a Customer user.</summary>
    public static async Task<IngestionScenario> CreateAsync()
    {
        var scenario = await IngestionScenario.CreateAsync(publish: false, factory: new PortalFactory().WithKestrel());
        var configurations = scenario.Factory.Services.GetRequiredService<ConfigurationService>();
        var saved = await configurations.SaveDraftAsync(IngestionScenario.System, scenario.CustomerId, Document(), null);
        Assert.True(saved.IsOk, string.Join(" ", saved.Problems));
        Assert.True((await configurations.PublishAsync(IngestionScenario.System, scenario.CustomerId, "22 fields, EVENTS and ORDERS")).IsOk);
        await scenario.Factory.CreateUserAsync(ManagerEmail, PortalRoles.RelationshipManager, null, scenario.CustomerId);
        await scenario.Factory.CreateUserAsync(CustomerEmail, PortalRoles.Customer, scenario.CustomerId);
        var events = new List<string>();
        for (var i = 1; i <= Identifies; i++)
        {
            events.Add(Identify(i, bad: i % (Identifies / BadEmails) == 0));
        }

        string[] names = ["Product Viewed", "Product Added", "Checkout Started", "Newsletter Signed Up"];
        for (var i = 1; i <= Tracks - FailingOrders; i++)
        {
            events.Add(Track(i, names[i % names.Length], new { product_id = "SKU-" + (1000 + i).ToString(CultureInfo.InvariantCulture), price = 19.99 + i }));
        }

        for (var i = 1; i <= FailingOrders; i++)
        {
            // No order_id: ORDERS requires it, so every one of these fails.
            events.Add(Track(1000 + i, "Order Completed", new { total = 40.5 + i, currency = "eur", checkout = "c-" + i.ToString(CultureInfo.InvariantCulture) }));
        }

        using var http = new HttpClient { BaseAddress = scenario.Factory.ServerAddress };
        foreach (var batch in events.Chunk(100))
        {
            await http.PostBatchAsync(scenario.WriteKey, batch);
        }

        return scenario;
    }

    /// <summary>On the configuration page's Schema tab: adds field 23 to the IDS and names it.</summary>
    public static async Task AddIdsFieldAsync(Microsoft.Playwright.IPage page, string name)
    {
        var fields = page.Locator("[data-testid=table-ids] [data-testid=field-row]");
        await page.Locator("[data-testid=table-ids] [data-testid=add-field]").ClickAsync();
        await Microsoft.Playwright.Assertions.Expect(fields).ToHaveCountAsync(23);
        await fields.Last.Locator("input[data-testid=field-name]").FillAsync(name);
    }

    /// <summary>Adds the IDS field customer_segment and maps it from traits.segment (on the Mapping tab), unsaved.</summary>
    public static async Task AddSegmentFieldAsync(Microsoft.Playwright.IPage page)
    {
        await AddIdsFieldAsync(page, "customer_segment");
        await page.Locator(".mud-tab", new Microsoft.Playwright.PageLocatorOptions { HasText = "Mapping" }).ClickAsync();
        var path = page.Locator("[data-testid=mapping-row][data-field=customer_segment] input[data-testid=mapping-path]");
        await path.FillAsync("traits.segment");
        await path.PressAsync("Tab");
    }

    private static string User(int i) => "u-" + i.ToString("000", CultureInfo.InvariantCulture);

    private static string Time(int i) => new DateTime(2026, 12, 1, 8, 0, 0, DateTimeKind.Utc).AddMinutes(i * 7).ToString("o", CultureInfo.InvariantCulture);

    private static string Identify(int i, bool bad)
    {
        string[] first = ["Anna", "Bram", "Chloé", "Dirk", "Eva", "Femke", "Gust", "Hanne"];
        string[] last = ["Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens"];
        string[] cities = ["Ghent", "Antwerp", "Leuven", "Bruges", "Brussels"];
        var name = first[i % first.Length];
        var surname = last[(i / 3) % last.Length];
        return JsonSerializer.Serialize(new
        {
            type = "identify",
            messageId = "id-" + i.ToString("000", CultureInfo.InvariantCulture),
            userId = User(i),
            timestamp = Time(i),
            context = new { locale = "nl-BE", ip = "81.82.83." + (i % 250).ToString(CultureInfo.InvariantCulture) },
            traits = new
            {
                email = bad ? $"{name.ToLowerInvariant()} at example" : $"{name.ToLowerInvariant()}.{surname.ToLowerInvariant()}{i}@example.com",
                firstName = name,
                lastName = surname,
                phone = "+32 470 12 34 " + (i % 100).ToString("00", CultureInfo.InvariantCulture),
                birthday = $"19{70 + (i % 30)}-0{1 + (i % 9)}-1{i % 10}",
                gender = i % 2 == 0 ? "female" : "male",
                plan = i % 3 == 0 ? "premium" : "basic",
                loyalty = new { tier = i % 4 == 0 ? "gold" : "silver" },
                company = new { name = i % 5 == 0 ? "Brouwerij De Koninck" : "Acme Retail NV" },
                createdAt = Time(i - 400),
                ltv = 120.5 + i,
                orders = i % 12,
                newsletter = i % 2 == 0 ? "yes" : "no",
                segment = i % 2 == 0 ? "frequent buyer" : "occasional",
                address = new { street = $"Kerkstraat {i}", city = cities[i % cities.Length], postalCode = "9000", country = "BE" },
            },
        });
    }

    private static string Track(int i, string name, object properties) =>
        JsonSerializer.Serialize(new
        {
            type = "track",
            messageId = "tr-" + i.ToString("0000", CultureInfo.InvariantCulture),
            userId = User(1 + (i % Identifies)),
            @event = name,
            timestamp = Time(i),
            context = new { channel = "web", ip = "81.82.83.1" },
            properties,
        });
}

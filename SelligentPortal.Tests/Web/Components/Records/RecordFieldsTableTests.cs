using System.Text.Json;
using Bunit;
using SelligentPortal.Components.Pages.Records;
using SelligentPortal.Core.Ingestion;
using SelligentPortal.Core.Records;
using SelligentPortal.Tests.Infrastructure;

namespace SelligentPortal.Tests.Web.Components.Records;

public class RecordFieldsTableTests
{
    [Fact]
    public async Task RecordFieldsTable_Writers_EachFieldSaysWhichEventAndVersionWroteIt()
    {
        await using var ctx = PortalComponentContext.WithoutDatabase();
        var customer = Guid.NewGuid();
        var v2 = new EventSummary(9, Guid.NewGuid(), "b", "identify", null, "ann", new DateTime(2026, 12, 2, 10, 0, 0, DateTimeKind.Utc), EventStatus.Applied, null, 2, null);

        var cut = ctx.Render<RecordFieldsTable>(p => p
            .Add(t => t.Fields, JsonSerializer.SerializeToElement(new { customer_id = "ann", plan = "gold", first_name = "Ann" }))
            .Add(t => t.SchemaOrder, ["customer_id", "first_name", "plan"])
            .Add(t => t.CustomerId, customer)
            .Add(t => t.Writers, [new FieldWriter("plan", v2), new FieldWriter("first_name", null), new FieldWriter("customer_id", v2)]));

        Assert.Equal("2026-12-02 10:00:00 · version 2", cut.Find("[data-testid=writer-plan]").TextContent.Trim());
        Assert.Equal($"customers/{customer}/events/9", cut.Find("[data-testid=writer-plan] a").GetAttribute("href"));
        Assert.Equal("not known (payload purged)", cut.Find("[data-testid=writer-first_name]").TextContent.Trim());
    }
}

using System.Net;
using System.Text.RegularExpressions;
using SelligentPortal.Tests.Infrastructure;
using static SelligentPortal.Tests.Web.Pages.PortalPagesFixture;

namespace SelligentPortal.Tests.Web.Pages;

/// <summary>
/// Every page against every role, as the server answers the first request for it. The customer user and
/// the assigned Relationship Manager belong to Acme; Globex is the other customer, so its pages must look
/// like pages that do not exist. Access checks of single pages belong here as rows, not in the pages'
/// own tests, which check what a page shows.
/// </summary>
[Collection(nameof(PortalPages))]
public partial class PageAccessTests(PortalPagesFixture fixture)
{
    private const string Ok = "ok";
    private const string Login = "login";
    private const string Denied = "denied";
    private const string NotFound = "notfound";
    private const string RedirectTo = "redirect:";

    /// <summary>The pages under a customer: Acme's and the same page of Globex; what Acme's customer user gets.</summary>
    private static readonly (string Acme, string Globex, string ForCustomer)[] CustomerPages =
    [
        ("", "", Ok),
        ("/configuration", "/configuration", Ok),
        ("/configuration/shadow", "/configuration/shadow", Denied),
        ("/sources", "/sources", Ok),
        ("/records", "/records", Ok),
        ("/records/ids/ann", "/records/ids/globex-vip", Ok),
        ("/records/interactions/EVENTS/a-2", "/records/interactions/EVENTS/g-2", Ok),
        ("/events", "/events", Ok),
        ("/events?status=failed", "/events?status=failed", Ok),
        ("/events/{acme-event}", "/events/{globex-event}", Ok),
        ("/failures", "/failures", Ok),
    ];

    public static TheoryData<string, string, string> Matrix()
    {
        // page, who, expected: "ok", "login" (sent to sign in), "denied" (sent to access denied),
        // "notfound" (the HTML 404 page, nothing of the customer in it) or "redirect:" and the target
        var matrix = new TheoryData<string, string, string>
        {
            { "/", Anonymous, Login },
            { "/", Customer, Ok },
            { "/", Manager, Ok },
            { "/", UnassignedManager, Ok },
            { "/", Admin, Ok },
            { "/customers", Anonymous, Login },
            { "/customers", Customer, Denied },
            { "/customers", Manager, Ok },
            { "/customers", UnassignedManager, Ok },
            { "/customers", Admin, Ok },
            { "/admin/users", Anonymous, Login },
            { "/admin/users", Customer, Denied },
            { "/admin/users", Manager, Denied },
            { "/admin/users", UnassignedManager, Denied },
            { "/admin/users", Admin, Ok },
            { "/audit", Anonymous, Login },
            { "/audit", Customer, Denied },
            { "/audit", Manager, Ok },
            { "/audit", UnassignedManager, Ok },
            { "/audit", Admin, Ok },
            { "/profile/api-tokens", Anonymous, Login },
            { "/profile/api-tokens", Customer, Ok },
            { "/profile/api-tokens", Manager, Ok },
            { "/profile/api-tokens", UnassignedManager, Ok },
            { "/profile/api-tokens", Admin, Ok },
            { "/Account/Manage/ChangePassword", Anonymous, Login },
            { "/Account/Manage/ChangePassword", Customer, Ok },
            { "/Account/Manage/ChangePassword", Manager, Ok },
            { "/Account/Manage/ChangePassword", UnassignedManager, Ok },
            { "/Account/Manage/ChangePassword", Admin, Ok },
            { "/customer", Anonymous, Login },
            { "/customer", Customer, RedirectTo + "/customers/{acme}" },
            { "/customer", Manager, Denied },
            { "/customer", UnassignedManager, Denied },
            { "/customer", Admin, Denied },
            { "/customer/records", Anonymous, Login },
            { "/customer/records", Customer, RedirectTo + "/customers/{acme}/records" },
            { "/customer/records", Manager, Denied },
            { "/customer/records", UnassignedManager, Denied },
            { "/customer/records", Admin, Denied },
            { "/customer/events", Customer, RedirectTo + "/customers/{acme}/events" },
            { "/customer/failures", Customer, RedirectTo + "/customers/{acme}/failures" },
            { "/customer/configuration", Customer, NotFound },
            { "/customer/configuration%2F..%2Fsecrets", Customer, NotFound },
        };
        // Open to all; /not-found is where a 404 is re-executed, and asked for by name it answers 200.
        foreach (var page in new[] { "/Account/Login", "/Account/AccessDenied", "/Account/SetPassword", "/Error", "/not-found" })
        {
            foreach (var who in new[] { Anonymous, Customer, Manager, UnassignedManager, Admin })
            {
                matrix.Add(page, who, Ok);
            }
        }

        // Once an Admin exists, first-run setup is a page that does not exist.
        foreach (var page in new[] { "/setup", "/no/such/page" })
        {
            foreach (var who in new[] { Anonymous, Customer, Manager, UnassignedManager, Admin })
            {
                matrix.Add(page, who, NotFound);
            }
        }

        foreach (var (acme, globex, forCustomer) in CustomerPages)
        {
            matrix.Add($"/customers/{{acme}}{acme}", Anonymous, Login);
            matrix.Add($"/customers/{{acme}}{acme}", Customer, forCustomer);
            matrix.Add($"/customers/{{globex}}{globex}", Customer, forCustomer == Ok ? NotFound : forCustomer);
            matrix.Add($"/customers/{{acme}}{acme}", Manager, Ok);
            matrix.Add($"/customers/{{globex}}{globex}", Manager, NotFound);
            matrix.Add($"/customers/{{globex}}{globex}", UnassignedManager, NotFound);
            matrix.Add($"/customers/{{acme}}{acme}", Admin, Ok);
        }

        // Another customer's record or event asked for under one's own customer.
        matrix.Add("/customers/{acme}/records/ids/globex-vip", Customer, NotFound);
        matrix.Add("/customers/{acme}/records/interactions/EVENTS/g-2", Customer, NotFound);
        matrix.Add("/customers/{acme}/events/{globex-event}", Customer, NotFound);
        matrix.Add("/customers/{acme}/events/{globex-event}", Manager, NotFound);

        // A customer with nothing published still has a records page.
        matrix.Add("/customers/{initech}/records", Admin, Ok);
        return matrix;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Page_ByRole_AnswersAsExpected(string page, string who, string expected)
    {
        using var client = fixture.ClientFor(who);

        var response = await client.GetAsync(Resolve(page));

        switch (expected)
        {
            case Ok:
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
                break;
            case Login:
                Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
                Assert.StartsWith("/Account/Login", response.LocationPath());
                break;
            case Denied:
                Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
                Assert.StartsWith("/Account/AccessDenied", response.LocationPath());
                break;
            case NotFound:
                var html = await response.Content.ReadAsStringAsync();
                Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
                Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
                Assert.Contains("There is nothing here", html);
                Assert.DoesNotContain("Globex", html);
                Assert.DoesNotContain("globex-vip", html);
                Assert.DoesNotContain("vip@globex.example", html);
                Assert.DoesNotContain("customer_id", html);
                Assert.DoesNotMatch(PageTitle(), html);
                break;
            default:
                Assert.StartsWith(RedirectTo, expected);
                Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
                Assert.Equal(Resolve(expected[RedirectTo.Length..]), response.LocationPath());
                break;
        }
    }

    private string Resolve(string page) => page
        .Replace("{acme}", fixture.Acme.ToString(), StringComparison.Ordinal)
        .Replace("{globex}", fixture.Globex.ToString(), StringComparison.Ordinal)
        .Replace("{initech}", fixture.Initech.ToString(), StringComparison.Ordinal)
        .Replace("{acme-event}", fixture.AcmeEventId.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{globex-event}", fixture.GlobexEventId.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

    /// <summary>The heading a page under a customer marks as its title (records-title, sources-title …).</summary>
    [GeneratedRegex("data-testid=\"[a-z-]+-title\"")]
    private static partial Regex PageTitle();
}

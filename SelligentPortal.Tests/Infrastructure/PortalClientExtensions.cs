using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace SelligentPortal.Tests.Infrastructure;

/// <summary>Drives the static-rendered account forms the way a browser posts them.</summary>
public static partial class PortalClientExtensions
{
    public static async Task<HttpResponseMessage> PostFormAsync(
        this HttpClient client, string path, string formName, IDictionary<string, string> fields) =>
        await client.PostFormAsync(path, formName, fields, await client.ReadAntiforgeryTokenAsync(path));

    /// <summary>
    /// Opens a form page and returns its hidden antiforgery token; the client keeps the antiforgery
    /// cookie the page set, so a later post carries both halves.
    /// </summary>
    public static async Task<string> ReadAntiforgeryTokenAsync(this HttpClient client, string path)
    {
        var page = await client.GetAsync(path);
        var html = await page.Content.ReadAsStringAsync();
        var token = AntiforgeryField().Match(html);
        Assert.True(token.Success, $"No antiforgery token on {path} (status {(int)page.StatusCode}).");
        return WebUtility.HtmlDecode(token.Groups[1].Value);
    }

    /// <summary>Posts a form with a token read earlier (see <see cref="ReadAntiforgeryTokenAsync"/>).</summary>
    public static Task<HttpResponseMessage> PostFormAsync(
        this HttpClient client, string path, string formName, IDictionary<string, string> fields, string antiforgeryToken)
    {
        var form = new Dictionary<string, string>(fields)
        {
            ["_handler"] = formName,
            ["__RequestVerificationToken"] = antiforgeryToken,
        };
        return client.PostAsync(path, new FormUrlEncodedContent(form));
    }

    public static Task<HttpResponseMessage> SignInAsync(this HttpClient client, string email, string password = PortalFactory.Password) =>
        client.PostFormAsync("/Account/Login", "login", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        });

    public static async Task<HttpClient> SignedInClientAsync(this PortalFactory factory, string email)
    {
        var client = factory.CreatePortalClient();
        var response = await client.SignInAsync(email);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    /// <summary>A management API client holding a new personal access token of the user.</summary>
    public static async Task<HttpClient> ApiClientAsync(this PortalFactory factory, string email)
    {
        var client = factory.CreatePortalClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await factory.CreateApiTokenAsync(await factory.FindUserAsync(email)));
        return client;
    }

    /// <summary>The path and query a redirect points to, whether the server wrote it absolute or not.</summary>
    public static string? LocationPath(this HttpResponseMessage response) =>
        response.Headers.Location is not { } location ? null
            : location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}

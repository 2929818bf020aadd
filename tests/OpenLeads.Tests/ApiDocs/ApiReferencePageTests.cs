using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OpenLeads.Server.Hosting;
using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.ApiDocs;

/// <summary>/docs: Scalar's page for /openapi/v1.json, every file of it from this server; and the setting that turns both off.</summary>
public sealed partial class ApiReferencePageTests : ServerTest
{
    [Fact]
    public async Task ReferencePage_IsServedWithoutAToken_ForThisServersDocument_WithEveryScriptFromThisServer()
    {
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Server.Address };

        using var redirect = await anonymous.GetAsync("/docs");
        Assert.Equal(HttpStatusCode.Found, redirect.StatusCode);
        Assert.Equal("docs/", redirect.Headers.Location?.ToString());
        using var page = await anonymous.GetAsync("/docs/");
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"url\":\"openapi/v1.json\"", html, StringComparison.Ordinal);   // resolved against the site's root by the page
        Assert.DoesNotContain("http://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("\"withDefaultFonts\":true", html, StringComparison.Ordinal);
        var scripts = Script().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["scalar.js", "scalar.aspnetcore.js"], scripts);
        foreach (var script in scripts)
        {
            using var file = await anonymous.GetAsync($"/docs/{script}");
            Assert.Equal(HttpStatusCode.OK, file.StatusCode);
            Assert.Equal("text/javascript", file.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task Disabled_TheDocumentAndThePage_AreUnknownUrls_AsBefore()
    {
        await using var server = new OpenLeadsServer(new Dictionary<string, string?> { ["OpenLeads:ApiDocs:Enabled"] = "false" });
        using var anonymous = server.Anonymous();

        using var unknown = await anonymous.GetAsync("/no/such/path");
        var notFound = await unknown.Content.ReadAsStringAsync();
        Assert.Equal("INVALID_URL_PATTERN", JsonNode.Parse(notFound)!["code"]!.GetValue<string>());
        foreach (var path in new[] { "/openapi/v1.json", "/docs", "/docs/", "/docs/scalar.js" })
        {
            using var response = await anonymous.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal(notFound, await response.Content.ReadAsStringAsync());
        }
    }

    [Theory]
    [InlineData(null, "http://127.0.0.1:5180", true)]
    [InlineData(null, "http://localhost:5180;http://[::1]:5181", true)]
    [InlineData(null, "http://0.0.0.0:5180", false)]
    [InlineData(null, "http://*:5180", false)]
    [InlineData(null, "http://[::]:5180", false)]
    [InlineData(null, "http://127.0.0.1:5180;http://10.0.0.5:5180", false)]
    [InlineData(null, "http://crm.example.com:80", false)]
    [InlineData(true, "http://0.0.0.0:5180", true)]
    [InlineData(false, "http://127.0.0.1:5180", false)]
    public void ApiDocs_AreOnByDefault_OnlyWhenEveryAddressIsLoopback(bool? enabled, string urls, bool on) =>
        Assert.Equal(on, new ApiDocsSettings { Enabled = enabled }.IsOn(urls));

    [GeneratedRegex("<script[^>]*src=\"([^\"]+)\"")]
    private static partial Regex Script();
}

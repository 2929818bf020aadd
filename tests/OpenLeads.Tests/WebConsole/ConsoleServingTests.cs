using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.WebConsole;

/// <summary>The console's files: served by the server itself, with headers that forbid framing and any other script.</summary>
public sealed class ConsoleServingTests : ServerTest
{
    [Theory]
    [InlineData("/", "text/html")]
    [InlineData("/console/console.js", "text/javascript")]
    [InlineData("/console/console.css", "text/css")]
    public async Task ConsoleFiles_AreServedWithoutAToken_WithAPolicyAgainstFramingAndInjectedScript(string path, string mediaType)
    {
        using var http = Server.Anonymous();

        using var response = await http.GetAsync(path);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType!.MediaType);
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'none'", policy);
        Assert.Contains("script-src 'self'", policy);
        Assert.DoesNotContain("unsafe-inline", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task ThePage_HasNoInlineScriptOrStyle_AndTheTokenNeverGoesInAUrl()
    {
        using var http = Server.Anonymous();

        var page = await http.GetStringAsync("/");
        var script = await http.GetStringAsync("/console/console.js");

        Assert.DoesNotMatch(@"<script(?![^>]*\bsrc=)", page);
        Assert.DoesNotContain("style=", page);
        Assert.DoesNotContain("localStorage", script);
        Assert.Contains("sessionStorage", script);
        Assert.DoesNotMatch(@"token=|[?&]access_token", script);
    }
}

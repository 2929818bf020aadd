using System.Text;
using System.Text.RegularExpressions;
using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.WebConsole;

/// <summary>The console's files: served by the server itself, with headers that forbid framing and any other script.</summary>
public sealed partial class ConsoleServingTests : ServerTest
{
    [Theory]
    [InlineData("/", "text/html")]
    [InlineData("/console/console.js", "text/javascript")]
    [InlineData("/console/console.css", "text/css")]
    [InlineData("/console/list.js", "text/javascript")]
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
        var script = await ScriptsAsync(http, "console.js");

        Assert.DoesNotMatch(@"<script(?![^>]*\bsrc=)", page);
        Assert.DoesNotContain("style=", page);
        Assert.DoesNotContain("localStorage", script);
        Assert.Contains("sessionStorage", script);
        Assert.DoesNotMatch(@"token=|[?&]access_token", script);
    }

    /// <summary>An ES module and every module it imports, all served from /console/.</summary>
    private static async Task<string> ScriptsAsync(HttpClient http, string entry)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Queue<string>([entry]);
        var text = new StringBuilder();
        while (pending.TryDequeue(out var name))
        {
            if (!seen.Add(name)) continue;
            var script = await http.GetStringAsync($"/console/{name}");
            text.AppendLine(script);
            foreach (Match import in Imports().Matches(script)) pending.Enqueue(import.Groups[1].Value);
        }
        Assert.True(seen.Count > 1, "console.js imports the console's other modules");
        return text.ToString();
    }

    [GeneratedRegex(@"^import [^;]*?""\./([\w-]+\.js)"";", RegexOptions.Multiline)]
    private static partial Regex Imports();
}

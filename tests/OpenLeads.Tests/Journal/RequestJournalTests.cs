using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.Journal;

/// <summary>
/// <c>GET /__admin/requests</c>: every request to the Zoho surface as it was sent (method, path, query,
/// headers, body) with tokens, keys and secrets masked, and what it was answered (status, Zoho code,
/// duration); filtered by method, path, since and limit; bounded; emptied by <c>DELETE</c>.
/// </summary>
public sealed class RequestJournalTests() : ServerTest(new Dictionary<string, string?> { ["OpenLeads:Journal:Capacity"] = "5" })
{
    private async Task<JsonArray> RequestsAsync(string query = "")
    {
        var response = await Zoho.GetAsync($"/__admin/requests{query}");
        Assert.True(response.Code == 200, response.ToString());
        return response.Body!["requests"]!.AsArray();
    }

    [Fact]
    public async Task AMassUpdate_IsKeptAsSent_WithItsAnswer_AndTheTokenMasked()
    {
        var id = (await Zoho.SeedLeadsAsync(1))[0];
        await Zoho.SendAsync(HttpMethod.Delete, "/__admin/requests");
        var body = $$"""{"data":[{"City":"Zürich"}],"ids":["{{id}}"]}""";

        var answer = await Zoho.SendAsync(HttpMethod.Post, "/crm/v8/Leads/actions/mass_update?trigger=none", body);

        var entry = Assert.Single(await RequestsAsync())!;
        Assert.Equal(("POST", "/crm/v8/Leads/actions/mass_update", "trigger=none", body, 200, "SUCCESS"),
            (entry["method"]!.GetValue<string>(), entry["path"]!.GetValue<string>(), entry["query"]!.GetValue<string>(),
             entry["body"]!.GetValue<string>(), entry["status"]!.GetValue<int>(), entry["code"]!.GetValue<string>()));
        Assert.Equal(answer.Message.Headers.GetValues("X-Request-Id").Single(), entry["request_id"]!.GetValue<string>());
        var headers = entry["headers"]!.AsObject();
        Assert.Equal("Zoho-oauthtoken 1000.test…(masked)", headers["Authorization"]!.GetValue<string>());
        Assert.Equal("(masked)", headers["X-OpenLeads-Admin-Key"]!.GetValue<string>());
        Assert.DoesNotContain(OpenLeadsServer.DevToken, entry.ToJsonString());
        Assert.True(entry["duration_ms"]!.GetValue<double>() > 0);
    }

    [Fact]
    public async Task Refusals_KeepTheirCode_AndTheControlApiIsNotKept()
    {
        await Zoho.SendAsync(HttpMethod.Post, "/crm/v2/Leads/actions/mass_update", """{"data":[{}],"ids":["1"]}""");
        await Zoho.GetAsync("/crm/v2/Nope");
        await Zoho.SendAsync(HttpMethod.Post, "/crm/v2/Leads", "{not json");

        var entries = await RequestsAsync();

        Assert.Equal([("INVALID_DATA", 200), ("INVALID_MODULE", 400), ("INVALID_DATA", 400)],
            entries.Select(e => (e!["code"]!.GetValue<string>(), e["status"]!.GetValue<int>())));
        Assert.DoesNotContain(entries, e => e!["path"]!.GetValue<string>().StartsWith("/__admin", StringComparison.Ordinal));
        Assert.Equal("{not json", entries[2]!["body"]!.GetValue<string>());
    }

    [Fact]
    public async Task TheTokenEndpoint_IsKept_WithItsSecretsMaskedInBodyAndQuery()
    {
        using var http = Server.Anonymous();
        await http.PostAsync("/oauth/v2/token?client_secret=in-the-query&scope=ZohoCRM.modules.ALL", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token", ["client_id"] = "1000.ABC", ["client_secret"] = "s3cret", ["refresh_token"] = "1000.r.t",
        }));

        var entry = Assert.Single(await RequestsAsync("?path=/oauth/*"))!;
        Assert.Equal("grant_type=refresh_token&client_id=1000.ABC&client_secret=%28masked%29&refresh_token=%28masked%29", entry["body"]!.GetValue<string>());
        Assert.Equal("client_secret=%28masked%29&scope=ZohoCRM.modules.ALL", entry["query"]!.GetValue<string>());
        Assert.DoesNotContain("s3cret", entry.ToJsonString());
        Assert.DoesNotContain("in-the-query", entry.ToJsonString());
    }

    [Fact]
    public async Task Filters_ByMethodPathSinceAndLimit_KeepTheNewest_AndDeleteEmptiesIt()
    {
        for (var i = 0; i < 7; i++) await Zoho.GetAsync($"/crm/v2/users?type=CurrentUser&n={i}");
        await Zoho.SendAsync(HttpMethod.Delete, "/crm/v2/Leads?ids=1");

        var all = await RequestsAsync();
        var gets = await RequestsAsync("?method=get&path=/crm/v2/*");
        var since = await RequestsAsync($"?since={all[2]!["id"]!.GetValue<long>()}&limit=1");

        // Capacity 5: the eight requests' last five, oldest first.
        Assert.Equal(["n=3", "n=4", "n=5", "n=6", "ids=1"], all.Select(e => e!["query"]!.GetValue<string>().Split('&').Last()));
        Assert.Equal(4, gets.Count);
        Assert.Equal("ids=1", Assert.Single(since)!["query"]!.GetValue<string>());
        Assert.Equal(400, (await Zoho.GetAsync("/__admin/requests?since=yesterday-ish")).Code);
        Assert.Equal(200, (await Zoho.SendAsync(HttpMethod.Delete, "/__admin/requests")).Code);
        Assert.Empty(await RequestsAsync());
    }
}

using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OpenLeads.Testing;
using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.Hosting;

/// <summary>What the server logs of its work: a line per request, a job's start and end, refusals at Debug, never a token.</summary>
public sealed partial class RequestLogTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("openleads-logs-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task EachRequest_IsOneLine_WithStatusAndZohoCode_AJobItsStartAndEnd_AndNoTokenIsEverLogged()
    {
        var lines = new ConcurrentQueue<string>();
        await using var crm = await OpenLeadsTestServer.StartAsync(o =>
        {
            o.Log = lines.Enqueue;
            o.LogLevel = Microsoft.Extensions.Logging.LogLevel.Debug;
            o.Set("Logging:LogLevel:OpenLeads.Auth", "Debug");
        });
        var ids = await crm.SeedAsync("Deals", 2);
        using (await crm.Http.GetAsync(new Uri($"/crm/v8/Deals/{ids[0]}", UriKind.Relative))) { }
        using var stranger = new HttpClient { BaseAddress = crm.ApiDomain };
        stranger.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Zoho-oauthtoken", "1000.not-a-token-of-this-server");
        using (var refused = await stranger.GetAsync(new Uri("/crm/v8/Deals", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        var allDeals = (await crm.Client.GetCustomViewsAsync("Deals")).First(v => v!["system_name"]?.GetValue<string>() == "ALLVIEWS")!["id"]!.GetValue<string>();
        var scheduled = await crm.Client.ScheduleMassUpdateAsync("Deals", "Amount", System.Text.Json.Nodes.JsonValue.Create(1000), allDeals);
        await crm.Client.WaitForMassUpdateJobAsync("Deals", scheduled.JobId!);

        Assert.Contains(lines, l => l.Contains($"Running mass update job {scheduled.JobId} (2 records)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains($"Mass update job {scheduled.JobId} completed in ", StringComparison.Ordinal)
            && l.EndsWith(" s: 2 updated, 0 not updated, 0 failed of 2", StringComparison.Ordinal));
        var requests = lines.Where(l => l.Contains("OpenLeads.Requests:", StringComparison.Ordinal)).ToList();
        Assert.Single(requests, l => l.Contains($"GET /crm/v8/Deals/{ids[0]} 200 - ", StringComparison.Ordinal));
        Assert.Single(requests, l => l.Contains("GET /crm/v8/Deals 401 AUTHENTICATION_FAILURE ", StringComparison.Ordinal));
        Assert.Contains("openleads Debug OpenLeads.Auth: Refused GET /crm/v8/Deals: AUTHENTICATION_FAILURE", lines);
        // The handler's own lines stay below the default level, so a refusal is not logged twice.
        Assert.DoesNotContain(lines, l => l.Contains("OpenLeads.Server.Auth.ZohoTokenAuthentication", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(crm.Token, StringComparison.Ordinal) || l.Contains("not-a-token-of-this-server", StringComparison.Ordinal));
    }

    [Fact]
    public async Task LoggingJson_WritesEachEntryAsOneJsonObject_AMassUpdateWithItsZohoCode()
    {
        await using var server = ServerProcess.Start(_directory, ["--OpenLeads:Logging:Json=true", "--OpenLeads:Seed:DemoLeads=3"]);
        var address = await server.WaitUntilListeningAsync();
        using var http = new HttpClient { BaseAddress = new Uri(address) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Zoho-oauthtoken", DevToken().Match(server.Output).Groups[1].Value);
        var id = (await http.GetFromJsonAsync<JsonObject>("/crm/v8/Leads?fields=Last_Name&per_page=1"))!["data"]![0]!["id"]!.GetValue<string>();
        using (await http.PostAsJsonAsync("/crm/v8/Leads/actions/mass_update",
            new JsonObject { ["data"] = new JsonArray(new JsonObject { ["Lead_Status"] = "Contacted" }), ["ids"] = new JsonArray(id) })) { }

        var expected = "POST /crm/v8/Leads/actions/mass_update 200 SUCCESS ";
        for (var i = 0; i < 100 && !server.StandardOutput.Contains(expected, StringComparison.Ordinal); i++) await Task.Delay(50);
        var entries = server.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => l.StartsWith('{')).Select(l => JsonNode.Parse(l)!).ToList();
        var line = Assert.Single(entries, e => e["Category"]?.GetValue<string>() == RequestLoggingCategory
            && e["Message"]!.GetValue<string>().StartsWith(expected, StringComparison.Ordinal));
        Assert.Equal("Information", line["LogLevel"]!.GetValue<string>());
    }

    [Fact]
    public async Task LoggingJson_ThatIsNoBoolean_StopsStartUp_InOneLine()
    {
        await using var server = ServerProcess.Start(_directory, ["--OpenLeads:Logging:Json=maybe"]);

        var line = await server.FailureLineAsync();

        Assert.Contains("OpenLeads:Logging:Json", line, StringComparison.Ordinal);
    }

    private const string RequestLoggingCategory = OpenLeads.Server.Hosting.RequestLogging.Category;

    [System.Text.RegularExpressions.GeneratedRegex(@"token:\s+(\S+)")]
    private static partial System.Text.RegularExpressions.Regex DevToken();
}

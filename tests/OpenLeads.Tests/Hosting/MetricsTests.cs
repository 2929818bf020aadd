using System.Net;
using System.Text.Json.Nodes;
using OpenLeads.Testing;

namespace OpenLeads.Tests.Hosting;

/// <summary>The metrics at <c>/metrics</c> (<c>OpenLeads:Metrics:Prometheus</c>): requests by route and Zoho code, OpenLeads's own counters.</summary>
public sealed class MetricsTests
{
    [Fact]
    public async Task Prometheus_ShowsRequestsByRouteAndZohoCode_MassUpdatedRecords_AndLimitRefusals()
    {
        await using var crm = await OpenLeadsTestServer.StartAsync(o => o.Set("OpenLeads:Metrics:Prometheus", "true").Set("OpenLeads:Limits:Credits", "2"));
        var ids = await crm.SeedAsync("Deals", 3);
        using (var update = await crm.Http.PostAsync(new Uri("/crm/v8/Deals/actions/mass_update", UriKind.Relative), Json(new JsonObject
        {
            ["data"] = new JsonArray(new JsonObject { ["Amount"] = 1000 }),
            ["ids"] = new JsonArray([.. ids.Select(id => JsonValue.Create(id))]),
        })))
        {
            Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        }
        using (await crm.Http.GetAsync(new Uri("/crm/v8/Deals", UriKind.Relative))) { }
        using (var refused = await crm.Http.GetAsync(new Uri("/crm/v8/Deals", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        }

        // ASP.NET Core records a request's duration once its answer has gone, so the last one may take a moment to show.
        var text = await ScrapeAsync(crm, @"http_response_status_code=""429""[^\n]*zoho_code=""TOO_MANY_REQUESTS""\} 1");

        Assert.Matches(@"http_server_request_duration_seconds_count\{[^}]*http_route=""/crm/\{version[^}]*\}/\{module\}/actions/mass_update""[^}]*zoho_code=""SUCCESS""[^}]*\} 1", text);
        Assert.Matches(@"openleads_mass_update_records_total\{[^}]*mode=""ids""[^}]*module=""Deals""[^}]*\} 3", text);
        Assert.Matches(@"http_server_request_duration_seconds_count\{[^}]*http_response_status_code=""429""[^\n]*zoho_code=""TOO_MANY_REQUESTS""\} 1", text);
        Assert.Matches(@"openleads_limits_refusals_total\{[^}]*limit=""credits""[^}]*\} 1", text);
    }

    [Fact]
    public async Task Prometheus_ShowsAJobsBatches_AndTheRecordsItUpdated()
    {
        await using var crm = await OpenLeadsTestServer.StartAsync(o => o.Set("OpenLeads:Metrics:Prometheus", "true").Set("OpenLeads:Jobs:BatchSize", "2"));
        await crm.SeedAsync("Deals", 5);
        var allDeals = (await crm.Client.GetCustomViewsAsync("Deals")).First(v => v!["system_name"]?.GetValue<string>() == "ALLVIEWS")!["id"]!.GetValue<string>();
        var scheduled = await crm.Client.ScheduleMassUpdateAsync("Deals", "Amount", JsonValue.Create(1000), allDeals);
        await crm.Client.WaitForMassUpdateJobAsync("Deals", scheduled.JobId!);

        // Counted as each batch returns, which may be just after its status has said COMPLETED.
        var text = await ScrapeAsync(crm, @"openleads_mass_update_records_total\{[^}]*mode=""job""[^}]*\} 5");

        Assert.Matches(@"openleads_job_batches_total\{[^}]*module=""Deals""[^}]*\} 3", text);
        Assert.Matches(@"openleads_job_batch_records_total\{[^}]*module=""Deals""[^}]*\} 5", text);
        Assert.Matches(@"openleads_mass_update_records_total\{[^}]*mode=""job""[^}]*module=""Deals""[^}]*\} 5", text);
    }

    [Fact]
    public async Task WithoutTheSetting_MetricsAreNotServed()
    {
        await using var crm = await OpenLeadsTestServer.StartAsync();
        using var answer = await crm.Http.GetAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
    }

    /// <summary>The metrics as a scraper reads them (no token), once they show <paramref name="awaited"/> or after 5 s.</summary>
    private static async Task<string> ScrapeAsync(OpenLeadsTestServer crm, string awaited)
    {
        using var anonymous = new HttpClient { BaseAddress = crm.ApiDomain };
        for (var deadline = DateTime.UtcNow.AddSeconds(5); ; await Task.Delay(50))
        {
            var text = await anonymous.GetStringAsync(new Uri("/metrics", UriKind.Relative));
            if (System.Text.RegularExpressions.Regex.IsMatch(text, awaited) || DateTime.UtcNow > deadline) return text;
        }
    }

    private static StringContent Json(JsonNode body) => new(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
}

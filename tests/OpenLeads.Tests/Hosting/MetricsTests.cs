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

        using var anonymous = new HttpClient { BaseAddress = crm.ApiDomain };
        var text = await anonymous.GetStringAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Matches(@"http_server_request_duration_seconds_count\{[^}]*http_route=""/crm/\{version[^}]*\}/\{module\}/actions/mass_update""[^}]*zoho_code=""SUCCESS""[^}]*\} 1", text);
        Assert.Matches(@"openleads_mass_update_records_total\{[^}]*mode=""ids""[^}]*module=""Deals""[^}]*\} 3", text);
        Assert.Matches(@"http_server_request_duration_seconds_count\{[^}]*http_response_status_code=""429""[^\n]*zoho_code=""TOO_MANY_REQUESTS""\} 1", text);
        Assert.Matches(@"openleads_limits_refusals_total\{[^}]*limit=""credits""[^}]*\} 1", text);
    }

    [Fact]
    public async Task WithoutTheSetting_MetricsAreNotServed()
    {
        await using var crm = await OpenLeadsTestServer.StartAsync();
        using var answer = await crm.Http.GetAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
    }

    private static StringContent Json(JsonNode body) => new(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
}

using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Text.Json.Nodes;
using OpenLeads.Client;
using OpenLeads.Tests.Client;
using OpenLeads.Tests.DemoOrg;
using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.Safety;

/// <summary>
/// The job status call with <c>Accept: text/event-stream</c>: a <c>status</c> event of the status object now and on each change,
/// ending when the job does; the client's wait follows it. Jobs run when the test says (manual progression), two records a batch.
/// </summary>
public sealed class ProgressTests() : ServerTest(new Dictionary<string, string?>
{
    ["OpenLeads:Jobs:Progression"] = "manual", ["OpenLeads:Jobs:BatchSize"] = "2",
})
{
    private async Task<string> ScheduleAsync()
    {
        for (var i = 0; i < 5; i++) await Zoho.InsertAsync("Deals", new { Deal_Name = $"D{i}", Stage = "Qualification", Closing_Date = "2026-12-31" });
        var response = await Zoho.MassUpdateAsync("Deals", new { data = new[] { new { Stage = "Negotiation/Review" } }, cvid = DemoOrgCalls.OpenDeals });
        return response.Data.Single()!["details"]!["job_id"]!.GetValue<string>();
    }

    [Fact]
    public async Task TheStatusAsAnEventStream_IsSentNowAndOnEachChange_UntilTheJobEnds()
    {
        var jobId = await ScheduleAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/crm/v8/Deals/actions/mass_update?job_id={jobId}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await Zoho.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        await using var stream = await response.Content.ReadAsStreamAsync();
        var events = SseParser.Create(stream).EnumerateAsync().GetAsyncEnumerator();

        Assert.True(await events.MoveNextAsync());
        Assert.Equal(("status", """{"Status":"SCHEDULED","Failed_Count":0,"Updated_Count":0,"Not_Updated_Count":0,"Total_Count":5}"""),
            (events.Current.EventType, events.Current.Data));
        Assert.Equal(200, (await Zoho.PostAsync($"/__admin/jobs/{jobId}/run", new { })).Code);
        var seen = new List<JsonNode>();
        while (await events.MoveNextAsync()) seen.Add(JsonNode.Parse(events.Current.Data)!);

        Assert.Equal("""{"Status":"COMPLETED","Failed_Count":0,"Updated_Count":5,"Not_Updated_Count":0,"Total_Count":5}""", seen[^1].ToJsonString());
        var updated = seen.Select(s => s["Updated_Count"]!.GetValue<int>()).ToArray();
        Assert.Equal(updated.Order(), updated);
    }

    [Fact]
    public async Task TheClientsWait_FollowsTheStream_ToTheJobsEnd()
    {
        var jobId = await ScheduleAsync();
        using var client = new ZohoCrmClient(new ZohoCrmClientOptions { ApiDomain = Server.Address, AccessToken = OpenLeadsServer.DevToken });
        var heard = new List<string>();
        var wait = client.WaitForMassUpdateJobAsync("Deals", jobId, new SyncProgress<MassUpdateJob>(j => heard.Add(j.Status)));
        Assert.Equal(200, (await Zoho.PostAsync($"/__admin/jobs/{jobId}/run", new { })).Code);

        var job = await wait;

        Assert.Equal(("COMPLETED", 5L), (job.Status, job.UpdatedCount));
        Assert.Equal("COMPLETED", heard[^1]);
        var journal = (await Zoho.GetAsync("/__admin/requests?path=/crm/*/mass_update&method=GET")).Body!["requests"]!.AsArray();
        Assert.Equal("text/event-stream", Assert.Single(journal)!["headers"]!["Accept"]!.GetValue<string>());
    }
}

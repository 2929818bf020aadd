using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OpenLeads.Client;
using OpenLeads.Server.Storage;
using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.Client;

/// <summary>
/// The .NET client against a real OpenLeads server on a loopback socket: chunked mass updates merged
/// in input order, per-record failures as values, paging, jobs polled to their end, request-level
/// errors as exceptions, retries on 429, and use through IHttpClientFactory.
/// </summary>
public sealed class ZohoCrmClientTests : ServerTest
{
    private ZohoCrmClient NewClient(HttpClient? http = null)
    {
        var options = new ZohoCrmClientOptions { ApiDomain = Server.Address, AccessToken = OpenLeadsServer.DevToken, RetryDelay = TimeSpan.FromMilliseconds(10) };
        return http is null ? new ZohoCrmClient(options) : new ZohoCrmClient(options, http);
    }

    [Fact]
    public async Task MassUpdate_Of1200Ids_TakesThreeCalls_AndAnswersEveryIdInItsOrder_WithFailuresAsValues()
    {
        var seeded = await Zoho.SeedLeadsAsync(1199);
        await Zoho.SetStateAsync(seeded[700], lockAction: "record_locking");
        string[] ids = [.. seeded[..600], "738964000009999999", .. seeded[600..]];
        using var client = NewClient();
        var reported = new List<int>();

        var result = await client.MassUpdateAsync("Leads", "No_of_Employees", 1200, ids, progress: new SyncProgress<int>(reported.Add));

        Assert.Equal(3, result.Calls);
        Assert.Equal([500, 1000, 1200], reported);
        Assert.Equal(ids, result.Outcomes.Select(o => o.Id));
        Assert.Equal(("INVALID_DATA", "the id given seems to be invalid"), (result.Outcomes[600].Code, result.Outcomes[600].Message));
        Assert.Equal("RECORD_LOCKED", result.Outcomes[701].Code);
        Assert.Equal(seeded[700], result.Outcomes[701].Details["id"]!.GetValue<string>());
        Assert.Equal((1198, 2), (result.Succeeded, result.Failed));
        Assert.All(result.Outcomes.Where(o => o.Succeeded), o => Assert.Equal(o.Id, o.Details["id"]!.GetValue<string>()));
        Assert.Equal(1200, (await Zoho.GetLeadAsync(seeded[1198]))["No_of_Employees"]!.GetValue<int>());
    }

    [Fact]
    public async Task ListRecords_ReadsEveryPage()
    {
        var seeded = await Zoho.SeedLeadsAsync(450);
        using var client = NewClient();

        var listed = new List<string>();
        await foreach (var record in client.ListRecordsAsync("Leads")) listed.Add(record["id"]!.GetValue<string>());

        Assert.Equal(seeded.Order(), listed.Order());
    }

    [Fact]
    public async Task InsertGetSearchUpdateDelete_GoThroughTheRecordsApi()
    {
        using var client = NewClient();

        var inserted = await client.InsertRecordsAsync("Leads", [new JsonObject { ["Last_Name"] = "Okafor", ["City"] = "Lagos" }, new JsonObject { ["City"] = "Nowhere" }]);
        var id = inserted[0].Details["id"]!.GetValue<string>();
        var updated = await client.UpdateRecordsAsync("Leads", [new JsonObject { ["id"] = id, ["City"] = "Abuja" }]);
        var found = new List<JsonObject>();
        await foreach (var record in client.SearchRecordsAsync("Leads", "(City:equals:Abuja)")) found.Add(record);
        var deleted = await client.DeleteRecordsAsync("Leads", [id]);

        Assert.Equal(["SUCCESS", "MANDATORY_NOT_FOUND"], inserted.Select(o => o.Code));
        Assert.Equal("SUCCESS", updated.Single().Code);
        Assert.Equal(id, found.Single()["id"]!.GetValue<string>());
        Assert.Equal("SUCCESS", deleted.Single().Code);
        Assert.Null(await client.GetRecordAsync("Leads", id));
    }

    [Fact]
    public async Task ScheduledMassUpdate_IsPolledToItsEnd_WithExactCounts()
    {
        await Zoho.SeedLeadsAsync(60);
        using var client = NewClient();
        var seen = new List<string>();

        var scheduled = await client.ScheduleMassUpdateAsync("Leads", "No_of_Employees", 61, DemoOrganisation.AllLeadsView.ToString());
        var job = await client.WaitForMassUpdateJobAsync("Leads", scheduled.JobId!, new SyncProgress<MassUpdateJob>(j => seen.Add(j.Status)));

        Assert.Equal("SUCCESS", scheduled.Outcome.Code);
        Assert.Equal(("COMPLETED", 60L, 60L, 0L, 0L), (job.Status, job.TotalCount, job.UpdatedCount, job.NotUpdatedCount, job.FailedCount));
        Assert.Equal("COMPLETED", seen[^1]);
    }

    [Fact]
    public async Task RequestLevelError_RaisesZohoApiException_WithStatusCodeBodyAndHeaders()
    {
        using var client = NewClient();

        var error = await Assert.ThrowsAsync<ZohoApiException>(() => client.GetFieldsAsync("Dragons"));

        Assert.Equal(HttpStatusCode.BadRequest, error.HttpStatus);
        Assert.Equal("INVALID_MODULE", error.Code);
        Assert.Contains("INVALID_MODULE", error.Body);
        Assert.True(error.Headers.Contains("X-Request-Id"));
    }

    [Fact]
    public async Task CallsAnswered429_AreTriedAgain_AfterRetryAfter_AndGiveUpAfterMaxRetries()
    {
        await Zoho.SeedLeadsAsync(3);
        var throttle = new Throttle(firstRefusals: 2) { InnerHandler = new SocketsHttpHandler() };
        using var http = new HttpClient(new RetryHandler(4, TimeSpan.FromMilliseconds(10)) { InnerHandler = throttle });
        using var client = NewClient(http);

        var fields = await client.GetFieldsAsync("Leads");

        Assert.NotEmpty(fields);
        Assert.Equal(3, throttle.Requests);

        var stubborn = new Throttle(firstRefusals: 10) { InnerHandler = new SocketsHttpHandler() };
        using var impatient = NewClient(new HttpClient(new RetryHandler(2, TimeSpan.FromMilliseconds(10)) { InnerHandler = stubborn }));
        var error = await Assert.ThrowsAsync<ZohoApiException>(() => impatient.GetFieldsAsync("Leads"));
        Assert.Equal((HttpStatusCode.TooManyRequests, 3), (error.HttpStatus, stubborn.Requests));
    }

    [Fact]
    public async Task AddZohoCrmClient_GivesAWorkingClientFromTheFactory()
    {
        var services = new ServiceCollection();
        services.AddZohoCrmClient(o => (o.ApiDomain, o.AccessToken) = (Server.Address, OpenLeadsServer.DevToken));
        await using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<ZohoCrmClient>();

        Assert.Contains((await client.GetFieldsAsync("Leads")).Select(f => f!["api_name"]!.GetValue<string>()), name => name == "Last_Name");
    }

    /// <summary>Answers the first calls with 429 and <c>Retry-After: 0</c>, as a rate-limited Zoho does, then lets calls through.</summary>
    private sealed class Throttle(int firstRefusals) : DelegatingHandler
    {
        public int Requests;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref Requests) > firstRefusals) return base.SendAsync(request, cancellationToken);
            var refused = new HttpResponseMessage(HttpStatusCode.TooManyRequests) { Content = new StringContent("""{"code":"TOO_MANY_REQUESTS"}""") };
            refused.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.Zero);
            return Task.FromResult(refused);
        }
    }
}

/// <summary>An <see cref="IProgress{T}"/> that reports on the caller's thread, so a test sees every report in order.</summary>
internal sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}

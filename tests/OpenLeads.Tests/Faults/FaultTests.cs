using System.Diagnostics;
using System.Text.Json.Nodes;
using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.Faults;

/// <summary>
/// <c>/__admin/faults</c>: a Zoho error on the third matching call, a delay, a dropped connection, an expired token, each
/// limited by its matcher and times; what the journal records of them; and no extra statement for a request that meets none.
/// </summary>
public sealed class FaultTests : ServerTest
{
    private const string MassUpdatePath = "/crm/*/Leads/actions/mass_update";

    private async Task<JsonNode> AddFaultAsync(object body)
    {
        var response = await Zoho.PostAsync("/__admin/faults", body);
        Assert.True(response.Code == 201, response.ToString());
        return response.Body!["fault"]!;
    }

    private static object MassUpdate(string id) => new { data = new[] { new { City = "Lyon" } }, ids = new[] { id } };

    [Fact]
    public async Task AnInternalError_OnTheThirdMassUpdate_OnlyThat_AndTheJournalKeepsIt()
    {
        var id = (await Zoho.SeedLeadsAsync(1))[0];
        var fault = await AddFaultAsync(new { method = "POST", path = MassUpdatePath, error = new { code = "INTERNAL_ERROR" }, after = 2, times = 1 });
        Assert.Matches(@"^\d+$", fault["id"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse($$"""
            {"id":"{{fault["id"]}}","method":"POST","path":"{{MassUpdatePath}}","error":{"code":"INTERNAL_ERROR"},"after":2,"times":1,
             "remaining":1,"met":0}
            """), fault), fault.ToJsonString());
        await Zoho.SendAsync(HttpMethod.Delete, "/__admin/requests");

        var answers = new List<ZohoResponse>();
        for (var call = 0; call < 4; call++)
        {
            answers.Add(await Zoho.MassUpdateAsync(MassUpdate(id), call % 2 == 0 ? "v2" : "v8"));
            Assert.Equal(200, (await Zoho.GetAsync($"/crm/v2/Leads/{id}")).Code); // not a mass update: never met
        }

        Assert.Equal([200, 200, 500, 200], answers.Select(a => a.Code));
        ResponseAssert.IsError(500, "INTERNAL_ERROR", "Internal server error occurred.", "{}", answers[2]);
        ResponseAssert.IsZohoJson(answers[2]);
        var listed = Assert.Single((await Zoho.GetAsync("/__admin/faults")).Body!["faults"]!.AsArray())!;
        Assert.Equal((0, 3), (listed["remaining"]!.GetValue<int>(), listed["met"]!.GetValue<int>()));
        var journal = (await Zoho.GetAsync("/__admin/requests?path=/crm/*/mass_update")).Body!["requests"]!.AsArray();
        Assert.Equal([("SUCCESS", 200), ("SUCCESS", 200), ("INTERNAL_ERROR", 500), ("SUCCESS", 200)],
            journal.Select(e => (e!["code"]!.GetValue<string>(), e["status"]!.GetValue<int>())));
    }

    [Fact]
    public async Task AnErrorGivenInFull_IsAnsweredAsGiven()
    {
        await AddFaultAsync(new
        {
            path = "/crm/v8/Leads", error = new { status = 503, code = "SERVICE_UNAVAILABLE", message = "try later", details = new { retry_after = 5 } },
        });

        ResponseAssert.IsError(503, "SERVICE_UNAVAILABLE", "try later", """{"retry_after":5}""", await Zoho.GetAsync("/crm/v8/Leads?fields=Last_Name"));
        ResponseAssert.IsError(503, "SERVICE_UNAVAILABLE", "try later", """{"retry_after":5}""", await Zoho.GetAsync("/crm/v8/Leads?fields=City"));
    }

    [Fact]
    public async Task ADelay_HoldsTheAnswer_ThenTheCallIsServed()
    {
        var id = (await Zoho.SeedLeadsAsync(1))[0];
        await AddFaultAsync(new { path = "/crm/v2/Leads/*", delay_ms = 400, times = 1 });

        var clock = Stopwatch.StartNew();
        var delayed = await Zoho.GetAsync($"/crm/v2/Leads/{id}");

        Assert.True(clock.ElapsedMilliseconds >= 400, $"answered after {clock.ElapsedMilliseconds} ms");
        Assert.Equal(id, delayed.Data[0]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task ADroppedConnection_IsAConnectionErrorForTheClient_AndTheNextCallIsServed()
    {
        var id = (await Zoho.SeedLeadsAsync(1))[0];
        await AddFaultAsync(new { module = "Leads", drop_connection = true, times = 1 });

        await Assert.ThrowsAsync<HttpRequestException>(() => Zoho.MassUpdateAsync(MassUpdate(id)));

        Assert.Equal(200, (await Zoho.MassUpdateAsync(MassUpdate(id))).Code);
    }

    [Fact]
    public async Task AnExpiredToken_IsAnsweredAsZohoDoes_OnlyWhereItsMatcherHolds()
    {
        var id = (await Zoho.SeedLeadsAsync(1))[0];
        await AddFaultAsync(new { api_version = "v8", module = "leads", expire_token = true });

        ResponseAssert.IsError(401, "INVALID_TOKEN", "invalid oauth token", "{}", await Zoho.GetAsync($"/crm/v8/Leads/{id}"));
        Assert.Equal(200, (await Zoho.GetAsync($"/crm/v2/Leads/{id}")).Code);
        Assert.NotEqual(401, (await Zoho.GetAsync("/crm/v8/Contacts?fields=Last_Name")).Code);
    }

    [Fact]
    public async Task DeletingOneFaultOrAll_StopsThem_AndAnUnknownIdIsRefused()
    {
        var first = await AddFaultAsync(new { path = "/crm/v2/Leads", error = new { code = "INTERNAL_ERROR" } });
        await AddFaultAsync(new { path = "/crm/v8/Leads", error = new { code = "INTERNAL_ERROR" } });

        ResponseAssert.Is(200, $$"""{"id":"{{first["id"]}}","status":"deleted"}""", await Zoho.DeleteAsync($"/__admin/faults/{first["id"]}"));
        Assert.Equal(204, (await Zoho.GetAsync("/crm/v2/Leads")).Code);
        Assert.Equal(500, (await Zoho.GetAsync("/crm/v8/Leads?fields=City")).Code);
        ResponseAssert.Is(200, """{"status":"cleared","count":1}""", await Zoho.DeleteAsync("/__admin/faults"));
        Assert.Equal(204, (await Zoho.GetAsync("/crm/v8/Leads?fields=City")).Code);
        ResponseAssert.Is(200, """{"faults":[]}""", await Zoho.GetAsync("/__admin/faults"));
        ResponseAssert.IsError(404, "INVALID_DATA", "the id given seems to be invalid", $$"""{"id":"{{first["id"]}}"}""",
            await Zoho.DeleteAsync($"/__admin/faults/{first["id"]}"));
    }

    [Fact]
    public async Task AMassUpdateThatMeetsNoFault_RunsTheSameStatementsAsWithNoFaultAtAll()
    {
        var id = (await Zoho.SeedLeadsAsync(1))[0];
        async Task<long> MeasureAsync()
        {
            await Zoho.MassUpdateAsync(MassUpdate(id)); // the first call after a change reads the faults once
            var counts = new List<long>();
            for (var i = 0; i < 3; i++) // the fewest of three: a background checkpoint may land in one
            {
                using var counter = new StatementCounter(Server.StorageName);
                Assert.Equal(200, (await Zoho.MassUpdateAsync(MassUpdate(id))).Code);
                counts.Add(counter.Count);
            }
            return counts.Min();
        }

        var without = await MeasureAsync();
        await AddFaultAsync(new { path = "/crm/*/Contacts/*", error = new { code = "INTERNAL_ERROR" }, times = 5 });
        var with = await MeasureAsync();

        Assert.Equal(without, with);
    }

    [Theory]
    [InlineData("""{"path":"/crm/*","explode":true}""", 400, "INVALID_DATA", "unknown key", """{"api_name":"explode","expected":"method|path|path_regex|module|api_version|error|delay_ms|answer_delay_ms|drop_connection|expire_token|job|times|probability|after"}""")]
    [InlineData("""{"path":"/crm/*"}""", 400, "MANDATORY_NOT_FOUND", "required field not found", """{"api_name":"error|delay_ms|answer_delay_ms|drop_connection|expire_token|job"}""")]
    [InlineData("""{"delay_ms":5,"probability":1.5}""", 400, "INVALID_DATA", "invalid data", """{"expected_data_type":"number from 0 to 1","api_name":"probability"}""")]
    [InlineData("""{"delay_ms":5,"times":0}""", 400, "INVALID_DATA", "invalid data", """{"expected_data_type":"integer of at least 1","api_name":"times"}""")]
    [InlineData("""{"delay_ms":5,"path_regex":"(unclosed"}""", 400, "INVALID_DATA", "invalid data", """{"expected_data_type":"a .NET regular expression","api_name":"path_regex"}""")]
    [InlineData("""{"delay_ms":5,"path":"crm/*"}""", 400, "INVALID_DATA", "invalid data", """{"expected_data_type":"a path starting with /, * for any run of characters","api_name":"path"}""")]
    [InlineData("""{"delay_ms":5,"api_version":"v99"}""", 400, "INVALID_DATA", "invalid data", """{"expected_data_type":"a served API version such as v8","api_name":"api_version"}""")]
    [InlineData("""{"error":{"code":"NO_SUCH_CODE"}}""", 400, "MANDATORY_NOT_FOUND", "required field not found", """{"api_name":"error.status"}""")]
    [InlineData("""{"error":{"code":"INTERNAL_ERROR","status":200}}""", 400, "INVALID_DATA", "invalid data", """{"expected_data_type":"integer from 400 to 599","api_name":"error.status"}""")]
    [InlineData("""{"error":{"code":"INTERNAL_ERROR"},"drop_connection":true}""", 400, "INVALID_DATA", "invalid data", """{"expected_data_type":"one effect (delay_ms may come with another)","api_name":"error|delay_ms|answer_delay_ms|drop_connection|expire_token|job"}""")]
    [InlineData("""{"job":{"fail_at_batch":0}}""", 400, "INVALID_DATA", "invalid data", """{"expected_data_type":"integer of at least 1","api_name":"job.fail_at_batch"}""")]
    [InlineData("""{"job":{"fail_at_batch":1},"path":"/crm/*"}""", 400, "INVALID_DATA", "invalid data", """{"expected_data_type":"alone: a job fault meets the next job, not a request","api_name":"job"}""")]
    [InlineData("""[1]""", 400, "INVALID_DATA", "body", """{"expected_data_type":"jsonobject"}""")]
    public async Task ABadBody_IsRefusedNamingItsKey_AndAddsNoFault(string body, int status, string code, string message, string details)
    {
        ResponseAssert.IsError(status, code, message, details, await Zoho.SendAsync(HttpMethod.Post, "/__admin/faults", body));
        ResponseAssert.Is(200, """{"faults":[]}""", await Zoho.GetAsync("/__admin/faults"));
    }
}

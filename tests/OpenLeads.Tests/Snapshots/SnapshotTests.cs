using System.Text.Json.Nodes;
using OpenLeads.Tests.Infrastructure;
using OpenLeads.Tests.Jobs;

namespace OpenLeads.Tests.Snapshots;

/// <summary>
/// <c>/__admin/snapshots</c>: a snapshot holds every record, audit row, job, view, field and token, and a restore
/// brings the database back to it exactly (read straight from the database), whatever happened since: records
/// written and deleted, fields created and deleted through the fields API, tokens minted, jobs run.
/// </summary>
public sealed class SnapshotTests() : ServerTest(new Dictionary<string, string?> { ["OpenLeads:Jobs:Progression"] = "manual" })
{
    /// <summary>The digest of the org's state: the snapshots' own tables, and the fields version a restore moves on, aside.</summary>
    private async Task<string> StateAsync() =>
        string.Join('\n', (await DatabaseDigest.OfAsync(Server)).Split('\n')
            .Where(line => !line.StartsWith("openleads_snapshot_", StringComparison.Ordinal) && !line.StartsWith("snapshot", StringComparison.Ordinal)
                           && !line.StartsWith("settings:", StringComparison.Ordinal) && !line.StartsWith("sqlite_sequence:", StringComparison.Ordinal)));

    private async Task<JsonNode> TakeAsync(string name)
    {
        var response = await Zoho.PostAsync("/__admin/snapshots", new { name });
        Assert.True(response.Code == 201, response.ToString());
        return response.Body!["snapshot"]!;
    }

    private async Task<JsonNode> RestoreAsync(string name)
    {
        var response = await Zoho.SendAsync(HttpMethod.Post, $"/__admin/snapshots/{name}/restore");
        Assert.True(response.Code == 200, response.ToString());
        return response.Body!;
    }

    [Fact]
    public async Task Restore_BringsBackEveryTable_AfterWritesDeletesFieldsTokensViewsAndJobs()
    {
        var leads = await Zoho.InsertLeadsAsync(30);
        var deals = await Zoho.PostAsync("/__admin/seed", new { module = "Deals", count = 5, seed = 3 });
        Assert.Equal(200, deals.Code);
        await Zoho.MassUpdateAsync(new { data = new[] { new { City = "Oslo" } }, ids = leads[..5] });
        var before = await StateAsync();

        var snapshot = await TakeAsync("clean");

        Assert.Equal(30, snapshot["records"]!["Leads"]!.GetValue<long>());
        Assert.Equal(5, snapshot["records"]!["Deals"]!.GetValue<long>());
        Assert.Equal(5, snapshot["audit_rows"]!.GetValue<long>());
        await Zoho.DeleteLeadsAsync(leads[0], leads[1]);
        await Zoho.InsertLeadsAsync(7, city: "Lima");
        var field = await Zoho.PostAsync("/crm/v8/settings/fields?module=Leads", new { fields = new[] { new { field_label = "Tier", data_type = "text" } } });
        Assert.True(field.Code == 201, field.ToString());
        var tiered = await Zoho.PutAsync($"/crm/v2/Leads/{leads[2]}", new { data = new[] { new { Tier = "gold" } } });
        Assert.Equal(200, tiered.Code);
        var token = await Zoho.MintTokenAsync(["ZohoCRM.modules.ALL"]);
        await Zoho.CreateViewAsync("Lima", "(City:equals:Lima)");
        var job = await JobCalls.ScheduleAsync(Zoho, JobCalls.CvidBody(JobCalls.AllLeads, "City", "Quito"));
        await Zoho.RunAsync(job);
        Assert.NotEqual(before, await StateAsync());

        var restored = await RestoreAsync("clean");

        Assert.Equal("restored", restored["status"]!.GetValue<string>());
        Assert.Equal(before, await StateAsync());
        var fields = await Zoho.GetAsync("/crm/v8/settings/fields?module=Leads");
        Assert.DoesNotContain(fields.Body!["fields"]!.AsArray(), f => f!["api_name"]!.GetValue<string>() == "Tier");
        var lead = await Zoho.GetLeadAsync(leads[0]);
        Assert.Equal("Oslo", lead["City"]!.GetValue<string>());
        using var minted = Server.Anonymous();
        minted.DefaultRequestHeaders.Add("Authorization", $"Zoho-oauthtoken {token}");
        var refused = await minted.GetAsync("/crm/v8/Leads?fields=Last_Name");
        Assert.Equal(401, (int)refused.StatusCode);
    }

    [Fact]
    public async Task Restore_OfAFieldDeletedSince_BringsBackItsColumnAndValues_AndIdsRunOnAsThey_Did()
    {
        var id = (await Zoho.InsertLeadsAsync(1))[0];
        var created = await Zoho.PostAsync("/crm/v8/settings/fields?module=Leads", new { fields = new[] { new { field_label = "Score", data_type = "integer" } } });
        Assert.True(created.Code == 201, created.ToString());
        var fieldId = created.Body!["fields"]![0]!["details"]!["id"]!.GetValue<string>();
        Assert.Equal(200, (await Zoho.PutAsync($"/crm/v2/Leads/{id}", new { data = new[] { new { Score = 9 } } })).Code);
        await TakeAsync("scored");
        var next = (await Zoho.InsertLeadsAsync(1))[0];
        var deleted = await Zoho.DeleteAsync($"/crm/v8/settings/fields/{fieldId}?module=Leads");
        Assert.True(deleted.Code == 200, deleted.ToString());

        await RestoreAsync("scored");

        Assert.Equal(9, (await Zoho.GetLeadAsync(id))["Score"]!.GetValue<int>());
        Assert.Equal(next, (await Zoho.InsertLeadsAsync(1))[0]);
    }

    [Fact]
    public async Task AJobOfTheRestoredState_RunsAgain_FromWhereItStood()
    {
        var leads = await Zoho.InsertLeadsAsync(12);
        var job = await JobCalls.ScheduleAsync(Zoho, JobCalls.CvidBody(JobCalls.AllLeads, "No_of_Employees", 77));
        await TakeAsync("scheduled");
        ResponseAssert.Is(200, JobCalls.Status("COMPLETED", total: 12, updated: 12), await Zoho.RunAsync(job));

        await RestoreAsync("scheduled");

        Assert.Equal("SCHEDULED", (await Zoho.StatusAsync(job)).Data[0]!["Status"]!.GetValue<string>());
        Assert.All(await Zoho.ValuesAsync("No_of_Employees", leads), v => Assert.Equal("10", v));
        ResponseAssert.Is(200, JobCalls.Status("COMPLETED", total: 12, updated: 12), await Zoho.RunAsync(job));
    }

    [Fact]
    public async Task Snapshots_AreListed_ReplacedOnlyWhenAsked_AndDeleted()
    {
        await Zoho.InsertLeadsAsync(2);
        await TakeAsync("a");
        await Zoho.InsertLeadsAsync(1);

        var again = await Zoho.PostAsync("/__admin/snapshots", new { name = "a" });
        ResponseAssert.Is(400, """
            {"code":"DUPLICATE_DATA","details":{"api_name":"name"},"message":"a snapshot of this name exists: delete it, or send \"replace\":true","status":"error"}
            """, again);
        var replaced = await Zoho.PostAsync("/__admin/snapshots", new { name = "a", replace = true });
        Assert.Equal(201, replaced.Code);
        await TakeAsync("b");

        var list = await Zoho.GetAsync("/__admin/snapshots");
        Assert.Equal([("a", 3L), ("b", 3L)], list.Body!["snapshots"]!.AsArray()
            .Select(s => (s!["name"]!.GetValue<string>(), s["records"]!["Leads"]!.GetValue<long>())));
        var deleted = await Zoho.DeleteAsync("/__admin/snapshots/a");
        ResponseAssert.Is(200, """{"status":"deleted","name":"a"}""", deleted);
        Assert.Equal(["b"], (await Zoho.GetAsync("/__admin/snapshots")).Body!["snapshots"]!.AsArray().Select(s => s!["name"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("{}", "MANDATORY_NOT_FOUND")]
    [InlineData("""{"name":""}""", "INVALID_DATA")]
    [InlineData("""{"name":"has space"}""", "INVALID_DATA")]
    [InlineData("""{"name":7}""", "INVALID_DATA")]
    [InlineData("""{"name":"ok","replace":"yes"}""", "INVALID_DATA")]
    [InlineData("[]", "INVALID_DATA")]
    [InlineData("{not json", "INVALID_DATA")]
    public async Task ABadBody_IsAZohoError_AndTakesNothing(string body, string code)
    {
        await Zoho.InsertLeadsAsync(1);
        var before = await DatabaseDigest.OfAsync(Server);

        var response = await Zoho.SendAsync(HttpMethod.Post, "/__admin/snapshots", body);

        Assert.True(response.Code == 400, response.ToString());
        Assert.Equal((code, "error"), (response.Body!["code"]!.GetValue<string>(), response.Body!["status"]!.GetValue<string>()));
        Assert.Equal(before, await DatabaseDigest.OfAsync(Server));
    }

    [Fact]
    public async Task AnUnknownSnapshot_IsNotFound_ToRestoreOrDelete_AndChangesNothing()
    {
        await Zoho.InsertLeadsAsync(1);
        var before = await DatabaseDigest.OfAsync(Server);
        const string notFound = """
            {"code":"INVALID_DATA","details":{"api_name":"name"},"message":"no snapshot of this name (GET /__admin/snapshots lists them)","status":"error"}
            """;

        ResponseAssert.Is(404, notFound, await Zoho.SendAsync(HttpMethod.Post, "/__admin/snapshots/nope/restore"));
        ResponseAssert.Is(404, notFound, await Zoho.DeleteAsync("/__admin/snapshots/nope"));
        ResponseAssert.Is(404, notFound, await Zoho.SendAsync(HttpMethod.Post, "/__admin/snapshots/bad%20name/restore"));
        Assert.Equal(before, await DatabaseDigest.OfAsync(Server));
    }
}

using System.Text.Json.Nodes;
using OpenLeads.Server.Storage;
using OpenLeads.Tests.Infrastructure;
using static OpenLeads.Tests.Jobs.JobCalls;

namespace OpenLeads.Tests.Jobs;

/// <summary>
/// Scheduling a mass update by cvid (and territory), and the job status call. Jobs wait for
/// <c>POST /__admin/jobs/{id}/run</c> here, so every state is seen as it is.
/// </summary>
public sealed class JobSchedulingTests() : ServerTest(new Dictionary<string, string?>
{
    ["OpenLeads:Jobs:Progression"] = "manual",
    ["OpenLeads:MassUpdate:MaxJobRecords"] = MaxJobRecords.ToString(),
})
{
    private const int MaxJobRecords = 6;

    private static readonly string NoRecordsFound = DataError("NO_RECORDS_FOUND", "no record found to update", "{}");

    private static string InvalidCvid(string id) =>
        DataError("INVALID_DATA", "the given custom view id seems to be invalid", $$"""{"api_name":"cvid","id":"{{id}}"}""");

    private static string InvalidTerritory(string id) =>
        DataError("INVALID_DATA", "the given territory id seems to be invalid", $$"""{"api_name":"territory","id":"{{id}}"}""");

    [Fact]
    public async Task Schedule_ByCvid_AnswersSuccess_AndTheJobWaitsScheduledOverEveryRecordOfTheView()
    {
        var ids = await Zoho.InsertLeadsAsync(5);

        var jobId = await Zoho.ScheduleAsync(CvidBody(AllLeads, "No_of_Employees", 42));

        ResponseAssert.Answer(200, Status("SCHEDULED", total: 5), await Zoho.StatusAsync(jobId));
        Assert.All(await Zoho.ValuesAsync("No_of_Employees", ids), v => Assert.Equal("10", v));
    }

    [Fact]
    public async Task Run_CompletesTheJob_WithExactCounts_AndUpdatesEveryRecord()
    {
        var ids = await Zoho.InsertLeadsAsync(5);
        var jobId = await Zoho.ScheduleAsync(CvidBody(AllLeads, "No_of_Employees", 42));

        var run = await Zoho.RunAsync(jobId);

        ResponseAssert.Is(200, Status("COMPLETED", total: 5, updated: 5), run);
        ResponseAssert.Answer(200, Status("COMPLETED", total: 5, updated: 5), await Zoho.StatusAsync(jobId));
        Assert.All(await Zoho.ValuesAsync("No_of_Employees", ids), v => Assert.Equal("42", v));
    }

    [Fact]
    public async Task ViewWithCriteria_CoversOnlyTheRecordsItMatches()
    {
        var austin = await Zoho.InsertLeadsAsync(3, "Austin");
        var berlin = await Zoho.InsertLeadsAsync(2, "Berlin");
        var cvid = await Zoho.CreateViewAsync("Berlin Leads", "(City:equals:Berlin)");

        var jobId = await Zoho.ScheduleAsync(CvidBody(cvid, "No_of_Employees", 42));
        ResponseAssert.Is(200, Status("SCHEDULED", total: 2), await Zoho.StatusAsync(jobId));
        ResponseAssert.Is(200, Status("COMPLETED", total: 2, updated: 2), await Zoho.RunAsync(jobId));

        Assert.Equal(["42", "42"], await Zoho.ValuesAsync("No_of_Employees", berlin));
        Assert.Equal(["10", "10", "10"], await Zoho.ValuesAsync("No_of_Employees", austin));
    }

    [Theory]
    [InlineData(Emea, false, new[] { 1 })]
    [InlineData(Emea, true, new[] { 0, 1 })]
    [InlineData(Zylker, true, new[] { 0, 1, 2 })]
    [InlineData(Apac, false, new[] { 2 })]
    public async Task Territory_NarrowsTheView_ToItOrToItsWholeSubtree(string territory, bool includeChild, int[] covered)
    {
        // Europe lies under EMEA, which lies under Zylker; the fourth Lead is in no territory.
        var ids = await Zoho.InsertLeadsAsync(4);
        string?[] territories = [Europe, Emea, Apac, null];
        for (var i = 0; i < ids.Length; i++) await Zoho.SetTerritoryAsync(ids[i], territories[i]);

        var jobId = await Zoho.ScheduleAsync(CvidBody(AllLeads, "No_of_Employees", 42,
            ("territory", new { id = territory, include_child = includeChild })));
        ResponseAssert.Is(200, Status("SCHEDULED", total: covered.Length), await Zoho.StatusAsync(jobId));
        ResponseAssert.Is(200, Status("COMPLETED", total: covered.Length, updated: covered.Length), await Zoho.RunAsync(jobId));

        var expected = ids.Select((_, i) => covered.Contains(i) ? "42" : "10");
        Assert.Equal(expected, await Zoho.ValuesAsync("No_of_Employees", ids));
    }

    [Fact]
    public async Task Territory_WithoutIncludeChild_DoesNotReachItsChildren()
    {
        var ids = await Zoho.InsertLeadsAsync(2);
        await Zoho.SetTerritoryAsync(ids[0], Europe);
        await Zoho.SetTerritoryAsync(ids[1], Emea);

        var response = await Zoho.MassUpdateAsync(CvidBody(AllLeads, "No_of_Employees", 42, ("territory", new { id = Zylker })));

        ResponseAssert.Answer(200, NoRecordsFound, response);
    }

    [Fact]
    public async Task SecondSchedule_OfTheSameCvidWhileOneWaits_AnswersAlreadyScheduled_UntilTheFirstCompletes()
    {
        var ids = await Zoho.InsertLeadsAsync(3);
        foreach (var id in ids) await Zoho.SetTerritoryAsync(id, Europe);
        var first = await Zoho.ScheduleAsync(CvidBody(AllLeads, "No_of_Employees", 42));

        var again = await Zoho.MassUpdateAsync(CvidBody(AllLeads, "No_of_Employees", 7));
        var withTerritory = await Zoho.MassUpdateAsync(CvidBody(AllLeads, "Rating", "Active", ("territory", new { id = Emea, include_child = true })));
        var otherView = await Zoho.ScheduleAsync(CvidBody(await Zoho.CreateViewAsync("Austin", "(City:equals:Austin)"), "Rating", "Active"));

        var already = DataError("ALREADY_SCHEDULED", "Already a Mass Action scheduler is running for the given cvid", """{"api_name":"cvid"}""");
        ResponseAssert.Answer(200, already, again);
        ResponseAssert.Answer(200, already, withTerritory);
        ResponseAssert.Is(200, Status("SCHEDULED", total: 3), await Zoho.StatusAsync(first));
        ResponseAssert.Is(200, Status("SCHEDULED", total: 3), await Zoho.StatusAsync(otherView));

        ResponseAssert.Is(200, Status("COMPLETED", total: 3, updated: 3), await Zoho.RunAsync(first));
        var next = await Zoho.ScheduleAsync(CvidBody(AllLeads, "No_of_Employees", 7));

        Assert.NotEqual(first, next);
        ResponseAssert.Is(200, Status("COMPLETED", total: 3, updated: 3), await Zoho.RunAsync(next));
        Assert.Equal(["7", "7", "7"], await Zoho.ValuesAsync("No_of_Employees", ids));
    }

    [Fact]
    public async Task MoreRecordsThanMaxJobRecords_AnswersRecordCountExceeded_AndSchedulesNothing()
    {
        var ids = await Zoho.InsertLeadsAsync(MaxJobRecords + 1);

        var response = await Zoho.MassUpdateAsync(CvidBody(AllLeads, "No_of_Employees", 42));

        ResponseAssert.Answer(200, DataError("LIMIT_EXCEEDED", "Record count exceeded",
            $$"""{"api_name":"cvid","limit":{{MaxJobRecords}},"count":{{MaxJobRecords + 1}}}"""), response);
        // No job exists: not at the first id a job would take, and the view is free to schedule at the limit.
        ResponseAssert.Is(404, """{"code":"NOT_FOUND","details":{"param_name":"job_id"},"message":"Empty response","status":"error"}""",
            await Zoho.StatusAsync(DemoOrganisation.FirstObjectId.ToString()));
        await Zoho.DeleteLeadsAsync(ids[0]);
        var jobId = await Zoho.ScheduleAsync(CvidBody(AllLeads, "No_of_Employees", 42));
        ResponseAssert.Is(200, Status("SCHEDULED", total: MaxJobRecords), await Zoho.StatusAsync(jobId));
        Assert.All(await Zoho.ValuesAsync("No_of_Employees", ids[1..]), v => Assert.Equal("10", v));
    }

    [Fact]
    public async Task ViewMatchingNothing_AnswersNoRecordsFound()
    {
        var ids = await Zoho.InsertLeadsAsync(2, "Austin");
        var cvid = await Zoho.CreateViewAsync("Osaka", "(City:equals:Osaka)");

        ResponseAssert.Answer(200, NoRecordsFound, await Zoho.MassUpdateAsync(CvidBody(cvid, "No_of_Employees", 42)));
        await Zoho.DeleteLeadsAsync(ids);
        ResponseAssert.Answer(200, NoRecordsFound, await Zoho.MassUpdateAsync(CvidBody(AllLeads, "No_of_Employees", 42)));
    }

    [Theory]
    [InlineData("\"738964000000087999\"", "738964000000087999")]
    [InlineData("738964000000087999", "738964000000087999")]
    [InlineData("\"all\"", "all")]
    [InlineData("\"-5\"", "-5")]
    public async Task UnknownCvid_AnswersInvalidDataNamingTheCvid(string cvidJson, string echoed)
    {
        await Zoho.InsertLeadsAsync(1);
        var body = CvidBody(AllLeads, "No_of_Employees", 42);
        body["cvid"] = JsonNode.Parse(cvidJson);

        ResponseAssert.Answer(200, InvalidCvid(echoed), await Zoho.MassUpdateAsync(body));
    }

    [Theory]
    [InlineData("""{"id":"738964000000400099"}""", "738964000000400099")]
    [InlineData("""{"id":"EMEA","include_child":true}""", "EMEA")]
    [InlineData("""{"include_child":true}""", "")]
    public async Task UnknownTerritory_AnswersInvalidDataNamingTheTerritory(string territoryJson, string echoed)
    {
        var ids = await Zoho.InsertLeadsAsync(1);
        await Zoho.SetTerritoryAsync(ids[0], Emea);

        var response = await Zoho.MassUpdateAsync(CvidBody(AllLeads, "No_of_Employees", 42, ("territory", JsonNode.Parse(territoryJson))));

        ResponseAssert.Answer(200, InvalidTerritory(echoed), response);
        await Zoho.ScheduleAsync(CvidBody(AllLeads, "No_of_Employees", 42));
    }

    [Fact]
    public async Task Territory_WithIds_IsRefused_AndUpdatesNothing()
    {
        var ids = await Zoho.InsertLeadsAsync(1);
        var body = new Dictionary<string, object?>
        {
            ["data"] = new[] { new { No_of_Employees = 42 } }, ["ids"] = ids, ["territory"] = new { id = Emea },
        };

        ResponseAssert.Answer(200, DataError("INVALID_DATA", "territory can be given only with cvid", """{"api_name":"territory"}"""),
            await Zoho.MassUpdateAsync(body));
        Assert.Equal(["10"], await Zoho.ValuesAsync("No_of_Employees", ids));
    }

    [Theory]
    [InlineData("Email", "\"a@b.example\"")]
    [InlineData("Description", "\"x\"")]
    [InlineData("Full_Name", "\"x\"")]
    [InlineData("Nonexistent_Field", "1")]
    [InlineData("No_of_Employees", "\"abc\"")]
    [InlineData("Rating", "\"Lukewarm\"")]
    [InlineData("Next_Follow_Up", "\"28/11/2026\"")]
    [InlineData("Products_of_Interest", "\"CRM\"")]
    public async Task FieldOrValueErrors_AreAnsweredAsOnTheIdsPath_AndScheduleNothing(string field, string valueJson)
    {
        var ids = await Zoho.InsertLeadsAsync(1);
        var before = await Zoho.SnapshotAsync(ids);
        var byIds = await Zoho.MassUpdateAsync(new Dictionary<string, object?>
        {
            ["data"] = new[] { new Dictionary<string, object?> { [field] = JsonNode.Parse(valueJson) } }, ["ids"] = ids,
        });

        var byCvid = await Zoho.MassUpdateAsync(CvidBody(AllLeads, field, JsonNode.Parse(valueJson)));

        Assert.Equal("INVALID_DATA", byCvid.Entry()["code"]?.GetValue<string>());
        ResponseAssert.Is(byIds.Code, ResponseAssert.Canonical(byIds.Body), byCvid);
        Assert.Equal(before, await Zoho.SnapshotAsync(ids));
        await Zoho.ScheduleAsync(CvidBody(AllLeads, "No_of_Employees", 42));
    }

    [Fact]
    public async Task V8_AnswersSuccess200_Errors400_AndTheSameStatus()
    {
        await Zoho.InsertLeadsAsync(2);
        var emptyView = await Zoho.CreateViewAsync("Osaka", "(City:equals:Osaka)");

        var jobId = await Zoho.ScheduleAsync(CvidBody(AllLeads, "No_of_Employees", 42), "v8");

        ResponseAssert.Answer(200, Status("SCHEDULED", total: 2), await Zoho.StatusAsync(jobId, "v8"));
        ResponseAssert.Answer(400, NoRecordsFound, await Zoho.MassUpdateAsync(CvidBody(emptyView, "No_of_Employees", 1), "v8"));
        ResponseAssert.Answer(400, InvalidCvid("738964000000087999"),
            await Zoho.MassUpdateAsync(CvidBody("738964000000087999", "No_of_Employees", 1), "v8"));
        ResponseAssert.Answer(400, InvalidTerritory("738964000000400099"), await Zoho.MassUpdateAsync(
            CvidBody(emptyView, "No_of_Employees", 1, ("territory", new { id = "738964000000400099" })), "v8"));
        await Zoho.RunAsync(jobId);
        ResponseAssert.Answer(200, Status("COMPLETED", total: 2, updated: 2), await Zoho.StatusAsync(jobId, "v8"));
        ResponseAssert.Answer(200, Status("COMPLETED", total: 2, updated: 2), await Zoho.StatusAsync(jobId, "v2"));
    }

    [Theory]
    [InlineData("v2")]
    [InlineData("v8")]
    public async Task JobStatus_WithoutJobId_AnswersMandatoryNotFound(string version)
    {
        foreach (var path in new[] { "", "?job_id=", "?jobid=1" })
        {
            ResponseAssert.Answer(400, """{"code":"MANDATORY_NOT_FOUND","details":{"param_name":"job_id"},"message":"mandatory param missing","status":"error"}""",
                await Zoho.GetAsync($"/crm/{version}/Leads/actions/mass_update{path}"));
        }
    }

    [Theory]
    [InlineData("v2", 404, "NOT_FOUND", "Empty response")]
    [InlineData("v8", 400, "INVALID_DATA", "The jobid given seems to be invalid")]
    public async Task JobStatus_OfAnUnknownJob_IsAnsweredAsTheVersionDoes(string version, int status, string code, string message)
    {
        await Zoho.InsertLeadsAsync(1);
        var jobId = await Zoho.ScheduleAsync(CvidBody(AllLeads, "No_of_Employees", 42));

        foreach (var unknown in new[] { (long.Parse(jobId) + 1000).ToString(), "abc", "-1", AllLeads })
        {
            ResponseAssert.IsError(status, code, message, """{"param_name":"job_id"}""", await Zoho.StatusAsync(unknown, version));
        }
    }
}

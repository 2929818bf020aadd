using System.Net.Http.Headers;
using OpenLeads.Tests.DemoOrg;
using OpenLeads.Tests.Infrastructure;
using OpenLeads.Tests.Jobs;
using static OpenLeads.Tests.Operations.OperationCalls;

namespace OpenLeads.Tests.Operations;

/// <summary>
/// Operations: every mass update answers its id in X-OpenLeads-Operation-Id; an undo restores what it changed as a job
/// (counted as Zoho counts a mass update job), and the records it touched or left alone are listed with their outcome.
/// </summary>
public sealed class UndoTests() : ServerTest(new Dictionary<string, string?> { ["OpenLeads:Jobs:BatchSize"] = "3" })
{
    [Fact]
    public async Task IdsMassUpdate_IsAnOperation_WhoseUndoRestoresEveryRecordItChanged()
    {
        var ids = await Zoho.InsertLeadsAsync(5);
        await Zoho.SetStateAsync(ids[4], lockAction: "record_locking");
        await Zoho.DeleteLeadsAsync(ids[3]);

        var response = await Zoho.MassUpdateAsync(new { data = new[] { new { No_of_Employees = 42 } }, ids });
        var operation = response.OperationId();

        Assert.Equal(["42", "42", "42", "10"], await Zoho.ValuesAsync("No_of_Employees", ids[0], ids[1], ids[2], ids[4]));
        Assert.Equal([$"{ids[0]} updated SUCCESS", $"{ids[1]} updated SUCCESS", $"{ids[2]} updated SUCCESS",
            $"{ids[3]} failed DELETED", $"{ids[4]} not_updated RECORD_LOCKED"], await Zoho.OutcomesAsync(operation));
        var (_, status) = await Zoho.UndoAndWaitAsync(operation, "Leads");

        Assert.Equal(Status(total: 3, updated: 3), status);
        Assert.Equal(["10", "10", "10", "10"], await Zoho.ValuesAsync("No_of_Employees", ids[0], ids[1], ids[2], ids[4]));
    }

    [Fact]
    public async Task UndoOfAJob_OnContacts_LeavesRecordsChangedSinceOrLockedNow_AndSaysWhy()
    {
        var ids = new List<string>();
        for (var i = 0; i < 7; i++) ids.Add(await Zoho.InsertAsync("Contacts", new { Last_Name = $"C{i}", Title = "Old" }));
        var scheduled = await Zoho.MassUpdateAsync("Contacts", new { data = new[] { new { Title = "New" } }, cvid = DemoOrgCalls.AllContacts });
        var jobId = scheduled.Data.Single()!["details"]!["job_id"]!.GetValue<string>();
        Assert.Equal(jobId, scheduled.OperationId());
        await Zoho.WaitUntilCompletedAsync(jobId, "Contacts");
        Assert.Equal(200, (await Zoho.PutAsync($"/crm/v8/Contacts/{ids[1]}", new { data = new[] { new { Title = "Changed" } } })).Code);
        Assert.Equal(200, (await Zoho.PutAsync($"/__admin/records/Contacts/{ids[5]}/state", new { approval = "approved", lock_action = "record_locking" })).Code);

        var (undoJob, status) = await Zoho.UndoAndWaitAsync(jobId, "Contacts");

        Assert.Equal(Status(total: 7, updated: 5, notUpdated: 2), status);
        var titles = new List<string>();
        foreach (var id in ids) titles.Add((await Zoho.GetRecordAsync("Contacts", id))["Title"]!.GetValue<string>());
        Assert.Equal(["Old", "Changed", "Old", "Old", "Old", "New", "Old"], titles);
        Assert.Equal([$"{ids[1]} not_updated CHANGED_SINCE", $"{ids[5]} not_updated RECORD_LOCKED"],
            await Zoho.OutcomesAsync(undoJob, "outcome=not_updated"));
        Assert.Equal(5, (await Zoho.OutcomesAsync(undoJob, "outcome=updated")).Length);
    }

    [Fact]
    public async Task UndoOfAJob_RestoresARecordChangedSinceInAnotherField_AndCountsOneDeletedSinceAsFailed()
    {
        // Batches of three: the first has a record changed since in another field only (every record there writable, no
        // later row of the field), the second a record deleted since.
        var ids = new List<string>();
        for (var i = 0; i < 6; i++) ids.Add(await Zoho.InsertAsync("Contacts", new { Last_Name = $"C{i}", Title = "Old", Department = "D" }));
        var scheduled = await Zoho.MassUpdateAsync("Contacts", new { data = new[] { new { Title = "New" } }, cvid = DemoOrgCalls.AllContacts });
        var jobId = scheduled.OperationId();
        await Zoho.WaitUntilCompletedAsync(jobId, "Contacts");
        Assert.Equal(200, (await Zoho.PutAsync($"/crm/v8/Contacts/{ids[0]}", new { data = new[] { new { Department = "Changed" } } })).Code);
        Assert.Equal(200, (await Zoho.DeleteAsync($"/crm/v8/Contacts?ids={ids[4]}")).Code);

        var (undoJob, status) = await Zoho.UndoAndWaitAsync(jobId, "Contacts");

        Assert.Equal(Status(total: 6, updated: 5, failed: 1), status);
        var first = await Zoho.GetRecordAsync("Contacts", ids[0]);
        Assert.Equal(("Old", "Changed"), (first["Title"]!.GetValue<string>(), first["Department"]!.GetValue<string>()));
        foreach (var id in ids.Where((_, i) => i != 4)) Assert.Equal("Old", (await Zoho.GetRecordAsync("Contacts", id))["Title"]!.GetValue<string>());
        Assert.Equal([$"{ids[4]} failed DELETED"], await Zoho.OutcomesAsync(undoJob, "outcome=failed"));
    }

    [Fact]
    public async Task AnUndo_CanBeUndone_ButAnOperationIsUndoneOnlyOnce()
    {
        var ids = await Zoho.InsertLeadsAsync(4);
        var operation = (await Zoho.MassUpdateAsync(new { data = new[] { new { No_of_Employees = 42 } }, ids })).OperationId();
        var (undo, _) = await Zoho.UndoAndWaitAsync(operation, "Leads");

        var again = await Zoho.UndoAsync(operation);
        var (_, redone) = await Zoho.UndoAndWaitAsync(undo, "Leads");

        ResponseAssert.IsError(400, "NOT_ALLOWED", "the operation was already undone (undo the undo to redo it)",
            $$"""{"resource_path_index":1,"job_id":"{{undo}}"}""", again);
        Assert.Equal(Status(total: 4, updated: 4), redone);
        Assert.Equal(["42", "42", "42", "42"], await Zoho.ValuesAsync("No_of_Employees", ids));
    }

    [Fact]
    public async Task Records_ArePagedLikeZohosLists()
    {
        var ids = await Zoho.InsertLeadsAsync(5);
        var operation = (await Zoho.MassUpdateAsync(new { data = new[] { new { No_of_Employees = 42 } }, ids })).OperationId();

        var first = await Zoho.RecordsAsync(operation, "outcome=updated&per_page=2");
        var last = await Zoho.RecordsAsync(operation, "per_page=2&page=3");
        var none = await Zoho.RecordsAsync(operation, "outcome=failed");

        ResponseAssert.Answer(200, $$"""
            {"data":[{"id":"{{ids[0]}}","module":"Leads","outcome":"updated","code":"SUCCESS"},{"id":"{{ids[1]}}","module":"Leads","outcome":"updated","code":"SUCCESS"}],
             "info":{"per_page":2,"count":2,"page":1,"more_records":true} }
            """, first);
        ResponseAssert.Is(200, $$"""
            {"data":[{"id":"{{ids[4]}}","module":"Leads","outcome":"updated","code":"SUCCESS"}],"info":{"per_page":2,"count":1,"page":3,"more_records":false} }
            """, last);
        ResponseAssert.NoContent(none);
    }

    [Fact]
    public async Task BadIdsOutcomesPagesAndScopes_AnswerZohoErrorsNamingThePart_AndChangeNothing()
    {
        var ids = await Zoho.InsertLeadsAsync(2);
        var operation = (await Zoho.MassUpdateAsync(new { data = new[] { new { No_of_Employees = 42 } }, ids })).OperationId();
        var readOnly = new AuthenticationHeaderValue("Zoho-oauthtoken", await Zoho.MintTokenAsync(["ZohoCRM.mass_update.leads.READ"]));

        ResponseAssert.IsError(400, "INVALID_DATA", "the operation id given seems to be invalid", """{"resource_path_index":1}""",
            await Zoho.UndoAsync("12x"));
        ResponseAssert.IsError(404, "INVALID_DATA", "no operation of this id (a mass update answers its id in X-OpenLeads-Operation-Id)",
            """{"resource_path_index":1}""", await Zoho.UndoAsync("111111111111111111"));
        ResponseAssert.IsError(404, "INVALID_DATA", "no operation of this id (a mass update answers its id in X-OpenLeads-Operation-Id)",
            """{"resource_path_index":1}""", await Zoho.RecordsAsync("111111111111111111"));
        ResponseAssert.IsError(400, "INVALID_DATA", "outcome must be updated, not_updated or failed", """{"param_name":"outcome"}""",
            await Zoho.RecordsAsync(operation, "outcome=skipped"));
        ResponseAssert.IsError(400, "INVALID_DATA", "Please check whether the input values are correct", """{"param_name":"per_page"}""",
            await Zoho.RecordsAsync(operation, "per_page=0"));
        ResponseAssert.IsError(400, "INVALID_DATA", "unknown key", """{"api_name":"dry_run","expected":"none"}""",
            await Zoho.SendAsync(HttpMethod.Post, $"/openleads/v1/operations/{operation}/undo", """{"dry_run":true}"""));
        var noScope = await Zoho.UndoAsync(operation, readOnly);
        ResponseAssert.IsError(401, "OAUTH_SCOPE_MISMATCH", "invalid oauth scope to access this URL", "{}", noScope);
        Assert.Equal("required-scope=ZohoCRM.mass_update.leads.UPDATE", noScope.Message.Headers.GetValues("X-OpenLeads-Error").Single());
        Assert.Equal(200, (await Zoho.SendAsync(HttpMethod.Get, $"/openleads/v1/operations/{operation}/records", authorization: readOnly)).Code);
        Assert.Equal(["42", "42"], await Zoho.ValuesAsync("No_of_Employees", ids));
    }
}

/// <summary>Undo while the operation's job has not run yet (manual progression), and a job's deleted records.</summary>
public sealed class UndoOfRunningJobTests() : ServerTest(new Dictionary<string, string?> { ["OpenLeads:Jobs:Progression"] = "manual" })
{
    [Fact]
    public async Task UndoOfAJobNotYetCompleted_IsRefused_ThenAllowedOnceItHasRun()
    {
        var ids = await Zoho.InsertLeadsAsync(3);
        var jobId = await JobCalls.ScheduleAsync(Zoho, JobCalls.CvidBody(JobCalls.AllLeads, "No_of_Employees", 42));
        await Zoho.DeleteLeadsAsync(ids[2]);

        var running = await Zoho.UndoAsync(jobId);
        await Zoho.RunAsync(jobId);
        var failed = await Zoho.OutcomesAsync(jobId, "outcome=failed");

        ResponseAssert.IsError(400, "NOT_ALLOWED", "the operation is still running: undo it once its job has completed",
            $$"""{"resource_path_index":1,"job_id":"{{jobId}}"}""", running);
        Assert.Equal([$"{ids[2]} failed DELETED"], failed);
        var undo = (await Zoho.UndoAsync(jobId)).OperationId();
        await Zoho.RunAsync(undo);
        ResponseAssert.Answer(200, JobCalls.Status("COMPLETED", total: 2, updated: 2), await Zoho.StatusAsync(undo));
        Assert.Equal(["10", "10"], await Zoho.ValuesAsync("No_of_Employees", ids[0], ids[1]));
    }
}

/// <summary>Undo gives back each type's value exactly: one field of a type SQL reads back, or several (Deals) through the record rules.</summary>
public sealed class UndoValuesTests : ServerTest
{
    private static readonly (string Field, object Value)[] Changes =
    [
        ("Email_Opt_Out", true), ("Next_Follow_Up", "2027-05-05"), ("Last_Contacted", "2027-05-05T08:30:00+00:00"),
        ("Conversion_Probability", 99.5), ("Annual_Revenue", 7.25), ("Lead_Status", "Lost Lead"), ("Products_of_Interest", new[] { "CRM" }),
    ];

    private static string Values(System.Text.Json.Nodes.JsonObject lead) => string.Join(" ", Changes.Select(c => lead[c.Field]?.ToJsonString() ?? "null"));

    [Fact]
    public async Task UndoOfEachField_GivesBackItsValue_SetOrEmpty()
    {
        var set = await Zoho.InsertLeadsAsync(new
        {
            Last_Name = "Set", Email_Opt_Out = false, Next_Follow_Up = "2026-03-01", Last_Contacted = "2026-02-01T10:00:00+00:00",
            Conversion_Probability = 12.5, Annual_Revenue = 1000.5, Lead_Status = "Contacted", Products_of_Interest = new[] { "Analytics", "Books" },
        });
        var empty = await Zoho.InsertLeadsAsync(new { Last_Name = "Empty" });
        string[] ids = [set[0], empty[0]];
        var before = new List<string>();
        foreach (var id in ids) before.Add(Values(await Zoho.GetLeadAsync(id)));

        foreach (var (field, value) in Changes)
        {
            var body = new Dictionary<string, object> { ["data"] = new[] { new Dictionary<string, object> { [field] = value } }, ["ids"] = ids, ["over_write"] = true };
            var operation = (await Zoho.MassUpdateAsync(body)).OperationId();
            var (_, status) = await Zoho.UndoAndWaitAsync(operation, "Leads");
            Assert.Equal(Status(total: 2, updated: 2), status);
        }

        var after = new List<string>();
        foreach (var id in ids) after.Add(Values(await Zoho.GetLeadAsync(id)));
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task UndoOfThreeDealFields_GivesBackAllThree()
    {
        string[] ids =
        [
            await Zoho.InsertAsync("Deals", new { Deal_Name = "Kestrel renewal", Stage = "Qualification", Closing_Date = "2026-12-31", Amount = 1000 }),
            await Zoho.InsertAsync("Deals", new { Deal_Name = "Lumen pilot", Stage = "Needs Analysis", Closing_Date = "2026-11-30", Amount = 250 }),
        ];
        var operation = (await Zoho.MassUpdateAsync("Deals", new
        {
            data = new[] { new { Stage = "Negotiation/Review", Amount = 48000, Closing_Date = "2027-01-15" } }, ids,
        })).OperationId();

        var (_, status) = await Zoho.UndoAndWaitAsync(operation, "Deals");

        Assert.Equal(Status(total: 2, updated: 2), status);
        var deals = new List<string>();
        foreach (var id in ids)
        {
            var deal = await Zoho.GetRecordAsync("Deals", id);
            deals.Add($"{deal["Stage"]} {deal["Amount"]} {deal["Closing_Date"]}");
        }
        Assert.Equal(["Qualification 1000 2026-12-31", "Needs Analysis 250 2026-11-30"], deals);
    }
}

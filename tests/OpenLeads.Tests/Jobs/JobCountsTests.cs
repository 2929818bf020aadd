using Microsoft.Extensions.DependencyInjection;
using OpenLeads.Server.Metadata;
using OpenLeads.Server.Storage;
using OpenLeads.Tests.Infrastructure;
using static OpenLeads.Tests.Jobs.JobCalls;

namespace OpenLeads.Tests.Jobs;

/// <summary>
/// What a job does to each record of its set, and how it counts them: updated, not updated
/// (locked, pending, in review when the job reaches them), failed (deleted since scheduling).
/// <see cref="JobCountsInBatchesOf7Tests"/> runs every case again with batches smaller than the job.
/// </summary>
public class JobCountsTests : ServerTest
{
    private const int Leads = 20;

    public JobCountsTests() : this(batchSize: 2000)
    {
    }

    protected JobCountsTests(int batchSize) : base(new Dictionary<string, string?>
    {
        ["OpenLeads:Jobs:Progression"] = "manual",
        ["OpenLeads:Jobs:BatchSize"] = batchSize.ToString(),
    })
    {
    }

    private async Task<IReadOnlyList<AuditEntry>> JobAuditAsync(string recordId, string jobId) =>
        [.. (await Server.Services.GetRequiredService<IRecordStore>().AuditAsync(OrgFolder.Demo.Module("Leads"), long.Parse(recordId), CancellationToken.None))
            .Where(a => a.Source == "job" && a.JobId == long.Parse(jobId))];

    private Task<string> ScheduleEmployeesAsync(int value = 42, string cvid = AllLeads) =>
        Zoho.ScheduleAsync(CvidBody(cvid, "No_of_Employees", value));

    [Fact]
    public async Task RecordsLockedPendingOrInReviewWhenTheJobRuns_CountAsNotUpdated_AndStayAsTheyWere()
    {
        var ids = await Zoho.InsertLeadsAsync(Leads);
        await Zoho.SetStateAsync(ids[0], lockAction: "record_locking");
        var jobId = await ScheduleEmployeesAsync();
        // Refusal is decided when the job reaches a record, not when it is scheduled.
        await Zoho.SetStateAsync(ids[0]);
        await Zoho.SetStateAsync(ids[3], lockAction: "record_locking");
        await Zoho.SetStateAsync(ids[9], approval: "pending");
        await Zoho.SetStateAsync(ids[15], approval: "in_review");
        await Zoho.SetStateAsync(ids[16], lockAction: "zia_vision_processing");
        string[] refused = [ids[3], ids[9], ids[15], ids[16]];
        var before = await Zoho.SnapshotAsync(refused);

        var run = await Zoho.RunAsync(jobId);

        ResponseAssert.Is(200, Status("COMPLETED", total: Leads, updated: Leads - 4, notUpdated: 4), run);
        Assert.Equal(before, await Zoho.SnapshotAsync(refused));
        Assert.All(await Zoho.ValuesAsync("No_of_Employees", [.. ids.Except(refused)]), v => Assert.Equal("42", v));
        foreach (var id in refused) Assert.Empty(await JobAuditAsync(id, jobId));
    }

    [Fact]
    public async Task RecordsDeletedAfterScheduling_CountAsFailed()
    {
        var ids = await Zoho.InsertLeadsAsync(Leads);
        var jobId = await ScheduleEmployeesAsync();

        await Zoho.DeleteLeadsAsync(ids[5], ids[13], ids[19]);

        ResponseAssert.Is(200, Status("COMPLETED", total: Leads, updated: Leads - 3, failed: 3), await Zoho.RunAsync(jobId));
        ResponseAssert.Answer(200, Status("COMPLETED", total: Leads, updated: Leads - 3, failed: 3), await Zoho.StatusAsync(jobId));
    }

    [Fact]
    public async Task Counts_AddUpToTotal_AndTheJobsAuditRowsAreOnePerUpdatedRecord()
    {
        var ids = await Zoho.InsertLeadsAsync(Leads);
        var jobId = await ScheduleEmployeesAsync();
        await Zoho.SetStateAsync(ids[2], lockAction: "record_locking");
        await Zoho.SetStateAsync(ids[8], approval: "pending");
        await Zoho.DeleteLeadsAsync(ids[7], ids[14]);

        var status = (await Zoho.RunAsync(jobId)).Data[0]!;

        long Count(string key) => status[key]!.GetValue<long>();
        Assert.Equal(((long)Leads, 16L, 2L, 2L), (Count("Total_Count"), Count("Updated_Count"), Count("Not_Updated_Count"), Count("Failed_Count")));
        Assert.Equal(Count("Total_Count"), Count("Updated_Count") + Count("Not_Updated_Count") + Count("Failed_Count"));
        var audit = new List<AuditEntry>();
        foreach (var id in ids.Except([ids[7], ids[14]])) audit.AddRange(await JobAuditAsync(id, jobId));
        Assert.Equal(Count("Updated_Count"), audit.Count);
        Assert.Equal(audit.Count, audit.Select(a => a.RecordId).Distinct().Count());
        Assert.All(audit, a => Assert.Equal(("No_of_Employees", "10", "42", OrgFolder.Demo.Administrator.Id),
            (a.Field, a.OldValue, a.NewValue, a.User.Id)));
    }

    [Fact]
    public async Task TheSetIsFixedAtScheduling_LaterMatchesAreLeftAlone_AndEarlierMatchesAreStillUpdated()
    {
        var ids = await Zoho.InsertLeadsAsync(Leads, "Berlin");
        var cvid = await Zoho.CreateViewAsync("Berlin", "(City:equals:Berlin)");
        var jobId = await ScheduleEmployeesAsync(cvid: cvid);

        var late = await Zoho.InsertLeadsAsync(2, "Berlin");
        var moved = await Zoho.PutAsync($"/crm/v2/Leads/{ids[4]}", new { data = new[] { new { City = "Lyon" } } });
        Assert.True(moved.Code == 200, moved.ToString());

        ResponseAssert.Is(200, Status("COMPLETED", total: Leads, updated: Leads), await Zoho.RunAsync(jobId));
        Assert.Equal(["10", "10"], await Zoho.ValuesAsync("No_of_Employees", late));
        Assert.Equal(["42"], await Zoho.ValuesAsync("No_of_Employees", ids[4]));
    }

    [Fact]
    public async Task MultiSelect_AddsToTheValuesUnlessOverWrite_ThenReplacesThem()
    {
        object[][] kinds = [["CRM"], [], ["Desk", "CRM"]];
        var ids = await Zoho.InsertLeadsAsync([.. Enumerable.Range(0, 9).Select(i => kinds[i % 3].Length == 0
            ? (object)new { Last_Name = $"L{i}" }
            : new { Last_Name = $"L{i}", Products_of_Interest = kinds[i % 3] })]);

        var adding = await Zoho.ScheduleAsync(CvidBody(AllLeads, "Products_of_Interest", new[] { "Desk", "Books" }, ("over_write", false)));
        ResponseAssert.Is(200, Status("COMPLETED", total: 9, updated: 9), await Zoho.RunAsync(adding));
        var added = await Zoho.ValuesAsync("Products_of_Interest", ids);
        var replacing = await Zoho.ScheduleAsync(CvidBody(AllLeads, "Products_of_Interest", new[] { "Social" }, ("over_write", true)));
        ResponseAssert.Is(200, Status("COMPLETED", total: 9, updated: 9), await Zoho.RunAsync(replacing));

        string[] expected = ["""["CRM","Desk","Books"]""", """["Desk","Books"]""", """["Desk","CRM","Books"]"""];
        Assert.Equal(Enumerable.Range(0, 9).Select(i => expected[i % 3]), added);
        Assert.All(await Zoho.ValuesAsync("Products_of_Interest", ids), v => Assert.Equal("""["Social"]""", v));
    }

    [Fact]
    public async Task MultiSelect_WithoutOverWrite_AddsByDefault()
    {
        var ids = await Zoho.InsertLeadsAsync(new { Last_Name = "A", Products_of_Interest = new[] { "CRM" } });

        var jobId = await Zoho.ScheduleAsync(CvidBody(AllLeads, "Products_of_Interest", new[] { "Desk" }));
        await Zoho.RunAsync(jobId);

        Assert.Equal(["""["CRM","Desk"]"""], await Zoho.ValuesAsync("Products_of_Interest", ids));
    }

    [Fact]
    public async Task RunningACompletedJobAgain_ChangesNothing()
    {
        var ids = await Zoho.InsertLeadsAsync(Leads);
        var jobId = await ScheduleEmployeesAsync();
        await Zoho.RunAsync(jobId);
        var after = await Zoho.SnapshotAsync(ids);

        var again = await Zoho.RunAsync(jobId);

        ResponseAssert.Is(200, Status("COMPLETED", total: Leads, updated: Leads), again);
        Assert.Equal(after, await Zoho.SnapshotAsync(ids));
        Assert.Single(await JobAuditAsync(ids[0], jobId));
        Assert.Single(await JobAuditAsync(ids[^1], jobId));
    }

    [Fact]
    public async Task RunOfAnUnknownJob_AnswersNotFound()
    {
        ResponseAssert.IsError(404, "NOT_FOUND", "Empty response", """{"param_name":"job_id"}""", await Zoho.RunAsync("738964000004999999"));
    }
}

/// <summary>Every count case again with batches of 7: a job of 20 records runs in three transactions.</summary>
public sealed class JobCountsInBatchesOf7Tests() : JobCountsTests(batchSize: 7);

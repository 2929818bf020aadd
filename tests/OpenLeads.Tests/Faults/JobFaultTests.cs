using OpenLeads.Tests.Infrastructure;
using static OpenLeads.Tests.Jobs.JobCalls;

namespace OpenLeads.Tests.Faults;

/// <summary>Job faults: the next job fails at batch k with its counts so far, or is held RUNNING before its batches.</summary>
public sealed class JobFaultTests() : ServerTest(new Dictionary<string, string?>
{
    ["OpenLeads:Jobs:Progression"] = "manual",
    ["OpenLeads:Jobs:BatchSize"] = "2",
})
{
    [Fact]
    public async Task TheNextJob_FailsAtBatchTwo_KeepingTheFirstBatchsCounts_AndTheJobAfterItCompletes()
    {
        await Zoho.InsertLeadsAsync(6);
        var added = await Zoho.PostAsync("/__admin/faults", new { job = new { fail_at_batch = 2 } });
        Assert.Equal((201, 1), (added.Code, added.Body!["fault"]!["remaining"]!.GetValue<int>()));
        var jobId = await Jobs.JobCalls.ScheduleAsync(Zoho, CvidBody(AllLeads, "No_of_Employees", 7));

        ResponseAssert.Is(200, Status("FAILED", total: 6, updated: 2), await Zoho.RunAsync(jobId));
        ResponseAssert.Is(200, Status("FAILED", total: 6, updated: 2), await Zoho.StatusAsync(jobId));

        var next = await Jobs.JobCalls.ScheduleAsync(Zoho, CvidBody(AllLeads, "No_of_Employees", 8));
        ResponseAssert.Is(200, Status("COMPLETED", total: 6, updated: 6), await Zoho.RunAsync(next));
    }

    [Fact]
    public async Task TheNextJob_IsHeldRunning_ThenCompletes()
    {
        await Zoho.InsertLeadsAsync(3);
        Assert.Equal(201, (await Zoho.PostAsync("/__admin/faults", new { job = new { hold_running_seconds = 1 } })).Code);
        var jobId = await Jobs.JobCalls.ScheduleAsync(Zoho, CvidBody(AllLeads, "No_of_Employees", 7));

        var run = Zoho.RunAsync(jobId);
        await Task.Delay(300);
        ResponseAssert.Is(200, Status("RUNNING", total: 3), await Zoho.StatusAsync(jobId));

        ResponseAssert.Is(200, Status("COMPLETED", total: 3, updated: 3), await run);
    }
}

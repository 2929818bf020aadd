using Microsoft.Extensions.DependencyInjection;
using OpenLeads.Server.Metadata;
using OpenLeads.Server.Storage;
using OpenLeads.Tests.Infrastructure;
using OpenLeads.Tests.Jobs;

namespace OpenLeads.Tests.Snapshots;

/// <summary>
/// A snapshot taken while a job runs in the background holds the job's records, audit rows and checkpoint as
/// of one batch boundary (never half a batch), so the job, restored, finishes with exactly one update and one
/// audit row per record, whichever batch it stood at.
/// </summary>
public sealed class SnapshotWithRunningJobTests() : ServerTest(new Dictionary<string, string?> { ["OpenLeads:Jobs:BatchSize"] = "25" })
{
    [Fact]
    public async Task AJobSnapshottedMidRun_FinishesAfterTheRestore_WithOneAuditRowPerRecord()
    {
        var leads = await Zoho.InsertLeadsAsync(300);
        var (job, _) = await Zoho.ScheduleAsync(JobCalls.CvidBody(JobCalls.AllLeads, "No_of_Employees", 55));
        var taken = await Zoho.PostAsync("/__admin/snapshots", new { name = "mid" });
        Assert.True(taken.Code == 201, taken.ToString());
        await Zoho.WaitUntilCompletedAsync(job);

        var restored = await Zoho.SendAsync(HttpMethod.Post, "/__admin/snapshots/mid/restore");
        Assert.True(restored.Code == 200, restored.ToString());

        var status = await Zoho.WaitUntilCompletedAsync(job);
        Assert.Equal((300, 300), (status["Total_Count"]!.GetValue<int>(), status["Updated_Count"]!.GetValue<int>()));
        Assert.All(await Zoho.ValuesAsync("No_of_Employees", leads), v => Assert.Equal("55", v));
        var store = Server.Services.GetRequiredService<IRecordStore>();
        foreach (var id in leads.Where((_, i) => i % 25 == 0 || i % 25 == 24))
        {
            var audit = await store.AuditAsync(OrgFolder.Demo.Module("Leads"), long.Parse(id), CancellationToken.None);
            Assert.Single(audit, a => a.Source == "job" && a.JobId == long.Parse(job));
        }
    }
}

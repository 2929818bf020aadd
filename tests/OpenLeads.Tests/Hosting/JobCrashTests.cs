using System.Text.Json.Nodes;
using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.Hosting;

/// <summary>
/// A scheduled mass update survives its server being killed (SIGKILL) in the middle: a new server
/// on the same database resumes the job from its checkpoint, and in the end every record was
/// updated exactly once, with counts that equal the audit rows. Runs on SQLite and PostgreSQL.
/// </summary>
public sealed class JobCrashTests
{
    private const int Records = 24_000;
    private const int Value = 424242;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task JobOfAKilledServer_IsFinishedByTheNextOne_UpdatingEveryRecordExactlyOnce(string provider)
    {
        using var scene = new CrashScene(provider);

        string jobId;
        long progressAtKill;
        await using (var first = scene.Start(CrashScene.QuickJobs))
        {
            using var http = CrashScene.Client(await first.WaitUntilListeningAsync());
            await CrashScene.PostAsync(http, "/__admin/seed", $$"""{"module":"Leads","count":{{Records}},"seed":5}""");
            var scheduled = await CrashScene.PostAsync(http, "/crm/v2/Leads/actions/mass_update",
                $$"""{"data":[{"No_of_Employees":{{Value}}}],"cvid":"738964000000087501"}""");
            jobId = scheduled["data"]![0]!["details"]!["job_id"]!.GetValue<string>();

            progressAtKill = await CrashScene.KillOnceUnderWayAsync(first,
                async () => (await CrashScene.StatusAsync(http, jobId))["Updated_Count"]!.GetValue<long>(), Records / 10);
        }
        Assert.InRange(progressAtKill, Records / 10, Records - 1);

        await using var second = scene.Start(CrashScene.QuickJobs);
        using var client = CrashScene.Client(await second.WaitUntilListeningAsync());
        JsonNode status = await CrashScene.WaitAsync(client, jobId, TimeSpan.FromSeconds(120));

        Assert.Equal("""{"Status":"COMPLETED","Failed_Count":0,"Updated_Count":24000,"Not_Updated_Count":0,"Total_Count":24000}""",
            status.ToJsonString());
        // The job's audit rows, the distinct records they name, and the records without the job's value.
        var counts = await scene.CountsAsync($$"""
            SELECT (SELECT count(*) FROM audit_log WHERE job_id = @job),
                   (SELECT count(DISTINCT record_id) FROM audit_log WHERE job_id = @job),
                   (SELECT count(*) FROM "Leads" WHERE "No_of_Employees" IS NULL OR "No_of_Employees" <> {{Value}})
            """, ("@job", long.Parse(jobId)));
        Assert.Equal(Records, counts[0]); // one audit row per record: nothing updated twice...
        Assert.Equal(Records, counts[1]); // ...and nothing left out
        Assert.Equal(0, counts[2]);       // every record holds the job's value
    }
}

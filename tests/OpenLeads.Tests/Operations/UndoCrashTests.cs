using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.Operations;

/// <summary>
/// An undo job survives its server being killed (SIGKILL) in the middle, as a mass update job does: a new server on
/// the same database finishes it from its checkpoint, with exact counts, every record restored exactly once.
/// Runs on SQLite and PostgreSQL.
/// </summary>
public sealed class UndoCrashTests
{
    private const int Records = 8_000;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task UndoOfAKilledServer_IsFinishedByTheNextOne_RestoringEveryRecordExactlyOnce(string provider)
    {
        using var scene = new CrashScene(provider);

        string jobId, undoId;
        long progressAtKill;
        await using (var first = scene.Start(CrashScene.QuickJobs))
        {
            using var http = CrashScene.Client(await first.WaitUntilListeningAsync());
            await CrashScene.PostAsync(http, "/__admin/seed", $$"""{"module":"Leads","count":{{Records}},"seed":5}""");
            var scheduled = await CrashScene.PostAsync(http, "/crm/v2/Leads/actions/mass_update",
                """{"data":[{"No_of_Employees":424242}],"cvid":"738964000000087501"}""");
            jobId = scheduled["data"]![0]!["details"]!["job_id"]!.GetValue<string>();
            Assert.Equal("COMPLETED", (await CrashScene.WaitAsync(http, jobId, TimeSpan.FromSeconds(120)))["Status"]!.GetValue<string>());
            var undo = await CrashScene.PostAsync(http, $"/openleads/v1/operations/{jobId}/undo", "{}");
            undoId = undo["data"]![0]!["details"]!["job_id"]!.GetValue<string>();

            progressAtKill = await CrashScene.KillOnceUnderWayAsync(first,
                async () => (await CrashScene.StatusAsync(http, undoId))["Updated_Count"]!.GetValue<long>(), Records / 10);
        }
        Assert.InRange(progressAtKill, Records / 10, Records - 1);

        await using var second = scene.Start(CrashScene.QuickJobs);
        using var client = CrashScene.Client(await second.WaitUntilListeningAsync());
        var status = await CrashScene.WaitAsync(client, undoId, TimeSpan.FromSeconds(120));

        Assert.Equal($$"""{"Status":"COMPLETED","Failed_Count":0,"Updated_Count":{{Records}},"Not_Updated_Count":0,"Total_Count":{{Records}}}""",
            status.ToJsonString());
        // The undo's audit rows, the distinct records they name, and the records whose value is not the one before the job.
        var counts = await scene.CountsAsync("""
            SELECT (SELECT count(*) FROM audit_log WHERE operation_id = @undo),
                   (SELECT count(DISTINCT record_id) FROM audit_log WHERE operation_id = @undo),
                   (SELECT count(*) FROM audit_log a JOIN "Leads" t ON t.id = a.record_id
                    WHERE a.operation_id = @job AND coalesce(CAST(t."No_of_Employees" AS TEXT), 'null') <> coalesce(a.old_value, 'null'))
            """, ("@job", long.Parse(jobId)), ("@undo", long.Parse(undoId)));
        Assert.Equal(Records, counts[0]); // one audit row per record: nothing restored twice...
        Assert.Equal(Records, counts[1]); // ...and nothing left out
        Assert.Equal(0, counts[2]);       // every record holds its value from before the job
    }
}

using OpenLeads.Server.Metadata;
using OpenLeads.Server.Search;
using OpenLeads.Server.Storage;

namespace OpenLeads.Tests.Storage;

/// <summary>The stores the job contract uses, over one fresh database.</summary>

/// <summary>
/// The <see cref="IJobStore"/> contract, written once and run on every database: a job's set is
/// fixed when it is scheduled; one owner at a time holds it under a lease; each batch commits its
/// records, audit rows and checkpoint together or not at all; the counts equal what was written.
/// </summary>
public abstract class JobStoreContractTests : IAsyncLifetime
{
    private static readonly ModuleDefinition Leads = OrgFolder.Demo.Module("Leads");
    private static readonly FieldDefinition Employees = Leads.Field("No_of_Employees");
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 9, 30, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private static readonly CancellationToken None = CancellationToken.None;
    private const long Cvid = DemoOrganisation.AllLeadsView;

    protected StoreSet Stores { get; private set; } = null!;

    protected abstract Task<StoreSet> OpenFreshAsync();

    /// <summary>Makes every later audit insert fail, as a database fault in the middle of a batch would.</summary>
    protected abstract Task BreakAuditWritesAsync();

    /// <summary>Undoes <see cref="BreakAuditWritesAsync"/>.</summary>
    protected abstract Task RepairAuditWritesAsync();

    /// <summary>Takes the database back to migration 2, as the first version with jobs left it: job batches without their first and last id, each listing every id (a run too).</summary>
    protected abstract Task ReturnToMigration2Async();

    public async Task InitializeAsync()
    {
        Stores = await OpenFreshAsync();
        await Stores.Admin.MigrateAsync(None);
    }

    public virtual Task DisposeAsync() => Task.CompletedTask;

    private static WriteContext Context(DateTimeOffset? at = null) =>
        new(OrgFolder.Demo.Users[2].Ref, at ?? Now, "req-job", "mass_update");

    private async Task<long[]> InsertAsync(int count, string city = "Berlin") =>
        [.. await Stores.Records.InsertAsync(Leads, Enumerable.Range(0, count).Select(i => new RecordValues(new Dictionary<FieldDefinition, object?>
        {
            [Leads.Field("Last_Name")] = $"L{i}", [Leads.Field("City")] = city, [Employees] = 10L,
        })), Context(), None)];

    private static JobSpec Spec(string? criteria = null, long cvid = Cvid, int max = 50_000, IReadOnlyList<long>? territories = null,
        int batch = 100) =>
        new(Leads, cvid, criteria is null ? null : CriteriaParser.Parse(Leads, criteria).Criteria!, territories?[0], territories,
            territories is { Count: > 1 }, [new FieldAssignment(Employees, 42L)], OverWrite: false, max, Context(), batch);

    private async Task<long> ScheduleAsync(JobSpec? spec = null)
    {
        var result = await Stores.Jobs.ScheduleAsync(spec ?? Spec(), None);
        Assert.Equal(ScheduleOutcome.Scheduled, result.Outcome);
        return result.JobId;
    }

    private Task<ClaimedJob?> ClaimAsync(string owner, DateTimeOffset at, long? jobId = null) =>
        Stores.Jobs.ClaimAsync(owner, Lease, jobId, at, None);

    private Task<BatchResult> BatchAsync(ClaimedJob job, DateTimeOffset? at = null) =>
        Stores.Jobs.RunBatchAsync(job, Lease, at ?? Now, None);

    private async Task<JobStatus> StatusAsync(long jobId) => (await Stores.Jobs.GetAsync(Leads, jobId, None))!;

    private static (JobState, long Total, long Updated, long NotUpdated, long Failed) Counts(JobStatus s) =>
        (s.State, s.Total, s.Updated, s.NotUpdated, s.Failed);

    private async Task<object?[]> EmployeesAsync(IEnumerable<long> ids)
    {
        var values = new List<object?>();
        foreach (var id in ids) values.Add((await Stores.Records.GetAsync(Leads, id, None))?[Leads, "No_of_Employees"]);
        return [.. values];
    }

    private async Task<List<AuditEntry>> JobAuditAsync(long jobId, IEnumerable<long> ids)
    {
        var rows = new List<AuditEntry>();
        foreach (var id in ids) rows.AddRange((await Stores.Records.AuditAsync(Leads, id, None)).Where(a => a.JobId == jobId));
        return rows;
    }

    [Fact]
    public async Task Schedule_FixesTheSetOfMatchingRecords_AtThatMoment()
    {
        var berlin = await InsertAsync(3);
        var austin = await InsertAsync(2, "Austin");

        var jobId = await ScheduleAsync(Spec("(City:equals:Berlin)"));
        var late = await InsertAsync(1);
        var job = (await ClaimAsync("a", Now))!;
        var batch = await BatchAsync(job);

        Assert.Equal((jobId, 3L, new BatchResult(Done: true, LeaseLost: false, 3, Records: 3, Updated: 3)), (job.Id, job.Total, batch));
        Assert.Equal((JobState.Completed, 3L, 3L, 0L, 0L), Counts(await StatusAsync(jobId)));
        Assert.Equal([42L, 42L, 42L, 10L, 10L, 10L], await EmployeesAsync([.. berlin, .. austin, .. late]));
    }

    [Fact]
    public async Task Batch_WhoseIdsHaveGaps_ChangesOnlyItsOwnRecords_AndARunOfIdsChangesThemAll()
    {
        long[] berlin = [], austin = [];
        for (var i = 0; i < 4; i++)
        {
            berlin = [.. berlin, .. await InsertAsync(1)];
            austin = [.. austin, .. await InsertAsync(1, "Austin")];
        }
        var run = await InsertAsync(5, "Paris");

        await ScheduleAsync(Spec("(City:equals:Berlin)", batch: 3));
        var gaps = (await ClaimAsync("a", Now))!;
        while (!(await BatchAsync(gaps)).Done) { }
        await ScheduleAsync(Spec("(City:equals:Paris)", cvid: 738964000000087503, batch: 5));
        var whole = (await ClaimAsync("a", Now))!;
        await BatchAsync(whole);

        Assert.Equal([42L, 42L, 42L, 42L], await EmployeesAsync(berlin));
        Assert.Equal([10L, 10L, 10L, 10L], await EmployeesAsync(austin));
        Assert.Equal([42L, 42L, 42L, 42L, 42L], await EmployeesAsync(run));
        Assert.Equal((JobState.Completed, 5L, 5L, 0L, 0L), Counts(await StatusAsync(whole.Id)));
    }

    [Fact]
    public async Task JobScheduledBeforeTheBatchRangesMigration_FinishesAfterIt_WithExactCounts()
    {
        long[] berlin = [];
        for (var i = 0; i < 3; i++)
        {
            berlin = [.. berlin, .. await InsertAsync(1)];
            await InsertAsync(1, "Austin");
        }
        berlin = [.. berlin, .. await InsertAsync(3)];
        var jobId = await ScheduleAsync(Spec("(City:equals:Berlin)", batch: 3));
        await ReturnToMigration2Async();

        await Stores.Admin.MigrateAsync(None);
        var job = (await ClaimAsync("a", Now))!;
        while (!(await BatchAsync(job)).Done) { }

        Assert.Equal(Enumerable.Repeat<object?>(42L, 6), await EmployeesAsync(berlin));
        Assert.Equal((JobState.Completed, 6L, 6L, 0L, 0L), Counts(await StatusAsync(jobId)));
    }

    [Fact]
    public async Task Schedule_AnswersNoRecords_TooManyRecords_AndAlreadyScheduledWhileAJobOfTheViewIsActive()
    {
        await InsertAsync(3);

        var none = await Stores.Jobs.ScheduleAsync(Spec("(City:equals:Osaka)"), None);
        var tooMany = await Stores.Jobs.ScheduleAsync(Spec(max: 2), None);
        var jobId = await ScheduleAsync(Spec(max: 3));
        var whileScheduled = await Stores.Jobs.ScheduleAsync(Spec(), None);
        var job = (await ClaimAsync("a", Now))!;
        var whileRunning = await Stores.Jobs.ScheduleAsync(Spec(), None);
        var otherView = await Stores.Jobs.ScheduleAsync(Spec(cvid: 738964000000087503), None);
        await BatchAsync(job);
        var afterwards = await Stores.Jobs.ScheduleAsync(Spec(), None);

        Assert.Equal(ScheduleOutcome.NoRecords, none.Outcome);
        Assert.Equal((ScheduleOutcome.TooManyRecords, 3L), (tooMany.Outcome, tooMany.Count));
        Assert.Equal(ScheduleOutcome.AlreadyScheduled, whileScheduled.Outcome);
        Assert.Equal(ScheduleOutcome.AlreadyScheduled, whileRunning.Outcome);
        Assert.Equal((ScheduleOutcome.Scheduled, 3L), (otherView.Outcome, otherView.Count));
        Assert.Equal((ScheduleOutcome.Scheduled, 3L), (afterwards.Outcome, afterwards.Count));
        Assert.NotEqual(jobId, afterwards.JobId);
        Assert.Equal((JobState.Scheduled, 3L, 0L, 0L, 0L), Counts(await StatusAsync(afterwards.JobId)));
    }

    [Fact]
    public async Task Schedule_InTerritories_CoversOnlyTheirRecords()
    {
        var ids = await InsertAsync(4);
        await Stores.Admin.SetTerritoryAsync(Leads, ids[0], 738964000000400013, None);
        await Stores.Admin.SetTerritoryAsync(Leads, ids[1], 738964000000400005, None);
        await Stores.Admin.SetTerritoryAsync(Leads, ids[2], 738964000000400007, None);

        var result = await Stores.Jobs.ScheduleAsync(Spec(territories: [738964000000400005, 738964000000400013]), None);
        await BatchAsync((await ClaimAsync("a", Now))!);

        Assert.Equal((ScheduleOutcome.Scheduled, 2L), (result.Outcome, result.Count));
        Assert.Equal([42L, 42L, 10L, 10L], await EmployeesAsync(ids));
    }

    [Fact]
    public async Task Claim_ByTwoOwners_GivesTheJobToOneWhileItsLeaseLives()
    {
        await InsertAsync(3);
        var jobId = await ScheduleAsync();

        var claims = await Task.WhenAll(ClaimAsync("a", Now), ClaimAsync("b", Now));
        var winner = Assert.Single(claims, c => c is not null)!;
        var loser = winner.Owner == "a" ? "b" : "a";

        Assert.Equal(jobId, winner.Id);
        Assert.Equal(JobState.Running, (await StatusAsync(jobId)).State);
        Assert.Null(await ClaimAsync(loser, Now.AddSeconds(29)));
        Assert.Null(await ClaimAsync(loser, Now.AddSeconds(29), jobId));
        var taken = (await ClaimAsync(loser, Now.AddSeconds(31)))!;
        Assert.Equal((jobId, loser), (taken.Id, taken.Owner));
    }

    [Fact]
    public async Task Batch_RenewsTheLease()
    {
        await InsertAsync(3);
        await ScheduleAsync(Spec(batch: 1));
        var job = (await ClaimAsync("a", Now))!;

        await BatchAsync(job, Now.AddSeconds(20));

        Assert.Null(await ClaimAsync("b", Now.AddSeconds(40)));
        Assert.NotNull(await ClaimAsync("b", Now.AddSeconds(51)));
    }

    [Fact]
    public async Task AfterTheLeaseExpires_AnotherOwnerContinuesFromTheCheckpoint_AndTheFirstHasLostIt()
    {
        var ids = await InsertAsync(5);
        var jobId = await ScheduleAsync(Spec(batch: 2));
        var first = (await ClaimAsync("a", Now))!;
        Assert.Equal(new BatchResult(false, false, 2, Records: 2, Updated: 2), await BatchAsync(first));

        var second = (await ClaimAsync("b", Now.AddSeconds(31)))!;
        var lost = await BatchAsync(first, Now.AddSeconds(32));

        Assert.Equal(new BatchResult(Done: false, LeaseLost: true, 0), lost);
        Assert.Equal((JobState.Running, 5L, 2L, 0L, 0L), Counts(await StatusAsync(jobId)));
        Assert.Equal([42L, 42L, 10L, 10L, 10L], await EmployeesAsync(ids));
        Assert.Equal(new BatchResult(false, false, 4, Records: 2, Updated: 2), await BatchAsync(second, Now.AddSeconds(33)));
        Assert.Equal(new BatchResult(true, false, 5, Records: 1, Updated: 1), await BatchAsync(second, Now.AddSeconds(34)));
        Assert.True((await BatchAsync(second, Now.AddSeconds(35))).LeaseLost);
        Assert.Equal((JobState.Completed, 5L, 5L, 0L, 0L), Counts(await StatusAsync(jobId)));
        Assert.Equal(ids, (await JobAuditAsync(jobId, ids)).Select(a => a.RecordId).Order());
        Assert.Null(await ClaimAsync("c", Now.AddHours(1)));
    }

    [Fact]
    public async Task FailingBatch_LeavesTheCheckpointCountsAndRecordsAsTheyWere()
    {
        var ids = await InsertAsync(5);
        var jobId = await ScheduleAsync(Spec(batch: 2));
        var job = (await ClaimAsync("a", Now))!;
        await BatchAsync(job);
        await BreakAuditWritesAsync();

        await Assert.ThrowsAnyAsync<Exception>(() => BatchAsync(job));

        Assert.Equal((JobState.Running, 5L, 2L, 0L, 0L), Counts(await StatusAsync(jobId)));
        Assert.Equal([42L, 42L, 10L, 10L, 10L], await EmployeesAsync(ids));
        await RepairAuditWritesAsync();
        Assert.Equal(new BatchResult(false, false, 4, Records: 2, Updated: 2), await BatchAsync(job));
        Assert.Equal(new BatchResult(true, false, 5, Records: 1, Updated: 1), await BatchAsync(job));
        Assert.Equal((JobState.Completed, 5L, 5L, 0L, 0L), Counts(await StatusAsync(jobId)));
        Assert.Equal(5, (await JobAuditAsync(jobId, ids)).Count);
    }

    [Fact]
    public async Task CompletedJob_CountsEachOutcome_AndItsAuditRowsEqualUpdated()
    {
        var ids = await InsertAsync(8);
        var jobId = await ScheduleAsync(Spec(batch: 3));
        await Stores.Admin.SetStateAsync(Leads, ids[1], new RecordState(Approval.Approved, "record_locking"), None);
        await Stores.Admin.SetStateAsync(Leads, ids[4], new RecordState(Approval.Pending, null), None);
        await Stores.Admin.SetStateAsync(Leads, ids[5], new RecordState(Approval.InReview, null), None);
        await Stores.Records.DeleteAsync(Leads, [ids[6]], None);
        var job = (await ClaimAsync("a", Now))!;

        while (!(await BatchAsync(job, Now.AddMinutes(1))).Done) { }

        var status = await StatusAsync(jobId);
        Assert.Equal((JobState.Completed, 8L, 4L, 3L, 1L), Counts(status));
        Assert.Equal(status.Total, status.Updated + status.NotUpdated + status.Failed);
        var audit = await JobAuditAsync(jobId, ids);
        Assert.Equal(status.Updated, audit.Count);
        Assert.Equal([ids[0], ids[2], ids[3], ids[7]], audit.Select(a => a.RecordId).Order());
        Assert.All(audit, a => Assert.Equal(("job", "req-job", OrgFolder.Demo.Users[2].Id, "10", "42"),
            (a.Source, a.RequestId, a.User.Id, a.OldValue, a.NewValue)));
        Assert.Equal([10L, 10L, 10L], await EmployeesAsync([ids[1], ids[4], ids[5]]));
    }

    [Fact]
    public async Task FailedJob_CannotBeClaimed_AndFreesItsView()
    {
        await InsertAsync(2);
        var jobId = await ScheduleAsync();

        await Stores.Jobs.FailAsync(jobId, "test", Now, None);

        Assert.Equal(JobState.Failed, (await StatusAsync(jobId)).State);
        Assert.Null(await ClaimAsync("a", Now.AddHours(1)));
        Assert.Equal(ScheduleOutcome.Scheduled, (await Stores.Jobs.ScheduleAsync(Spec(), None)).Outcome);
        Assert.Null(await Stores.Jobs.GetAsync(Leads, jobId + 1000, None));
    }
}

using OpenLeads.Server.Faults;
using OpenLeads.Server.Hosting;
using OpenLeads.Server.Storage;

namespace OpenLeads.Server.Jobs;

/// <summary>
/// Runs scheduled mass updates: claims a job under a lease and works through it batch by batch.
/// Each batch is its own transaction (records, audit rows and checkpoint together), so a crash
/// at any moment loses at most the batch in flight, which the next claim of the job redoes.
/// </summary>
public sealed class JobExecutor(IJobStore jobs, FaultStore faults, OpenLeadsSettings settings, TimeProvider clock, Metrics.OpenLeadsMetrics metrics,
    ILogger<JobExecutor> logger)
{
    private const int MaxConsecutiveFailures = 5;

    /// <summary>This process's name on leases: unique per run, so a restarted process waits for its old lease to lapse.</summary>
    public string Owner { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    private TimeSpan Lease => TimeSpan.FromSeconds(settings.Jobs.LeaseSeconds);

    /// <summary>Claims the next runnable job (or <paramref name="jobId"/>) and runs it to its end; false when none could be claimed.</summary>
    public async Task<bool> RunNextAsync(long? jobId, CancellationToken ct)
    {
        var job = await jobs.ClaimAsync(Owner, Lease, jobId, clock.GetUtcNow(), ct);
        if (job is null) return false;
        logger.LogInformation("Running mass update job {JobId} ({Total} records)", job.Id, job.Total);
        var started = clock.GetTimestamp();
        // A job fault of /__admin/faults: held RUNNING before its batches, or failed at one of them.
        var fault = (await faults.TakeJobFaultAsync(ct))?.Effect.Job;
        if (fault?.HoldRunningSeconds is { } hold) await Task.Delay(TimeSpan.FromSeconds(hold), clock, ct);
        var failures = 0;
        var batchesRun = 0;
        while (true)
        {
            try
            {
                if (batchesRun + 1 == fault?.FailAtBatch)
                {
                    logger.LogWarning("Job {JobId}: failed at batch {Batch} by a fault", job.Id, batchesRun + 1);
                    await jobs.FailAsync(job.Id, $"fault: failed at batch {batchesRun + 1}", clock.GetUtcNow(), ct);
                    return true;
                }
                var batchStarted = clock.GetTimestamp();
                var batch = await jobs.RunBatchAsync(job, Lease, clock.GetUtcNow(), ct);
                if (!batch.LeaseLost)
                {
                    metrics.JobBatch(job.Module.ApiName, batch.Records, clock.GetElapsedTime(batchStarted));
                    metrics.MassUpdated(job.Module.ApiName, "job", batch.Updated);
                }
                failures = 0;
                batchesRun++;
                if (batch.LeaseLost) logger.LogWarning("Job {JobId}: another process holds it now", job.Id);
                if (batch.Done && await jobs.GetAsync(null, job.Id, ct) is { } done)
                {
                    logger.LogInformation("Mass update job {JobId} completed in {Seconds:F2} s: {Updated} updated, {NotUpdated} not updated, {Failed} failed of {Total}",
                        job.Id, clock.GetElapsedTime(started).TotalSeconds, done.Updated, done.NotUpdated, done.Failed, done.Total);
                }
                if (batch.Done || batch.LeaseLost) return true;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The batch rolled back; its records are untouched and will be retried.
                logger.LogError(e, "Job {JobId}: a batch failed ({Failures} in a row)", job.Id, failures + 1);
                if (++failures >= MaxConsecutiveFailures)
                {
                    await jobs.FailAsync(job.Id, e.Message, clock.GetUtcNow(), ct);
                    return true;
                }
                await Task.Delay(TimeSpan.FromMilliseconds(200 * failures), ct);
            }
        }
    }
}

/// <summary>Wakes the runner when this process schedules a job, instead of waiting for its next poll.</summary>
public sealed class JobSignal : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Dispose() => _signal.Dispose();

    public void Notify()
    {
        if (_signal.CurrentCount == 0)
        {
            try { _signal.Release(); }
            catch (SemaphoreFullException) { } // Already signalled: one wake-up is enough.
        }
    }

    public Task WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);
}

/// <summary>The background runner (<c>OpenLeads:Jobs:Progression=background</c>): one job at a time, per process.</summary>
public sealed class JobRunner(JobExecutor executor, JobSignal signal, OpenLeadsSettings settings, ILogger<JobRunner> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var idle = TimeSpan.FromMilliseconds(settings.Jobs.PollMilliseconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            bool ran;
            try
            {
                ran = await executor.RunNextAsync(null, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The database may be away for a while: keep polling, the jobs wait in it.
                logger.LogError(e, "Could not look for mass update jobs");
                ran = false;
            }
            if (!ran) await signal.WaitAsync(idle, stoppingToken);
        }
    }
}

public static class JobRegistration
{
    public static IServiceCollection AddMassUpdateJobs(this IServiceCollection services, JobSettings settings)
    {
        services.AddSingleton<JobExecutor>();
        services.AddSingleton<JobSignal>();
        if (settings.Progression == JobSettings.Background) services.AddHostedService<JobRunner>();
        return services;
    }
}

using OpenLeads.Server.Metadata;

namespace OpenLeads.Server.Storage;

/// <summary>
/// Scheduled mass updates: what is the same on every database (a job's status, running a claimed
/// job's next batch, failing it). Scheduling and claiming are each database's own, for how it fixes
/// a job's records fastest and how it keeps two processes from claiming one job.
/// </summary>
public abstract class JobStore(ISqlDatabase database, IRecordWriter writer, ChangeNotifications? notifications = null) : IJobStore
{
    protected ISqlDatabase Database => database;

    /// <summary>The column of a job's lease expiry, and that moment as the column keeps it.</summary>
    protected abstract string LeaseColumn { get; }

    protected abstract object LeaseValue(DateTimeOffset expires);

    public abstract Task<ScheduleResult> ScheduleAsync(JobSpec spec, CancellationToken ct);

    public abstract Task<ClaimedJob?> ClaimAsync(string owner, TimeSpan lease, long? jobId, DateTimeOffset now, CancellationToken ct);

    public Task<JobStatus?> GetAsync(ModuleDefinition? module, long jobId, CancellationToken ct) =>
        database.ReadAsync(async session =>
        {
            await using var command = session.Command($"""
                SELECT id, module, cvid, status, total_count, updated_count, not_updated_count, failed_count, created_at, completed_at
                FROM mass_update_jobs WHERE id = @id{(module is null ? "" : " AND module = @module")}
                """, ("@id", jobId), ("@module", module?.ApiName));
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct)) return null;
            return new JobStatus(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), JobValues.ParseState(reader.GetString(3)),
                reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7), session.Dialect.ReadTime(reader, 8),
                reader.IsDBNull(9) ? null : session.Dialect.ReadTime(reader, 9));
        }, ct);

    public Task<BatchResult> RunBatchAsync(ClaimedJob job, TimeSpan lease, DateTimeOffset now, CancellationToken ct) =>
        database.WriteAsync(async session =>
        {
            // Renewing the lease first: on PostgreSQL it also locks the job row until this batch commits.
            await using var renew = session.Command($"""
                UPDATE mass_update_jobs SET {LeaseColumn} = @expires
                WHERE id = @id AND lease_owner = @owner AND status = 'RUNNING' RETURNING batches_done, batch_count, checkpoint
                """, ("@expires", LeaseValue(now + lease)), ("@id", job.Id), ("@owner", job.Owner));
            await using var reader = await renew.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct)) return new BatchResult(Done: false, LeaseLost: true, 0);
            var (batch, batches, checkpoint) = (reader.GetInt32(0), reader.GetInt32(1), reader.GetInt64(2));
            await reader.CloseAsync();

            JobBatch? current;
            await using (var read = session.Command(JobClaims.BatchSql, ("@job", job.Id), ("@batch", batch)))
            {
                current = await JobClaims.ReadBatchAsync(read, batch, ct);
            }
            var writes = (IJobBatchSession)writer.Writes(session);
            // An undo restores what its operation's audit rows say; a mass update sets its value. Both keep the records they left alone.
            var (updated, notUpdated, failed) = job.UndoOf is { } undone
                ? await Operations.UndoBatches.ApplyAsync(session, writes, job, undone, current, now, ct)
                : await JobClaims.ApplyBatchAsync(writes, job, current, now, ct);
            if (job.UndoOf is null && current is not null) await Operations.OperationRecords.RecordJobBatchAsync(session, job, current, notUpdated, failed, ct);
            if (notifications is not null && current is not null && updated > 0) await NotifyAsync(session, job, current, now, ct);
            var size = current?.Size ?? 0;
            var done = batch + 1 >= batches;
            await session.ExecuteAsync("""
                UPDATE mass_update_jobs SET batches_done = batches_done + 1, checkpoint = checkpoint + @size,
                    updated_count = updated_count + @updated, not_updated_count = not_updated_count + @notUpdated,
                    failed_count = failed_count + @failed,
                    status = CASE WHEN @done THEN 'COMPLETED' ELSE status END,
                    completed_at = CASE WHEN @done THEN @now ELSE completed_at END,
                    lease_owner = CASE WHEN @done THEN NULL ELSE lease_owner END
                WHERE id = @id
                """, ct, ("@size", (long)size), ("@updated", updated), ("@notUpdated", notUpdated), ("@failed", failed),
                ("@done", done), ("@now", session.Dialect.Time(now)), ("@id", job.Id));
            return new BatchResult(done, LeaseLost: false, checkpoint + size, size, updated);
        }, ct);

    /// <summary>
    /// The batch's notifications, in its transaction: the records it wrote are those its audit rows name (the batch wrote
    /// them in SQL, without reading them into the server); read only when the module is watched.
    /// </summary>
    private async Task NotifyAsync(ISqlSession session, ClaimedJob job, JobBatch batch, DateTimeOffset now, CancellationToken ct)
    {
        if (!await notifications!.WatchedAsync(session, job.Module, ct, readVersion: true)) return;
        var context = JobClaims.Context(job, now);
        var written = await session.IdsAsync("""
            SELECT DISTINCT record_id FROM audit_log
            WHERE module = @module AND record_id BETWEEN @first AND @last AND job_id = @job AND changed_at = @now
            """, ct, ("@module", job.Module.ApiName), ("@first", batch.First), ("@last", batch.Last), ("@job", job.Id),
            ("@now", session.Dialect.Time(context.Now)));
        await notifications.RecordAsync(session, ChangeSet.Updated(job.Module, written.Order(), [.. job.Values.Select(v => v.Field.ApiName)]), now, ct);
    }

    public Task FailAsync(long jobId, string reason, DateTimeOffset now, CancellationToken ct) =>
        database.WriteAsync(session => MarkFailedAsync(session, jobId, reason, now, ct), ct);

    protected static Task<int> MarkFailedAsync(ISqlSession session, long jobId, string reason, DateTimeOffset now, CancellationToken ct) =>
        session.ExecuteAsync("""
            UPDATE mass_update_jobs SET status = 'FAILED', error = @reason, completed_at = @now, lease_owner = NULL WHERE id = @id
            """, ct, ("@reason", reason), ("@now", session.Dialect.Time(now)), ("@id", jobId));
}

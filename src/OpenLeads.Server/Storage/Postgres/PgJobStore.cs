using Npgsql;
using OpenLeads.Server.Metadata;

namespace OpenLeads.Server.Storage.Postgres;

/// <summary>
/// Scheduled mass updates on PostgreSQL, safe with several server instances on one database: a
/// claim skips jobs another transaction holds (FOR UPDATE SKIP LOCKED) or whose lease is live; a
/// batch renews the lease first and holds the job row locked until it commits, so no two
/// processes ever run the same batch; the partial unique index keeps one active job per view.
/// </summary>
public sealed class PgJobStore(PgDatabase database, OrgCatalog orgs) : IJobStore
{
    public Task<ScheduleResult> ScheduleAsync(JobSpec spec, CancellationToken ct) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            var criteria = new PgCriteria();
            var where = RecordSelect.Where(
                spec.Where is null ? null : CriteriaSql.Compile(spec.Where, criteria),
                spec.TerritoryIds is null ? null : "t.territory_id = ANY(@territories)");
            (string, object?)[] parameters = [("@territories", spec.TerritoryIds?.ToArray() ?? []), .. criteria.Parameters];
            var table = RecordSelect.Quote(spec.Module.Table);

            // ON CONFLICT on the partial unique index: another instance's active job on this view wins.
            var inserted = await connection.ScalarAsync(transaction, """
                INSERT INTO mass_update_jobs (id, module, cvid, territory_id, include_child, field, value_json, over_write, status,
                    total_count, batch_count, created_by, created_at, request_id)
                VALUES (nextval('object_ids'), @module, @cvid, @territory, @child, @field, @value, @overWrite, 'SCHEDULED', 0, 0,
                    @by, @now, @request)
                ON CONFLICT (module, cvid) WHERE status IN ('SCHEDULED', 'RUNNING') DO NOTHING
                RETURNING id
                """, ct, ("@module", spec.Module.ApiName), ("@cvid", spec.Cvid), ("@territory", spec.TerritoryId),
                ("@child", spec.IncludeChild), ("@field", JobValues.FieldsText(spec.Values)), ("@value", JobValues.ToText(spec.Values)),
                ("@overWrite", spec.OverWrite), ("@by", spec.Context.User.Id), ("@now", spec.Context.Now.ToUniversalTime()),
                ("@request", spec.Context.RequestId));
            if (inserted is null) return new ScheduleResult(ScheduleOutcome.AlreadyScheduled);
            var id = Convert.ToInt64(inserted);

            // The job's records, fixed now, one row per batch: one pass over the view, stopping past the limit.
            await connection.ExecuteAsync(transaction, $"""
                INSERT INTO mass_update_job_batches (job_id, batch, ids, size, first_id, last_id)
                SELECT @job, batch, array_agg(id ORDER BY id), count(*), min(id), max(id)
                FROM (SELECT t.id, ((row_number() OVER (ORDER BY t.id) - 1) / @size)::integer AS batch
                      FROM {table} t{where} ORDER BY t.id LIMIT @limit) numbered
                GROUP BY batch
                """, ct, [("@job", id), ("@size", (long)spec.BatchSize), ("@limit", spec.MaxRecords + 1L), .. parameters]);
            await using var totals = connection.Command(transaction, """
                UPDATE mass_update_jobs j SET total_count = s.total, batch_count = s.batches
                FROM (SELECT coalesce(sum(size), 0) AS total, count(*)::integer AS batches FROM mass_update_job_batches WHERE job_id = @job) s
                WHERE j.id = @job RETURNING j.total_count
                """, ("@job", id));
            var count = Convert.ToInt64(await totals.ExecuteScalarAsync(ct));
            if (count == 0 || count > spec.MaxRecords)
            {
                await connection.ExecuteAsync(transaction,
                    "DELETE FROM mass_update_job_batches WHERE job_id = @job; DELETE FROM mass_update_jobs WHERE id = @job", ct, ("@job", id));
                if (count == 0) return new ScheduleResult(ScheduleOutcome.NoRecords);
                var all = Convert.ToInt64(await connection.ScalarAsync(transaction, $"SELECT count(*) FROM {table} t{where}", ct, parameters));
                return new ScheduleResult(ScheduleOutcome.TooManyRecords, Count: all);
            }
            return new ScheduleResult(ScheduleOutcome.Scheduled, id, count);
        }, ct);

    public Task<JobStatus?> GetAsync(ModuleDefinition? module, long jobId, CancellationToken ct) =>
        database.ReadAsync(async connection =>
        {
            await using var command = connection.Command(null, """
                SELECT id, module, cvid, status, total_count, updated_count, not_updated_count, failed_count, created_at, completed_at
                FROM mass_update_jobs WHERE id = @id AND (@module::text IS NULL OR module = @module::text)
                """, ("@id", jobId), ("@module", module?.ApiName));
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct)) return null;
            return new JobStatus(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), JobValues.ParseState(reader.GetString(3)),
                reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7), reader.GetFieldValue<DateTimeOffset>(8),
                reader.IsDBNull(9) ? null : reader.GetFieldValue<DateTimeOffset>(9));
        }, ct);

    public Task<ClaimedJob?> ClaimAsync(string owner, TimeSpan lease, long? jobId, DateTimeOffset now, CancellationToken ct) =>
        database.WriteAsync<ClaimedJob?>(async (connection, transaction) =>
        {
            await using var command = connection.Command(transaction, $"""
                UPDATE mass_update_jobs j
                SET status = 'RUNNING', lease_owner = @owner, lease_expires_at = @expires, started_at = coalesce(started_at, @now)
                FROM users u
                WHERE u.id = j.created_by AND j.id = (
                    SELECT id FROM mass_update_jobs
                    WHERE status IN ('SCHEDULED', 'RUNNING') AND (lease_expires_at IS NULL OR lease_expires_at < @now)
                    {(jobId is null ? "" : "AND id = @job")}
                    ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
                RETURNING j.id, j.module, j.field, j.value_json, j.over_write, j.created_by, u.full_name, j.request_id, j.total_count
                """, ("@owner", owner), ("@expires", (now + lease).ToUniversalTime()), ("@now", now.ToUniversalTime()), ("@job", jobId ?? 0));
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct)) return null;
            var (id, module, field, valueJson) = (reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3));
            var claimed = JobClaims.Create(orgs.Current, id, module, field, valueJson, reader.GetBoolean(4), new UserRef(reader.GetInt64(5), reader.GetString(6)),
                reader.GetString(7), owner, reader.GetInt64(8));
            await reader.CloseAsync();
            if (claimed is null) await MarkFailedAsync(connection, transaction, id, JobClaims.Unrunnable(module, field), now, ct);
            return claimed;
        }, ct);

    public Task<BatchResult> RunBatchAsync(ClaimedJob job, TimeSpan lease, DateTimeOffset now, CancellationToken ct) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            // Renewing the lease locks the job row until this batch commits.
            await using var renew = connection.Command(transaction, """
                UPDATE mass_update_jobs SET lease_expires_at = @expires
                WHERE id = @id AND lease_owner = @owner AND status = 'RUNNING' RETURNING batches_done, batch_count, checkpoint
                """, ("@expires", (now + lease).ToUniversalTime()), ("@id", job.Id), ("@owner", job.Owner));
            await using var reader = await renew.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct)) return new BatchResult(Done: false, LeaseLost: true, 0);
            var (batch, batches, checkpoint) = (reader.GetInt32(0), reader.GetInt32(1), reader.GetInt64(2));
            await reader.CloseAsync();

            JobBatch? current;
            await using (var read = connection.Command(transaction, JobClaims.BatchSql, ("@job", job.Id), ("@batch", batch)))
            {
                current = await JobClaims.ReadBatchAsync(read, batch, ct);
            }
            var (updated, notUpdated, failed) = await JobClaims.ApplyBatchAsync(new PgWrites(connection, transaction), job, current, now, ct);
            var size = current?.Size ?? 0;
            var done = batch + 1 >= batches;
            await connection.ExecuteAsync(transaction, """
                UPDATE mass_update_jobs SET batches_done = batches_done + 1, checkpoint = checkpoint + @size,
                    updated_count = updated_count + @updated, not_updated_count = not_updated_count + @notUpdated,
                    failed_count = failed_count + @failed,
                    status = CASE WHEN @done THEN 'COMPLETED' ELSE status END,
                    completed_at = CASE WHEN @done THEN @now ELSE completed_at END,
                    lease_owner = CASE WHEN @done THEN NULL ELSE lease_owner END
                WHERE id = @id
                """, ct, ("@size", (long)size), ("@updated", (long)updated), ("@notUpdated", (long)notUpdated), ("@failed", (long)failed),
                ("@done", done), ("@now", now.ToUniversalTime()), ("@id", job.Id));
            return new BatchResult(done, LeaseLost: false, checkpoint + size);
        }, ct);

    public Task FailAsync(long jobId, string reason, DateTimeOffset now, CancellationToken ct) =>
        database.WriteAsync((connection, transaction) => MarkFailedAsync(connection, transaction, jobId, reason, now, ct), ct);

    private static Task<int> MarkFailedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long jobId, string reason,
        DateTimeOffset now, CancellationToken ct) =>
        connection.ExecuteAsync(transaction, """
            UPDATE mass_update_jobs SET status = 'FAILED', error = @reason, completed_at = @now, lease_owner = NULL WHERE id = @id
            """, ct, ("@reason", reason), ("@now", now.ToUniversalTime()), ("@id", jobId));
}

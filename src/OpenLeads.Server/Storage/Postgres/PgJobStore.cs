using Npgsql;
using OpenLeads.Server.Metadata;

namespace OpenLeads.Server.Storage.Postgres;

/// <summary>
/// Scheduled mass updates on PostgreSQL, safe with several server instances on one database: a
/// claim skips jobs another transaction holds (FOR UPDATE SKIP LOCKED) or whose lease is live; a
/// batch renews the lease first and holds the job row locked until it commits, so no two
/// processes ever run the same batch; the partial unique index keeps one active job per view.
/// </summary>
public sealed class PgJobStore(PgDatabase database, OrgCatalog orgs, ChangeNotifications? notifications = null) : JobStore(database, new PgRecordWriter(), notifications)
{
    public override Task<ScheduleResult> ScheduleAsync(JobSpec spec, CancellationToken ct) =>
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
                SELECT @job, batch, CASE WHEN max(id) - min(id) + 1 = count(*) THEN ARRAY[]::bigint[] ELSE array_agg(id ORDER BY id) END, count(*), min(id), max(id)
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

    public override Task<ClaimedJob?> ClaimAsync(string owner, TimeSpan lease, long? jobId, DateTimeOffset now, CancellationToken ct) =>
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
                RETURNING j.id, j.module, j.field, j.value_json, j.over_write, j.created_by, u.full_name, j.request_id, j.total_count, j.undo_of
                """, ("@owner", owner), ("@expires", (now + lease).ToUniversalTime()), ("@now", now.ToUniversalTime()), ("@job", jobId ?? 0));
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct)) return null;
            var (id, module, field, valueJson) = (reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3));
            var claimed = JobClaims.Create(orgs.Current, id, module, field, valueJson, reader.GetBoolean(4), new UserRef(reader.GetInt64(5), reader.GetString(6)),
                reader.GetString(7), owner, reader.GetInt64(8), reader.IsDBNull(9) ? null : reader.GetInt64(9));
            await reader.CloseAsync();
            if (claimed is null) await MarkFailedAsync(PgDatabase.Session(connection, transaction), id, JobClaims.Unrunnable(module, field), now, ct);
            return claimed;
        }, ct);

    protected override string LeaseColumn => "lease_expires_at";

    protected override object LeaseValue(DateTimeOffset expires) => expires.ToUniversalTime();
}

using Microsoft.Data.Sqlite;
using OpenLeads.Server.Metadata;

namespace OpenLeads.Server.Storage.Sqlite;

/// <summary>
/// Scheduled mass updates on SQLite. Leases are Unix milliseconds; SQLite's single writer makes
/// every claim and batch atomic with respect to the others.
/// </summary>
public sealed class SqliteJobStore(SqliteDatabase database, OrgCatalog orgs, ChangeNotifications? notifications = null) : JobStore(database, new SqliteRecordWriter(), notifications)
{
    public override Task<ScheduleResult> ScheduleAsync(JobSpec spec, CancellationToken ct) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            var criteria = new SqliteCriteria();
            var where = RecordSelect.Where(
                spec.Where is null ? null : CriteriaSql.Compile(spec.Where, criteria),
                spec.TerritoryIds is null ? null : "t.territory_id IN (SELECT value FROM json_each(@territories))");
            (string, object?)[] parameters = [("@territories", spec.TerritoryIds is null ? null : JsonPayload.Ids(spec.TerritoryIds)), .. criteria.Parameters];
            var table = RecordSelect.Quote(spec.Module.Table);

            var active = await connection.ScalarAsync(transaction,
                "SELECT id FROM mass_update_jobs WHERE module = @module AND cvid = @cvid AND status IN ('SCHEDULED', 'RUNNING')", ct,
                ("@module", spec.Module.ApiName), ("@cvid", spec.Cvid));
            if (active is not null) return new ScheduleResult(ScheduleOutcome.AlreadyScheduled, Convert.ToInt64(active));

            // The job's records, fixed now. Read without ORDER BY, SQLite scans the narrowest index that covers the view
            // (not the wide table); the ids are then put in order here and stored one row per batch.
            var ids = new List<long>();
            await using (var select = connection.Command(transaction, $"SELECT t.id FROM {table} t{where}", parameters))
            await using (var reader = await select.ExecuteReaderAsync(ct))
            {
                while (ids.Count <= spec.MaxRecords && await reader.ReadAsync(ct)) ids.Add(reader.GetInt64(0));
            }
            if (ids.Count == 0) return new ScheduleResult(ScheduleOutcome.NoRecords);
            if (ids.Count > spec.MaxRecords)
            {
                var all = Convert.ToInt64(await connection.ScalarAsync(transaction, $"SELECT count(*) FROM {table} t{where}", ct, parameters));
                return new ScheduleResult(ScheduleOutcome.TooManyRecords, Count: all);
            }
            ids.Sort();

            var id = await SqliteIds.NextAsync(connection, transaction, "objects", 1, ct);
            // One statement per batch of BatchSize ids: 3 for Zoho's 50,000-record cap.
            var batchCount = 0;
            foreach (var batch in ids.Chunk(spec.BatchSize))
            {
                await connection.ExecuteAsync(transaction, """
                    INSERT INTO mass_update_job_batches (job_id, batch, ids, size, first_id, last_id) VALUES (@job, @batch, @ids, @size, @first, @last)
                    """, ct, ("@job", id), ("@batch", batchCount++), ("@ids", JsonPayload.Ids(JobBatch.Stored(batch))), ("@size", batch.Length),
                    ("@first", batch[0]), ("@last", batch[^1]));
            }
            var count = (long)ids.Count;
            await connection.ExecuteAsync(transaction, """
                INSERT INTO mass_update_jobs (id, module, cvid, territory_id, include_child, field, value_json, over_write, status,
                    total_count, batch_count, created_by, created_at, request_id)
                VALUES (@id, @module, @cvid, @territory, @child, @field, @value, @overWrite, 'SCHEDULED', @total, @batches, @by, @now, @request)
                """, ct, ("@id", id), ("@module", spec.Module.ApiName), ("@cvid", spec.Cvid), ("@territory", spec.TerritoryId),
                ("@child", spec.IncludeChild), ("@field", JobValues.FieldsText(spec.Values)), ("@value", JobValues.ToText(spec.Values)),
                ("@overWrite", spec.OverWrite), ("@total", count), ("@batches", batchCount),
                ("@by", spec.Context.User.Id), ("@now", spec.Context.Now.ToUnixTimeSeconds()), ("@request", spec.Context.RequestId));
            return new ScheduleResult(ScheduleOutcome.Scheduled, id, count);
        }, ct);

    public override Task<ClaimedJob?> ClaimAsync(string owner, TimeSpan lease, long? jobId, DateTimeOffset now, CancellationToken ct) =>
        database.WriteAsync<ClaimedJob?>(async (connection, transaction) =>
        {
            await using var command = connection.Command(transaction, $"""
                UPDATE mass_update_jobs
                SET status = 'RUNNING', lease_owner = @owner, lease_expires_ms = @expires, started_at = coalesce(started_at, @now)
                WHERE id = (SELECT id FROM mass_update_jobs
                            WHERE status IN ('SCHEDULED', 'RUNNING') AND (lease_expires_ms IS NULL OR lease_expires_ms < @nowMs)
                            {(jobId is null ? "" : "AND id = @job")} ORDER BY id LIMIT 1)
                RETURNING id, module, field, value_json, over_write, created_by, request_id, total_count, undo_of
                """, ("@owner", owner), ("@expires", (now + lease).ToUnixTimeMilliseconds()), ("@now", now.ToUnixTimeSeconds()),
                ("@nowMs", now.ToUnixTimeMilliseconds()), ("@job", jobId));
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct)) return null;
            var (id, module, field, valueJson, overWrite, createdBy, request, total) = (reader.GetInt64(0), reader.GetString(1),
                reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetBoolean(4), reader.GetInt64(5),
                reader.GetString(6), reader.GetInt64(7));
            long? undoOf = reader.IsDBNull(8) ? null : reader.GetInt64(8);
            await reader.CloseAsync();
            var user = (string?)await connection.ScalarAsync(transaction, "SELECT full_name FROM users WHERE id = @id", ct, ("@id", createdBy));
            var claimed = JobClaims.Create(orgs.Current, id, module, field, valueJson, overWrite, new UserRef(createdBy, user ?? ""), request, owner, total,
                undoOf);
            if (claimed is null) await MarkFailedAsync(SqliteDatabase.Session(connection, transaction), id, JobClaims.Unrunnable(module, field), now, ct);
            return claimed;
        }, ct);

    protected override string LeaseColumn => "lease_expires_ms";

    protected override object LeaseValue(DateTimeOffset expires) => expires.ToUnixTimeMilliseconds();
}

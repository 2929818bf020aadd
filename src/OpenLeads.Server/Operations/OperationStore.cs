using OpenLeads.Server.Metadata;
using OpenLeads.Server.Storage;
using OpenLeads.Server.Zoho;

namespace OpenLeads.Server.Operations;

/// <summary>An operation as an undo or a listing finds it: a job (its state), or a call by ids (done when answered).</summary>
public sealed record Operation(long Id, string Module, JobState State, long? UndoOf, long? UndoneBy);

/// <summary>One record an operation touched or left alone, and its outcome code.</summary>
public sealed record OperationRecord(long Id, string Code)
{
    public string Outcome => Code switch
    {
        OperationRecords.Success => "updated",
        OperationRecords.Deleted => "failed",
        _ => "not_updated",
    };
}

/// <summary>
/// Operations on every database (one SQL, the dialect's forms): a call by ids gets its id from the objects sequence,
/// the one that gives jobs theirs, so an operation id names one job or one call. An undo is a job like a mass update
/// (<c>mass_update_jobs.undo_of</c>), its records fixed when it is scheduled: the records of the operation's audit rows.
/// </summary>
public sealed class OperationStore(ISqlDatabase database)
{
    /// <summary>
    /// The row of a call by ids' operation <see cref="WriteContext.OperationId"/>, written in the call's own transaction
    /// (<see cref="IRecordStore.MassUpdateOperationAsync"/>), so an operation costs the call no commit of its own.
    /// </summary>
    public static Task InsertAsync(ISqlSession session, ModuleDefinition module, long id, WriteContext context, CancellationToken ct) =>
        session.ExecuteAsync("INSERT INTO operations (id, module, created_by, created_at, request_id) VALUES (@id, @module, @by, @now, @request)",
            ct, ("@id", id), ("@module", module.ApiName), ("@by", context.User.Id), ("@now", session.Dialect.Time(context.Now)),
            ("@request", context.RequestId));

    public Task<Operation?> FindAsync(long id, CancellationToken ct) => database.ReadAsync(session => FindAsync(session, id, ct), ct);

    /// <summary>Schedules the undo of the operation: its job id, or why it cannot be undone now (re-checked under the lock).</summary>
    public Task<(long JobId, ZohoProblem? Problem)> ScheduleUndoAsync(long operationId, WriteContext context, int batchSize, CancellationToken ct) =>
        database.WriteAsync<(long, ZohoProblem?)>(async session =>
        {
            // Two undos of one operation at once: the second waits, then finds the first (SQLite's writer already serialises them).
            if (session.Dialect.LockTables(["mass_update_jobs"], exclusive: true) is { } lockSql) await session.ExecuteAsync(lockSql, ct);
            var operation = await FindAsync(session, operationId, ct);
            if (operation is null) return (0, ZohoErrors.UnknownOperation);
            if (operation.State is JobState.Scheduled or JobState.Running) return (0, ZohoErrors.OperationRunning(operation.Id));
            if (operation.UndoneBy is { } undoJob) return (0, ZohoErrors.OperationAlreadyUndone(undoJob));

            // The operation's records, in order, and the fields it set: one pass over its audit rows.
            var ids = new List<long>();
            var fields = new SortedSet<string>(StringComparer.Ordinal);
            await using (var select = session.Command("SELECT record_id, field FROM audit_log WHERE operation_id = @operation ORDER BY record_id",
                             ("@operation", operation.Id)))
            await using (var reader = await select.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    var id = reader.GetInt64(0);
                    if (ids.Count == 0 || ids[^1] != id) ids.Add(id);
                    fields.Add(reader.GetString(1));
                }
            }

            var jobId = (await session.Dialect.NextIdsAsync(session, "objects", 1, ct))[0];
            var batches = 0;
            foreach (var batch in ids.Chunk(batchSize))
            {
                await session.ExecuteAsync("""
                    INSERT INTO mass_update_job_batches (job_id, batch, ids, size, first_id, last_id) VALUES (@job, @batch, @ids, @size, @first, @last)
                    """, ct, ("@job", jobId), ("@batch", batches++), ("@ids", session.Dialect.Ids(JobBatch.Stored(batch))), ("@size", batch.Length),
                    ("@first", batch[0]), ("@last", batch[^1]));
            }
            // The undone operation's negated id stands for the view: one active undo of it at a time, never a view's id.
            await session.ExecuteAsync("""
                INSERT INTO mass_update_jobs (id, module, cvid, territory_id, include_child, field, value_json, over_write, status,
                    total_count, batch_count, created_by, created_at, request_id, undo_of)
                VALUES (@id, @module, @cvid, NULL, @child, @fields, NULL, @overWrite, 'SCHEDULED', @total, @batches, @by, @now, @request, @undoOf)
                """, ct, ("@id", jobId), ("@module", operation.Module), ("@cvid", -operation.Id), ("@child", false),
                ("@fields", string.Join(',', fields)), ("@overWrite", true),
                ("@total", (long)ids.Count), ("@batches", batches), ("@by", context.User.Id), ("@now", session.Dialect.Time(context.Now)),
                ("@request", context.RequestId), ("@undoOf", operation.Id));
            return (jobId, null);
        }, ct);

    /// <summary>
    /// One page of the records an operation touched or left alone, in id order (<paramref name="outcome"/>: updated,
    /// not_updated, failed, or null for all); whether more follow.
    /// </summary>
    public Task<(IReadOnlyList<OperationRecord> Records, bool More)> RecordsAsync(long operationId, string? outcome, int page, int perPage,
        CancellationToken ct) =>
        database.ReadAsync<(IReadOnlyList<OperationRecord>, bool)>(async session =>
        {
            var updated = "SELECT DISTINCT record_id, 'SUCCESS' AS code FROM audit_log WHERE operation_id = @operation";
            var skipped = "SELECT record_id, outcome AS code FROM operation_records WHERE operation_id = @operation";
            var sql = outcome switch
            {
                "updated" => updated,
                "not_updated" => $"{skipped} AND outcome <> '{OperationRecords.Deleted}'",
                "failed" => $"{skipped} AND outcome = '{OperationRecords.Deleted}'",
                _ => $"{updated} UNION ALL {skipped}",
            };
            var rows = await session.QueryAsync($"SELECT record_id, code FROM ({sql}) r ORDER BY record_id LIMIT @limit OFFSET @offset", ct,
                ("@operation", operationId), ("@limit", perPage + 1L), ("@offset", (page - 1L) * perPage));
            var records = rows.Take(perPage).Select(r => new OperationRecord(Convert.ToInt64(r[0]), (string)r[1]!)).ToList();
            return (records, rows.Count > perPage);
        }, ct);

    private static async Task<Operation?> FindAsync(ISqlSession session, long id, CancellationToken ct)
    {
        const string undoneBy = "(SELECT max(u.id) FROM mass_update_jobs u WHERE u.undo_of = @id AND u.status <> 'FAILED')";
        var rows = await session.QueryAsync($"""
            SELECT module, status, undo_of, {undoneBy} FROM mass_update_jobs WHERE id = @id
            UNION ALL
            SELECT module, 'COMPLETED', NULL, {undoneBy} FROM operations WHERE id = @id
            """, ct, ("@id", id));
        if (rows.Count == 0) return null;
        var row = rows[0];
        return new Operation(id, (string)row[0]!, JobValues.ParseState((string)row[1]!), row[2] is null ? null : Convert.ToInt64(row[2]),
            row[3] is null ? null : Convert.ToInt64(row[3]));
    }
}

using System.Text.Json;
using OpenLeads.Server.Metadata;
using OpenLeads.Server.Storage;

namespace OpenLeads.Server.Operations;

/// <summary>
/// One batch of an undo job, in the batch's transaction like any job batch (so a crash loses at most the batch in
/// flight). A record is restored when it is writable and no later audit row of its field is another operation's;
/// else it is left alone, kept in <c>operation_records</c> with why. An operation of one field of a type SQL reads
/// back from audit text is restored all in SQL (<see cref="ApplyOneFieldAsync"/>); any other (several fields, a
/// lookup, a multi-select) has its batch's audit rows read, parsed by each field's rules, and written back through one
/// set-based write (<see cref="IWriteSession.ApplyAsync"/>). A fixed number of statements per batch, whatever its size.
/// </summary>
public static class UndoBatches
{
    public static async Task<(long Updated, long NotUpdated, long Failed)> ApplyAsync(ISqlSession session, IJobBatchSession writes, ClaimedJob job,
        long undone, JobBatch? batch, DateTimeOffset now, CancellationToken ct)
    {
        if (batch is null) return (0, 0, 0);
        if (job.Values is [var only] && session.Dialect.FromAuditJson(only.Field, "o.old_value") is { } decoded)
        {
            return await ApplyOneFieldAsync(session, job, undone, only.Field, decoded, batch, now, ct);
        }
        var module = job.Module;
        var ids = await writes.BatchIdsAsync(job.Id, batch, ct);
        var current = await writes.ReadCurrentAsync(module, ids, [], ct);

        // The batch holds every record of the operation between its first and last id, so the range finds their rows.
        var rows = await session.QueryAsync("""
            SELECT o.record_id, o.field, o.old_value,
                   CASE WHEN EXISTS (SELECT 1 FROM audit_log l WHERE l.module = o.module AND l.record_id = o.record_id
                                     AND l.field = o.field AND l.id > o.id) THEN 1 ELSE 0 END
            FROM audit_log o WHERE o.operation_id = @operation AND o.record_id BETWEEN @first AND @last ORDER BY o.id
            """, ct, ("@operation", undone), ("@first", batch.First), ("@last", batch.Last));

        var restore = new Dictionary<long, Dictionary<FieldDefinition, object?>>();
        var changed = new HashSet<long>();
        foreach (var row in rows)
        {
            var id = Convert.ToInt64(row[0]);
            var values = restore.TryGetValue(id, out var known) ? known : restore[id] = [];
            if (Convert.ToInt64(row[3]) != 0 || !module.TryGetField((string)row[1]!, out var field) || !TryOld(field, row[2] as string, out var old))
            {
                changed.Add(id);
                continue;
            }
            values.TryAdd(field, old); // the operation's first row of a field holds the value before it
        }

        var skipped = new List<(long Id, string Code)>();
        var changes = new List<PlannedChange>();
        foreach (var id in ids)
        {
            if (!current.TryGetValue(id, out var record)) skipped.Add((id, OperationRecords.Deleted));
            else if (Refusal(record.State) is { } code) skipped.Add((id, code));
            else if (changed.Contains(id) || !restore.TryGetValue(id, out var values) || values.Count == 0) skipped.Add((id, OperationRecords.ChangedSince));
            else changes.Add(new PlannedChange(id, values));
        }

        if (changes.Count > 0) await writes.ApplyAsync(module, changes, JobClaims.Context(job, now) with { Source = "undo" }, ct);
        await OperationRecords.RecordCodesAsync(session, job.Id, skipped, ct);
        var failed = skipped.Count(s => s.Code == OperationRecords.Deleted);
        return (changes.Count, skipped.Count - failed, failed);
    }

    /// <summary>
    /// The batch of an operation that set one field of a type SQL reads back from its audit text: all in SQL, no record
    /// reaching the server, as a mass update job's batch. The records are locked (PostgreSQL), those left alone kept with
    /// their code (refused now, changed since, gone), then the rest audited and restored by one UPDATE … FROM the audit rows.
    /// </summary>
    private static async Task<(long Updated, long NotUpdated, long Failed)> ApplyOneFieldAsync(ISqlSession session, ClaimedJob job, long undone,
        FieldDefinition field, string decoded, JobBatch batch, DateTimeOffset now, CancellationToken ct)
    {
        var dialect = session.Dialect;
        var module = job.Module;
        var table = RecordSelect.Quote(module.Table);
        var column = RecordSelect.Quote(field.Column);
        var context = JobClaims.Context(job, now);
        const string mine = "o.operation_id = @undone AND o.record_id BETWEEN @first AND @last AND o.field = @field";
        // The same range on the record's table: a database does not carry a range across the join's equality, and without
        // it PostgreSQL hashes the whole table for each batch.
        const string inRange = "t.id BETWEEN @first AND @last";
        // A later row of the field that is not this undo's own: the record changed since the operation.
        const string later = """
            EXISTS (SELECT 1 FROM audit_log l WHERE l.module = o.module AND l.record_id = o.record_id AND l.field = o.field AND l.id > o.id
                    AND (l.operation_id IS NULL OR l.operation_id <> @job))
            """;
        (string, object?)[] parameters = [("@undone", undone), ("@first", batch.First), ("@last", batch.Last), ("@field", field.ApiName),
            ("@job", job.Id), ("@module", module.ApiName), ("@user", context.User.Id), ("@now", dialect.Time(context.Now)), ("@request", context.RequestId)];

        // The batch's records that exist, locked in id order where the database locks rows, counted with those that may be
        // written, and whether another write reached the field of one of them since the operation's first row of the batch.
        // A batch of consecutive ids is every id of its range (as a job's batch), so the range finds them without reading
        // the audit rows. The check of later writes reads the range's audit rows in one pass: it can find a row written
        // between two of the operation's (then each record is asked below), never miss one written after.
        var inBatch = batch.IsRun ? "t.id BETWEEN @first AND @last" : $"t.id IN (SELECT o.record_id FROM audit_log o WHERE {mine})";
        var counts = (await session.QueryAsync($"""
            SELECT count(*), count(*) FILTER (WHERE {RecordWrites.WritableSql}),
                   CASE WHEN EXISTS (SELECT 1 FROM audit_log l WHERE l.module = @module AND l.record_id BETWEEN @first AND @last
                                     AND l.field = @field AND l.id > (SELECT min(o.id) FROM audit_log o WHERE {mine})
                                     AND (l.operation_id IS NULL OR l.operation_id NOT IN (@undone, @job))) THEN 1 ELSE 0 END
            FROM (SELECT t.approval, t.lock_action, t.converted_detail FROM {table} t WHERE {inBatch} ORDER BY t.id{dialect.RowLock}) locked
            """, ct, parameters))[0];
        var (existing, writable, writtenSince) = (Convert.ToInt64(counts[0]), Convert.ToInt64(counts[1]), Convert.ToInt64(counts[2]) != 0);
        var skipped = 0;
        var leftAlone = "";
        if (existing != batch.Size || writable != existing || writtenSince)
        {
            // Those left alone, with why, in one statement: gone, refused now, or changed since.
            skipped = await session.ExecuteAsync($"""
                INSERT INTO operation_records (operation_id, record_id, outcome)
                SELECT @job, o.record_id, CASE WHEN t.id IS NULL THEN '{OperationRecords.Deleted}'
                    WHEN NOT ({RecordWrites.WritableSql}) THEN {OperationRecords.RefusalCode} ELSE '{OperationRecords.ChangedSince}' END
                FROM audit_log o LEFT JOIN {table} t ON t.id = o.record_id AND {inRange}
                WHERE {mine} AND (t.id IS NULL OR NOT ({RecordWrites.WritableSql}) OR {later})
                """, ct, parameters);
            // Those left alone are known by their row just kept, not by asking again.
            leftAlone = " AND NOT EXISTS (SELECT 1 FROM operation_records r WHERE r.operation_id = @job AND r.record_id = o.record_id)";
        }
        // The rest are restored: audited first, while the values being replaced are there (the restored value's text is the
        // operation's old one), then updated.
        await session.ExecuteAsync($"""
            INSERT INTO audit_log (module, record_id, field, old_value, new_value, user_id, changed_at, request_id, source, job_id, operation_id)
            SELECT @module, t.id, @field, {dialect.AuditJson(field, $"t.{column}")}, o.old_value, @user, @now, @request, 'undo', @job, @job
            FROM audit_log o JOIN {table} t ON t.id = o.record_id AND {inRange} WHERE {mine}{leftAlone}
            """, ct, parameters);
        var restored = await session.ExecuteAsync($"""
            UPDATE {table} AS t SET {column} = {decoded}, {RecordWrites.ModifiedStamp(module, "t.row_version")}
            FROM audit_log o WHERE o.record_id = t.id AND {inRange} AND {mine}{leftAlone}
            """, ct, parameters);
        var gone = batch.Size - existing;
        return (restored, skipped - gone, gone);
    }

    /// <summary>The value an audit row's Zoho JSON text stands for, read by the field's own rules.</summary>
    private static bool TryOld(FieldDefinition field, string? json, out object? value)
    {
        value = null;
        if (json is null) return true;
        using var document = JsonDocument.Parse(json);
        return FieldValues.TryParse(field, document.RootElement, out value, out _);
    }

    /// <summary>The rule of <see cref="RecordWrites"/>: converted, locked, then not approved or in review.</summary>
    private static string? Refusal(RecordState state) =>
        state.Converted ? "CONVERTED_RECORD"
        : state.LockAction is not null ? "RECORD_LOCKED"
        : state.Approval switch { Approval.Pending => "NOT_APPROVED", Approval.InReview => "NOT_REVIEWED", _ => null };
}

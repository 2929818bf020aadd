using System.Text.Json;
using OpenLeads.Server.Metadata;
using OpenLeads.Server.Storage;

namespace OpenLeads.Server.Operations;

/// <summary>
/// One batch of an undo job, in the batch's transaction like any job batch (so a crash loses at most the batch in
/// flight): the batch's records are read (and locked, on PostgreSQL), the operation's audit rows of them read with
/// whether a later row of the same field exists, and the records still as the operation left them get their old
/// values back through one set-based write (<see cref="IWriteSession.ApplyAsync"/>: an audit row each, one UPDATE).
/// A fixed number of statements per batch, whatever its size.
/// </summary>
public static class UndoBatches
{
    public static async Task<(long Updated, long NotUpdated, long Failed)> ApplyAsync(ISqlSession session, IJobBatchSession writes, ClaimedJob job,
        long undone, JobBatch? batch, DateTimeOffset now, CancellationToken ct)
    {
        if (batch is null) return (0, 0, 0);
        var module = job.Module;
        var ids = await writes.BatchIdsAsync(job.Id, batch.Number, ct);
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

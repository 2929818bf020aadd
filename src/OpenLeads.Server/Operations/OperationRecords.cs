using OpenLeads.Server.Metadata;
using OpenLeads.Server.Storage;

namespace OpenLeads.Server.Operations;

/// <summary>
/// The records an operation left alone, and why, kept in <c>operation_records</c> in the transaction that left them
/// (the records it updated are its audit rows). The reason is read from each record's state after the write, which
/// the write did not change: the refusals of <see cref="RecordWrites"/>, in its order, or gone.
/// </summary>
public static class OperationRecords
{
    public const string Success = "SUCCESS";
    public const string Deleted = "DELETED";
    public const string ChangedSince = "CHANGED_SINCE";

    /// <summary>Why the record <c>t</c> may not be written, as a code (for records that are not writable).</summary>
    public const string RefusalCode = """
        CASE WHEN t.converted_detail IS NOT NULL THEN 'CONVERTED_RECORD' WHEN t.lock_action IS NOT NULL THEN 'RECORD_LOCKED'
             WHEN t.approval = 'in_review' THEN 'NOT_REVIEWED' ELSE 'NOT_APPROVED' END
        """;

    /// <summary>
    /// Keeps the refused and the missing of the ids that <paramref name="idRows"/> selects (a row source of one column
    /// <c>id</c>): one statement each, and none when the counts say there are none.
    /// </summary>
    public static async Task RecordSkippedAsync(ISqlSession session, ModuleDefinition module, long operationId, string idRows,
        bool anyRefused, bool anyMissing, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        var table = RecordSelect.Quote(module.Table);
        (string, object?)[] all = [.. parameters, ("@operation", operationId)];
        if (anyRefused)
        {
            await session.ExecuteAsync($"""
                INSERT INTO operation_records (operation_id, record_id, outcome)
                SELECT @operation, t.id, {RefusalCode} FROM {table} t WHERE t.id IN (SELECT id FROM ({idRows}) b) AND NOT ({RecordWrites.WritableSql})
                """, ct, all);
        }
        if (anyMissing)
        {
            await session.ExecuteAsync($"""
                INSERT INTO operation_records (operation_id, record_id, outcome)
                SELECT DISTINCT @operation, b.id, '{Deleted}' FROM ({idRows}) b WHERE NOT EXISTS (SELECT 1 FROM {table} t WHERE t.id = b.id)
                """, ct, all);
        }
    }

    /// <summary>A job batch's records left alone (the batch's ids, as scheduled).</summary>
    public static Task RecordJobBatchAsync(ISqlSession session, ClaimedJob job, JobBatch batch, long notUpdated, long failed, CancellationToken ct) =>
        notUpdated == 0 && failed == 0 ? Task.CompletedTask
            : RecordSkippedAsync(session, job.Module, job.Id,
                session.Dialect.IdRows(batch.IsRun ? "@ids" : "(SELECT ids FROM mass_update_job_batches WHERE job_id = @job AND batch = @batch)"),
                notUpdated > 0, failed > 0, ct, ("@job", job.Id), ("@batch", batch.Number), ("@ids", session.Dialect.Ids(batch.IsRun ? batch.RunIds() : [])));

    /// <summary>An ids call's records left alone.</summary>
    public static Task RecordCallAsync(ISqlSession session, ModuleDefinition module, long operationId, IReadOnlyList<RecordWriteResult> results,
        CancellationToken ct)
    {
        var refused = results.Any(r => r.Outcome is not (WriteOutcome.Written or WriteOutcome.NotFound));
        var missing = results.Any(r => r.Outcome == WriteOutcome.NotFound);
        return refused || missing
            ? RecordSkippedAsync(session, module, operationId, session.Dialect.IdRows("@ids"), refused, missing, ct,
                ("@ids", session.Dialect.Ids(results.Where(r => r.Outcome != WriteOutcome.Written).Select(r => r.Id))))
            : Task.CompletedTask;
    }

    /// <summary>Records the undo of a batch left alone, with the code it gave each (one statement per code).</summary>
    public static async Task RecordCodesAsync(ISqlSession session, long operationId, IEnumerable<(long Id, string Code)> skipped, CancellationToken ct)
    {
        foreach (var group in skipped.GroupBy(s => s.Code))
        {
            await session.ExecuteAsync($"""
                INSERT INTO operation_records (operation_id, record_id, outcome) SELECT @operation, id, @code FROM ({session.Dialect.IdRows("@ids")}) b
                """, ct, ("@operation", operationId), ("@code", group.Key), ("@ids", session.Dialect.Ids(group.Select(g => g.Id))));
        }
    }
}

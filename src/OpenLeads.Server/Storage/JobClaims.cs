using System.Data.Common;
using OpenLeads.Server.Metadata;

namespace OpenLeads.Server.Storage;

/// <summary>A write session that can also apply a job batch: what each database adds to <see cref="IWriteSession"/> for jobs.</summary>
public interface IJobBatchSession : IWriteSession
{
    /// <summary>One value for every record of the batch, all in SQL: counts, audit rows and the update.</summary>
    Task<(long Updated, long NotUpdated, long Failed)> ApplyJobBatchAsync(ClaimedJob job, JobBatch batch, WriteContext context, CancellationToken ct);

    /// <summary>The ids a batch's row keeps (none for a run: <see cref="JobBatch.Stored"/>); read through <see cref="JobClaims.BatchIdsAsync"/>.</summary>
    Task<List<long>> StoredBatchIdsAsync(long jobId, int batch, CancellationToken ct);
}

/// <summary>Turns a claimed job row into what its batches need; shared by every database.</summary>
public static class JobClaims
{
    /// <summary>The claimed job, or null when its field or value no longer fits the metadata (the job must then fail).</summary>
    public static ClaimedJob? Create(Org org, long id, string module, string field, string? valueJson, bool overWrite, UserRef createdBy,
        string requestId, string owner, long total, long? undoOf = null)
    {
        if (!org.TryResolve(module, out var definition)) return null;
        if (undoOf is not null)
        {
            // An undo names the fields its operation set (none known: each batch reads them from the audit rows).
            var fields = field.Split(',', StringSplitOptions.RemoveEmptyEntries)
                .Select(name => definition.TryGetField(name, out var f) ? new FieldAssignment(f, null) : null).ToList();
            return new ClaimedJob(id, definition, fields.Contains(null) ? [] : [.. fields.OfType<FieldAssignment>()], overWrite, createdBy, requestId, owner, total, undoOf);
        }
        if (JobValues.Parse(definition, field, valueJson) is not { } values) return null;
        return new ClaimedJob(id, definition, values, overWrite, createdBy, requestId, owner, total);
    }

    public static string Unrunnable(string module, string field) =>
        $"{module}.{field} can no longer be mass updated with the value the job was given";

    /// <summary>Batches write as the user who scheduled the job, stamped with its request and id.</summary>
    public static WriteContext Context(ClaimedJob job, DateTimeOffset now) =>
        new(job.CreatedBy, now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond)), job.RequestId, "job", job.Id);

    /// <summary>The ids the batch holds, as fixed when the job was scheduled.</summary>
    public static async Task<List<long>> BatchIdsAsync(this IJobBatchSession session, long jobId, JobBatch batch, CancellationToken ct) =>
        batch.IsRun ? batch.RunIds() : await session.StoredBatchIdsAsync(jobId, batch.Number, ct);

    /// <summary>One batch of a job (<c>@job</c>, <c>@batch</c>): its size and the first and last of its ids.</summary>
    public const string BatchSql = "SELECT size, first_id, last_id FROM mass_update_job_batches WHERE job_id = @job AND batch = @batch";

    /// <summary>The batch a command of <see cref="BatchSql"/> reads, or null when the job has no such batch.</summary>
    public static async Task<JobBatch?> ReadBatchAsync(DbCommand command, int batch, CancellationToken ct)
    {
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? new JobBatch(batch, reader.GetInt32(0), reader.GetInt64(1), reader.GetInt64(2)) : null;
    }

    /// <summary>
    /// Applies one batch and counts its outcomes. One field set to one value is the whole batch in SQL;
    /// adding to a multi-select depends on each record's old value, and several fields (Deals) are rare,
    /// so those go through the record rules.
    /// </summary>
    public static async Task<(long Updated, long NotUpdated, long Failed)> ApplyBatchAsync(IJobBatchSession session, ClaimedJob job,
        JobBatch? batch, DateTimeOffset now, CancellationToken ct)
    {
        if (batch is null) return (0, 0, 0);
        var context = Context(job, now);
        if (job.Values is [var only] && (only.Field.Type != FieldType.MultiSelectPicklist || job.OverWrite))
        {
            return await session.ApplyJobBatchAsync(job, batch, context, ct);
        }
        var ids = await session.BatchIdsAsync(job.Id, batch, ct);
        return JobValues.Count(await RecordWrites.MassUpdateAsync(session, job.Module, new MassUpdateCommand(job.Values, job.OverWrite, ids), context, ct));
    }
}

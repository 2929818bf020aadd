using OpenLeads.Server.Storage;
using OpenLeads.Server.Zoho;

namespace OpenLeads.Server.Preview;

/// <summary>The counts a scheduled (cvid) mass update would reach, by the refusal each record would meet.</summary>
public sealed record JobPreviewCounts(long Total, long ToUpdate, long Locked, long NotApproved, long InReview, long Converted, bool AlreadyScheduled)
{
    public long NotUpdated => Locked + NotApproved + InReview + Converted;
}

/// <summary>
/// A preview of a cvid mass update: the same refusals as scheduling it (view, territory, a job already scheduled, no records, too many),
/// else a job-status-shaped answer of the counts it would reach, from one SQL statement over the view's criteria; no job is made.
/// </summary>
public static class JobPreview
{
    public static Task<JobPreviewCounts> CountAsync(ISqlDatabase database, JobSpec spec, CancellationToken ct) =>
        database.ReadAsync(async session =>
        {
            var dialect = session.Dialect;
            var criteria = dialect.Criteria();
            var where = RecordSelect.Where(spec.Where is null ? null : CriteriaSql.Compile(spec.Where, criteria),
                spec.TerritoryIds is null ? null : dialect.InIds("t.territory_id", "@territories"));
            // Each record counted once, by the first refusal it meets, in the order of RecordWrites' rules.
            var rows = await session.QueryAsync($"""
                SELECT count(*),
                    coalesce(sum(CASE WHEN {RecordWrites.WritableSql} THEN 1 ELSE 0 END), 0),
                    coalesce(sum(CASE WHEN converted_detail IS NULL AND lock_action IS NOT NULL THEN 1 ELSE 0 END), 0),
                    coalesce(sum(CASE WHEN converted_detail IS NULL AND lock_action IS NULL AND approval = 'pending' THEN 1 ELSE 0 END), 0),
                    coalesce(sum(CASE WHEN converted_detail IS NULL AND lock_action IS NULL AND approval = 'in_review' THEN 1 ELSE 0 END), 0),
                    coalesce(sum(CASE WHEN converted_detail IS NOT NULL THEN 1 ELSE 0 END), 0),
                    (SELECT count(*) FROM mass_update_jobs WHERE module = @module AND cvid = @cvid AND status IN ('SCHEDULED', 'RUNNING'))
                FROM {RecordSelect.Quote(spec.Module.Table)} t{where}
                """, ct, [("@territories", spec.TerritoryIds is null ? null : dialect.Ids(spec.TerritoryIds)),
                ("@module", spec.Module.ApiName), ("@cvid", spec.Cvid), .. criteria.Parameters]);
            var n = rows[0].Select(v => Convert.ToInt64(v ?? 0L)).ToArray();
            return new JobPreviewCounts(n[0], n[1], n[2], n[3], n[4], n[5], n[6] > 0);
        }, ct);

    /// <summary>What scheduling would refuse, in its order; null when it would schedule.</summary>
    public static ZohoStatus? Refusal(JobPreviewCounts counts, int maxRecords) =>
        counts.AlreadyScheduled ? ZohoErrors.AlreadyScheduled
        : counts.Total == 0 ? ZohoErrors.NoRecordsFound
        : counts.Total > maxRecords ? ZohoErrors.JobRecordCountExceeded(maxRecords, counts.Total)
        : null;

    /// <summary>The job status call's shape, <c>Status: PREVIEW</c>, with each refusal's count beside Zoho's four.</summary>
    public static IResult Answer(JobPreviewCounts counts) => ZohoResults.Json(StatusCodes.Status200OK, w =>
    {
        w.WriteStartObject();
        w.WriteStartArray("data"u8);
        w.WriteStartObject();
        w.WriteString("Status"u8, "PREVIEW");
        w.WriteNumber("Failed_Count"u8, 0);
        w.WriteNumber("Updated_Count"u8, counts.ToUpdate);
        w.WriteNumber("Not_Updated_Count"u8, counts.NotUpdated);
        w.WriteNumber("Total_Count"u8, counts.Total);
        w.WriteNumber("Locked_Count"u8, counts.Locked);
        w.WriteNumber("Not_Approved_Count"u8, counts.NotApproved);
        w.WriteNumber("In_Review_Count"u8, counts.InReview);
        w.WriteNumber("Converted_Count"u8, counts.Converted);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    });
}

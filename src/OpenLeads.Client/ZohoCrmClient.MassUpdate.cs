using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpenLeads.Client;

public sealed partial class ZohoCrmClient
{
    /// <summary>Most ids Zoho takes in one mass update.</summary>
    public const int MaxIdsPerMassUpdate = 500;

    /// <summary>
    /// Sets <paramref name="field"/> to <paramref name="value"/> on every record of <paramref name="ids"/>:
    /// 500 ids per call, one call after another, the outcomes merged in the order of the ids.
    /// </summary>
    /// <param name="module">The module's API name, e.g. <c>Leads</c>.</param>
    /// <param name="field">The field's API name.</param>
    /// <param name="value">The value, as Zoho's JSON (numbers, strings, booleans convert implicitly; null clears).</param>
    /// <param name="ids">Record ids, any number.</param>
    /// <param name="overWrite">For a multi-select picklist: true replaces its values, false adds to them.</param>
    /// <param name="progress">Told the number of ids answered after each call.</param>
    /// <param name="cancellationToken">Stops between and during calls.</param>
    public Task<MassUpdateResult> MassUpdateAsync(string module, string field, JsonNode? value, IEnumerable<string> ids,
        bool? overWrite = null, IProgress<int>? progress = null, CancellationToken cancellationToken = default) =>
        MassUpdateAsync(module, new Dictionary<string, JsonNode?> { [field] = value }, ids, overWrite, progress, cancellationToken);

    /// <summary>
    /// Sets several fields at once on every record of <paramref name="ids"/>, 500 ids per call. How many
    /// fields one mass update may set is the module's rule (Zoho: three for Deals, one elsewhere); a call
    /// with more is refused with <c>INVALID_DATA</c> "Max field limit exceeded" for every id.
    /// </summary>
    /// <param name="module">The module's API name, e.g. <c>Deals</c>.</param>
    /// <param name="fields">Each field's API name and its value as Zoho's JSON (null clears).</param>
    /// <param name="ids">Record ids, any number.</param>
    /// <param name="overWrite">For a multi-select picklist: true replaces its values, false adds to them.</param>
    /// <param name="progress">Told the number of ids answered after each call.</param>
    /// <param name="cancellationToken">Stops between and during calls.</param>
    public Task<MassUpdateResult> MassUpdateAsync(string module, IReadOnlyDictionary<string, JsonNode?> fields, IEnumerable<string> ids,
        bool? overWrite = null, IProgress<int>? progress = null, CancellationToken cancellationToken = default) =>
        MassUpdateAsync(module, fields, ids, overWrite, progress, preview: false, cancellationToken);

    /// <summary>
    /// What <see cref="MassUpdateAsync(string, IReadOnlyDictionary{string, JsonNode?}, IEnumerable{string}, bool?, IProgress{int}?, CancellationToken)"/>
    /// would answer, per id, changing nothing (OpenLeads' <c>X-OpenLeads-Preview</c>; Zoho CRM ignores the header and applies the update).
    /// </summary>
    public Task<MassUpdateResult> PreviewMassUpdateAsync(string module, IReadOnlyDictionary<string, JsonNode?> fields, IEnumerable<string> ids,
        bool? overWrite = null, IProgress<int>? progress = null, CancellationToken cancellationToken = default) =>
        MassUpdateAsync(module, fields, ids, overWrite, progress, preview: true, cancellationToken);

    private async Task<MassUpdateResult> MassUpdateAsync(string module, IReadOnlyDictionary<string, JsonNode?> fields, IEnumerable<string> ids,
        bool? overWrite, IProgress<int>? progress, bool preview, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var outcomes = new List<RecordOutcome>();
        var responses = new List<JsonNode>();
        foreach (var chunk in ids.Chunk(MaxIdsPerMassUpdate))
        {
            var body = new JsonObject
            {
                ["data"] = new JsonArray(Values(fields)),
                ["ids"] = new JsonArray([.. chunk.Select(id => (JsonNode)id)]),
            };
            if (overWrite is { } over) body["over_write"] = over;
            var answer = await SendAsync(HttpMethod.Post, CrmPath($"{module}/actions/mass_update"), body, cancellationToken, preview).ConfigureAwait(false);
            outcomes.AddRange(Outcomes(answer, chunk));
            if (answer is not null) responses.Add(answer);
            progress?.Report(outcomes.Count);
        }
        return new MassUpdateResult(outcomes, responses.Count, responses);
    }

    /// <summary>
    /// Schedules the mass update of every record of custom view <paramref name="cvid"/> (optionally only
    /// those in a territory): answers the job id, or the reason Zoho gave for not scheduling it.
    /// </summary>
    public Task<ScheduledMassUpdate> ScheduleMassUpdateAsync(string module, string field, JsonNode? value, string cvid,
        string? territoryId = null, bool includeChild = false, bool? overWrite = null, CancellationToken cancellationToken = default) =>
        ScheduleMassUpdateAsync(module, new Dictionary<string, JsonNode?> { [field] = value }, cvid, territoryId, includeChild, overWrite, cancellationToken);

    /// <summary>Schedules a mass update of several fields (as many as the module allows) over custom view <paramref name="cvid"/>.</summary>
    public async Task<ScheduledMassUpdate> ScheduleMassUpdateAsync(string module, IReadOnlyDictionary<string, JsonNode?> fields, string cvid,
        string? territoryId = null, bool includeChild = false, bool? overWrite = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var body = new JsonObject
        {
            ["data"] = new JsonArray(Values(fields)),
            ["cvid"] = cvid,
        };
        if (territoryId is not null) body["territory"] = new JsonObject { ["id"] = territoryId, ["include_child"] = includeChild };
        if (overWrite is { } over) body["over_write"] = over;
        var answer = await SendAsync(HttpMethod.Post, CrmPath($"{module}/actions/mass_update"), body, cancellationToken).ConfigureAwait(false);
        var outcome = Outcomes(answer, [cvid]).Single();
        return new ScheduledMassUpdate(outcome.Succeeded ? outcome.Details["job_id"]?.ToString() : null, outcome);
    }

    /// <summary>
    /// What scheduling a mass update over <paramref name="cvid"/> would reach, changing nothing (OpenLeads only): the counts as a job
    /// status (<c>Status</c> <c>PREVIEW</c>; <c>Locked_Count</c>, <c>Not_Approved_Count</c>, <c>In_Review_Count</c>, <c>Converted_Count</c>
    /// in <see cref="ScheduledMassUpdatePreview.Answer"/>), or the outcome that scheduling would answer instead.
    /// </summary>
    public async Task<ScheduledMassUpdatePreview> PreviewScheduledMassUpdateAsync(string module, IReadOnlyDictionary<string, JsonNode?> fields,
        string cvid, string? territoryId = null, bool includeChild = false, bool? overWrite = null, CancellationToken cancellationToken = default)
    {
        var body = new JsonObject { ["data"] = new JsonArray(Values(fields)), ["cvid"] = cvid };
        if (territoryId is not null) body["territory"] = new JsonObject { ["id"] = territoryId, ["include_child"] = includeChild };
        if (overWrite is { } over) body["over_write"] = over;
        var answer = await SendAsync(HttpMethod.Post, CrmPath($"{module}/actions/mass_update"), body, cancellationToken, preview: true).ConfigureAwait(false);
        var entry = (answer?["data"] as JsonArray)?.FirstOrDefault() as JsonObject;
        if (entry?["Status"] is not null) return new ScheduledMassUpdatePreview(entry.Deserialize(ClientJson.Default.MassUpdateJob), null, entry);
        return new ScheduledMassUpdatePreview(null, Outcomes(answer, [cvid]).Single(), entry ?? []);
    }

    private static JsonObject Values(IReadOnlyDictionary<string, JsonNode?> fields) =>
        new([.. fields.Select(f => KeyValuePair.Create(f.Key, f.Value?.DeepClone()))]);

    /// <summary>A mass update job's status and counts.</summary>
    public async Task<MassUpdateJob> GetMassUpdateJobAsync(string module, string jobId, CancellationToken cancellationToken = default)
    {
        var answer = await SendAsync(HttpMethod.Get, CrmPath($"{module}/actions/mass_update?job_id={Uri.EscapeDataString(jobId)}"), null,
            cancellationToken).ConfigureAwait(false);
        var entry = (answer?["data"] as JsonArray)?.FirstOrDefault() ?? throw new InvalidOperationException($"The job status of {jobId} had no data.");
        return entry.Deserialize(ClientJson.Default.MassUpdateJob)!;
    }

    /// <summary>
    /// Follows a job until it has completed or failed: through OpenLeads' progress stream (server-sent events, one status per
    /// batch) where the server has one; else, or when the stream breaks off, by polling: first after 250 ms, then waiting twice
    /// as long each time up to <paramref name="maxDelay"/> (default 5 s). <paramref name="progress"/> hears every status.
    /// </summary>
    public async Task<MassUpdateJob> WaitForMassUpdateJobAsync(string module, string jobId, IProgress<MassUpdateJob>? progress = null,
        TimeSpan? maxDelay = null, CancellationToken cancellationToken = default)
    {
        if (await FollowMassUpdateJobAsync(module, jobId, progress, cancellationToken).ConfigureAwait(false) is { } followed) return followed;
        var delay = TimeSpan.FromMilliseconds(250);
        var longest = maxDelay ?? TimeSpan.FromSeconds(5);
        while (true)
        {
            var job = await GetMassUpdateJobAsync(module, jobId, cancellationToken).ConfigureAwait(false);
            progress?.Report(job);
            if (job.IsFinished) return job;
            await Task.Delay(delay, _clock, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, longest.Ticks));
        }
    }
}

/// <summary>The answer to a preview of a mass update by custom view: the counts it would reach, or the refusal it would meet.</summary>
/// <param name="Counts">The job-status-shaped counts (<c>Status</c> is <c>PREVIEW</c>), when it would be scheduled.</param>
/// <param name="Refusal">What scheduling would answer instead (e.g. <c>ALREADY_SCHEDULED</c>), when it would not.</param>
/// <param name="Answer">The server's entry as sent.</param>
public sealed record ScheduledMassUpdatePreview(MassUpdateJob? Counts, RecordOutcome? Refusal, JsonObject Answer);

/// <summary>The answer to scheduling a mass update by custom view.</summary>
/// <param name="JobId">The job to poll, when it was scheduled.</param>
/// <param name="Outcome">Zoho's entry: <c>SUCCESS</c>, or why not (e.g. <c>LIMIT_EXCEEDED</c>, <c>ALREADY_SCHEDULED</c>).</param>
public sealed record ScheduledMassUpdate(string? JobId, RecordOutcome Outcome);

using OpenLeads.Server.Auth;
using OpenLeads.Server.Hosting;
using OpenLeads.Server.Idempotency;
using OpenLeads.Server.Jobs;
using OpenLeads.Server.Metadata;
using OpenLeads.Server.Metrics;
using OpenLeads.Server.Preview;
using OpenLeads.Server.Progress;
using OpenLeads.Server.Records;
using OpenLeads.Server.Storage;
using OpenLeads.Server.Zoho;

namespace OpenLeads.Server.MassUpdate;

/// <summary>
/// <c>POST /crm/{version}/{module}/actions/mass_update</c>: by <c>ids</c>, updated at once; by <c>cvid</c>,
/// scheduled as a job (<see cref="JobScheduling"/>) whose status <c>GET …?job_id=</c> reports.
/// </summary>
public static class MassUpdateApi
{
    public static RouteGroupBuilder MapMassUpdate(this RouteGroupBuilder crm)
    {
        crm.MapPost("/{module}/actions/mass_update", MassUpdate).RequireZohoScope("mass_update", ZohoScopeRequirement.ModuleSub, "UPDATE")
            .WithIdempotency();
        crm.MapGet("/{module}/actions/mass_update", JobStatus).RequireZohoScope("mass_update", ZohoScopeRequirement.ModuleSub, "READ");
        return crm;
    }

    /// <summary>
    /// Updates the records of <c>ids</c> at once, in one transaction, and answers one entry per id
    /// in request order. A repeated id is updated once and answered at each place with the same entry.
    /// </summary>
    public static async Task<IResult> MassUpdate(Org org, ApiVersion version, string module, HttpContext http, IRecordStore store,
        [AsParameters] JobServices jobs, OpenLeadsSettings settings, TimeProvider clock, OpenLeadsMetrics metrics, CancellationToken ct)
    {
        if (!org.TryResolve(module, out var definition)) return ZohoResults.Problem(ZohoErrors.InvalidModule);
        var (preview, previewProblem) = PreviewHeader.Read(http);
        if (previewProblem is not null) return previewProblem;
        using var rollback = preview ? WriteRollback.Begin() : null; // a preview runs the real write, then rolls it back
        var (body, bodyProblem) = await ZohoRequest.ReadBodyAsync(http, settings, ct);
        if (bodyProblem is not null) return bodyProblem;
        using var document = body;

        var (request, error) = MassUpdateRequest.Parse(definition, body!.RootElement, version);
        if (error is not null) return Answer(version, [error]);
        if (request!.Ids is null && preview) return await JobPreviewAsync(definition, version, request, http.WriteContext(clock, "mass_update"), jobs, settings, ct);
        if (request.Ids is null)
        {
            var scheduled = await JobScheduling.ScheduleAsync(definition, request, http.WriteContext(clock, "mass_update"),
                jobs.Views, jobs.Jobs, jobs.Signal, settings, ct);
            Operations.OperationsApi.Name(http, scheduled);
            return Answer(version, [scheduled]);
        }

        var ids = request.Ids.Select(json => RecordIds.TryParse(json, out var id) ? id : (long?)null).ToArray();
        var command = new MassUpdateCommand(request.Values, request.OverWrite, [.. ids.OfType<long>()]);
        var context = http.WriteContext(clock, "mass_update");
        IReadOnlyList<RecordWriteResult> results = [];
        if (command.Ids.Count > 0 && preview) results = await store.MassUpdateAsync(definition, command, context, ct);
        else if (command.Ids.Count > 0)
        {
            // An operation of its own (X-OpenLeads-Operation-Id): its audit rows carry the id, so it can be undone. A preview is none.
            (results, var operation) = await store.MassUpdateOperationAsync(definition, command, context, ct);
            if (operation is { } id) Operations.OperationsApi.Name(http, id);
        }
        var byId = results.ToDictionary(r => r.Id);
        if (!preview) metrics.MassUpdated(definition.ApiName, "ids", results.Count(r => r.Outcome == WriteOutcome.Written));

        var outcomes = ids.Select((id, i) => id is { } known
            ? RecordJson.Outcome(byId[known], version, massUpdate: true)
            : ZohoErrors.InvalidId(RecordIds.Echo(request.Ids[i]))).ToArray();
        return Answer(version, outcomes);
    }

    /// <summary><c>?job_id=</c>: Status, Updated_Count, Not_Updated_Count, Failed_Count and Total_Count, as Zoho reports them.</summary>
    public static async Task<IResult> JobStatus(Org org, ApiVersion version, string module, HttpContext http, IJobStore jobs, CancellationToken ct)
    {
        if (!org.TryResolve(module, out var definition)) return ZohoResults.Problem(ZohoErrors.InvalidModule);
        var jobId = http.Request.Query["job_id"].ToString();
        if (jobId.Length == 0) return ZohoResults.Problem(ZohoErrors.JobIdMissing);
        var status = RecordIds.TryParse(jobId, out var id) ? await jobs.GetAsync(definition, id, ct) : null;
        if (status is null) return ZohoResults.Problem(ZohoErrors.UnknownJob(version));
        return JobProgress.IsAsked(http) ? JobProgress.Stream(definition, status, jobs, ct) : JobStatusResult(status);
    }

    public static IResult JobStatusResult(JobStatus status) => ZohoResults.Json(StatusCodes.Status200OK, w =>
    {
        w.WriteStartObject();
        w.WriteStartArray("data"u8);
        WriteStatus(w, status);
        w.WriteEndArray();
        w.WriteEndObject();
    });

    /// <summary>One job's status object, as the job status call and its progress events carry it.</summary>
    public static void WriteStatus(System.Text.Json.Utf8JsonWriter w, JobStatus status)
    {
        w.WriteStartObject();
        w.WriteString("Status"u8, JobValues.StateText(status.State));
        w.WriteNumber("Failed_Count"u8, status.Failed);
        w.WriteNumber("Updated_Count"u8, status.Updated);
        w.WriteNumber("Not_Updated_Count"u8, status.NotUpdated);
        w.WriteNumber("Total_Count"u8, status.Total);
        w.WriteEndObject();
    }

    /// <summary>A cvid preview: scheduling's refusals, else the counts the job would reach; no job is made.</summary>
    private static async Task<IResult> JobPreviewAsync(ModuleDefinition module, ApiVersion version, MassUpdateRequest request, WriteContext context,
        JobServices jobs, OpenLeadsSettings settings, CancellationToken ct)
    {
        var (spec, problem) = await JobScheduling.SpecAsync(module, request, context, jobs.Views, settings, ct);
        if (problem is not null) return Answer(version, [problem]);
        var counts = await JobPreview.CountAsync(jobs.Database, spec!, ct);
        return JobPreview.Refusal(counts, spec!.MaxRecords) is { } refusal ? Answer(version, [refusal]) : JobPreview.Answer(counts);
    }

    /// <summary>What the cvid path needs, bound together.</summary>
    public sealed record JobServices(IViewStore Views, IJobStore Jobs, JobSignal Signal, ISqlDatabase Database);

    private static IResult Answer(ApiVersion version, IReadOnlyList<ZohoStatus> outcomes) =>
        ZohoResults.Data(ZohoResults.MassUpdateStatus(version, outcomes), outcomes);
}

using OpenLeads.Server.Auth;
using OpenLeads.Server.Hosting;
using OpenLeads.Server.Jobs;
using OpenLeads.Server.Metadata;
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
        crm.MapPost("/{module}/actions/mass_update", MassUpdate).RequireZohoScope("mass_update", ZohoScopeRequirement.ModuleSub, "UPDATE");
        crm.MapGet("/{module}/actions/mass_update", JobStatus).RequireZohoScope("mass_update", ZohoScopeRequirement.ModuleSub, "READ");
        return crm;
    }

    /// <summary>
    /// Updates the records of <c>ids</c> at once, in one transaction, and answers one entry per id
    /// in request order. A repeated id is updated once and answered at each place with the same entry.
    /// </summary>
    public static async Task<IResult> MassUpdate(Org org, ApiVersion version, string module, HttpContext http, IRecordStore store,
        [AsParameters] JobServices jobs, OpenLeadsSettings settings, TimeProvider clock, CancellationToken ct)
    {
        if (!org.TryResolve(module, out var definition)) return ZohoResults.Problem(ZohoErrors.InvalidModule);
        var (body, bodyProblem) = await ZohoRequest.ReadBodyAsync(http, settings, ct);
        if (bodyProblem is not null) return bodyProblem;
        using var document = body;

        var (request, error) = MassUpdateRequest.Parse(definition, body!.RootElement, version);
        if (error is not null) return Answer(version, [error]);
        if (request!.Ids is null)
        {
            var scheduled = await JobScheduling.ScheduleAsync(definition, request, http.WriteContext(clock, "mass_update"),
                jobs.Views, jobs.Jobs, jobs.Signal, settings, ct);
            Operations.OperationsApi.Name(http, scheduled);
            return Answer(version, [scheduled]);
        }

        var ids = request.Ids.Select(json => RecordIds.TryParse(json, out var id) ? id : (long?)null).ToArray();
        var command = new MassUpdateCommand(request.Values, request.OverWrite, [.. ids.OfType<long>()]);
        var context = http.WriteContext(clock, "mass_update");
        // An operation of its own (X-OpenLeads-Operation-Id): its audit rows carry the id, so it can be undone.
        context = context with { OperationId = await jobs.Operations.BeginAsync(definition, context, ct) };
        Operations.OperationsApi.Name(http, context.OperationId.Value);
        var results = command.Ids.Count == 0 ? []
            : await store.MassUpdateAsync(definition, command, context, ct);
        var byId = results.ToDictionary(r => r.Id);

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
        return status is null ? ZohoResults.Problem(ZohoErrors.UnknownJob(version)) : JobStatusResult(status);
    }

    public static IResult JobStatusResult(JobStatus status) => ZohoResults.Json(StatusCodes.Status200OK, w =>
    {
        w.WriteStartObject();
        w.WriteStartArray("data"u8);
        w.WriteStartObject();
        w.WriteString("Status"u8, JobValues.StateText(status.State));
        w.WriteNumber("Failed_Count"u8, status.Failed);
        w.WriteNumber("Updated_Count"u8, status.Updated);
        w.WriteNumber("Not_Updated_Count"u8, status.NotUpdated);
        w.WriteNumber("Total_Count"u8, status.Total);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    });

    /// <summary>What the cvid path needs, bound together.</summary>
    public sealed record JobServices(IViewStore Views, IJobStore Jobs, JobSignal Signal, Operations.OperationStore Operations);

    private static IResult Answer(ApiVersion version, IReadOnlyList<ZohoStatus> outcomes) =>
        ZohoResults.Data(ZohoResults.MassUpdateStatus(version, outcomes), outcomes);
}

using OpenLeads.Server.Auth;
using OpenLeads.Server.Hosting;
using OpenLeads.Server.Metadata;
using OpenLeads.Server.Records;
using OpenLeads.Server.Storage;
using OpenLeads.Server.Zoho;

namespace OpenLeads.Server.MassUpdate;

/// <summary><c>POST /crm/{version}/{module}/actions/mass_update</c> and its job status (<c>GET</c>).</summary>
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
    public static async Task<IResult> MassUpdate(ApiVersion version, string module, HttpContext http, IRecordStore store,
        OpenLeadsSettings settings, TimeProvider clock, CancellationToken ct)
    {
        if (!Modules.TryResolve(module, out var definition)) return ZohoResults.Problem(ZohoErrors.InvalidModule);
        var (body, bodyProblem) = await ZohoRequest.ReadBodyAsync(http, settings, ct);
        if (bodyProblem is not null) return bodyProblem;
        using var document = body;

        var (request, error) = MassUpdateRequest.Parse(definition, body!.RootElement, version);
        if (error is not null) return Answer(version, [error]);

        var ids = request!.Ids.Select(json => RecordIds.TryParse(json, out var id) ? id : (long?)null).ToArray();
        var command = new MassUpdateCommand(request.Field, request.Value, request.OverWrite, [.. ids.OfType<long>()]);
        var results = command.Ids.Count == 0 ? []
            : await store.MassUpdateAsync(definition, command, http.WriteContext(clock, "mass_update"), ct);
        var byId = results.ToDictionary(r => r.Id);

        var outcomes = ids.Select((id, i) => id is { } known
            ? RecordJson.Outcome(byId[known], version, massUpdate: true)
            : ZohoErrors.InvalidId(RecordIds.Echo(request.Ids[i]))).ToArray();
        return Answer(version, outcomes);
    }

    /// <summary>Job status. Jobs are scheduled by cvid mass updates, which no view can start yet, so every job id is unknown.</summary>
    public static IResult JobStatus(ApiVersion version, string module, HttpContext http)
    {
        if (!Modules.TryResolve(module, out _)) return ZohoResults.Problem(ZohoErrors.InvalidModule);
        var jobId = http.Request.Query["job_id"].ToString();
        if (jobId.Length == 0) return ZohoResults.Problem(ZohoErrors.JobIdMissing);
        return ZohoResults.Problem(ZohoErrors.UnknownJob(version));
    }

    private static IResult Answer(ApiVersion version, IReadOnlyList<ZohoStatus> outcomes) =>
        ZohoResults.Data(ZohoResults.MassUpdateStatus(version, outcomes), outcomes);
}

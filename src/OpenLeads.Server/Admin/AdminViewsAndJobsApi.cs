using System.Text.Json;
using OpenLeads.Server.Hosting;
using OpenLeads.Server.Jobs;
using OpenLeads.Server.MassUpdate;
using OpenLeads.Server.Metadata;
using OpenLeads.Server.Search;
using OpenLeads.Server.Storage;
using OpenLeads.Server.Zoho;

namespace OpenLeads.Server.Admin;

/// <summary>Control API for custom views, territories and jobs (mapped on the keyed <c>/__admin</c> group).</summary>
public static class AdminViewsAndJobsApi
{
    public static RouteGroupBuilder MapAdminViewsAndJobs(this RouteGroupBuilder admin)
    {
        admin.MapPost("/custom_views", CreateView);
        admin.MapPut("/records/{module}/{id}/territory", SetTerritory);
        admin.MapPost("/jobs/{jobId}/run", RunJob);
        return admin;
    }

    /// <summary><c>{"module":"Leads","name":…,"criteria":…}</c> → <c>{"id":…}</c>; the criteria must parse against the module's fields.</summary>
    public static async Task<IResult> CreateView(Org org, HttpContext http, IViewStore views, OpenLeadsSettings settings, TimeProvider clock, CancellationToken ct)
    {
        var (body, problem) = await ZohoRequest.ReadBodyAsync(http, settings, ct);
        if (problem is not null) return problem;
        using var document = body;
        var root = body!.RootElement;
        if (!root.TryGetProperty("module", out var moduleJson) || moduleJson.ValueKind != JsonValueKind.String)
        {
            return ZohoResults.Problem(ZohoErrors.MandatoryBodyKeyMissing("module"));
        }
        if (!org.TryResolve(moduleJson.GetString(), out var module)) return ZohoResults.Problem(ZohoErrors.InvalidModuleParam);
        if (!root.TryGetProperty("name", out var nameJson) || nameJson.ValueKind != JsonValueKind.String
            || nameJson.GetString()!.Trim() is not { Length: > 0 and <= 100 } name)
        {
            return ZohoResults.Problem(ZohoErrors.BodyKeyWrongType("name", "text of 1 to 100 characters"));
        }
        string? criteria = null;
        if (root.TryGetProperty("criteria", out var criteriaJson) && criteriaJson.ValueKind != JsonValueKind.Null)
        {
            if (criteriaJson.ValueKind != JsonValueKind.String) return ZohoResults.Problem(ZohoErrors.BodyKeyWrongType("criteria", "text"));
            criteria = criteriaJson.GetString();
            var (_, criteriaProblem) = CriteriaParser.Parse(module, criteria!);
            if (criteriaProblem is not null) return ZohoResults.Problem(criteriaProblem);
        }
        var context = new WriteContext(org.Administrator.Ref, clock.GetUtcNow(), http.TraceIdentifier, "admin");
        var id = await views.CreateAsync(module, name, criteria, context, ct);
        return ZohoResults.Json(StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteString("id"u8, ZohoJson.FormatId(id));
            w.WriteEndObject();
        });
    }

    /// <summary><c>{"territory_id":"…"|null}</c>: puts a record in a territory of the tree, or in none.</summary>
    public static async Task<IResult> SetTerritory(Org org, string module, string id, HttpContext http, IAdminStore admin, IViewStore views,
        OpenLeadsSettings settings, CancellationToken ct)
    {
        if (!org.TryResolve(module, out var definition)) return ZohoResults.Problem(ZohoErrors.InvalidModule);
        if (!RecordIds.TryParse(id, out var recordId)) return ZohoResults.Problem(ZohoErrors.InvalidRecordIdInPath);
        var (body, problem) = await ZohoRequest.ReadBodyAsync(http, settings, ct);
        if (problem is not null) return problem;
        using var document = body;
        long? territoryId = null;
        if (body!.RootElement.TryGetProperty("territory_id", out var json) && json.ValueKind != JsonValueKind.Null)
        {
            if (!RecordIds.TryParse(json, out var given) || (await views.TerritoriesAsync(ct)).All(t => t.Id != given))
            {
                return ZohoResults.Problem(new ZohoProblem(StatusCodes.Status400BadRequest, ZohoErrors.InvalidTerritory(RecordIds.Echo(json))));
            }
            territoryId = given;
        }
        if (!await admin.SetTerritoryAsync(definition, recordId, territoryId, ct))
        {
            return ZohoResults.Problem(new ZohoProblem(StatusCodes.Status404NotFound, ZohoErrors.InvalidId(id)));
        }
        return ZohoResults.Json(StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteString("id"u8, id);
            if (territoryId is { } t) w.WriteString("territory_id"u8, ZohoJson.FormatId(t));
            else w.WriteNull("territory_id"u8);
            w.WriteEndObject();
        });
    }

    /// <summary>
    /// Runs a job to its end now and answers its status, as the job status call would. With
    /// <c>OpenLeads:Jobs:Progression=manual</c> jobs wait for this, so client polling can be tested step by step.
    /// </summary>
    public static async Task<IResult> RunJob(string jobId, JobExecutor executor, IJobStore jobs, CancellationToken ct)
    {
        if (!RecordIds.TryParse(jobId, out var id) || await jobs.GetAsync(null, id, ct) is null)
        {
            return ZohoResults.Problem(ZohoErrors.UnknownJob(new ApiVersion(2, 0)));
        }
        await executor.RunNextAsync(id, ct);
        return MassUpdateApi.JobStatusResult((await jobs.GetAsync(null, id, ct))!);
    }
}

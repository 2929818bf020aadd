using System.Globalization;
using OpenLeads.Server.Auth;
using OpenLeads.Server.Hosting;
using OpenLeads.Server.Idempotency;
using OpenLeads.Server.Jobs;
using OpenLeads.Server.Metadata;
using OpenLeads.Server.Records;
using OpenLeads.Server.Zoho;

namespace OpenLeads.Server.Operations;

/// <summary>
/// Operations, an OpenLeads extension under <c>/openleads/v1/operations</c> (a Zoho client never calls it): every mass
/// update is one, named by <see cref="Header"/> on its answer. <c>POST …/{id}/undo</c> schedules a job that restores
/// what it changed; <c>GET …/{id}/records</c> lists the records it touched or left alone. Zoho tokens, and the mass
/// update scope of the operation's module (known once the operation is found, so checked here rather than by route).
/// </summary>
public static class OperationsApi
{
    /// <summary>The extension header of every mass update answer (and undo): the operation's id.</summary>
    public const string Header = "X-OpenLeads-Operation-Id";

    /// <summary>On an undo's answer: the module whose <c>GET …/actions/mass_update?job_id=</c> reports the undo job.</summary>
    public const string ModuleHeader = "X-OpenLeads-Operation-Module";

    public static IServiceCollection AddOperations(this IServiceCollection services) => services.AddSingleton<OperationStore>();

    public static IEndpointRouteBuilder MapOperations(this IEndpointRouteBuilder app)
    {
        var operations = app.MapGroup("/openleads/v1/operations").RequireAuthorization(policy => policy
            .AddAuthenticationSchemes(ZohoTokenAuthentication.SchemeName).RequireAuthenticatedUser());
        operations.MapPost("/{operationId}/undo", Undo).WithIdempotency();    // Idempotency-Key: a retried undo is scheduled once
        operations.MapGet("/{operationId}/records", Records);
        return app;
    }

    /// <summary>Names the operation on a mass update's answer: a scheduled job's id (<paramref name="outcome"/>), or an ids call's.</summary>
    public static void Name(HttpContext http, ZohoStatus outcome)
    {
        if (outcome.IsSuccess && outcome.Details["job_id"] is string jobId) http.Response.Headers[Header] = jobId;
    }

    public static void Name(HttpContext http, long operationId) => http.Response.Headers[Header] = ZohoJson.FormatId(operationId);

    public static async Task<IResult> Undo(string operationId, Org org, HttpContext http, OperationStore operations, JobSignal signal,
        OpenLeadsSettings settings, TimeProvider clock, CancellationToken ct)
    {
        // No body, or an empty object: the undo takes no keys, and says so of any it is given.
        if (http.Request.ContentLength > 0 || http.Request.Headers.TransferEncoding.Count > 0)
        {
            var (body, bodyProblem) = await ZohoRequest.ReadBodyAsync(http, settings, ct);
            if (bodyProblem is not null) return bodyProblem;
            using var document = body;
            var key = body!.RootElement.EnumerateObject().Select(p => p.Name).FirstOrDefault();
            if (key is not null) return ZohoResults.Problem(ZohoErrors.UnknownBodyKey(key, "none"));
        }
        var (operation, module, problem) = await FindAsync(operationId, org, http, operations, "UPDATE", ct);
        if (problem is not null) return problem;
        var (jobId, refusal) = await operations.ScheduleUndoAsync(operation!.Id, http.WriteContext(clock, "undo"), settings.Jobs.BatchSize, ct);
        if (refusal is not null) return ZohoResults.Problem(refusal);
        signal.Notify();
        Name(http, jobId);
        http.Response.Headers[ModuleHeader] = module!.ApiName; // where the undo job's status is read
        return ZohoResults.Data(StatusCodes.Status200OK, ZohoErrors.UndoScheduled(jobId));
    }

    /// <summary><c>?outcome=updated|not_updated|failed&amp;page=&amp;per_page=</c>: one page, as Zoho's lists page (204 when empty).</summary>
    public static async Task<IResult> Records(string operationId, Org org, HttpContext http, OperationStore operations, CancellationToken ct)
    {
        var query = http.Request.Query;
        var outcome = query["outcome"].ToString();
        if (outcome.Length > 0 && outcome is not ("updated" or "not_updated" or "failed")) return ZohoResults.Problem(ZohoErrors.InvalidOutcome);
        if (!TryPositive(query, "page", 1, out var page)) return ZohoResults.Problem(ZohoErrors.InvalidParam("page"));
        if (!TryPositive(query, "per_page", ListQuery.MaxPerPage, out var perPage)) return ZohoResults.Problem(ZohoErrors.InvalidParam("per_page"));
        perPage = Math.Min(perPage, ListQuery.MaxPerPage);

        var (operation, module, problem) = await FindAsync(operationId, org, http, operations, "READ", ct);
        if (problem is not null) return problem;
        var (records, more) = await operations.RecordsAsync(operation!.Id, outcome.Length == 0 ? null : outcome, page, perPage, ct);
        if (records.Count == 0) return ZohoResults.NoContent();
        return ZohoResults.Json(StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("data"u8);
            foreach (var record in records)
            {
                w.WriteStartObject();
                w.WriteString("id"u8, ZohoJson.FormatId(record.Id));
                w.WriteString("module"u8, module!.ApiName);
                w.WriteString("outcome"u8, record.Outcome);
                w.WriteString("code"u8, record.Code);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartObject("info"u8);
            w.WriteNumber("per_page"u8, perPage);
            w.WriteNumber("count"u8, records.Count);
            w.WriteNumber("page"u8, page);
            w.WriteBoolean("more_records"u8, more);
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    /// <summary>The operation of the path, its module, and the caller's scope on it (<c>ZohoCRM.mass_update.{module}.{operation}</c>).</summary>
    private static async Task<(Operation?, ModuleDefinition?, IResult?)> FindAsync(string text, Org org, HttpContext http, OperationStore operations,
        string scopeOperation, CancellationToken ct)
    {
        if (!RecordIds.TryParse(text, out var id)) return (null, null, ZohoResults.Problem(ZohoErrors.InvalidOperationId));
        var operation = await operations.FindAsync(id, ct);
        if (operation is null || !org.TryResolve(operation.Module, out var module)) return (null, null, ZohoResults.Problem(ZohoErrors.UnknownOperation));
        var needed = new ZohoScopeRequirement("mass_update", ZohoScopeRequirement.ModuleSub, scopeOperation);
        if (!http.User.FindAll(ZohoTokenAuthentication.ScopeClaim).Any(c => needed.IsCoveredBy(c.Value, module.ApiName)))
        {
            // As the route scopes answer: Zoho's body, and the scope the call needs in OpenLeads' error header.
            http.Response.Headers[RequestBody.ErrorHeader] = $"{ZohoTokenAuthentication.RequiredScopePrefix}{needed with { Sub = module.ApiName.ToLowerInvariant() }}";
            return (null, null, ZohoResults.Problem(ZohoErrors.OAuthScopeMismatch));
        }
        return (operation, module, null);
    }

    private static bool TryPositive(IQueryCollection query, string name, int fallback, out int value)
    {
        var text = query[name].ToString();
        value = fallback;
        return text.Length == 0 || (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value > 0);
    }
}

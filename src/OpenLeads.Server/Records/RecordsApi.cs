using System.Text.Json;
using OpenLeads.Server.Auth;
using OpenLeads.Server.Hosting;
using OpenLeads.Server.Idempotency;
using OpenLeads.Server.Metadata;
using OpenLeads.Server.Search;
using OpenLeads.Server.Storage;
using OpenLeads.Server.Zoho;

namespace OpenLeads.Server.Records;

/// <summary>The records API: <c>/crm/{version}/{module}</c> and <c>/crm/{version}/{module}/{id}</c>.</summary>
public static class RecordsApi
{
    public static RouteGroupBuilder MapRecords(this RouteGroupBuilder crm)
    {
        crm.MapGet("/{module}", List).RequireZohoScope("modules", ZohoScopeRequirement.ModuleSub, "READ");
        crm.MapGet("/{module}/{id}", Get).RequireZohoScope("modules", ZohoScopeRequirement.ModuleSub, "READ");
        crm.MapPost("/{module}", Insert).RequireZohoScope("modules", ZohoScopeRequirement.ModuleSub, "CREATE").WithIdempotency();
        crm.MapPost("/{module}/upsert", UpsertApi.Upsert).RequireZohoScope("modules", ZohoScopeRequirement.ModuleSub, "CREATE").WithIdempotency();
        crm.MapPut("/{module}", UpdateMany).RequireZohoScope("modules", ZohoScopeRequirement.ModuleSub, "UPDATE").WithIdempotency();
        crm.MapPut("/{module}/{id}", UpdateOne).RequireZohoScope("modules", ZohoScopeRequirement.ModuleSub, "UPDATE").WithIdempotency();
        crm.MapDelete("/{module}", DeleteMany).RequireZohoScope("modules", ZohoScopeRequirement.ModuleSub, "DELETE").WithIdempotency();
        crm.MapDelete("/{module}/{id}", DeleteOne).RequireZohoScope("modules", ZohoScopeRequirement.ModuleSub, "DELETE").WithIdempotency();
        return crm.MapRecordCount().MapConvert();
    }

    /// <summary>A page of records; <c>cvid</c> lists a custom view's records.</summary>
    public static async Task<IResult> List(Org org, ApiVersion version, string module, HttpContext http, IRecordStore store, IViewStore views,
        CancellationToken ct)
    {
        if (!org.TryResolve(module, out var definition)) return ZohoResults.Problem(ZohoErrors.InvalidModule);
        var (query, only, problem) = ListQuery.Parse(definition, http.Request.Query);
        if (problem is null && version.IsV8OrLater) (query, problem) = ListQuery.V8Paging(query!, http.Request.Query);
        if (problem is not null) return ZohoResults.Problem(problem);

        var cvid = http.Request.Query["cvid"].ToString();
        if (cvid.Length > 0)
        {
            var (where, viewProblem) = await ViewCriteriaAsync(definition, cvid, views, ct);
            if (viewProblem is not null) return ZohoResults.Problem(viewProblem);
            query = query! with { Where = where };
        }
        return await PageAsync(definition, query!, only, store, ct, pageTokens: version.IsV8OrLater);
    }

    /// <summary>The records a custom view selects, as criteria (null: all of them); an unknown <c>cvid</c> is refused.</summary>
    public static async Task<(Criteria? Where, ZohoProblem? Problem)> ViewCriteriaAsync(ModuleDefinition module, string cvid,
        IViewStore views, CancellationToken ct)
    {
        var view = RecordIds.TryParse(cvid, out var viewId) ? await views.GetAsync(module, viewId, ct) : null;
        if (view is null) return (null, ZohoErrors.InvalidParam(nameof(cvid), "the given custom view id seems to be invalid"));
        return view.Criteria is null ? (null, null) : CriteriaParser.Parse(module, view.Criteria);
    }

    /// <summary>One page of records as Zoho answers it: the records and <c>info</c>, or 204 when there are none.</summary>
    public static async Task<IResult> PageAsync(ModuleDefinition definition, RecordQuery query, IReadOnlySet<string>? only,
        IRecordStore store, CancellationToken ct, bool pageTokens = false)
    {
        var page = await store.ListAsync(definition, query, ct);
        if (page.Records.Count == 0) return ZohoResults.NoContent();
        return ZohoResults.Json(StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("data"u8);
            foreach (var record in page.Records) RecordJson.Write(w, definition, record, only);
            w.WriteEndArray();
            w.WriteStartObject("info"u8);
            w.WriteNumber("per_page"u8, query.PerPage);
            w.WriteNumber("count"u8, page.Records.Count);
            w.WriteNumber("page"u8, query.Page);
            w.WriteBoolean("more_records"u8, page.MoreRecords);
            // v8 hands the next page's token with every page that has one after it, as Zoho does.
            if (pageTokens && page.MoreRecords)
            {
                w.WriteString("next_page_token"u8, PageTokens.For(query.Skip + page.Records.Count, query.SortBy is null ? page.Records[^1].Id : null));
            }
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    /// <summary>An unknown or malformed id: v8 says so; earlier versions answer 204 as for an empty list.</summary>
    public static async Task<IResult> Get(Org org, ApiVersion version, string module, string id, IRecordStore store, CancellationToken ct)
    {
        if (!org.TryResolve(module, out var definition)) return ZohoResults.Problem(ZohoErrors.InvalidModule);
        var record = RecordIds.TryParse(id, out var recordId) ? await store.GetAsync(definition, recordId, ct) : null;
        if (record is null) return version.IsV8OrLater ? ZohoResults.Problem(ZohoErrors.InvalidRecordIdInPath) : ZohoResults.NoContent();
        return ZohoResults.Json(StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("data"u8);
            RecordJson.Write(w, definition, record);
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    public static async Task<IResult> Insert(Org org, string module, HttpContext http, IRecordStore store, IUserStore users,
        OpenLeadsSettings settings, TimeProvider clock, CancellationToken ct)
    {
        if (!org.TryResolve(module, out var definition)) return ZohoResults.Problem(ZohoErrors.InvalidModule);
        var (body, bodyProblem) = await ZohoRequest.ReadBodyAsync(http, settings, ct);
        if (bodyProblem is not null) return bodyProblem;
        using var document = body;
        var (records, problem) = RecordInput.ReadData(body!);
        if (problem is not null) return problem;

        var (outcomes, valid) = await RecordInput.ValidateAsync(definition, records!, requireMandatory: true, alsoCheck: null, users, store, ct);

        var context = http.WriteContext(clock, "insert");
        var ids = valid.Count == 0 ? [] : await store.InsertAsync(definition, valid.Select(v => new RecordValues(v.Values)), context, ct);
        for (var k = 0; k < valid.Count; k++)
        {
            var stamp = new RecordStamp(ids[k], context.Now, context.User, context.Now, context.User);
            outcomes[valid[k].Index] = RecordJson.Success(stamp, "record added");
        }
        return Outcomes(outcomes!, StatusCodes.Status201Created);
    }

    public static Task<IResult> UpdateMany(Org org, ApiVersion version, string module, HttpContext http, IRecordStore store, IUserStore users,
        OpenLeadsSettings settings, TimeProvider clock, CancellationToken ct) =>
        UpdateAsync(org, version, module, pathId: null, http, store, users, settings, clock, ct);

    public static Task<IResult> UpdateOne(Org org, ApiVersion version, string module, string id, HttpContext http, IRecordStore store,
        IUserStore users, OpenLeadsSettings settings, TimeProvider clock, CancellationToken ct) =>
        UpdateAsync(org, version, module, id, http, store, users, settings, clock, ct);

    private static async Task<IResult> UpdateAsync(Org org, ApiVersion version, string module, string? pathId, HttpContext http,
        IRecordStore store, IUserStore users, OpenLeadsSettings settings, TimeProvider clock, CancellationToken ct)
    {
        if (!org.TryResolve(module, out var definition)) return ZohoResults.Problem(ZohoErrors.InvalidModule);
        if (pathId is not null && !RecordIds.TryParse(pathId, out _)) return ZohoResults.Problem(ZohoErrors.InvalidRecordIdInPath);
        var (body, bodyProblem) = await ZohoRequest.ReadBodyAsync(http, settings, ct);
        if (bodyProblem is not null) return bodyProblem;
        using var document = body;
        var (records, problem) = RecordInput.ReadData(body!);
        if (problem is not null) return problem;

        var ids = new long[records!.Count];
        var (outcomes, valid) = await RecordInput.ValidateAsync(definition, records, requireMandatory: false,
            (record, i) => TargetId(record, pathId, out ids[i]), users, store, ct);

        var results = valid.Count == 0 ? []
            : await store.UpdateAsync(definition, [.. valid.Select(v => new RecordChange(ids[v.Index], v.Values))], http.WriteContext(clock, "update"), ct);
        var byId = results.ToDictionary(r => r.Id);
        foreach (var (index, _) in valid) outcomes[index] = RecordJson.Outcome(byId[ids[index]], version, massUpdate: false);
        return Outcomes(outcomes!, StatusCodes.Status200OK);
    }

    /// <summary>The record an update targets: the path's id, else the body's <c>id</c>.</summary>
    private static ZohoStatus? TargetId(JsonElement record, string? pathId, out long id)
    {
        if (pathId is not null) return RecordIds.TryParse(pathId, out id) ? null : ZohoErrors.InvalidId(pathId);
        id = 0;
        if (!record.TryGetProperty("id", out var json)) return ZohoErrors.MandatoryFieldMissing("id");
        return RecordIds.TryParse(json, out id) ? null : ZohoErrors.InvalidId(RecordIds.Echo(json));
    }

    public static async Task<IResult> DeleteMany(Org org, string module, HttpContext http, IRecordStore store, CancellationToken ct)
    {
        if (!org.TryResolve(module, out var definition)) return ZohoResults.Problem(ZohoErrors.InvalidModule);
        var ids = http.Request.Query["ids"].ToString();
        if (ids.Length == 0) return ZohoResults.Problem(ZohoErrors.MandatoryParamMissing("ids"));
        var given = ids.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (given.Length > RecordInput.MaxRecords) return ZohoResults.Problem(ZohoErrors.IdsParamLimitExceeded(RecordInput.MaxRecords));
        return await DeleteAsync(definition, given, store, ct);
    }

    public static async Task<IResult> DeleteOne(Org org, string module, string id, IRecordStore store, CancellationToken ct) =>
        org.TryResolve(module, out var definition)
            ? await DeleteAsync(definition, [id], store, ct)
            : ZohoResults.Problem(ZohoErrors.InvalidModule);

    private static async Task<IResult> DeleteAsync(ModuleDefinition module, string[] given, IRecordStore store, CancellationToken ct)
    {
        var parsed = given.Select(g => RecordIds.TryParse(g, out var id) ? id : (long?)null).ToArray();
        var deleted = await store.DeleteAsync(module, [.. parsed.OfType<long>().Distinct()], ct);
        var outcomes = given.Select((text, i) => parsed[i] is { } id && deleted.Contains(id)
            ? new ZohoStatus("SUCCESS", "record deleted", ZohoDetails.Of("id", text), IsSuccess: true)
            : ZohoErrors.RecordNotDeleted(text)).ToArray();
        return Outcomes(outcomes, StatusCodes.Status200OK);
    }

    internal static IResult Outcomes(IReadOnlyList<ZohoStatus> outcomes, int allSucceeded) =>
        ZohoResults.Data(ZohoResults.MixedStatus(outcomes, allSucceeded), outcomes);
}

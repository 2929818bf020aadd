using OpenLeads.Server.Auth;
using OpenLeads.Server.Metadata;
using OpenLeads.Server.Search;
using OpenLeads.Server.Storage;
using OpenLeads.Server.Zoho;

namespace OpenLeads.Server.Records;

/// <summary>
/// <c>GET /crm/{version}/{module}/actions/count</c> (Zoho's "Record Count in a Module"): how many
/// records the module holds, or a custom view (<c>cvid</c>) or one search (<c>criteria</c>,
/// <c>email</c>, <c>phone</c>, <c>word</c>) selects. Answers <c>{"count":N}</c>.
/// </summary>
public static class RecordCountApi
{
    private static readonly string[] SearchParameters = ["criteria", "email", "phone", "word"];

    /// <summary>Zoho's count takes fewer operators in its criteria than the search does…</summary>
    private static readonly HashSet<CriteriaOperator> CountableOperators =
    [
        CriteriaOperator.Equals, CriteriaOperator.StartsWith, CriteriaOperator.In, CriteriaOperator.NotEqual,
        CriteriaOperator.GreaterEqual, CriteriaOperator.GreaterThan, CriteriaOperator.LessEqual, CriteriaOperator.LessThan,
        CriteriaOperator.Between,
    ];

    /// <summary>…and only these data types (no text, text area, website, checkbox or multi-select).</summary>
    private static readonly HashSet<FieldType> CountableTypes =
    [
        FieldType.Picklist, FieldType.OwnerLookup, FieldType.UserLookup, FieldType.Lookup, FieldType.Phone, FieldType.Email, FieldType.Date,
        FieldType.DateTime, FieldType.Integer, FieldType.BigInt, FieldType.Currency, FieldType.Double,
    ];

    public static RouteGroupBuilder MapRecordCount(this RouteGroupBuilder crm)
    {
        crm.MapGet("/{module}/actions/count", Count).RequireZohoScope("modules", ZohoScopeRequirement.ModuleSub, "READ");
        return crm;
    }

    public static async Task<IResult> Count(Org org, string module, HttpContext http, IRecordStore store, IViewStore views, CancellationToken ct)
    {
        if (!org.TryResolve(module, out var definition)) return ZohoResults.Problem(ZohoErrors.InvalidModule);
        var query = http.Request.Query;
        var cvid = query["cvid"].ToString();
        string[] searches = [.. SearchParameters.Where(p => query[p].ToString().Length > 0)];
        if (cvid.Length > 0 && searches.Length > 0) return ZohoResults.Problem(ZohoErrors.Ambiguity(["cvid", .. searches]));

        var (where, problem) = cvid.Length > 0 ? await RecordsApi.ViewCriteriaAsync(definition, cvid, views, ct)
            : searches.Length > 0 ? SearchApi.Criteria(definition, query)
            : (null, null);
        if (problem is null && searches is ["criteria", ..] && where is not null) problem = Uncountable(where);
        if (problem is not null) return ZohoResults.Problem(problem);

        var count = await store.CountAsync(definition, where, ct);
        return ZohoResults.Json(StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteNumber("count"u8, count);
            w.WriteEndObject();
        });
    }

    /// <summary>The first condition the count does not take, as INVALID_QUERY naming its field and operator.</summary>
    private static ZohoProblem? Uncountable(Criteria criteria) => criteria switch
    {
        Group group => group.Parts.Select(Uncountable).FirstOrDefault(p => p is not null),
        WordMatch word => Uncountable(word.AnyField),
        Condition c when !CountableTypes.Contains(c.Field.Type) => ZohoErrors.InvalidQuery(
            $"the record count does not take criteria on a {c.Field.DataType} field", c.Field.ApiName, CriteriaOperators.Name(c.Operator)),
        Condition c when !CountableOperators.Contains(c.Operator) => ZohoErrors.InvalidQuery(
            $"the record count does not take the {CriteriaOperators.Name(c.Operator)} operator", c.Field.ApiName, CriteriaOperators.Name(c.Operator)),
        _ => null,
    };
}

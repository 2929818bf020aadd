using OpenLeads.Server.Auth;
using OpenLeads.Server.Metadata;
using OpenLeads.Server.Records;
using OpenLeads.Server.Storage;
using OpenLeads.Server.Zoho;

namespace OpenLeads.Server.Search;

/// <summary><c>GET /crm/{version}/{module}/search</c> by <c>criteria</c>, <c>email</c>, <c>phone</c> or <c>word</c>.</summary>
public static class SearchApi
{
    public const int MinWordLength = 2;

    public static RouteGroupBuilder MapSearch(this RouteGroupBuilder crm)
    {
        crm.MapGet("/{module}/search", Search).RequireZohoScope("modules", ZohoScopeRequirement.ModuleSub, "READ");
        return crm;
    }

    public static async Task<IResult> Search(Org org, string module, HttpContext http, IRecordStore store, CancellationToken ct)
    {
        if (!org.TryResolve(module, out var definition)) return ZohoResults.Problem(ZohoErrors.InvalidModule);
        var (where, problem) = Criteria(definition, http.Request.Query);
        if (problem is not null) return ZohoResults.Problem(problem);
        var (query, only, queryProblem) = ListQuery.Parse(definition, http.Request.Query);
        if (queryProblem is not null) return ZohoResults.Problem(queryProblem);
        return await RecordsApi.PageAsync(definition, query! with { Where = where }, only, store, ct);
    }

    /// <summary>The one search the query string asks for, as criteria (the record count reads the same parameters).</summary>
    public static (Criteria? Where, ZohoProblem? Problem) Criteria(ModuleDefinition module, IQueryCollection query)
    {
        var criteria = query["criteria"].ToString();
        if (criteria.Length > 0) return CriteriaParser.Parse(module, criteria);

        var email = query["email"].ToString();
        if (email.Length > 0) return (AnyOf(module, f => f.Type == FieldType.Email, CriteriaOperator.Equals, email), null);

        var phone = query["phone"].ToString();
        if (phone.Length > 0) return (AnyOf(module, f => f.Type == FieldType.Phone, CriteriaOperator.Equals, phone), null);

        var word = query["word"].ToString().Trim();
        if (word.Length > 0)
        {
            if (word.Length < MinWordLength) return (null, ZohoErrors.InvalidParam("word", $"the word must have at least {MinWordLength} characters"));
            return (new WordMatch(module, word, AnyOf(module, Searchable, CriteriaOperator.Contains, word)), null);
        }
        return (null, ZohoErrors.MandatoryParamMissing("criteria"));
    }

    /// <summary>The fields a word search looks in (and the word index holds): the text columns of every kind.</summary>
    public static bool Searchable(FieldDefinition field) => field.Storage == FieldStorage.Column
        && field.Type is FieldType.Text or FieldType.Email or FieldType.Phone or FieldType.Website or FieldType.TextArea;

    private static Group AnyOf(ModuleDefinition module, Func<FieldDefinition, bool> fields, CriteriaOperator op, string value) =>
        new(IsAnd: false, [.. module.Fields.Where(fields).Select(f => new Condition(f, op, [value]))]);
}

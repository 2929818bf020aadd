using System.Text.Json;
using OpenLeads.Server.Auth;
using OpenLeads.Server.Hosting;
using OpenLeads.Server.Storage;
using OpenLeads.Server.Zoho;

namespace OpenLeads.Server.Metadata;

/// <summary>
/// Custom fields through Zoho's fields API: <c>POST /crm/{version}/settings/fields?module=</c> creates
/// fields, <c>PATCH</c> (on the list, or on <c>/{id}</c>) changes labels, lengths and picklist values,
/// <c>DELETE /{id}</c> removes one. Each change is one transaction with its column (<see cref="IMetadataStore"/>);
/// the next request, on this instance or another on the same database, serves the org with it.
/// </summary>
public static class CustomFieldsApi
{
    public static RouteGroupBuilder MapCustomFields(this RouteGroupBuilder crm)
    {
        crm.MapPost("/settings/fields", Create).RequireZohoScope("settings", "fields", "CREATE");
        crm.MapPatch("/settings/fields", UpdateMany).RequireZohoScope("settings", "fields", "UPDATE");
        crm.MapPatch("/settings/fields/{id}", UpdateOne).RequireZohoScope("settings", "fields", "UPDATE");
        crm.MapDelete("/settings/fields/{id}", Delete).RequireZohoScope("settings", "fields", "DELETE");
        return crm;
    }

    public static async Task<IResult> Create(Org org, HttpContext http, IMetadataStore store, OrgCatalog orgs, OpenLeadsSettings settings,
        CancellationToken ct)
    {
        var (module, moduleProblem) = ZohoRequest.ModuleParameter(http, org);
        if (moduleProblem is not null) return moduleProblem;
        var (fields, problem) = await ReadFieldsAsync(http, settings, ct);
        if (problem is not null) return problem;

        var labels = module!.Fields.Select(f => f.Label).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var names = module.Fields.Select(f => f.ApiName).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var outcomes = new ZohoStatus?[fields!.Count];
        var drafts = new List<(int Index, CustomFields.Draft Draft)>();
        for (var i = 0; i < fields.Count; i++)
        {
            var (draft, error) = CustomFields.Create(org, module, fields[i], i, labels, names);
            if (draft is null) outcomes[i] = error;
            else drafts.Add((i, draft));
        }
        if (drafts.Count > 0)
        {
            var created = await store.CreateFieldsAsync(module, [.. drafts.Select(d => d.Draft.Json)], json => org.DefineField(module, json), ct);
            await orgs.ReloadAsync(store.ChangesAsync, ct);
            foreach (var ((index, _), id) in drafts.Zip(created.Ids)) outcomes[index] = Done(id, "field created successfully");
        }
        return Answer(outcomes!, StatusCodes.Status201Created);
    }

    public static async Task<IResult> UpdateMany(Org org, HttpContext http, IMetadataStore store, OrgCatalog orgs, OpenLeadsSettings settings,
        CancellationToken ct) => await UpdateAsync(org, http, pathId: null, store, orgs, settings, ct);

    public static async Task<IResult> UpdateOne(Org org, string id, HttpContext http, IMetadataStore store, OrgCatalog orgs,
        OpenLeadsSettings settings, CancellationToken ct) => await UpdateAsync(org, http, id, store, orgs, settings, ct);

    private static async Task<IResult> UpdateAsync(Org org, HttpContext http, string? pathId, IMetadataStore store, OrgCatalog orgs,
        OpenLeadsSettings settings, CancellationToken ct)
    {
        var (module, moduleProblem) = ZohoRequest.ModuleParameter(http, org);
        if (moduleProblem is not null) return moduleProblem;
        if (pathId is not null && Find(module!, pathId) is null) return ZohoResults.Problem(ZohoErrors.UnknownFieldInPath);
        var (fields, problem) = await ReadFieldsAsync(http, settings, ct);
        if (problem is not null) return problem;

        var outcomes = new ZohoStatus[fields!.Count];
        for (var i = 0; i < fields.Count; i++)
        {
            var path = $"$.fields[{i}]";
            var input = fields[i];
            string? id = pathId;
            if (id is null && input.ValueKind == JsonValueKind.Object && input.TryGetProperty("id", out var idJson)) id = RecordIds.Echo(idJson);
            if (input.ValueKind != JsonValueKind.Object) outcomes[i] = ZohoErrors.FieldKeyWrongType("fields", path, "jsonobject");
            else if (id is null) outcomes[i] = ZohoErrors.FieldKeyMissing("id", $"{path}.id");
            else if (Find(module!, id) is not { } field) outcomes[i] = ZohoErrors.UnknownField(id, $"{path}.id");
            else if (!field.Custom || field.SystemManaged) outcomes[i] = ZohoErrors.SystemField(id);
            else
            {
                var (json, error) = CustomFields.Change(module!, field, input, path);
                if (error is not null)
                {
                    outcomes[i] = error;
                    continue;
                }
                await store.ChangeFieldAsync(module!, field with { Json = json }, ct);
                await orgs.ReloadAsync(store.ChangesAsync, ct);
                module = orgs.Current.Module(module!.ApiName);
                outcomes[i] = Done(field.Id, "field updated successfully");
            }
        }
        return Answer(outcomes, StatusCodes.Status200OK);
    }

    public static async Task<IResult> Delete(Org org, string id, HttpContext http, IMetadataStore store, OrgCatalog orgs, CancellationToken ct)
    {
        var (module, moduleProblem) = ZohoRequest.ModuleParameter(http, org);
        if (moduleProblem is not null) return moduleProblem;
        if (Find(module!, id) is not { } field) return ZohoResults.Problem(ZohoErrors.UnknownFieldInPath);
        if (!field.Custom || field.SystemManaged) return ZohoResults.Data(StatusCodes.Status400BadRequest, "fields", ZohoErrors.SystemField(id));
        await store.DeleteFieldAsync(module!, field, ct);
        await orgs.ReloadAsync(store.ChangesAsync, ct);
        return Answer([Done(field.Id, "field deleted successfully")], StatusCodes.Status200OK);
    }

    /// <summary>A field by its id or api name, as the fields API names one in its path.</summary>
    private static FieldDefinition? Find(ModuleDefinition module, string id) =>
        module.Fields.FirstOrDefault(f => ZohoJson.FormatId(f.Id) == id || f.ApiName == id);

    private static async Task<(IReadOnlyList<JsonElement>? Fields, IResult? Problem)> ReadFieldsAsync(HttpContext http, OpenLeadsSettings settings,
        CancellationToken ct)
    {
        var (body, problem) = await ZohoRequest.ReadBodyAsync(http, settings, ct);
        if (problem is not null) return (null, problem);
        using var document = body;
        if (!body!.RootElement.TryGetProperty("fields", out var fields)) return (null, ZohoResults.Problem(ZohoErrors.MandatoryBodyKeyMissing("fields")));
        if (fields.ValueKind != JsonValueKind.Array || fields.GetArrayLength() == 0)
        {
            return (null, ZohoResults.Problem(ZohoErrors.BodyKeyWrongType("fields", "jsonarray")));
        }
        // The document is disposed on return: keep clones of the elements.
        return ([.. fields.EnumerateArray().Select(f => f.Clone())], null);
    }

    private static ZohoStatus Done(long id, string message) => new("SUCCESS", message, ZohoDetails.Of("id", ZohoJson.FormatId(id)), IsSuccess: true);

    private static IResult Answer(IReadOnlyList<ZohoStatus> outcomes, int allSucceeded) =>
        ZohoResults.Data(ZohoResults.MixedStatus(outcomes, allSucceeded), "fields", outcomes);
}

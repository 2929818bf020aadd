using System.Text.Json;
using OpenLeads.Server.Metadata;
using OpenLeads.Server.Storage;
using OpenLeads.Server.Zoho;

namespace OpenLeads.Server.MassUpdate;

/// <summary>
/// A parsed <c>{"data":[{field: value, …}], "ids":[…], "over_write": bool}</c>. Checks run in this
/// order: the fields (present, no more than the module takes, each mass-updatable with a valid value),
/// then <c>over_write</c>, then the ids or cvid. Each failure is the one Zoho answers.
/// </summary>
public sealed record MassUpdateRequest(IReadOnlyList<FieldAssignment> Values, bool OverWrite, IReadOnlyList<JsonElement>? Ids,
    long? Cvid = null, TerritoryScope? Territory = null)
{
    /// <summary>Zoho's limit for the immediate (by ids) mass update.</summary>
    public const int MaxIds = 500;

    public static (MassUpdateRequest? Request, ZohoStatus? Error) Parse(ModuleDefinition module, JsonElement body, ApiVersion version)
    {
        if (!body.TryGetProperty("data", out var data)) return Fail(ZohoErrors.MandatoryKeyMissing("data"));
        if (data.ValueKind != JsonValueKind.Array) return Fail(ZohoErrors.WrongType("data", "jsonarray"));
        var objects = data.EnumerateArray().ToArray();
        if (objects.Any(o => o.ValueKind != JsonValueKind.Object)) return Fail(ZohoErrors.WrongType("data", "jsonobject"));

        var pairs = objects.SelectMany(o => o.EnumerateObject()).ToArray();
        if (pairs.Length == 0) return Fail(ZohoErrors.NoFieldFound);
        // One field a call, as Zoho allows, or the module's own limit (Deals: three; the org's rules say).
        if (pairs.Length > module.MaxMassUpdateFields) return Fail(ZohoErrors.MaxFieldLimitExceeded(module.MaxMassUpdateFields));

        var values = new List<FieldAssignment>(pairs.Length);
        foreach (var (name, json) in pairs.Select(p => (p.Name, p.Value)))
        {
            if (!module.TryGetField(name, out var field) || !field.MassUpdate) return Fail(ZohoErrors.NotMassUpdatable(name));
            if (!FieldValues.TryParse(field, json, out var value, out var valueError)) return Fail(valueError);
            // The same field twice: the later value wins, as in an update.
            values.RemoveAll(v => v.Field == field);
            values.Add(new FieldAssignment(field, value));
        }

        var overWrite = false;
        if (body.TryGetProperty("over_write", out var overWriteJson))
        {
            if (overWriteJson.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) return Fail(ZohoErrors.WrongType("over_write", "boolean"));
            overWrite = overWriteJson.GetBoolean();
        }

        var hasCvid = body.TryGetProperty("cvid", out var cvid) && cvid.ValueKind != JsonValueKind.Null;
        var hasTerritory = body.TryGetProperty("territory", out var territory) && territory.ValueKind != JsonValueKind.Null;
        if (!body.TryGetProperty("ids", out var ids) || ids.ValueKind == JsonValueKind.Null)
        {
            if (!hasCvid) return Fail(ZohoErrors.RequiredFieldNotFound);
            if (!RecordIds.TryParse(cvid, out var viewId)) return Fail(ZohoErrors.InvalidCustomView(RecordIds.Echo(cvid)));
            if (!hasTerritory) return (new MassUpdateRequest(values, overWrite, null, viewId), null);
            var (scope, territoryError) = TerritoryScope.Parse(territory);
            return territoryError is null ? (new MassUpdateRequest(values, overWrite, null, viewId, scope), null) : Fail(territoryError);
        }
        if (ids.ValueKind != JsonValueKind.Array) return Fail(ZohoErrors.WrongType("ids", "jsonarray"));
        // v8 refuses ids with cvid; before v8 the ids win, as the v2 SDK sends both.
        if (hasCvid && version.IsV8OrLater) return Fail(ZohoErrors.IdsWithCvid);
        if (hasTerritory) return Fail(ZohoErrors.TerritoryWithoutCvid);
        var count = ids.GetArrayLength();
        if (count == 0) return Fail(ZohoErrors.RequiredFieldNotFound);
        if (count > MaxIds) return Fail(ZohoErrors.MassUpdateLimitExceeded(MaxIds));

        return (new MassUpdateRequest(values, overWrite, [.. ids.EnumerateArray()]), null);
    }

    private static (MassUpdateRequest?, ZohoStatus?) Fail(ZohoStatus error) => (null, error);
}

/// <summary><c>"territory": {"id": "…", "include_child": false}</c>: narrows a cvid mass update to a territory (and its children).</summary>
public sealed record TerritoryScope(long Id, bool IncludeChild)
{
    public static (TerritoryScope? Scope, ZohoStatus? Error) Parse(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object) return (null, ZohoErrors.WrongType("territory", "jsonobject"));
        if (!json.TryGetProperty("id", out var idJson) || !RecordIds.TryParse(idJson, out var id))
        {
            return (null, ZohoErrors.InvalidTerritory(json.TryGetProperty("id", out var given) ? RecordIds.Echo(given) : ""));
        }
        var includeChild = false;
        if (json.TryGetProperty("include_child", out var child))
        {
            if (child.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) return (null, ZohoErrors.WrongType("include_child", "boolean"));
            includeChild = child.GetBoolean();
        }
        return (new TerritoryScope(id, includeChild), null);
    }
}

using System.Text.Json;
using OpenLeads.Server.Metadata;
using OpenLeads.Server.Zoho;

namespace OpenLeads.Server.MassUpdate;

/// <summary>
/// A parsed <c>{"data":[{field: value}], "ids":[…], "over_write": bool}</c>. Checks run in this
/// order: the field (present, one, mass-updatable, valid value), then <c>over_write</c>, then the
/// ids or cvid. Each failure is the one Zoho answers.
/// </summary>
public sealed record MassUpdateRequest(FieldDefinition Field, object? Value, bool OverWrite, IReadOnlyList<JsonElement> Ids)
{
    /// <summary>Zoho's limit for the immediate (by ids) mass update.</summary>
    public const int MaxIds = 500;

    /// <summary>Fields one call may set (Zoho allows three in Deals only).</summary>
    public const int MaxFields = 1;

    public static (MassUpdateRequest? Request, ZohoStatus? Error) Parse(ModuleDefinition module, JsonElement body, ApiVersion version)
    {
        if (!body.TryGetProperty("data", out var data)) return Fail(ZohoErrors.MandatoryKeyMissing("data"));
        if (data.ValueKind != JsonValueKind.Array) return Fail(ZohoErrors.WrongType("data", "jsonarray"));
        var objects = data.EnumerateArray().ToArray();
        if (objects.Any(o => o.ValueKind != JsonValueKind.Object)) return Fail(ZohoErrors.WrongType("data", "jsonobject"));

        var pairs = objects.SelectMany(o => o.EnumerateObject()).ToArray();
        if (pairs.Length == 0) return Fail(ZohoErrors.NoFieldFound);
        if (pairs.Length > MaxFields) return Fail(ZohoErrors.MaxFieldLimitExceeded(MaxFields));

        var (name, json) = (pairs[0].Name, pairs[0].Value);
        if (!module.TryGetField(name, out var field) || !field.MassUpdate) return Fail(ZohoErrors.NotMassUpdatable(name));
        if (!FieldValues.TryParse(field, json, out var value, out var valueError)) return Fail(valueError);

        var overWrite = false;
        if (body.TryGetProperty("over_write", out var overWriteJson))
        {
            if (overWriteJson.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) return Fail(ZohoErrors.WrongType("over_write", "boolean"));
            overWrite = overWriteJson.GetBoolean();
        }

        var hasCvid = body.TryGetProperty("cvid", out var cvid) && cvid.ValueKind != JsonValueKind.Null;
        if (!body.TryGetProperty("ids", out var ids) || ids.ValueKind == JsonValueKind.Null)
        {
            // Scheduled (cvid) mass updates arrive with the jobs feature; until then no view exists.
            return Fail(hasCvid ? ZohoErrors.InvalidCustomView(cvid.ToString()) : ZohoErrors.RequiredFieldNotFound);
        }
        if (ids.ValueKind != JsonValueKind.Array) return Fail(ZohoErrors.WrongType("ids", "jsonarray"));
        // v8 refuses ids with cvid; before v8 the ids win, as the v2 SDK sends both.
        if (hasCvid && version.IsV8OrLater) return Fail(ZohoErrors.IdsWithCvid);
        var count = ids.GetArrayLength();
        if (count == 0) return Fail(ZohoErrors.RequiredFieldNotFound);
        if (count > MaxIds) return Fail(ZohoErrors.MassUpdateLimitExceeded(MaxIds));

        return (new MassUpdateRequest(field, value, overWrite, [.. ids.EnumerateArray()]), null);
    }

    private static (MassUpdateRequest?, ZohoStatus?) Fail(ZohoStatus error) => (null, error);
}

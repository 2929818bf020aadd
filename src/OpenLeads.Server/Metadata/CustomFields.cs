using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenLeads.Server.Zoho;

namespace OpenLeads.Server.Metadata;

/// <summary>
/// What the fields API accepts for a custom field, checked key by key against Zoho's rules, and the
/// field object it makes (in the shape of the field metadata, so that the org's loader reads it as it
/// reads a folder's fields). Each refusal names the key by its <c>json_path</c>.
/// </summary>
public static class CustomFields
{
    /// <summary>The data types a custom field may have here, with Zoho's default and largest length.</summary>
    private static readonly Dictionary<string, (int? Default, int? Max)> Types = new(StringComparer.Ordinal)
    {
        ["text"] = (255, 255), ["textarea"] = (32000, 32000), ["email"] = (100, 100), ["phone"] = (30, 30),
        ["website"] = (255, 255), ["picklist"] = (120, 120), ["multiselectpicklist"] = (2000, 2000),
        ["integer"] = (9, 9), ["bigint"] = (18, 18), ["double"] = (16, 16), ["decimal"] = (16, 16), ["percent"] = (5, 5),
        ["currency"] = (16, 16), ["boolean"] = (null, null), ["date"] = (null, null), ["datetime"] = (null, null),
        ["lookup"] = (null, null), ["userlookup"] = (null, null),
    };

    private const int MaxLabel = 50;
    private const int MaxDecimals = 9;

    public sealed record Draft(JsonObject Json, string ApiName);

    /// <summary>A new field's object (its id to be given), or the refusal of the first key that is wrong.</summary>
    public static (Draft? Draft, ZohoStatus? Error) Create(Org org, ModuleDefinition module, JsonElement input, int index,
        ISet<string> takenLabels, ISet<string> takenNames)
    {
        var path = $"$.fields[{index}]";
        if (input.ValueKind != JsonValueKind.Object) return (null, ZohoErrors.FieldKeyWrongType("fields", path, "jsonobject"));
        var (label, labelError) = Label(input, path, takenLabels);
        if (labelError is not null) return (null, labelError);
        if (!input.TryGetProperty("data_type", out var typeJson)) return (null, ZohoErrors.FieldKeyMissing("data_type", $"{path}.data_type"));
        if (typeJson.ValueKind != JsonValueKind.String) return (null, ZohoErrors.FieldKeyWrongType("data_type", $"{path}.data_type", "string"));
        var dataType = typeJson.GetString()!;
        if (!Types.TryGetValue(dataType, out var limits)) return (null, ZohoErrors.FieldKeyInvalid("data_type", $"{path}.data_type"));

        var json = new JsonObject();
        var (length, lengthError) = Length(input, path, limits);
        if (lengthError is not null) return (null, lengthError);
        int? decimals = null;
        if (dataType is "double" or "decimal" or "percent" or "currency")
        {
            if (input.TryGetProperty("decimal_place", out var places))
            {
                if (places.ValueKind != JsonValueKind.Number || !places.TryGetInt32(out var n)) return (null, ZohoErrors.FieldKeyWrongType("decimal_place", $"{path}.decimal_place", "integer"));
                if (n is < 0 or > MaxDecimals) return (null, ZohoErrors.FieldKeyTooLong("decimal_place", $"{path}.decimal_place", MaxDecimals));
                decimals = n;
            }
            decimals ??= 2;
        }
        JsonArray picks = [];
        if (dataType is "picklist" or "multiselectpicklist")
        {
            var (values, picksError) = PickList(input, path, module, apiName: null);
            if (picksError is not null) return (null, picksError);
            picks = values!;
        }
        JsonObject lookup = [];
        if (dataType == "lookup")
        {
            var target = input.TryGetProperty("lookup", out var lookupJson) && lookupJson.ValueKind == JsonValueKind.Object
                && lookupJson.TryGetProperty("module", out var moduleJson)
                ? moduleJson.ValueKind == JsonValueKind.Object && moduleJson.TryGetProperty("api_name", out var name) ? name : moduleJson
                : default;
            if (target.ValueKind == JsonValueKind.Undefined) return (null, ZohoErrors.FieldKeyMissing("lookup", $"{path}.lookup"));
            if (target.ValueKind != JsonValueKind.String || !org.TryResolve(target.GetString(), out var targetModule))
            {
                return (null, ZohoErrors.FieldKeyInvalid("module", $"{path}.lookup.module"));
            }
            lookup = new JsonObject { ["module"] = new JsonObject { ["api_name"] = targetModule.ApiName, ["id"] = ZohoJson.FormatId(targetModule.Id) } };
        }

        var apiName = ApiName(label!, takenNames);
        var now = ZohoJson.FormatDateTime(DateTimeOffset.UtcNow);
        json["api_name"] = apiName;
        json["field_label"] = label;
        json["display_label"] = label;
        json["data_type"] = dataType;
        json["json_type"] = JsonType(dataType);
        json["length"] = length;
        json["decimal_place"] = decimals;
        json["read_only"] = false;
        json["field_read_only"] = false;
        json["system_mandatory"] = false;
        json["custom_field"] = true;
        json["mass_update"] = dataType is not ("email" or "textarea" or "lookup" or "userlookup");
        json["visible"] = true;
        json["created_source"] = "custom";
        json["created_time"] = now;
        json["modified_time"] = now;
        json["pick_list_values"] = picks;
        json["lookup"] = lookup;
        if (input.TryGetProperty("tooltip", out var tooltip) && tooltip.ValueKind == JsonValueKind.Object) json["tooltip"] = JsonNode.Parse(tooltip.GetRawText());
        takenLabels.Add(label!);
        takenNames.Add(apiName);
        return (new Draft(json, apiName), null);
    }

    /// <summary>A field's object with the changes the PATCH asks for (label, length, picklist values, tooltip).</summary>
    public static (JsonObject? Json, ZohoStatus? Error) Change(ModuleDefinition module, FieldDefinition field, JsonElement input, string path)
    {
        var json = (JsonObject)field.Json!.DeepClone();
        if (input.TryGetProperty("data_type", out var type) && (type.ValueKind != JsonValueKind.String || type.GetString() != field.DataType))
        {
            return (null, ZohoErrors.FieldKeyInvalid("data_type", $"{path}.data_type"));
        }
        if (input.TryGetProperty("field_label", out _))
        {
            var taken = module.Fields.Where(f => f != field).Select(f => f.Label).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var (label, error) = Label(input, path, taken);
            if (error is not null) return (null, error);
            json["field_label"] = label;
            json["display_label"] = label;
        }
        if (input.TryGetProperty("length", out _))
        {
            if (!Types.TryGetValue(field.DataType, out var limits) || limits.Max is null) return (null, ZohoErrors.FieldKeyInvalid("length", $"{path}.length"));
            var (length, error) = Length(input, path, limits);
            if (error is not null) return (null, error);
            json["length"] = length;
        }
        if (input.TryGetProperty("pick_list_values", out _))
        {
            if (!field.IsPickList) return (null, ZohoErrors.FieldKeyInvalid("pick_list_values", $"{path}.pick_list_values"));
            var (values, error) = PickList(input, path, module, field.ApiName);
            if (error is not null) return (null, error);
            json["pick_list_values"] = values;
        }
        if (input.TryGetProperty("tooltip", out var tooltip) && tooltip.ValueKind == JsonValueKind.Object) json["tooltip"] = JsonNode.Parse(tooltip.GetRawText());
        json["modified_time"] = ZohoJson.FormatDateTime(DateTimeOffset.UtcNow);
        return (json, null);
    }

    private static (string? Label, ZohoStatus? Error) Label(JsonElement input, string path, ISet<string> taken)
    {
        if (!input.TryGetProperty("field_label", out var json)) return (null, ZohoErrors.FieldKeyMissing("field_label", $"{path}.field_label"));
        if (json.ValueKind != JsonValueKind.String) return (null, ZohoErrors.FieldKeyWrongType("field_label", $"{path}.field_label", "string"));
        var label = json.GetString()!.Trim();
        if (label.Length == 0) return (null, ZohoErrors.FieldKeyInvalid("field_label", $"{path}.field_label"));
        if (label.Length > MaxLabel) return (null, ZohoErrors.FieldKeyTooLong("field_label", $"{path}.field_label", MaxLabel));
        if (!label.Any(char.IsAsciiLetterOrDigit)) return (null, ZohoErrors.FieldKeyInvalid("field_label", $"{path}.field_label"));
        return taken.Contains(label) ? (null, ZohoErrors.DuplicateField("field_label", $"{path}.field_label")) : (label, null);
    }

    private static (int? Length, ZohoStatus? Error) Length(JsonElement input, string path, (int? Default, int? Max) limits)
    {
        if (!input.TryGetProperty("length", out var json) || limits.Max is null) return (limits.Default, null);
        if (json.ValueKind != JsonValueKind.Number || !json.TryGetInt32(out var length)) return (null, ZohoErrors.FieldKeyWrongType("length", $"{path}.length", "integer"));
        if (length < 1) return (null, ZohoErrors.FieldKeyInvalid("length", $"{path}.length"));
        return length > limits.Max ? (null, ZohoErrors.FieldKeyTooLong("length", $"{path}.length", limits.Max.Value)) : (length, null);
    }

    /// <summary>At least one value, each with a display value, none twice; ids the same for the same value.</summary>
    private static (JsonArray? Values, ZohoStatus? Error) PickList(JsonElement input, string path, ModuleDefinition module, string? apiName)
    {
        if (!input.TryGetProperty("pick_list_values", out var json)) return (null, ZohoErrors.FieldKeyMissing("pick_list_values", $"{path}.pick_list_values"));
        if (json.ValueKind != JsonValueKind.Array || json.GetArrayLength() == 0)
        {
            return (null, ZohoErrors.FieldKeyWrongType("pick_list_values", $"{path}.pick_list_values", "jsonarray"));
        }
        var values = new JsonArray();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var i = 0;
        foreach (var value in json.EnumerateArray())
        {
            var at = $"{path}.pick_list_values[{i}]";
            if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty("display_value", out var display) || display.ValueKind != JsonValueKind.String
                || display.GetString()!.Trim().Length == 0)
            {
                return (null, ZohoErrors.FieldKeyMissing("display_value", $"{at}.display_value"));
            }
            var shown = display.GetString()!.Trim();
            var actual = value.TryGetProperty("actual_value", out var a) && a.ValueKind == JsonValueKind.String && a.GetString()!.Trim().Length > 0
                ? a.GetString()!.Trim() : shown;
            if (shown.Length > 120 || actual.Length > 120) return (null, ZohoErrors.FieldKeyTooLong("display_value", $"{at}.display_value", 120));
            if (!seen.Add(actual)) return (null, ZohoErrors.DuplicateField("actual_value", $"{at}.actual_value"));
            values.Add((JsonNode)new JsonObject
            {
                ["display_value"] = shown, ["actual_value"] = actual, ["reference_value"] = shown,
                ["id"] = ZohoJson.FormatId(DerivedIds.For($"pick:{module.ApiName}.{apiName ?? shown}.{actual}")),
                ["sequence_number"] = ++i, ["colour_code"] = null, ["type"] = "used",
            });
        }
        return (values, null);
    }

    /// <summary>Zoho's api name of a label: letters and digits kept, the rest one underscore; made unique with a number.</summary>
    public static string ApiName(string label, ISet<string> taken)
    {
        var name = new StringBuilder();
        foreach (var c in label)
        {
            if (char.IsAsciiLetterOrDigit(c)) name.Append(c);
            else if (name.Length > 0 && name[^1] != '_') name.Append('_');
        }
        var stem = name.ToString().Trim('_');
        if (stem.Length == 0 || char.IsAsciiDigit(stem[0])) stem = "Field_" + stem;
        stem = stem.Length > 50 ? stem[..50] : stem;
        var candidate = stem;
        for (var n = 1; taken.Contains(candidate); n++) candidate = stem + n.ToString(CultureInfo.InvariantCulture);
        return candidate;
    }

    private static string JsonType(string dataType) => dataType switch
    {
        "integer" or "bigint" => "integer",
        "double" or "decimal" or "percent" or "currency" => "double",
        "boolean" => "boolean",
        "multiselectpicklist" => "jsonarray",
        "lookup" or "userlookup" => "jsonobject",
        _ => "string",
    };
}

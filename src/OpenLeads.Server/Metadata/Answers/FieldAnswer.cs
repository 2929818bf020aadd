using System.Text.Json.Nodes;
using OpenLeads.Server.Zoho;

namespace OpenLeads.Server.Metadata.Answers;

/// <summary>
/// A field as <c>GET /crm/{v}/settings/fields</c> answers it: the org's field object, completed with
/// what Zoho answers for the keys it lacks, and corrected where OpenLeads differs (a field it cannot
/// store is listed read-only; <c>mass_update</c> says what the mass update accepts here).
/// </summary>
public static class FieldAnswer
{
    public static JsonObject Build(Org org, ModuleDefinition module, FieldDefinition field, int index, ApiVersion version)
    {
        var json = field.Json?.DeepClone() as JsonObject ?? [];
        var dataType = field.ZohoDataType ?? field.DataType;
        AnswerJson.Fill(json, "api_name", field.ApiName);
        AnswerJson.Fill(json, "field_label", field.Label);
        AnswerJson.Fill(json, "display_label", field.Label);
        AnswerJson.Fill(json, "data_type", dataType);
        AnswerJson.Fill(json, "json_type", field.Type == FieldType.Unsupported ? "string" : field.JsonType);
        AnswerJson.Fill(json, "id", ZohoJson.FormatId(field.Id));
        // Zoho gives every field a length; a folder's null or missing one is the type's.
        if (json["length"] is null) json["length"] = field.Length is { } length ? length : AnswerJson.Table("length", dataType) ?? 255;
        AnswerJson.Fill(json, "sequence_number", index + 1);
        AnswerJson.Fill(json, "system_mandatory", field.SystemMandatory);
        AnswerJson.Fill(json, "custom_field", field.Custom);
        AnswerJson.Fill(json, "created_source", field.Custom ? "custom" : "default");
        AnswerJson.Fill(json, "column_name", field.ApiName.Replace("_", "", StringComparison.Ordinal).ToUpperInvariant());
        AnswerJson.Fill(json, "ui_type", AnswerJson.Table("ui_type", dataType) ?? 1);

        // OpenLeads' reality: what it cannot store, or only the server writes, is read-only; the mass update takes what it takes.
        var readOnly = field.ReadOnly || field.SystemManaged || OrgJson.Flag(json, "read_only");
        json["read_only"] = readOnly;
        AnswerJson.Fill(json, "field_read_only", readOnly);
        json["mass_update"] = field.MassUpdate;

        var editable = !readOnly;
        AnswerJson.Fill(json, "view_type", new JsonObject { ["view"] = true, ["edit"] = editable, ["quick_create"] = editable, ["create"] = editable });
        AnswerJson.Fill(json, "operation_type", new JsonObject
        {
            ["web_update"] = editable, ["api_create"] = editable, ["web_create"] = editable, ["api_update"] = editable,
        });
        AnswerJson.Fill(json, "profiles", new JsonArray([.. AnswerJson.Profiles(org).Select(p => new JsonObject
        {
            ["permission_type"] = editable ? "read_write" : "read_only", ["name"] = p.Name, ["id"] = ZohoJson.FormatId(p.Id),
        })]));
        AnswerJson.Fill(json, "layout_associations", new JsonArray([.. LayoutAnswer.Minified(org, module).Select(l => l.DeepClone())]));
        json["pick_list_values"] = PickList(field, json["pick_list_values"] as JsonArray);
        json["lookup"] = Lookup(org, field, json["lookup"], version);

        var answer = AnswerJson.Complete(json, "field");
        return answer;
    }

    /// <summary>Every field of the module, in the org's order.</summary>
    public static JsonArray All(Org org, ModuleDefinition module, ApiVersion version) =>
        [.. module.Fields.Select((f, i) => (JsonNode)Build(org, module, f, i, version))];

    private static JsonArray PickList(FieldDefinition field, JsonArray? given)
    {
        var values = new JsonArray();
        if (given is not null)
        {
            var sequence = 0;
            foreach (var value in given.OfType<JsonObject>())
            {
                var entry = AnswerJson.Complete(value, "pick_list_value");
                var actual = entry["actual_value"]?.GetValue<string>() ?? entry["display_value"]?.GetValue<string>() ?? "";
                AnswerJson.Fill(entry, "display_value", actual);
                AnswerJson.Fill(entry, "actual_value", actual);
                AnswerJson.Fill(entry, "reference_value", actual);
                AnswerJson.Fill(entry, "sequence_number", ++sequence);
                AnswerJson.Fill(entry, "id", ZohoJson.FormatId(field.PickList.FirstOrDefault(p => p.ActualValue == actual)?.Id
                    ?? DerivedIds.For($"pick:{field.ApiName}.{actual}")));
                values.Add((JsonNode)entry);
            }
            return values;
        }
        foreach (var (pick, i) in field.PickList.Select((p, i) => (p, i)))
        {
            values.Add((JsonNode)AnswerJson.Complete(new JsonObject
            {
                ["display_value"] = pick.DisplayValue, ["actual_value"] = pick.ActualValue, ["reference_value"] = pick.DisplayValue,
                ["id"] = ZohoJson.FormatId(pick.Id), ["sequence_number"] = i + 1,
            }, "pick_list_value"));
        }
        return values;
    }

    /// <summary>
    /// A lookup names its module as <c>{"api_name","id"}</c> from v3 on, by api name alone in v2 and v2.1
    /// (as their SDKs read it). A lookup to a module the org does not serve is answered as the org gave it.
    /// </summary>
    private static JsonObject Lookup(Org org, FieldDefinition field, JsonNode? given, ApiVersion version)
    {
        var lookup = given?.DeepClone() as JsonObject ?? [];
        if (field.LookupTarget is { } target)
        {
            AnswerJson.Fill(lookup, "display_label", field.Label);
            AnswerJson.Fill(lookup, "api_name", field.ApiName);
            if (lookup["module"] is not JsonObject) lookup["module"] = AnswerJson.Minified(target);
            AnswerJson.Fill(lookup, "id", ZohoJson.FormatId(field.Id));
        }
        else if (lookup["module"] is JsonValue name && name.TryGetValue<string>(out var apiName)
                 && org.ModuleList.FirstOrDefault(m => OrgJson.Text(m, "api_name") == apiName) is { } listed)
        {
            lookup["module"] = new JsonObject { ["api_name"] = apiName, ["id"] = listed["id"]?.DeepClone() };
        }
        if (version is { Major: 2 } && lookup["module"] is JsonObject module) lookup["module"] = module["api_name"]?.DeepClone();
        return lookup;
    }
}

using System.Text.Json.Nodes;

namespace OpenLeads.Server.Metadata;

/// <summary>A field of Zoho's field metadata (<c>GET /crm/v8/settings/fields</c>), as OpenLeads keeps and checks it.</summary>
internal static class OrgFields
{
    public static FieldDefinition Read(JsonObject json, string module, IReadOnlySet<string> served, string file, List<string> notices)
    {
        var apiName = OrgJson.Name(json, "api_name", file);
        var dataType = OrgJson.Text(json, "data_type") ?? throw new OrgFolderException(file, $"the field {apiName} has no \"data_type\"");
        var label = OrgJson.Text(json, "field_label") ?? OrgJson.Text(json, "display_label") ?? apiName;
        var type = TypeOf(dataType, OrgJson.Text(json, "json_type"));

        string? lookupModule = null;
        if (type == FieldType.Lookup)
        {
            lookupModule = LookupModule(json);
            if (lookupModule is null || !served.Contains(lookupModule))
            {
                notices.Add($"{module}.{apiName} looks up {lookupModule ?? "no module"}, which the org folder does not serve: kept in the metadata, answered as null.");
                type = FieldType.Unsupported;
            }
            else
            {
                lookupModule = served.First(s => s.Equals(lookupModule, StringComparison.OrdinalIgnoreCase));
            }
        }
        else if (type == FieldType.Unsupported)
        {
            notices.Add($"{module}.{apiName} ({dataType}) is kept in the metadata and answered as null: OpenLeads does not store that type yet.");
        }

        var systemManaged = SystemFields.Stamps.Contains(apiName);
        var id = OrgJson.Id(json["id"]) ?? DerivedIds.For($"field:{module}.{apiName}");
        return new FieldDefinition(apiName, label, type, id)
        {
            ZohoDataType = dataType,
            Json = json,
            Column = OrgNames.Identifier(apiName),
            Length = OrgJson.Integer(json, "length"),
            DecimalPlace = OrgJson.Integer(json, "decimal_place"),
            ReadOnly = systemManaged || type is FieldType.Tag or FieldType.Unsupported || OrgJson.Flag(json, "read_only") || OrgJson.Flag(json, "field_read_only"),
            SystemManaged = systemManaged,
            SystemMandatory = OrgJson.Flag(json, "system_mandatory"),
            Custom = OrgJson.Flag(json, "custom_field"),
            MassUpdateAllowed = OrgJson.Flag(json, "mass_update", fallback: true),
            Unique = json["unique"] switch { JsonObject unique => unique.Count > 0, JsonValue flag => OrgJson.Flag(json, "unique"), _ => false },
            PickList = PickList(json, module, apiName),
            LookupModule = lookupModule,
            Storage = type is FieldType.Tag or FieldType.Unsupported ? FieldStorage.None : FieldStorage.Column,
        };
    }

    /// <summary>Zoho's <c>data_type</c> (with <c>json_type</c>, which tells the Tag field from text) as a type OpenLeads stores.</summary>
    public static FieldType TypeOf(string dataType, string? jsonType) => dataType switch
    {
        "text" when jsonType == "jsonarray" => FieldType.Tag,
        "text" => FieldType.Text,
        "textarea" => FieldType.TextArea,
        "email" => FieldType.Email,
        "phone" => FieldType.Phone,
        "website" => FieldType.Website,
        "picklist" => FieldType.Picklist,
        "multiselectpicklist" => FieldType.MultiSelectPicklist,
        "integer" => FieldType.Integer,
        "bigint" => FieldType.BigInt,
        "currency" => FieldType.Currency,
        "double" or "decimal" or "percent" => FieldType.Double,
        "boolean" => FieldType.Boolean,
        "date" => FieldType.Date,
        "datetime" => FieldType.DateTime,
        "ownerlookup" => FieldType.OwnerLookup,
        "userlookup" => FieldType.UserLookup,
        "lookup" => FieldType.Lookup,
        "profileimage" => FieldType.ProfileImage,
        _ => FieldType.Unsupported,
    };

    /// <summary>The module a lookup names: v8 writes <c>{"api_name","id"}</c>, v2 the api name alone.</summary>
    private static string? LookupModule(JsonObject json) => json["lookup"] is JsonObject lookup
        ? lookup["module"] switch
        {
            JsonObject module => OrgJson.Text(module, "api_name"),
            JsonValue name when name.TryGetValue<string>(out var text) => text,
            _ => null,
        }
        : null;

    private static List<PickListValue> PickList(JsonObject json, string module, string field)
    {
        if (json["pick_list_values"] is not JsonArray values) return [];
        var list = new List<PickListValue>(values.Count);
        foreach (var value in values.OfType<JsonObject>())
        {
            var actual = OrgJson.Text(value, "actual_value") ?? OrgJson.Text(value, "display_value");
            if (actual is null) continue;
            list.Add(new PickListValue(OrgJson.Text(value, "display_value") ?? actual, actual,
                OrgJson.Id(value["id"]) ?? DerivedIds.For($"pick:{module}.{field}.{actual}")));
        }
        return list;
    }
}

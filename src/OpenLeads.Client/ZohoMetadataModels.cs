using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenLeads.Client;

/// <summary>A module of the org, as <c>GET /settings/modules</c> describes it (the keys every version answers).</summary>
public sealed record ZohoModule
{
    /// <summary>The name in API paths, e.g. <c>Deals</c>.</summary>
    [JsonPropertyName("api_name")] public string ApiName { get; init; } = "";

    /// <summary>The module's own name, e.g. <c>Deals</c> (a renamed module keeps it).</summary>
    [JsonPropertyName("module_name")] public string? ModuleName { get; init; }

    /// <summary>The label of one record, e.g. <c>Deal</c>.</summary>
    [JsonPropertyName("singular_label")] public string? SingularLabel { get; init; }

    /// <summary>The label of many, e.g. <c>Deals</c>.</summary>
    [JsonPropertyName("plural_label")] public string? PluralLabel { get; init; }

    /// <summary>The module's id.</summary>
    [JsonPropertyName("id")] public string? Id { get; init; }

    /// <summary>Whether the module's records can be reached through the API.</summary>
    [JsonPropertyName("api_supported")] public bool ApiSupported { get; init; }

    /// <summary><c>default</c> for Zoho's own modules, <c>custom</c> for the org's.</summary>
    [JsonPropertyName("generated_type")] public string? GeneratedType { get; init; }

    /// <summary>Whether records can be created.</summary>
    [JsonPropertyName("creatable")] public bool Creatable { get; init; }

    /// <summary>Whether records can be changed.</summary>
    [JsonPropertyName("editable")] public bool Editable { get; init; }

    /// <summary>Whether records can be deleted.</summary>
    [JsonPropertyName("deletable")] public bool Deletable { get; init; }

    /// <summary>Whether records can be read.</summary>
    [JsonPropertyName("viewable")] public bool Viewable { get; init; }

    /// <summary>
    /// The field that names a record (what a lookup to it shows as <c>name</c>), e.g. <c>Deal_Name</c>.
    /// API v2 writes it as the field's name, v8 as <c>{api_name, id}</c>: both read here.
    /// </summary>
    [JsonPropertyName("display_field")]
    [JsonConverter(typeof(NamedRefConverter))]
    public ZohoNamedRef? DisplayField { get; init; }
}

/// <summary>A field of a module, as <c>GET /settings/fields?module=</c> describes it.</summary>
public sealed record ZohoField
{
    /// <summary>The name in records and API calls, e.g. <c>Account_Name</c>.</summary>
    [JsonPropertyName("api_name")] public string ApiName { get; init; } = "";

    /// <summary>The label the CRM shows.</summary>
    [JsonPropertyName("field_label")] public string? FieldLabel { get; init; }

    /// <summary>The field's id.</summary>
    [JsonPropertyName("id")] public string? Id { get; init; }

    /// <summary>Zoho's type: <c>text</c>, <c>picklist</c>, <c>lookup</c>, <c>currency</c>, <c>date</c>, …</summary>
    [JsonPropertyName("data_type")] public string DataType { get; init; } = "";

    /// <summary>The JSON type of its value: <c>string</c>, <c>integer</c>, <c>double</c>, <c>boolean</c>, <c>jsonobject</c>, <c>jsonarray</c>.</summary>
    [JsonPropertyName("json_type")] public string? JsonType { get; init; }

    /// <summary>The most characters (or digits) it holds.</summary>
    [JsonPropertyName("length")] public int? Length { get; init; }

    /// <summary>Digits after the point, for numbers that have them.</summary>
    [JsonPropertyName("decimal_place")] public int? DecimalPlace { get; init; }

    /// <summary>True when no call may write it.</summary>
    [JsonPropertyName("read_only")] public bool ReadOnly { get; init; }

    /// <summary>True when every record must have it.</summary>
    [JsonPropertyName("system_mandatory")] public bool SystemMandatory { get; init; }

    /// <summary>True for a field the org added.</summary>
    [JsonPropertyName("custom_field")] public bool CustomField { get; init; }

    /// <summary>True when a mass update may set it.</summary>
    [JsonPropertyName("mass_update")] public bool MassUpdate { get; init; }

    /// <summary>The values of a picklist or multi-select picklist (empty for other types).</summary>
    [JsonPropertyName("pick_list_values")]
    public IReadOnlyList<ZohoPicklistValue> PickListValues { get => _pickListValues; init => _pickListValues = value ?? []; }

    private readonly IReadOnlyList<ZohoPicklistValue> _pickListValues = [];

    /// <summary>For a lookup, what it points at (Zoho answers <c>{}</c> for other types).</summary>
    [JsonPropertyName("lookup")] public ZohoLookupTarget? Lookup { get; init; }

    /// <summary>The module a lookup field points at, e.g. <c>Accounts</c>; null for any other field.</summary>
    [JsonIgnore] public string? LookupModule => Lookup?.Module?.ApiName;
}

/// <summary>One value of a picklist.</summary>
public sealed record ZohoPicklistValue
{
    /// <summary>What a record holds and a call sends.</summary>
    [JsonPropertyName("actual_value")] public string ActualValue { get; init; } = "";

    /// <summary>What the CRM shows.</summary>
    [JsonPropertyName("display_value")] public string? DisplayValue { get; init; }
}

/// <summary>What a lookup field points at.</summary>
public sealed record ZohoLookupTarget
{
    /// <summary>The module of the records it names. API v2 writes it as the module's name, v8 as <c>{api_name, id}</c>: both read here.</summary>
    [JsonPropertyName("module")]
    [JsonConverter(typeof(NamedRefConverter))]
    public ZohoNamedRef? Module { get; init; }
}

/// <summary>A reference by API name and id, e.g. a module's display field.</summary>
public sealed record ZohoNamedRef
{
    /// <summary>The API name.</summary>
    [JsonPropertyName("api_name")] public string ApiName { get; init; } = "";

    /// <summary>The id (v2's string form of a lookup's module has none).</summary>
    [JsonPropertyName("id")] public string? Id { get; init; }
}

/// <summary>A reference as v2 writes it (<c>"Accounts"</c>) or as v8 does (<c>{"api_name":"Accounts","id":"…"}</c>).</summary>
internal sealed class NamedRefConverter : JsonConverter<ZohoNamedRef>
{
    public override ZohoNamedRef? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String) return new ZohoNamedRef { ApiName = reader.GetString()! };
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }
        string? apiName = null, id = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString();
            reader.Read();
            if (name == "api_name" && reader.TokenType == JsonTokenType.String) apiName = reader.GetString();
            else if (name == "id" && reader.TokenType == JsonTokenType.String) id = reader.GetString();
            else reader.Skip();
        }
        return apiName is null ? null : new ZohoNamedRef { ApiName = apiName, Id = id };
    }

    public override void Write(Utf8JsonWriter writer, ZohoNamedRef value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("api_name", value.ApiName);
        if (value.Id is not null) writer.WriteString("id", value.Id);
        writer.WriteEndObject();
    }
}

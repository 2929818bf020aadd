using System.Text.Json.Nodes;

namespace OpenLeads.Tests.Metadata;

/// <summary>One correction of a bundled Zoho file where it contradicts Zoho's documented or recorded answers, with its reason.</summary>
public sealed record OasRepair(string File, string Pointer, string Change, string Reason, Action<JsonNode> Apply)
{
    public void ApplyTo(Dictionary<string, JsonObject> files)
    {
        JsonNode? node = files[File];
        foreach (var part in Pointer.TrimStart('#', '/').Split('/', StringSplitOptions.RemoveEmptyEntries)) node = node?[part.Replace("~1", "/")];
        Apply(node ?? throw new InvalidOperationException($"Repair of {File}{Pointer}: nothing is there (the file changed?)."));
    }
}

/// <summary>
/// Where Zoho's v8 OpenAPI files are themselves wrong. Each repair names the schema, what it changes and
/// why; all are applied to the bundled copy when it is loaded, here and nowhere else.
/// </summary>
public static class OasRepairs
{
    /// <summary>Objects Zoho answers null for a field that does not use the feature; the files give each as a $ref, which OAS 3.0 cannot mark nullable.</summary>
    private static readonly string[] NullFieldFeatures =
    [
        "associated_module", "quick_sequence_number", "refer_from_field", "sharing_properties", "sub_module", "external", "private",
        "convert_mapping", "crypt", "tooltip", "history_tracking", "association_details", "hipaa_compliance", "textarea",
    ];

    private const string NullFeatureReason =
        "Zoho's field metadata answers null for a feature the field does not use (its documented answers show \"tooltip\": null, " +
        "\"private\": null, \"association_details\": null, \"hipaa_compliance\": null, \"quick_sequence_number\": null); the file " +
        "describes each as a required object or string that cannot be null";

    /// <summary>Keys Zoho answers for one module only (<c>/settings/modules/{api_name}</c>), never in the list of modules.</summary>
    public static readonly string[] ModuleDetailKeys =
    [
        "fields", "layouts", "related_lists", "custom_view", "related_list_properties", "lookup_field_properties", "$field_states",
        "business_card_fields", "$properties", "$on_demand_properties", "search_layout_fields", "default_mapping_fields",
        "layout_associations", "per_page", "filter_status", "kanban_view", "zia_view",
    ];

    public static readonly IReadOnlyList<OasRepair> All =
    [
        .. new[] { ("fields.json", "fields"), ("modules.json", "fields"), ("layouts.json", "fields") }.SelectMany(f =>
            NullFieldFeatures.Select(key => Nullable(f.Item1, $"#/components/schemas/{f.Item2}/properties/{key}", NullFeatureReason))),
        NotRequired("fields.json", "#/components/schemas/multiselectlookup",
            ["display_label", "linking_module", "connected_module", "lookup_apiname", "api_name", "connectedfield_apiname", "connectedlookup_apiname", "id", "record_access"],
            "a field that is not a multi-user lookup answers \"multiuserlookup\": {} (as Zoho answers \"multiselectlookup\": {} for one that is not a multi-select lookup)"),
        NotRequired("fields.json", "#/components/schemas/auto_number", ["prefix", "suffix", "start_number", "starting_number_length"],
            "a field that is not an auto-number answers \"autonumber\": {} (as Zoho's documented answers show \"auto_number\": {})"),
        NotRequired("layouts.json", "#/components/schemas/convert_mapping", ["Contacts", "Deals", "Accounts", "Invoices", "SalesOrders"],
            "a layout maps only the modules its records convert to (a Lead's to Contacts, Accounts and Deals, a Quote's to Sales Orders and Invoices); a module whose records do not convert answers {}"),
        NotRequired("layouts.json", "#/components/schemas/sections", ["_delete"], "_delete is a key of layout update requests, never of Zoho's answers"),
        NotRequired("layouts.json", "#/components/schemas/fields", ["_delete"], "_delete is a key of layout update requests, never of Zoho's answers"),
        Nullable("layouts.json", "#/components/schemas/sections/properties/properties",
            "a section that holds no subform answers \"properties\": null; the file's object (reorder_rows, maximum_rows) is a subform section's"),
        Replace("users.json", "#/components/schemas/users/properties/time_zone", """{"type":"string"}""",
            "Zoho answers a user's time zone as its name (\"time_zone\": \"Asia/Kolkata\"), and its SDKs read a string; the file says object"),
        Replace("users.json", "#/components/schemas/users/properties/email", """{"type":"string"}""",
            "the file's pattern [a-z0-9]{9}[@][a-z0-9]{5}[.]com admits only nine-letter names at five-letter .com domains, not Zoho's own sample addresses"),
        Nullable("territories.json", "#/components/schemas/territories/properties/reporting_to", "the root of the tree reports to no territory: Zoho answers \"reporting_to\": null"),
        Nullable("territories.json", "#/components/schemas/territories/properties/account_rule_criteria", "a territory without an account rule answers null"),
        Nullable("territories.json", "#/components/schemas/territories/properties/deal_rule_criteria", "a territory without a deal rule answers null"),
        Nullable("modules.json", "#/components/schemas/modules/properties/related_list_properties/properties/sort_by",
            "a module whose related lists are not sorted answers \"related_list_properties\": {\"sort_by\": null, …}, as Zoho's documented module metadata shows"),
        new("modules.json", "#", "GET /settings/modules answers modules without the keys of one module's metadata",
            "Zoho's list of modules leaves out what only /settings/modules/{api_name} answers (fields, layouts, related lists, the default view, …); the file gives both answers one schema",
            ModulesList),
        new("org.json", "#/components/schemas/Invalid_Data_Exception", "requires code, details, message and status",
            "every Zoho error carries these four keys; with none required the error schema matches any object, so the answer's oneOf could never tell an org from an error",
            node => node.AsObject()["required"] = new JsonArray("code", "details", "message", "status")),
        Nullable("custom_views.json", "#/components/schemas/custom_views/properties/criteria", "a view of every record (All Leads) has no criteria: Zoho answers \"criteria\": null"),
        Nullable("custom_views.json", "#/components/schemas/custom_views/properties/sort_by", "a view sorted by nothing answers \"sort_by\": null (with \"sort_order\": null, which the file allows)"),
        Replace("custom_views.json", "#/components/schemas/custom_views/properties/module", """{"$ref":"https://raw.githubusercontent.com/Zohocorp-Pvt-Ltd/crm-oas/refs/heads/main/v8.0/modules.json#/components/schemas/Minified_Module"}""",
            "a view's module is a module, answered {\"api_name\",\"id\"}; the file reuses its user schema 'owner' ({name, id, email})"),
        Replace("custom_views.json", "#/components/schemas/Criteria",
            """{"oneOf":[{"type":"object","properties":{"comparator":{"type":"string"},"field":{"type":"object","properties":{"api_name":{"type":"string"},"id":{"type":"string"}},"required":["api_name","id"]}},"required":["comparator","field","value"]},{"type":"object","properties":{"group_operator":{"type":"string","enum":["and","or","AND","OR"]},"group":{"type":"array","items":{"$ref":"#/components/schemas/Criteria"}}},"required":["group_operator","group"]}]}""",
            "criteria are a condition ({comparator, field, value}, the value a string, number, boolean or array, as \"value\": \"Not Contacted\") or a group ({group_operator, group}); the file asks every node for all five keys and types the value as an object"),
    ];

    private static void ModulesList(JsonNode document)
    {
        var schemas = document["components"]!["schemas"]!.AsObject();
        var entry = schemas["modules"]!.DeepClone().AsObject();
        var required = entry["required"]!.AsArray();
        foreach (var key in required.Where(k => ModuleDetailKeys.Contains(k!.GetValue<string>())).ToList()) required.Remove(key);
        schemas["Modules_List_Entry"] = entry;
        schemas["Modules_List_Wrapper"] = JsonNode.Parse("""
            {"type":"object","properties":{"modules":{"type":"array","items":{"$ref":"#/components/schemas/Modules_List_Entry"}}},"required":["modules"]}
            """);
        document["paths"]!["/crm/v8/settings/modules"]!["get"]!["responses"]!["200"] = JsonNode.Parse("""
            {"description":"","content":{"application/json":{"schema":{"$ref":"#/components/schemas/Modules_List_Wrapper"}}}}
            """);
    }

    private static OasRepair Nullable(string file, string pointer, string reason) =>
        new(file, pointer, "nullable", reason, node => node.AsObject()["nullable"] = true);

    private static OasRepair NotRequired(string file, string pointer, string[] keys, string reason) =>
        new(file, pointer, $"not required: {string.Join(", ", keys)}", reason, node =>
        {
            var required = node.AsObject()["required"]!.AsArray();
            foreach (var item in required.Where(k => keys.Contains(k!.GetValue<string>())).ToList()) required.Remove(item);
        });

    private static OasRepair Replace(string file, string pointer, string schema, string reason) =>
        new(file, pointer, $"is {schema}", reason, node =>
        {
            var obj = node.AsObject();
            obj.Clear();
            foreach (var (key, value) in JsonNode.Parse(schema)!.AsObject()) obj[key] = value?.DeepClone();
        });
}

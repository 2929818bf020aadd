using System.Text.Json.Nodes;
using OpenLeads.Server.Zoho;

namespace OpenLeads.Server.Metadata.Answers;

/// <summary>
/// <c>GET /crm/{v}/settings/modules</c> (every module of the org, served or not) and
/// <c>/settings/modules/{api_name}</c> (one module with its fields, layouts and default view).
/// </summary>
public static class ModuleAnswer
{
    /// <summary>Keys Zoho answers only for one module, not in the list of modules.</summary>
    public static readonly string[] DetailOnly =
    [
        "fields", "layouts", "related_lists", "custom_view", "related_list_properties", "lookup_field_properties", "$field_states",
        "business_card_fields", "$properties", "$on_demand_properties", "search_layout_fields", "default_mapping_fields",
        "layout_associations", "per_page", "filter_status", "kanban_view", "zia_view",
    ];

    public static JsonObject ListEntry(Org org, JsonObject source, int index, ApiVersion version)
    {
        var json = source.DeepClone().AsObject();
        var apiName = OrgJson.Text(source, "api_name") ?? "";
        org.TryResolve(apiName, out var module);
        AnswerJson.Fill(json, "module_name", OrgJson.Text(json, "plural_label") ?? apiName);
        AnswerJson.Fill(json, "singular_label", module?.SingularLabel ?? apiName);
        AnswerJson.Fill(json, "plural_label", module?.PluralLabel ?? apiName);
        AnswerJson.Fill(json, "id", ZohoJson.FormatId(module?.Id ?? DerivedIds.For($"module:{apiName}")));
        AnswerJson.Fill(json, "sequence_number", index + 1);
        AnswerJson.Fill(json, "modified_by", AnswerJson.User(org.Administrator));
        AnswerJson.Fill(json, "profiles", new JsonArray([.. AnswerJson.Profiles(org).Select(p => (JsonNode)AnswerJson.Named(p.Name, p.Id))]));
        AnswerJson.Fill(json, "profile_count", AnswerJson.Profiles(org).Count());
        if (module is not null)
        {
            AnswerJson.Fill(json, "display_field", new JsonObject
            {
                ["api_name"] = module.DisplayField, ["id"] = ZohoJson.FormatId(module.Field(module.DisplayField).Id),
            });
            AnswerJson.Fill(json, "convertable", module.Convertable);
        }
        foreach (var (key, value) in AnswerJson.Complete(null, "module"))
        {
            if (!json.ContainsKey(key) && !DetailOnly.Contains(key)) json[key] = value?.DeepClone();
        }
        return ForVersion(json, version);
    }

    public static JsonArray List(Org org, ApiVersion version) =>
        [.. org.ModuleList.Select((m, i) => (JsonNode)ListEntry(org, m, i, version))];

    /// <summary>Where the org's list has the module of that api name (-1: none).</summary>
    public static int IndexOf(Org org, string apiName) =>
        org.ModuleList.ToList().FindIndex(m => string.Equals(OrgJson.Text(m, "api_name"), apiName, StringComparison.OrdinalIgnoreCase));

    /// <summary>One module OpenLeads serves, with its fields, layouts and default view.</summary>
    public static JsonObject Detail(Org org, ModuleDefinition module, ApiVersion version)
    {
        var index = IndexOf(org, module.ApiName);
        var json = ListEntry(org, org.ModuleList[index], index, version);
        {
            AnswerJson.Fill(json, "fields", FieldAnswer.All(org, module, version));
            AnswerJson.Fill(json, "layouts", new JsonArray([.. LayoutAnswer.Minified(org, module)
                .Select(l => (JsonNode)new JsonObject { ["name"] = l["name"]?.DeepClone(), ["id"] = l["id"]?.DeepClone() })]));
            if (ViewAnswer.DefaultOf(org, module) is { } view) AnswerJson.Fill(json, "custom_view", view);
        }
        foreach (var (key, value) in AnswerJson.Complete(null, "module"))
        {
            if (!json.ContainsKey(key)) json[key] = value?.DeepClone();
        }
        return json;
    }

    /// <summary>v2 to v3 name a module's display field by api name alone, as their SDKs read it; v4 on as <c>{"api_name","id"}</c>.</summary>
    private static JsonObject ForVersion(JsonObject json, ApiVersion version)
    {
        if (version.Major <= 3 && json["display_field"] is JsonObject display) json["display_field"] = display["api_name"]?.DeepClone();
        return json;
    }
}

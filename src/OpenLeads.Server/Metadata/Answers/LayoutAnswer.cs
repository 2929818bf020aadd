using System.Text.Json.Nodes;
using OpenLeads.Server.Zoho;

namespace OpenLeads.Server.Metadata.Answers;

/// <summary>
/// <c>GET /crm/{v}/settings/layouts?module=</c>: the org's layouts of the module, completed, or, for a
/// module the folder has no layouts file for, one standard layout with one section holding every field.
/// </summary>
public static class LayoutAnswer
{
    public static JsonArray All(Org org, ModuleDefinition module, ApiVersion version) =>
        [.. Sources(org, module).Select(layout => (JsonNode)Build(org, module, layout, version))];

    /// <summary>The layouts as <c>{"api_name","name","id"}</c>, as a field's <c>layout_associations</c> lists them.</summary>
    public static IEnumerable<JsonObject> Minified(Org org, ModuleDefinition module) =>
        Sources(org, module).Select(layout => new JsonObject
        {
            ["api_name"] = (OrgJson.Text(layout, "api_name") ?? OrgJson.Text(layout, "name") ?? "Standard"),
            ["name"] = OrgJson.Text(layout, "name") ?? "Standard",
            ["id"] = layout["id"]?.DeepClone(),
        });

    private static IEnumerable<JsonObject> Sources(Org org, ModuleDefinition module) =>
        org.Layouts.TryGetValue(module.ApiName, out var layouts) ? layouts.OfType<JsonObject>() : [Standard(module)];

    private static JsonObject Standard(ModuleDefinition module) => new()
    {
        ["id"] = ZohoJson.FormatId(DerivedIds.For($"layout:{module.ApiName}.standard")),
        ["name"] = "Standard",
        ["display_label"] = "Standard",
        ["api_name"] = "Standard",
        ["sections"] = new JsonArray(new JsonObject
        {
            ["display_label"] = $"{module.SingularLabel} Information",
            ["sequence_number"] = 1,
            ["api_name"] = $"{module.SingularLabel.Replace(' ', '_')}_Information",
            ["name"] = $"{module.SingularLabel} Information",
            ["id"] = ZohoJson.FormatId(DerivedIds.For($"section:{module.ApiName}.standard")),
            ["fields"] = new JsonArray([.. module.Fields.Select(f => (JsonNode)new JsonObject { ["api_name"] = f.ApiName })]),
        }),
    };

    private static JsonObject Build(Org org, ModuleDefinition module, JsonObject source, ApiVersion version)
    {
        var layout = AnswerJson.Complete(source, "layout");
        var admin = AnswerJson.User(org.Administrator);
        AnswerJson.Fill(layout, "display_label", OrgJson.Text(layout, "name"));
        AnswerJson.Fill(layout, "created_by", admin);
        AnswerJson.Fill(layout, "modified_by", admin.DeepClone());
        AnswerJson.Fill(layout, "created_for", admin.DeepClone());
        AnswerJson.Fill(layout, "profiles", new JsonArray([.. AnswerJson.Profiles(org).Select(p => (JsonNode)new JsonObject
        {
            ["default"] = true, ["name"] = p.Name, ["id"] = ZohoJson.FormatId(p.Id),
            ["_default_view"] = new JsonObject { ["name"] = "Standard", ["id"] = layout["id"]?.DeepClone(), ["type"] = "layout" },
        })]));
        var sections = layout["sections"] as JsonArray ?? [];
        var answered = new JsonArray();
        foreach (var section in sections.OfType<JsonObject>()) answered.Add((JsonNode)Section(org, module, section, version));
        layout["sections"] = answered;
        // v2 and v2.1 give a layout's status as a number (0: active), as their SDKs read it; v3 on as text.
        if (version is { Major: 2 } && OrgJson.Text(layout, "status") is { } status) layout["status"] = status == "active" ? 0 : -1;
        return layout;
    }

    private static JsonObject Section(Org org, ModuleDefinition module, JsonObject source, ApiVersion version)
    {
        var section = AnswerJson.Complete(source, "section");
        AnswerJson.Fill(section, "name", OrgJson.Text(section, "display_label"));
        AnswerJson.Fill(section, "api_name", OrgJson.Text(section, "name")?.Replace(' ', '_'));
        var fields = new JsonArray();
        var sequence = 0;
        foreach (var given in (section["fields"] as JsonArray ?? []).OfType<JsonObject>())
        {
            sequence++;
            var apiName = OrgJson.Text(given, "api_name");
            var index = module.Fields.ToList().FindIndex(f => f.ApiName == apiName);
            // A layout names the module's fields; each is answered as the fields answer has it, with the layout's own keys.
            var field = given.DeepClone().AsObject();
            if (index >= 0)
            {
                foreach (var (key, value) in FieldAnswer.Build(org, module, module.Fields[index], index, version))
                {
                    if (!field.ContainsKey(key)) field[key] = value?.DeepClone();
                }
            }
            field = AnswerJson.Complete(field, "layout_field");
            AnswerJson.Fill(field, "section_id", null);
            field["sequence_number"] ??= sequence;
            fields.Add((JsonNode)field);
        }
        section["fields"] = fields;
        return section;
    }
}

using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenLeads.Server.Search;
using OpenLeads.Server.Storage;

namespace OpenLeads.Server.Metadata;

/// <summary>The custom views of an org folder: Zoho's view objects, their structured criteria turned into the search syntax.</summary>
internal static class OrgViews
{
    /// <summary>A module without views of its own gets Zoho's default one: "All {plural}", every record.</summary>
    public static ViewSeed AllRecords(ModuleDefinition module) =>
        new(DerivedIds.For($"view:{module.ApiName}.all"), module.ApiName, $"All {module.PluralLabel}", "ALLVIEWS", null);

    public static IEnumerable<ViewSeed> Read(ModuleDefinition module, IReadOnlyList<JsonObject> views, string file, List<string> notices)
    {
        foreach (var view in views)
        {
            var name = OrgJson.Text(view, "name") ?? OrgJson.Text(view, "display_value");
            var id = OrgJson.Id(view["id"]);
            if (name is null || id is null) throw new OrgFolderException(file, "a view has no \"id\" or \"name\"");
            string? criteria = null;
            if (view["criteria"] is JsonObject structured)
            {
                criteria = Text(structured);
                if (criteria is null || CriteriaParser.Parse(module, criteria).Problem is { } problem)
                {
                    notices.Add($"The view '{name}' ({id}) of {module.ApiName} has criteria OpenLeads cannot read; it is left out.");
                    continue;
                }
            }
            yield return new ViewSeed(id.Value, module.ApiName, name, OrgJson.Text(view, "system_name"), criteria) { Json = view };
        }
    }

    /// <summary>
    /// <c>{"comparator":"equal","field":{"api_name":…},"value":…}</c> or <c>{"group_operator":"and","group":[…]}</c>
    /// as <c>(Field:equals:value)and(…)</c>; null when it has a part the syntax cannot say.
    /// </summary>
    public static string? Text(JsonObject criteria)
    {
        if (criteria["group"] is JsonArray group)
        {
            var op = OrgJson.Text(criteria, "group_operator")?.ToLowerInvariant();
            if (op is not ("and" or "or")) return null;
            var parts = group.Select(p => p is JsonObject o ? Text(o) : null).ToArray();
            return parts.Any(p => p is null) || parts.Length == 0 ? null : "(" + string.Join(op, parts) + ")";
        }
        var comparator = OrgJson.Text(criteria, "comparator");
        var field = criteria["field"] is JsonObject f ? OrgJson.Text(f, "api_name") : null;
        if (comparator is null || field is null) return null;
        var values = criteria["value"] switch
        {
            JsonArray array => array.Select(Value).ToArray(),
            var single => [Value(single)],
        };
        if (values.Any(v => v is null)) return null;
        return $"({field}:{(comparator == "equal" ? "equals" : comparator)}:{string.Join(',', values)})";
    }

    private static string? Value(JsonNode? node) => node switch
    {
        null => CriteriaParser.Empty,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => Escape(v.GetValue<string>()),
        JsonValue v when v.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => v.ToJsonString(),
        JsonObject o when o["id"] is JsonNode id => OrgJson.Id(id)?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => null,
    };

    private static string Escape(string value)
    {
        if (value == CriteriaParser.Empty) return value;
        var escaped = new StringBuilder(value.Length);
        foreach (var c in value) escaped.Append(c is '(' or ')' or ',' or '\\' ? "\\" + c : c.ToString());
        return escaped.ToString();
    }
}

/// <summary>The territory tree of <c>GET /crm/v8/settings/territories</c>.</summary>
internal static class OrgTerritories
{
    public static IReadOnlyList<Territory> Read(IReadOnlyList<JsonObject> territories) =>
        [.. territories.Select(t => new Territory(OrgJson.Id(t["id"]) ?? DerivedIds.For($"territory:{OrgJson.Text(t, "name")}"),
            OrgJson.Text(t, "name") ?? "Territory",
            OrgJson.Id(t["parent_id"]) ?? ((t["reporting_to"] as JsonObject) is { } parent ? OrgJson.Id(parent["id"]) : null),
            OrgJson.Text(t, "description")))];
}

/// <summary>
/// What Zoho documents per module beyond its metadata (Deals: three fields in one mass update), as
/// data: the server's built-in rules (<c>Metadata/zoho_rules.json</c>), then the folder's <c>openleads.json</c>.
/// </summary>
internal sealed class OrgRules(Dictionary<string, OrgRules.Module> modules)
{
    /// <param name="DuplicateCheckFields">Zoho's system-defined duplicate check fields of the module (upsert's default), in order.</param>
    public sealed record Module(int MassUpdateMaxFields = 1, IReadOnlyList<string>? DuplicateCheckFields = null, JsonObject? Convert = null);

    public Module For(string apiName) => modules.GetValueOrDefault(apiName) ?? new Module();

    public static OrgRules Read(OrgFolder.IFiles files)
    {
        var rules = new Dictionary<string, Module>(StringComparer.OrdinalIgnoreCase);
        using (var stream = typeof(OrgRules).Assembly.GetManifestResourceStream("zoho_rules.json")!)
        {
            Apply(rules, (JsonNode.Parse(stream) as JsonObject)!, "zoho_rules.json");
        }
        if (files.Text("openleads.json") is not null) Apply(rules, OrgFolder.Parse(files, "openleads.json"), files.Name("openleads.json"));
        return new OrgRules(rules);
    }

    private static void Apply(Dictionary<string, Module> rules, JsonObject json, string file)
    {
        if (json["modules"] is not JsonObject modules) return;
        foreach (var (name, node) in modules)
        {
            if (node is not JsonObject rule) throw new OrgFolderException(file, $"\"modules\".\"{name}\" is not a JSON object");
            var max = OrgJson.Integer(rule, "mass_update_max_fields") ?? 1;
            if (max is < 1 or > 25) throw new OrgFolderException(file, $"\"modules\".\"{name}\".\"mass_update_max_fields\" must be 1 to 25");
            string[]? duplicateCheck = null;
            if (rule["duplicate_check_fields"] is { } check)
            {
                if (check is not JsonArray names || names.Any(n => n is not JsonValue v || v.GetValueKind() != JsonValueKind.String))
                {
                    throw new OrgFolderException(file, $"\"modules\".\"{name}\".\"duplicate_check_fields\" must be an array of field api names");
                }
                duplicateCheck = [.. names.Select(n => n!.GetValue<string>())];
            }
            var earlier = rules.GetValueOrDefault(name);
            rules[name] = new Module(OrgJson.Integer(rule, "mass_update_max_fields") is null && earlier is not null ? earlier.MassUpdateMaxFields : max,
                duplicateCheck ?? earlier?.DuplicateCheckFields, rule["convert"] as JsonObject ?? earlier?.Convert);
        }
    }
}

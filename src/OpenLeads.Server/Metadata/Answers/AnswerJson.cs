using System.Text.Json.Nodes;
using OpenLeads.Server.Storage;
using OpenLeads.Server.Zoho;

namespace OpenLeads.Server.Metadata.Answers;

/// <summary>
/// Zoho's values for every key an org folder may leave out (<c>zoho_defaults.json</c>), and the
/// few moves every answer builder makes: the org's own object first, as it gave it, then what it lacks.
/// </summary>
public static class AnswerJson
{
    private static readonly JsonObject Defaults = Load();

    private static JsonObject Load()
    {
        using var stream = typeof(AnswerJson).Assembly.GetManifestResourceStream("zoho_defaults.json")
            ?? throw new InvalidOperationException("zoho_defaults.json is not embedded.");
        return (JsonObject)JsonNode.Parse(stream)!;
    }

    /// <summary>A copy of <paramref name="source"/> (its keys in its order) with every key of the kind's defaults it lacks.</summary>
    public static JsonObject Complete(JsonObject? source, string kind)
    {
        var answer = source?.DeepClone() as JsonObject ?? [];
        foreach (var (key, value) in (JsonObject)Defaults[kind]!)
        {
            if (!answer.ContainsKey(key)) answer[key] = value?.DeepClone();
        }
        return answer;
    }

    /// <summary>The default of one key of the kind-keyed tables (<c>ui_type</c>, <c>length</c>), or null.</summary>
    public static JsonNode? Table(string table, string key) => Defaults[table]?[key]?.DeepClone();

    /// <summary>Sets the key when the object lacks it (the org's value, where it gives one, wins).</summary>
    public static void Fill(JsonObject json, string key, JsonNode? value)
    {
        if (!json.ContainsKey(key)) json[key] = value;
    }

    public static JsonObject Named(string name, long id) => new() { ["name"] = name, ["id"] = ZohoJson.FormatId(id) };

    public static JsonObject Minified(ModuleDefinition module) => new() { ["api_name"] = module.ApiName, ["id"] = ZohoJson.FormatId(module.Id) };

    public static JsonObject User(UserRow user) => Named(user.FullName, user.Id);

    public static string Time(DateTimeOffset time) => ZohoJson.FormatDateTime(time);

    /// <summary>The org's profiles (those its users have), in the order users name them.</summary>
    public static IEnumerable<(string Name, long Id)> Profiles(Org org) =>
        org.Users.Select(u => (u.ProfileName, u.ProfileId)).Distinct();

    public static JsonObject Info(int count) => new() { ["per_page"] = 200, ["count"] = count, ["page"] = 1, ["more_records"] = false };
}

using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpenLeads.Bench;

/// <summary>
/// bench/results/latest.json: one object per scenario, provider, record count and variant (a scenario's cases, as ids-random's
/// "500 ids, 16 clients"), the latest run of each.
/// </summary>
internal static class ResultsFile
{
    public static IReadOnlyList<JsonObject> Read(string path)
    {
        if (!File.Exists(path)) return [];
        try
        {
            return JsonNode.Parse(File.ReadAllText(path)) is JsonArray array ? [.. array.OfType<JsonObject>().Select(o => (JsonObject)o.DeepClone())] : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    public static bool SameRun(JsonObject a, JsonObject b) =>
        Key(a, "scenario") == Key(b, "scenario") && Key(a, "provider") == Key(b, "provider") && Key(a, "records") == Key(b, "records")
        && Key(a, "variant") == Key(b, "variant");

    private static string? Key(JsonObject o, string name) => o[name]?.ToJsonString();
}

using System.Text.Json.Nodes;

namespace OpenLeads.Cli;

/// <summary>
/// <c>--set Field=Value</c> checked against the module's field metadata before anything is sent: a
/// misspelt field, one that cannot be mass updated, or a value its picklist lacks is one clear error
/// instead of a refusal per record.
/// </summary>
internal static class FieldCheck
{
    /// <summary>Why the assignment cannot work, or null when the metadata allows it.</summary>
    public static string? Problem(JsonArray fields, string module, string field, JsonNode? value)
    {
        var all = fields.OfType<JsonObject>().Where(f => Text(f, "api_name") is not null).ToList();
        var match = all.FirstOrDefault(f => Text(f, "api_name") == field);
        if (match is null)
        {
            var nearest = all.Select(f => Text(f, "api_name")!).MinBy(name => Distance(name, field));
            return $"--set: {module} has no field '{field}'" + (nearest is null ? "." : $"; the nearest is '{nearest}'.");
        }
        if (match["mass_update"] is JsonValue m && m.TryGetValue<bool>(out var massUpdate) && !massUpdate)
        {
            return $"--set: the field '{field}' of {module} cannot be mass updated.";
        }
        if (Text(match, "data_type") is "picklist" or "multiselectpicklist" && match["pick_list_values"] is JsonArray picks)
        {
            var allowed = picks.OfType<JsonObject>().Select(p => Text(p, "actual_value")).OfType<string>().ToList();
            IEnumerable<string?> given = value is JsonArray list ? list.Select(v => v is JsonValue s && s.TryGetValue<string>(out var t) ? t : null)
                : value is JsonValue one && one.TryGetValue<string>(out var text) ? [text] : [];
            if (given.OfType<string>().FirstOrDefault(v => !allowed.Contains(v)) is { } wrong)
            {
                return $"--set: '{wrong}' is not a value of the picklist '{field}' of {module}; allowed: {string.Join(", ", allowed)}.";
            }
        }
        return null;
    }

    private static string? Text(JsonObject o, string name) => o[name] is JsonValue v && v.TryGetValue<string>(out var text) ? text : null;

    /// <summary>Levenshtein distance, ignoring case: a slip of the shift key is nearer than any other name.</summary>
    internal static int Distance(string a, string b)
    {
        a = a.ToLowerInvariant();
        b = b.ToLowerInvariant();
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        var current = new int[b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}

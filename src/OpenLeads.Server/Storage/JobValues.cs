using System.Text.Json;
using System.Text.Json.Nodes;
using OpenLeads.Server.Metadata;

namespace OpenLeads.Server.Storage;

/// <summary>
/// How a job keeps what it sets, in the job row's <c>field</c> and <c>value_json</c>: for one field, its api
/// name and its value's Zoho JSON text (null for null); for several (Deals take three), their api names
/// joined by commas (api names have none) and a JSON object of each field's value. A server that knows
/// only one field per job then fails such a job (no field has that name) rather than setting part of it.
/// Values are parsed back with each field's own rules.
/// </summary>
public static class JobValues
{
    public static string FieldsText(IReadOnlyList<FieldAssignment> values) => string.Join(',', values.Select(v => v.Field.ApiName));

    public static string? ToText(IReadOnlyList<FieldAssignment> values)
    {
        if (values is [var only]) return FieldJson.ToJsonText(only.Field, only.Value);
        var json = new JsonObject();
        foreach (var (field, value) in values) json[field.ApiName] = FieldJson.ToJsonText(field, value) is { } text ? JsonNode.Parse(text) : null;
        return json.ToJsonString();
    }

    /// <summary>The job's fields and values, or null when the metadata no longer fits them (the job then fails).</summary>
    public static IReadOnlyList<FieldAssignment>? Parse(ModuleDefinition module, string fieldsText, string? valueJson)
    {
        var names = fieldsText.Split(',');
        if (names.Length == 1) return Parse(module, names[0], valueJson is null ? null : JsonNode.Parse(valueJson)) is { } one ? [one] : null;
        if (valueJson is null || JsonNode.Parse(valueJson) is not JsonObject values) return null;
        var parsed = new List<FieldAssignment>(names.Length);
        foreach (var name in names)
        {
            if (Parse(module, name, values[name]) is not { } assignment) return null;
            parsed.Add(assignment);
        }
        return parsed;
    }

    private static FieldAssignment? Parse(ModuleDefinition module, string fieldName, JsonNode? value)
    {
        if (!module.TryGetField(fieldName, out var field) || !field.MassUpdate) return null;
        if (value is null) return new FieldAssignment(field, null);
        using var json = JsonDocument.Parse(value.ToJsonString());
        return FieldValues.TryParse(field, json.RootElement, out var parsed, out _) ? new FieldAssignment(field, parsed) : null;
    }

    public static string StateText(JobState state) => state.ToString().ToUpperInvariant();

    public static JobState ParseState(string text) => Enum.Parse<JobState>(text, ignoreCase: true);

    /// <summary>Zoho's counts: updated, not updated (locked, not approved, in review), failed (gone since scheduling).</summary>
    public static (long Updated, long NotUpdated, long Failed) Count(IReadOnlyList<RecordWriteResult> results) =>
        (results.Count(r => r.Outcome == WriteOutcome.Written),
         results.Count(r => r.Outcome is WriteOutcome.Locked or WriteOutcome.NotApproved or WriteOutcome.InReview or WriteOutcome.Converted),
         results.Count(r => r.Outcome == WriteOutcome.NotFound));
}

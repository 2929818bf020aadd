using System.Text.Json;
using OpenLeads.Server.Metadata;

namespace OpenLeads.Server.Storage;

/// <summary>How a job keeps its value: the field's Zoho JSON text, parsed back with the field's own rules.</summary>
public static class JobValues
{
    public static string? ToText(FieldDefinition field, object? value) => FieldJson.ToJsonText(field, value);

    /// <summary>The job's field and value, or null when the metadata no longer fits them (the job then fails).</summary>
    public static (FieldDefinition Field, object? Value)? Parse(ModuleDefinition module, string fieldName, string? valueJson)
    {
        if (!module.TryGetField(fieldName, out var field) || !field.MassUpdate) return null;
        if (valueJson is null) return (field, null);
        using var json = JsonDocument.Parse(valueJson);
        return FieldValues.TryParse(field, json.RootElement, out var value, out _) ? (field, value) : null;
    }

    public static string StateText(JobState state) => state.ToString().ToUpperInvariant();

    public static JobState ParseState(string text) => Enum.Parse<JobState>(text, ignoreCase: true);

    /// <summary>Zoho's counts: updated, not updated (locked, not approved, in review), failed (gone since scheduling).</summary>
    public static (long Updated, long NotUpdated, long Failed) Count(IReadOnlyList<RecordWriteResult> results) =>
        (results.Count(r => r.Outcome == WriteOutcome.Written),
         results.Count(r => r.Outcome is WriteOutcome.Locked or WriteOutcome.NotApproved or WriteOutcome.InReview),
         results.Count(r => r.Outcome == WriteOutcome.NotFound));
}

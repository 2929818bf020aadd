using System.Text.Json;
using OpenLeads.Server.Auth;
using OpenLeads.Server.Metadata;
using OpenLeads.Server.Storage;
using OpenLeads.Server.Zoho;

namespace OpenLeads.Server.Records;

/// <summary>
/// <c>GET /crm/{version}/{module}/{id}/__timeline</c>: a record's field changes from its audit rows,
/// newest first, in Zoho's timeline shape. Each entry is one write (one request, or one job batch)
/// and says which mass update or job made it.
/// </summary>
public static class TimelineApi
{
    public static RouteGroupBuilder MapTimeline(this RouteGroupBuilder crm)
    {
        crm.MapGet("/{module}/{id}/__timeline", Timeline).RequireZohoScope("modules", ZohoScopeRequirement.ModuleSub, "READ");
        return crm;
    }

    public static async Task<IResult> Timeline(Org org, string module, string id, IRecordStore store, CancellationToken ct)
    {
        if (!org.TryResolve(module, out var definition)) return ZohoResults.Problem(ZohoErrors.InvalidModule);
        var record = RecordIds.TryParse(id, out var recordId) ? await store.GetAsync(definition, recordId, ct) : null;
        if (record is null) return ZohoResults.Problem(ZohoErrors.InvalidRecordIdInPath);
        // Audit rows record every write; the timeline lists changes, so a write of the value a field already held is left out.
        var audit = (await store.AuditAsync(definition, recordId, ct)).Where(a => a.OldValue != a.NewValue).ToArray();
        if (audit.Length == 0) return ZohoResults.NoContent();

        var entries = audit.GroupBy(a => (a.RequestId, a.ChangedAt, a.Source, a.JobId, a.User.Id))
            .OrderByDescending(g => g.Max(a => a.Id)).ToArray();
        var name = record[definition, definition.DisplayField] as string;
        return ZohoResults.Json(StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("__timeline"u8);
            foreach (var entry in entries) WriteEntry(w, definition, recordId, name, [.. entry]);
            w.WriteEndArray();
            w.WriteStartObject("info"u8);
            w.WriteNumber("per_page"u8, entries.Length);
            w.WriteNumber("count"u8, entries.Length);
            w.WriteNumber("page"u8, 1);
            w.WriteBoolean("more_records"u8, false);
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    private static void WriteEntry(Utf8JsonWriter w, ModuleDefinition module, long recordId, string? name, AuditEntry[] changes)
    {
        var first = changes[0];
        w.WriteStartObject();
        w.WriteString("audited_time"u8, ZohoJson.FormatDateTime(first.ChangedAt));
        w.WriteString("action"u8, "updated");
        w.WritePropertyName("done_by"u8);
        ZohoJson.WriteUser(w, first.User);
        w.WriteString("source"u8, first.Source switch { "mass_update" => "mass_update", "job" => "scheduled_mass_update", _ => "crm_api" });
        w.WriteStartObject("record"u8);
        w.WriteString("id"u8, ZohoJson.FormatId(recordId));
        w.WriteString("name"u8, name);
        w.WriteStartObject("module"u8);
        w.WriteString("api_name"u8, module.ApiName);
        w.WriteString("id"u8, ZohoJson.FormatId(module.Id));
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteStartArray("field_history"u8);
        foreach (var change in changes)
        {
            w.WriteStartObject();
            w.WriteString("api_name"u8, change.Field);
            if (module.TryGetField(change.Field, out var field))
            {
                w.WriteString("field_label"u8, field.Label);
                w.WriteString("id"u8, ZohoJson.FormatId(field.Id));
                w.WriteString("data_type"u8, field.DataType);
            }
            w.WriteStartObject("_value"u8);
            w.WritePropertyName("new"u8);
            WriteRaw(w, change.NewValue);
            w.WritePropertyName("old"u8);
            WriteRaw(w, change.OldValue);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        // Which OpenLeads write made the change: the request (X-Request-Id) and, for a scheduled mass update, its job.
        w.WriteStartObject("$openleads"u8);
        w.WriteString("request_id"u8, first.RequestId);
        w.WriteString("operation"u8, first.Source);
        if (first.JobId is { } job) w.WriteString("job_id"u8, ZohoJson.FormatId(job));
        else w.WriteNull("job_id"u8);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteRaw(Utf8JsonWriter w, string? json)
    {
        if (json is null) w.WriteNullValue();
        else w.WriteRawValue(json, skipInputValidation: true);
    }
}

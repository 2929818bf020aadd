using System.Text.Json;
using OpenLeads.Server.Metadata;
using OpenLeads.Server.Storage;
using OpenLeads.Server.Zoho;

namespace OpenLeads.Server.Records;

/// <summary>Writes records as Zoho does: every field by api name (null when empty), the id, and the $-state keys.</summary>
public static class RecordJson
{
    public static void Write(Utf8JsonWriter writer, ModuleDefinition module, StoredRecord record, IReadOnlySet<string>? only = null)
    {
        writer.WriteStartObject();
        foreach (var field in module.Fields)
        {
            if (only is not null && !only.Contains(field.ApiName)) continue;
            writer.WritePropertyName(field.ApiName);
            FieldJson.Write(writer, field, field.Storage == FieldStorage.None ? null : record.Values[module.StoredIndex[field.ApiName]]);
        }
        writer.WriteString("id"u8, ZohoJson.FormatId(record.Id));
        writer.WriteBoolean("$approved"u8, record.State.Approval == Approval.Approved);
        writer.WriteString("$approval_state"u8, record.State.Approval switch
        {
            Approval.Pending => "approval_process_pending",
            Approval.InReview => "review_process_pending",
            _ => "approved",
        });
        writer.WriteBoolean("$editable"u8, record.State.LockAction is null);
        writer.WriteBoolean("$locked_for_me"u8, record.State.LockAction is not null);
        if (module.Convertable)
        {
            // Zoho answers every record of a convertable module (Leads) with whether it was converted, and to what.
            writer.WriteBoolean("$converted"u8, record.State.Converted);
            writer.WritePropertyName("$converted_detail"u8);
            if (record.State.ConvertedDetail is { } detail) writer.WriteRawValue(detail, skipInputValidation: true);
            else
            {
                writer.WriteStartObject();
                writer.WriteEndObject();
            }
        }
        writer.WriteEndObject();
    }

    /// <summary>A write's SUCCESS details, in the key order the seed recorded.</summary>
    public static ZohoStatus Success(RecordStamp stamp, string message) =>
        new("SUCCESS", message, ZohoDetails.Of(
            new("Modified_Time", ZohoJson.FormatDateTime(stamp.ModifiedTime)),
            new("Modified_By", stamp.ModifiedBy with { Email = null }),
            new("Created_Time", ZohoJson.FormatDateTime(stamp.CreatedTime)),
            new("id", ZohoJson.FormatId(stamp.Id)),
            new("Created_By", stamp.CreatedBy with { Email = null })), IsSuccess: true);

    /// <summary>What a write's per-record outcome looks like on the wire (the mass update's or the record update's).</summary>
    public static ZohoStatus Outcome(RecordWriteResult result, ApiVersion version, bool massUpdate) => result.Outcome switch
    {
        WriteOutcome.Written => Success(result.Stamp!, "record updated"),
        WriteOutcome.NotFound => ZohoErrors.InvalidId(ZohoJson.FormatId(result.Id)),
        WriteOutcome.Locked => ZohoErrors.RecordLocked(ZohoJson.FormatId(result.Id), result.LockAction!, version),
        WriteOutcome.NotApproved => ZohoErrors.NotApproved(ZohoJson.FormatId(result.Id)),
        WriteOutcome.InReview => ZohoErrors.NotReviewed(massUpdate ? ZohoJson.FormatId(result.Id) : null),
        WriteOutcome.Converted => ZohoErrors.RecordConverted(ZohoJson.FormatId(result.Id)),
        _ => throw new ArgumentOutOfRangeException(nameof(result)),
    };
}

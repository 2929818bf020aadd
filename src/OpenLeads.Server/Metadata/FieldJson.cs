using System.Buffers;
using System.Text;
using System.Text.Json;
using OpenLeads.Server.Storage;
using OpenLeads.Server.Zoho;

namespace OpenLeads.Server.Metadata;

/// <summary>Writes a stored field value in Zoho's JSON form.</summary>
public static class FieldJson
{
    public static void Write(Utf8JsonWriter writer, FieldDefinition field, object? value)
    {
        switch (value)
        {
            case null when field.Type == FieldType.Tag:
                writer.WriteStartArray();
                writer.WriteEndArray();
                break;
            case null: writer.WriteNullValue(); break;
            case string s: writer.WriteStringValue(s); break;
            case string[] list:
                writer.WriteStartArray();
                foreach (var item in list) writer.WriteStringValue(item);
                writer.WriteEndArray();
                break;
            case long l when field.IsReference:
                writer.WriteStartObject();
                writer.WriteString("id"u8, ZohoJson.FormatId(l));
                writer.WriteEndObject();
                break;
            case long l: writer.WriteNumberValue(l); break;
            case double d: writer.WriteNumberValue(d); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case DateOnly d: writer.WriteStringValue(ZohoJson.FormatDate(d)); break;
            case DateTimeOffset t: writer.WriteStringValue(ZohoJson.FormatDateTime(t)); break;
            // Zoho gives the owner's e-mail; Created_By and Modified_By carry only name and id.
            case UserRef u: ZohoJson.WriteUser(writer, u, withEmail: field.ApiName == "Owner"); break;
            case LookupRef r:
                writer.WriteStartObject();
                writer.WriteString("name"u8, r.Name);
                writer.WriteString("id"u8, ZohoJson.FormatId(r.Id));
                writer.WriteEndObject();
                break;
            default: throw new NotSupportedException($"No JSON form for {value.GetType()} in {field.ApiName}.");
        }
    }

    /// <summary>The value as JSON text (audit rows keep values this way); null stays null.</summary>
    public static string? ToJsonText(FieldDefinition field, object? value)
    {
        if (value is null) return null;
        var buffer = new ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, field, value);
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}

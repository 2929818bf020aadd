using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using OpenLeads.Server.Storage;

namespace OpenLeads.Server.Zoho;

/// <summary>Zoho's JSON conventions: envelopes, timestamps, ids as strings.</summary>
public static class ZohoJson
{
    /// <summary>Zoho writes no space before the charset; clients that compare headers see the same.</summary>
    public const string ContentType = "application/json;charset=utf-8";

    /// <summary>Zoho escapes only what JSON requires: "+00:00", not "\u002B00:00".</summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>JSON text kept in the database to be answered as it is (a converted record's detail), escaped as answers are.</summary>
    public static readonly System.Text.Json.JsonSerializerOptions NodeOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>ISO 8601 with offset and whole seconds, as Zoho writes: 2021-05-12T07:26:48+00:00.</summary>
    /// <summary>Zoho's date-time, <c>yyyy-MM-ddTHH:mm:ss±hh:mm</c> (as <c>"yyyy-MM-dd'T'HH:mm:sszzz"</c> writes it, without parsing a pattern: every answer of a mass update holds two).</summary>
    public static string FormatDateTime(DateTimeOffset value) =>
        string.Create(25, value, static (chars, v) =>
        {
            var t = v.DateTime;
            Digits(chars[..4], t.Year);
            chars[4] = '-';
            Digits(chars.Slice(5, 2), t.Month);
            chars[7] = '-';
            Digits(chars.Slice(8, 2), t.Day);
            chars[10] = 'T';
            Digits(chars.Slice(11, 2), t.Hour);
            chars[13] = ':';
            Digits(chars.Slice(14, 2), t.Minute);
            chars[16] = ':';
            Digits(chars.Slice(17, 2), t.Second);
            var offset = (int)v.Offset.TotalMinutes;
            chars[19] = offset < 0 ? '-' : '+';
            offset = Math.Abs(offset);
            Digits(chars.Slice(20, 2), offset / 60);
            chars[22] = ':';
            Digits(chars.Slice(23, 2), offset % 60);
        });

    private static void Digits(Span<char> into, int value)
    {
        for (var i = into.Length - 1; i >= 0; i--, value /= 10) into[i] = (char)('0' + value % 10);
    }

    public static string FormatDate(DateOnly value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string FormatId(long id) => id.ToString(CultureInfo.InvariantCulture);

    public static void WriteStatus(Utf8JsonWriter writer, ZohoStatus status)
    {
        writer.WriteStartObject();
        writer.WriteString("code"u8, status.Code);
        writer.WritePropertyName("details"u8);
        WriteDetails(writer, status.Details);
        writer.WriteString("message"u8, status.Message);
        writer.WriteString("status"u8, status.Status);
        foreach (var (key, value) in status.Extra?.Entries ?? [])
        {
            writer.WritePropertyName(key);
            WriteValue(writer, value);
        }
        writer.WriteEndObject();
    }

    public static void WriteDetails(Utf8JsonWriter writer, ZohoDetails details)
    {
        writer.WriteStartObject();
        foreach (var (key, value) in details.Entries)
        {
            writer.WritePropertyName(key);
            WriteValue(writer, value);
        }
        writer.WriteEndObject();
    }

    public static void WriteUser(Utf8JsonWriter writer, UserRef user, bool withEmail = false)
    {
        writer.WriteStartObject();
        writer.WriteString("name"u8, user.Name);
        writer.WriteString("id"u8, FormatId(user.Id));
        if (withEmail) writer.WriteString("email"u8, user.Email);
        writer.WriteEndObject();
    }

    /// <summary>Writes a detail value; the set of types is closed, anything else is a bug.</summary>
    public static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case string s: writer.WriteStringValue(s); break;
            case int i: writer.WriteNumberValue(i); break;
            case long l: writer.WriteNumberValue(l); break;
            case double d: writer.WriteNumberValue(d); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case DateTimeOffset t: writer.WriteStringValue(FormatDateTime(t)); break;
            case UserRef u: WriteUser(writer, u); break;
            case ZohoDetails nested: WriteDetails(writer, nested); break;
            case IEnumerable<ZohoDetails> objects:
                writer.WriteStartArray();
                foreach (var item in objects) WriteDetails(writer, item);
                writer.WriteEndArray();
                break;
            case IEnumerable<string> list:
                writer.WriteStartArray();
                foreach (var item in list) writer.WriteStringValue(item);
                writer.WriteEndArray();
                break;
            default: throw new NotSupportedException($"No Zoho JSON form for {value.GetType()}.");
        }
    }
}

using System.Globalization;
using System.Text.Json;
using System.Data.Common;
using OpenLeads.Server.Metadata;

namespace OpenLeads.Server.Storage.Sqlite;

/// <summary>
/// How each field type is kept in SQLite, and the conversions both ways. Date-times are Unix
/// seconds (they sort and compare as numbers), dates ISO text, multi-select picklists a JSON array.
/// </summary>
internal static class SqliteValues
{
    public static string ColumnType(FieldDefinition field) => field.Type switch
    {
        FieldType.Integer or FieldType.BigInt or FieldType.OwnerLookup or FieldType.UserLookup or FieldType.Lookup or FieldType.DateTime
            or FieldType.Boolean => "INTEGER",
        FieldType.Currency or FieldType.Double => "REAL",
        _ => "TEXT",
    };

    /// <summary>
    /// SQL that turns a stored value of <paramref name="field"/> (a column, or a parameter in stored form)
    /// into its Zoho JSON text, as audit rows keep it; NULL stays NULL.
    /// </summary>
    public static string AuditJson(FieldDefinition field, string x) => field.Type switch
    {
        FieldType.Integer or FieldType.BigInt => $"CAST({x} AS TEXT)",
        // As a REAL first: a whole number bound or read from JSON would otherwise print as 5000, the column's as 5000.0.
        FieldType.Currency or FieldType.Double => $"CAST(CAST({x} AS REAL) AS TEXT)",
        FieldType.Boolean => $"CASE {x} WHEN 1 THEN 'true' WHEN 0 THEN 'false' END",
        FieldType.DateTime => $"json_quote(strftime('%Y-%m-%dT%H:%M:%S+00:00', {x}, 'unixepoch'))",
        FieldType.MultiSelectPicklist => $"json({x})",
        FieldType.OwnerLookup or FieldType.UserLookup or FieldType.Lookup => $"CASE WHEN {x} IS NULL THEN NULL ELSE json_object('id', CAST({x} AS TEXT)) END",
        _ => $"CASE WHEN {x} IS NULL THEN NULL ELSE json_quote({x}) END",
    };

    /// <summary>Writes the database form of a value into a JSON payload that SQL reads with json_each.</summary>
    public static void WritePayload(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case string s: writer.WriteStringValue(s); break;
            // An array inside the payload reaches SQL as its JSON text, which is how the column keeps it.
            case string[] list:
                writer.WriteStartArray();
                foreach (var item in list) writer.WriteStringValue(item);
                writer.WriteEndArray();
                break;
            case long l: writer.WriteNumberValue(l); break;
            case double d: writer.WriteNumberValue(d); break;
            case bool b: writer.WriteNumberValue(b ? 1 : 0); break;
            case DateOnly d: writer.WriteStringValue(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)); break;
            case DateTimeOffset t: writer.WriteNumberValue(t.ToUnixTimeSeconds()); break;
            case UserRef u: writer.WriteNumberValue(u.Id); break;
            case LookupRef r: writer.WriteNumberValue(r.Id); break;
            default: throw new NotSupportedException($"No SQLite form for {value.GetType()}.");
        }
    }

    public static object? ToParameter(object? value) => value switch
    {
        null => DBNull.Value,
        string[] list => JsonSerializer.Serialize(list, SqliteJsonContext.Default.StringArray),
        bool b => b ? 1L : 0L,
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.ToUnixTimeSeconds(),
        UserRef u => u.Id,
        LookupRef r => r.Id,
        _ => value,
    };

    /// <summary>Reads the plain (non-lookup) value of <paramref name="field"/> at <paramref name="ordinal"/>.</summary>
    public static object? Read(DbDataReader reader, int ordinal, FieldDefinition field)
    {
        if (reader.IsDBNull(ordinal)) return null;
        return field.Type switch
        {
            FieldType.Integer or FieldType.BigInt => reader.GetInt64(ordinal),
            FieldType.Currency or FieldType.Double => reader.GetDouble(ordinal),
            FieldType.Boolean => reader.GetInt64(ordinal) != 0,
            FieldType.DateTime => FromUnix(reader.GetInt64(ordinal)),
            FieldType.Date => DateOnly.ParseExact(reader.GetString(ordinal), "yyyy-MM-dd", CultureInfo.InvariantCulture),
            FieldType.MultiSelectPicklist => JsonSerializer.Deserialize(reader.GetString(ordinal), SqliteJsonContext.Default.StringArray),
            FieldType.OwnerLookup or FieldType.UserLookup or FieldType.Lookup => reader.GetInt64(ordinal),
            _ => reader.GetString(ordinal),
        };
    }

    public static DateTimeOffset FromUnix(long seconds) => DateTimeOffset.FromUnixTimeSeconds(seconds);
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string[]))]
internal sealed partial class SqliteJsonContext : System.Text.Json.Serialization.JsonSerializerContext;

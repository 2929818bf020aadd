using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using NpgsqlTypes;
using OpenLeads.Server.Metadata;

namespace OpenLeads.Server.Storage.Postgres;

/// <summary>
/// How each field type is kept in PostgreSQL, and the conversions both ways: native types
/// throughout (timestamptz, date, boolean, text[] for multi-select picklists).
/// </summary>
internal static class PgValues
{
    public static string ColumnType(FieldDefinition field) => field.Type switch
    {
        FieldType.Integer or FieldType.BigInt or FieldType.OwnerLookup or FieldType.UserLookup or FieldType.Lookup => "bigint",
        FieldType.Currency or FieldType.Double => "double precision",
        FieldType.Boolean => "boolean",
        FieldType.Date => "date",
        FieldType.DateTime => "timestamptz",
        FieldType.MultiSelectPicklist => "text[]",
        _ => "text",
    };

    public static NpgsqlDbType DbType(FieldDefinition field) => field.Type switch
    {
        FieldType.Integer or FieldType.BigInt or FieldType.OwnerLookup or FieldType.UserLookup or FieldType.Lookup => NpgsqlDbType.Bigint,
        FieldType.Currency or FieldType.Double => NpgsqlDbType.Double,
        FieldType.Boolean => NpgsqlDbType.Boolean,
        FieldType.Date => NpgsqlDbType.Date,
        FieldType.DateTime => NpgsqlDbType.TimestampTz,
        FieldType.MultiSelectPicklist => NpgsqlDbType.Array | NpgsqlDbType.Text,
        _ => NpgsqlDbType.Text,
    };

    /// <summary>A value as a parameter or COPY value: instants in UTC (timestamptz wants offset 0), references by id.</summary>
    public static object? ToDb(object? value) => value switch
    {
        DateTimeOffset t => t.ToUniversalTime(),
        UserRef u => u.Id,
        LookupRef r => r.Id,
        _ => value,
    };

    public static object? Read(DbDataReader reader, int ordinal, FieldDefinition field)
    {
        if (reader.IsDBNull(ordinal)) return null;
        return field.Type switch
        {
            FieldType.Integer or FieldType.BigInt or FieldType.OwnerLookup or FieldType.UserLookup or FieldType.Lookup => reader.GetInt64(ordinal),
            FieldType.Currency or FieldType.Double => reader.GetDouble(ordinal),
            FieldType.Boolean => reader.GetBoolean(ordinal),
            FieldType.Date => reader.GetFieldValue<DateOnly>(ordinal),
            FieldType.DateTime => reader.GetFieldValue<DateTimeOffset>(ordinal),
            FieldType.MultiSelectPicklist => reader.GetFieldValue<string[]>(ordinal),
            _ => reader.GetString(ordinal),
        };
    }

    /// <summary>
    /// SQL that turns a stored value of <paramref name="field"/> (a column, or a typed expression)
    /// into its Zoho JSON text, as audit rows keep it; NULL stays NULL.
    /// </summary>
    public static string AuditJson(FieldDefinition field, string x) => field.Type switch
    {
        FieldType.Integer or FieldType.BigInt or FieldType.Currency or FieldType.Double or FieldType.Boolean => $"({x})::text",
        FieldType.DateTime => $"to_json(to_char(({x}) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"+00:00\"'))::text",
        FieldType.OwnerLookup or FieldType.UserLookup or FieldType.Lookup => $"CASE WHEN ({x}) IS NULL THEN NULL ELSE json_build_object('id', ({x})::text)::text END",
        _ => $"to_json({x})::text",
    };

    /// <summary>Writes a value into a jsonb payload, in a form <see cref="FromJson"/> casts back.</summary>
    public static void WritePayload(Utf8JsonWriter writer, object? value)
    {
        switch (ToDb(value))
        {
            case null: writer.WriteNullValue(); break;
            case string s: writer.WriteStringValue(s); break;
            case string[] list:
                writer.WriteStartArray();
                foreach (var item in list) writer.WriteStringValue(item);
                writer.WriteEndArray();
                break;
            case long l: writer.WriteNumberValue(l); break;
            case double d: writer.WriteNumberValue(d); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case DateOnly d: writer.WriteStringValue(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)); break;
            case DateTimeOffset t: writer.WriteStringValue(t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)); break;
            case var other: throw new NotSupportedException($"No PostgreSQL form for {other.GetType()}.");
        }
    }

    /// <summary>SQL that reads <paramref name="field"/> from the jsonb object <paramref name="element"/> as its column type.</summary>
    public static string FromJson(FieldDefinition field, string element)
    {
        var key = $"'{field.ApiName}'";
        return field.Type switch
        {
            FieldType.MultiSelectPicklist =>
                $"CASE WHEN jsonb_typeof({element}->{key}) = 'array' THEN ARRAY(SELECT jsonb_array_elements_text({element}->{key})) END",
            _ when ColumnType(field) == "text" => $"{element}->>{key}",
            _ => $"({element}->>{key})::{ColumnType(field)}",
        };
    }
}

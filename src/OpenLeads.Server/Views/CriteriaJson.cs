using System.Text.Json;
using OpenLeads.Server.Metadata;
using OpenLeads.Server.Search;
using OpenLeads.Server.Zoho;

namespace OpenLeads.Server.Views;

/// <summary>Criteria in the structured form Zoho's custom views answer with: comparators, fields and groups.</summary>
public static class CriteriaJson
{
    public static void Write(Utf8JsonWriter w, Criteria criteria)
    {
        w.WriteStartObject();
        switch (criteria)
        {
            case Group group:
                w.WriteString("group_operator"u8, group.IsAnd ? "and" : "or");
                w.WriteStartArray("group"u8);
                foreach (var part in group.Parts) Write(w, part);
                w.WriteEndArray();
                break;
            case Condition condition:
                // Custom views say "equal" where the search syntax says "equals".
                var name = CriteriaOperators.Name(condition.Operator);
                w.WriteString("comparator"u8, name == "equals" ? "equal" : name);
                w.WriteStartObject("field"u8);
                w.WriteString("api_name"u8, condition.Field.ApiName);
                w.WriteString("id"u8, ZohoJson.FormatId(condition.Field.Id));
                w.WriteEndObject();
                w.WritePropertyName("value"u8);
                if (condition.Values.Count == 1) WriteValue(w, condition.Field, condition.Values[0]);
                else
                {
                    w.WriteStartArray();
                    foreach (var value in condition.Values) WriteValue(w, condition.Field, value);
                    w.WriteEndArray();
                }
                break;
        }
        w.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter w, FieldDefinition field, object? value)
    {
        if (value is null) w.WriteStringValue(CriteriaParser.Empty);
        else if (field.Type == FieldType.MultiSelectPicklist) w.WriteStringValue((string)value);
        else FieldJson.Write(w, field, value);
    }
}

using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using OpenLeads.Server.Zoho;

namespace OpenLeads.Server.Metadata;

/// <summary>
/// Turns a JSON value sent for a field into the value OpenLeads stores, or the Zoho error that
/// names the field. Stored forms: string, string[] (multi-select), long (integer and lookup ids),
/// double, bool, DateOnly and DateTimeOffset.
/// </summary>
public static partial class FieldValues
{
    private const long MaxInteger = 999_999_999; // Zoho's integer field holds nine digits,
    private const long MaxBigInt = 999_999_999_999_999_999; // its long integer eighteen.

    public static bool TryParse(FieldDefinition field, JsonElement json, out object? value, [NotNullWhen(false)] out ZohoStatus? error)
    {
        value = null;
        error = null;
        if (json.ValueKind == JsonValueKind.Null)
        {
            // A checkbox always has a value in Zoho: clearing it unticks it.
            if (field.Type == FieldType.Boolean) value = false;
            // Every record has an owner: it can be changed, not removed.
            if (field.Type == FieldType.OwnerLookup)
            {
                error = ZohoErrors.InvalidValue(field);
                return false;
            }
            if (!field.SystemMandatory) return true;
            error = ZohoErrors.MandatoryFieldMissing(field.ApiName);
            return false;
        }

        value = field.Type switch
        {
            FieldType.Text or FieldType.TextArea or FieldType.Phone or FieldType.Email or FieldType.Website => Text(field, json),
            FieldType.Picklist => PickOne(field, json),
            FieldType.MultiSelectPicklist => PickMany(field, json),
            FieldType.Integer => Integer(json, MaxInteger),
            FieldType.BigInt => Integer(json, MaxBigInt),
            FieldType.Currency or FieldType.Double => Number(field, json),
            FieldType.Boolean => Boolean(json),
            FieldType.Date => Date(json),
            FieldType.DateTime => DateTime(json),
            FieldType.OwnerLookup or FieldType.UserLookup or FieldType.Lookup => ReferenceId(json),
            _ => Invalid.Value,
        };

        if (value is Invalid invalid)
        {
            error = invalid.Reason switch
            {
                InvalidReason.TooLong => ZohoErrors.ValueTooLong(field),
                InvalidReason.NotInPickList => ZohoErrors.ValueNotInPickList(field),
                _ => ZohoErrors.InvalidValue(field),
            };
            value = null;
            return false;
        }
        if (value is null && field.SystemMandatory)
        {
            error = ZohoErrors.MandatoryFieldMissing(field.ApiName);
            return false;
        }
        return true;
    }

    private static object Text(FieldDefinition field, JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.String) return Invalid.Value;
        var text = json.GetString()!;
        if (field.Length is { } max && text.Length > max) return Invalid.TooLong;
        var wellFormed = field.Type switch
        {
            FieldType.Email => text.Length == 0 || EmailPattern().IsMatch(text),
            FieldType.Phone => text.Length == 0 || PhonePattern().IsMatch(text),
            FieldType.Website => text.Length == 0 || WebsitePattern().IsMatch(text),
            _ => true,
        };
        return wellFormed ? text : Invalid.Value;
    }

    private static object? PickOne(FieldDefinition field, JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.String) return Invalid.Value;
        var text = json.GetString()!;
        if (text == PickListValue.None) return null;
        return field.PickList.Any(p => p.ActualValue == text) ? text : Invalid.NotInPickList;
    }

    private static object PickMany(FieldDefinition field, JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Array) return Invalid.Value;
        var chosen = new List<string>();
        foreach (var item in json.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String) return Invalid.Value;
            var text = item.GetString()!;
            if (!field.PickList.Any(p => p.ActualValue == text)) return Invalid.NotInPickList;
            if (!chosen.Contains(text)) chosen.Add(text);
        }
        return chosen.ToArray();
    }

    private static object Integer(JsonElement json, long max)
    {
        long number;
        if (json.ValueKind == JsonValueKind.Number)
        {
            if (!json.TryGetInt64(out number)) return Invalid.Value;
        }
        else if (json.ValueKind != JsonValueKind.String
                 || !long.TryParse(json.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out number))
        {
            return Invalid.Value;
        }
        return number > max || number < -max ? Invalid.TooLong : number;
    }

    private static object Number(FieldDefinition field, JsonElement json)
    {
        double number;
        if (json.ValueKind == JsonValueKind.Number)
        {
            if (!json.TryGetDouble(out number)) return Invalid.Value;
        }
        else if (json.ValueKind != JsonValueKind.String
                 || !double.TryParse(json.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out number))
        {
            return Invalid.Value;
        }
        if (!double.IsFinite(number)) return Invalid.Value;
        var rounded = Math.Round(number, field.DecimalPlace ?? 2, MidpointRounding.AwayFromZero);
        var integerDigits = Math.Abs(Math.Truncate(rounded)).ToString("0", CultureInfo.InvariantCulture).Length;
        return field.Length is { } max && integerDigits > max - (field.DecimalPlace ?? 0) ? Invalid.TooLong : rounded;
    }

    private static object Boolean(JsonElement json) => json.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.String when bool.TryParse(json.GetString(), out var b) => b,
        _ => Invalid.Value,
    };

    private static object Date(JsonElement json) =>
        json.ValueKind == JsonValueKind.String
        && DateOnly.TryParseExact(json.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : Invalid.Value;

    private static readonly string[] DateTimeFormats = ["yyyy-MM-dd'T'HH:mm:sszzz", "yyyy-MM-dd'T'HH:mm:ss'Z'"];

    private static object DateTime(JsonElement json) =>
        json.ValueKind == JsonValueKind.String
        && DateTimeOffset.TryParseExact(json.GetString(), DateTimeFormats, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : Invalid.Value;

    /// <summary>A lookup is sent as <c>{"id":"…"}</c>, or as the bare id.</summary>
    private static object ReferenceId(JsonElement json)
    {
        if (json.ValueKind == JsonValueKind.Object)
        {
            if (!json.TryGetProperty("id", out var id)) return Invalid.Value;
            json = id;
        }
        return RecordIds.TryParse(json, out var parsed) ? parsed : Invalid.Value;
    }

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"^[0-9+\-() .xX#*/]+$")]
    private static partial Regex PhonePattern();

    [GeneratedRegex(@"^[^\s]+\.[^\s]+$")]
    private static partial Regex WebsitePattern();

    private enum InvalidReason { WrongType, TooLong, NotInPickList }

    private sealed record Invalid(InvalidReason Reason)
    {
        public static readonly Invalid Value = new(InvalidReason.WrongType);
        public static readonly Invalid TooLong = new(InvalidReason.TooLong);
        public static readonly Invalid NotInPickList = new(InvalidReason.NotInPickList);
    }
}

/// <summary>Record and user ids: positive 64-bit numbers, sent as numeric strings or JSON numbers.</summary>
public static class RecordIds
{
    public static bool TryParse(JsonElement json, out long id)
    {
        id = 0;
        return json.ValueKind switch
        {
            JsonValueKind.Number => json.TryGetInt64(out id) && id > 0,
            JsonValueKind.String => TryParse(json.GetString(), out id),
            _ => false,
        };
    }

    public static bool TryParse(string? text, out long id)
    {
        id = 0;
        return text is { Length: > 0 and <= 19 }
               && text.All(char.IsAsciiDigit)
               && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id)
               && id > 0;
    }

    /// <summary>The id as the client sent it, for echoing back in an error's details.</summary>
    public static string Echo(JsonElement json) => json.ValueKind switch
    {
        JsonValueKind.String => json.GetString()!,
        JsonValueKind.Number => json.GetRawText(),
        _ => json.GetRawText(),
    };
}

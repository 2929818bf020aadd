using System.Text.Json.Nodes;

namespace OpenLeads.Tests.BadInput.Hostile;

/// <summary>JSON values for fields: plausible ones, and ones the field's type is sure to refuse.</summary>
public static class Values
{
    /// <summary>Text that is odd but still text: scripts, combining marks, emoji, controls other than NUL, markup.</summary>
    public static string OddText(Tape t) => t.Pick(
        "x", "", " ", "Zoë Ångström", "مرحبا", "日本語テキスト", "e\u0301\u0301\u0301", "😀👩‍👩‍👧", "a\tb\nc\r", "\u200b\u202e\ufeff",
        "'; DROP TABLE \"Leads\";--", "<script>alert(1)</script>", "%s%n%x", "${EMPTY}", "(City:sideways:x", "\\", "\"", "null",
        new string('w', 300), "\u0085\u2028\u2029", "\uffff\ufffe", "𝕏𝕐", "1e999");

    /// <summary>An id that no record has, or that is no id at all.</summary>
    public static JsonNode? OddId(Tape t) => t.Next(9) switch
    {
        0 => OrgShape.MissingIdPrefix + t.Next(100_000).ToString("D5"),
        1 => "abc",
        2 => -1,
        3 => 1.5,
        4 => null,
        5 => new JsonObject { ["id"] = OrgShape.MissingIdPrefix + "00001" },
        6 => "99999999999999999999999",
        7 => "",
        _ => new JsonArray(1, 2),
    };

    /// <summary>Numbers at and past every edge a parser has.</summary>
    public static JsonNode OddNumber(Tape t) => JsonNode.Parse(t.Pick(
        "1e999", "-1e999", "1e-999", "99999999999999999999999", "-9223372036854775809", "9223372036854775808", "-0", "0.0000001",
        "1.7976931348623157e308", "4.9e-324", "123456789012345678901234567890.5"))!;

    /// <summary>A value of the field's type that may well be accepted (filler around the poison).</summary>
    public static JsonNode? Plausible(FieldShape field, Tape t) => field.DataType switch
    {
        "integer" => t.Next(1000),
        "currency" or "double" => t.Next(100_000) / 100.0,
        "boolean" => t.Chance(50),
        "date" => "2026-0" + (1 + t.Next(9)) + "-1" + t.Next(10),
        "datetime" => "2026-05-1" + t.Next(10) + "T10:00:00+00:00",
        "picklist" when field.PickList.Count > 0 => t.Pick(field.PickList),
        "multiselectpicklist" when field.PickList.Count > 0 => new JsonArray(t.Pick(field.PickList)),
        "ownerlookup" => new JsonObject { ["id"] = "738964000000291009" },
        "lookup" => null,
        "email" => "someone@example.com",
        "phone" => "+1 555 0100",
        "website" => "www.example.com",
        _ => OddText(t) is var text && (field.Length is not { } max || text.Length <= max) ? text : "x",
    };

    /// <summary>A value that this field's type refuses, whatever else the record holds.</summary>
    public static JsonNode? Wrong(FieldShape field, Tape t)
    {
        JsonNode? typeless = t.Next(4) switch { 0 => new JsonObject { ["x"] = 1 }, 1 => new JsonArray(new JsonArray()), 2 => true, _ => 42 };
        JsonNode? tooLong = field.Length is { } max and < 40_000 ? new string('z', max + 1 + t.Next(3)) : typeless;
        return field.DataType switch
        {
            "text" or "textarea" => t.Chance(50) ? typeless is JsonValue v && v.TryGetValue<bool>(out _) ? 42 : typeless : tooLong,
            "email" => t.Pick<JsonNode?>("no-at-sign", "two@@signs.example", "a@b", 42, tooLong),
            "phone" => t.Pick<JsonNode?>("call me!", "555-CALL-NOW", true, tooLong),
            "website" => t.Pick<JsonNode?>("no dots here", "a b.com", 7, tooLong),
            "picklist" => t.Pick<JsonNode?>("No such value ✗", 3, new JsonArray("x"), new JsonObject()),
            "multiselectpicklist" => t.Pick<JsonNode?>("CRM", new JsonArray(1), new JsonArray("No such ✗"), new JsonArray(new JsonArray("CRM"))),
            "integer" => t.Pick<JsonNode?>("abc", 1.5, 1e10, -1e10, "12abc", true, new JsonArray(), JsonNode.Parse("9223372036854775808")),
            "currency" or "double" => t.Pick<JsonNode?>("abc", true, new JsonObject(), JsonNode.Parse("1e400"), 1e300, "1,5"),
            "boolean" => t.Pick<JsonNode?>("perhaps", 2, new JsonObject(), new JsonArray(), "yes"),
            "date" => t.Pick<JsonNode?>("2026-02-30", "31/12/2026", "", "2026-1-1", 20260101, "2026-01-01T00:00:00+00:00"),
            "datetime" => t.Pick<JsonNode?>("yesterday", "2026-01-01T25:00:00+00:00", "2026-01-01", "", 1767225600),
            "ownerlookup" => t.Pick<JsonNode?>(null, new JsonObject { ["id"] = "abc" }, "0", true, new JsonObject { ["name"] = "x" },
                new JsonObject { ["id"] = "738964000000000001" }),
            "lookup" => t.Pick<JsonNode?>(new JsonObject { ["id"] = "abc" }, "0", true, new JsonObject { ["id"] = OrgShape.MissingIdPrefix + "00002" },
                JsonNode.Parse("99999999999999999999")),
            _ => typeless,
        };
    }
}

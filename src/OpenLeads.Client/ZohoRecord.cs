using System.Globalization;
using System.Text.Json.Nodes;

namespace OpenLeads.Client;

/// <summary>
/// A record of any module, backed by Zoho's JSON for it (<see cref="Json"/>): the fields are the
/// module's own, read with typed accessors that answer null when the field is missing, empty or of
/// another shape. A lookup, owner or user field reads as a <see cref="ZohoLookup"/> <c>{id, name}</c>.
/// </summary>
public sealed class ZohoRecord
{
    /// <summary>A new, empty record to fill and insert.</summary>
    public ZohoRecord() : this([])
    {
    }

    /// <summary>A record over Zoho's JSON for it (kept, not copied: changes write through).</summary>
    public ZohoRecord(JsonObject json)
    {
        ArgumentNullException.ThrowIfNull(json);
        Json = json;
    }

    /// <summary>The record as Zoho's JSON.</summary>
    public JsonObject Json { get; }

    /// <summary>The record's id; null for a record not yet inserted.</summary>
    public string? Id => GetString("id");

    /// <summary>The API names of the fields the record holds, in the order the server sent them.</summary>
    public IEnumerable<string> Fields => Json.Select(p => p.Key);

    /// <summary>A field's value as Zoho's JSON; setting it changes the record.</summary>
    public JsonNode? this[string field]
    {
        get => Json[field];
        set => Json[field] = value;
    }

    /// <summary>Sets a field (null clears it when sent); answers the record, so that sets can be chained.</summary>
    public ZohoRecord Set(string field, JsonNode? value)
    {
        Json[field] = value;
        return this;
    }

    /// <summary>Points a lookup (or owner) field at the record (or user) <paramref name="id"/>, as Zoho takes it: <c>{"id":"…"}</c>.</summary>
    public ZohoRecord SetLookup(string field, string id) => Set(field, new JsonObject { ["id"] = id });

    /// <summary>Text, picklist, email, phone, date and other string-valued fields.</summary>
    public string? GetString(string field) => Json[field] is JsonValue v && v.TryGetValue<string>(out var text) ? text : null;

    /// <summary>An integer field (a whole number, or its digits as text, as Zoho writes bigint).</summary>
    public long? GetInt64(string field) => Json[field] switch
    {
        JsonValue v when v.TryGetValue<long>(out var n) => n,
        JsonValue v when v.TryGetValue<string>(out var t) && long.TryParse(t, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) => n,
        _ => null,
    };

    /// <summary>A currency, decimal or double field.</summary>
    public decimal? GetDecimal(string field) => Json[field] switch
    {
        JsonValue v when v.TryGetValue<decimal>(out var n) => n,
        JsonValue v when v.TryGetValue<string>(out var t) && decimal.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) => n,
        _ => null,
    };

    /// <summary>A double (or any number) field.</summary>
    public double? GetDouble(string field) => Json[field] is JsonValue v && v.TryGetValue<double>(out var n) ? n : null;

    /// <summary>A boolean (checkbox) field.</summary>
    public bool? GetBoolean(string field) => Json[field] is JsonValue v && v.TryGetValue<bool>(out var b) ? b : null;

    /// <summary>A date field (<c>2026-12-31</c>).</summary>
    public DateOnly? GetDate(string field) =>
        DateOnly.TryParseExact(GetString(field), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    /// <summary>A date-time field (<c>2026-12-31T09:30:00+01:00</c>).</summary>
    public DateTimeOffset? GetDateTime(string field) =>
        DateTimeOffset.TryParse(GetString(field), CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) ? time : null;

    /// <summary>A multi-select picklist's values (empty when it has none).</summary>
    public IReadOnlyList<string> GetStrings(string field) =>
        Json[field] is JsonArray list ? [.. list.OfType<JsonValue>().Select(v => v.TryGetValue<string>(out var t) ? t : null).OfType<string>()] : [];

    /// <summary>A lookup, owner or user field: the id and name of the record (or user) it points at.</summary>
    public ZohoLookup? GetLookup(string field) =>
        Json[field] is JsonObject o && o["id"] is JsonValue id && id.TryGetValue<string>(out var text)
            ? new ZohoLookup(text, o["name"] is JsonValue n && n.TryGetValue<string>(out var name) ? name : null)
            : null;

    /// <inheritdoc />
    public override string ToString() => Json.ToJsonString();
}

/// <summary>A lookup's value as Zoho answers it: the id of the record (or user) it points at, and that record's name.</summary>
/// <param name="Id">The record's id.</param>
/// <param name="Name">The value of its module's display field (e.g. an Account's <c>Account_Name</c>), as the server sent it.</param>
public sealed record ZohoLookup(string Id, string? Name);

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OpenLeads.Server.Storage;

namespace OpenLeads.Server.Metadata;

/// <summary>Reading the values of Zoho's metadata objects, each failure naming the file and the key.</summary>
internal static partial class OrgJson
{
    /// <summary>Api names become table and column names: letters, digits and underscores only, as Zoho makes them.</summary>
    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,99}$")]
    private static partial Regex ApiNamePattern();

    public static string Name(JsonObject json, string key, string file)
    {
        var name = Text(json, key) ?? throw new OrgFolderException(file, $"an entry has no \"{key}\"");
        return ApiNamePattern().IsMatch(name) ? name
            : throw new OrgFolderException(file, $"\"{key}\" '{name}' is not an api name (a letter, then letters, digits and underscores)");
    }

    public static string? Text(JsonObject json, string key) =>
        json[key] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    public static bool Flag(JsonObject json, string key, bool fallback = false) =>
        json[key] is JsonValue value && value.GetValueKind() is JsonValueKind.True or JsonValueKind.False ? value.GetValue<bool>() : fallback;

    public static int? Integer(JsonObject json, string key) =>
        json[key] is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<int>(out var n) ? n : null;

    /// <summary>An id, as Zoho writes them (a numeric string) or as a number; null when absent.</summary>
    public static long? Id(JsonNode? node) => node switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String
            && long.TryParse(v.GetValue<string>(), NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0 => id,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out var id) && id > 0 => id,
        _ => null,
    };

    public static DateTimeOffset Time(JsonObject json, string key, DateTimeOffset fallback) =>
        Text(json, key) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time : fallback;

    /// <summary>A user of <c>GET /crm/v8/users</c>.</summary>
    public static UserRow User(JsonObject json, string file)
    {
        var id = Id(json["id"]) ?? throw new OrgFolderException(file, "a user has no \"id\"");
        var email = Text(json, "email") ?? throw new OrgFolderException(file, $"user {id} has no \"email\"");
        var first = Text(json, "first_name") ?? "";
        var last = Text(json, "last_name") ?? Text(json, "full_name") ?? email;
        var role = json["role"] as JsonObject;
        var profile = json["profile"] as JsonObject;
        return new UserRow(id, first, last, email,
            role is null ? "CEO" : Text(role, "name") ?? "CEO", role is null ? DerivedIds.For($"role:{id}") : Id(role["id"]) ?? DerivedIds.For($"role:{id}"),
            profile is null ? "Administrator" : Text(profile, "name") ?? "Standard",
            profile is null ? DerivedIds.For($"profile:{id}") : Id(profile["id"]) ?? DerivedIds.For($"profile:{id}"),
            Text(json, "status") ?? "active", Time(json, "created_time", new DateTimeOffset(2021, 5, 7, 6, 0, 0, TimeSpan.Zero)));
    }
}

/// <summary>
/// Ids for what an org folder leaves without one (a hand-written field, a module's "All" view): the
/// same name always gets the same id, in a range that record and object ids never reach.
/// </summary>
public static class DerivedIds
{
    private const long Base = 738964000001000000;

    public static long For(string name)
    {
        // FNV-1a: stable across runs and platforms, unlike string.GetHashCode.
        var hash = 14695981039346656037UL;
        foreach (var c in name)
        {
            hash ^= c;
            hash *= 1099511628211UL;
        }
        return Base + (long)(hash % 999_999UL) + 1;
    }
}

/// <summary>Names of tables, columns and indexes made from api names.</summary>
public static class OrgNames
{
    /// <summary>
    /// A table or column name for an api name: the api name itself, unless longer than PostgreSQL's 63
    /// bytes allow, then its start and a hash of the whole (api names are ASCII letters, digits and underscores).
    /// </summary>
    public static string Identifier(string apiName) =>
        apiName.Length <= 59 ? apiName : $"{apiName[..50]}_{DerivedIds.For(apiName) % 100_000_000:x8}";
}

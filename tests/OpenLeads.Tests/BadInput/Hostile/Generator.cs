using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpenLeads.Tests.BadInput.Hostile;

/// <summary>
/// Builds one hostile request for any endpoint from a tape of choices. Every request that could write
/// carries a defect the server must refuse (a value its field's type cannot hold, an id that does not
/// exist, a broken body, missing credentials), so a correct server changes no data at all; the
/// mutations applied afterwards (bytes, query, path, method, headers) never remove that defect.
/// </summary>
public static partial class Generator
{
    private static readonly JsonSerializerOptions Raw = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private sealed record Draft(string Method, string Path, JsonNode? Json, Credentials Credentials, string Recipe)
    {
        public byte[]? Bytes { get; init; }
        public string? ContentType { get; init; } = "application/json";
    }

    public static HostileRequest Build(Tape t, OrgShape org)
    {
        var module = t.Pick(org.Modules.Keys.ToArray());
        var draft = t.Next(23) switch
        {
            0 => MassUpdate(t, org, module),
            1 => MassUpdate(t, org, module),
            2 => Insert(t, org, module),
            3 => UpdateMany(t, org, module),
            4 => UpdateOne(t, org, module),
            5 => Delete(t, module),
            6 => Read(t, $"/crm/{Version(t)}/{ModuleName(t, module)}", ListQuery(t, org, module)),
            7 => Read(t, $"/crm/{Version(t)}/{ModuleName(t, module)}/{PathId(t, org)}", ""),
            8 => Read(t, $"/crm/{Version(t)}/{ModuleName(t, module)}/search", SearchQuery(t, org, module)),
            9 => Read(t, $"/crm/{Version(t)}/{ModuleName(t, module)}/{PathId(t, org)}/__timeline", ""),
            10 => Read(t, $"/crm/{Version(t)}/{ModuleName(t, module)}/actions/mass_update", $"job_id={Uri.EscapeDataString(Id(t))}"),
            11 => Read(t, $"/crm/{Version(t)}/settings/fields", $"module={Uri.EscapeDataString(ModuleName(t, module))}"),
            12 => Read(t, $"/crm/{Version(t)}/settings/fields/{Uri.EscapeDataString(t.Pick(org.Modules[module]).ApiName)}", $"module={module}"),
            13 => Read(t, $"/crm/{Version(t)}/users", $"type={t.Pick("CurrentUser", "AllUsers", "AdminUsers", "Everyone", "", "DeletedUsers")}"),
            14 => Read(t, $"/crm/{Version(t)}/settings/custom_views{(t.Chance(50) ? "/" + Uri.EscapeDataString(Id(t, org.ViewIds)) : "")}",
                $"module={ModuleName(t, module)}"),
            15 => Read(t, $"/crm/{Version(t)}/settings/territories", ""),
            16 => Read(t, t.Pick("/health", "/", "/console/console.js", "/favicon.ico", "/crm", "/crm/v2", "/__admin"), ""),
            17 => TokenRequest(t),
            18 => Read(t, $"/crm/{Version(t)}/{ModuleName(t, module)}/actions/count", t.Chance(30)
                ? $"cvid={Uri.EscapeDataString(Id(t, org.ViewIds))}" : SearchQuery(t, org, module)),
            _ => Admin(t, org, module),
        };
        return Mutations.Apply(t, draft.Method, draft.Path, draft.Bytes ?? (draft.Json is null ? null : Encode(t, draft.Json)),
            draft.ContentType, draft.Credentials, draft.Recipe);
    }

    /// <summary>JSON text, with non-ASCII written raw or escaped.</summary>
    private static byte[] Encode(Tape t, JsonNode json) =>
        Encoding.UTF8.GetBytes(t.Chance(50) ? json.ToJsonString(Raw) : json.ToJsonString());

    private static string Version(Tape t) => t.Next(10) switch
    {
        < 4 => "v2",
        < 7 => "v8",
        7 => t.Pick("v2.1", "v3", "v4", "v5", "v6", "v7"),
        _ => t.Pick("v1", "v9", "v2.2", "V2", "v08", "v", "v-1", "v99999999999"),
    };

    /// <summary>The module as a client might spell it; an unknown name never names a module of the org.</summary>
    private static string ModuleName(Tape t, string module) => t.Next(8) switch
    {
        < 5 => module,
        5 => module.ToLowerInvariant(),
        6 => module.ToUpperInvariant(),
        _ => Uri.EscapeDataString(module + t.Pick("zz", "s ", "💥zz", ".zz", "%zz")),
    };

    private static string Id(Tape t, IReadOnlyList<string>? known = null) =>
        known is { Count: > 0 } && t.Chance(30) ? t.Pick(known) : Values.OddId(t) is JsonValue v ? v.ToString() : OrgShape.MissingIdPrefix + "7";

    /// <summary>An id in a path: one that exists (only where the request is otherwise refused), one that does not, or none.</summary>
    private static string PathId(Tape t, OrgShape org) => t.Next(4) switch
    {
        0 => t.Pick(org.RecordIds),
        1 => OrgShape.MissingIdPrefix + t.Next(99999).ToString("D5"),
        2 => Uri.EscapeDataString(Values.OddText(t)) is { Length: > 0 } odd ? odd : "%20",
        _ => t.Pick("-1", "0", "00000000000000000000001", "99999999999999999999", "1.5", "1e3"),
    };

    /// <summary>A missing id for a path that writes: never one that exists.</summary>
    private static string MissingPathId(Tape t) => t.Chance(60)
        ? OrgShape.MissingIdPrefix + t.Next(99999).ToString("D5")
        : t.Pick("-1", "0", "abc", "99999999999999999999", "%20", "1.5");

    private static Draft Read(Tape t, string path, string query) =>
        new("GET", query.Length == 0 ? path : $"{path}?{query}", null, t.Chance(90) ? Credentials.DevToken : t.Pick(Credentials.None, Credentials.Garbage),
            "read") { ContentType = null };

    private static string ListQuery(Tape t, OrgShape org, string module)
    {
        var fields = org.Modules[module];
        var parts = new List<string>();
        if (t.Chance(40)) parts.Add($"page={t.Pick("1", "2", "0", "-1", "99999999999", "2147483648", "x", "")}");
        if (t.Chance(40)) parts.Add($"per_page={t.Pick("1", "200", "201", "0", "-5", "1e2", "999999999999")}");
        if (t.Chance(40)) parts.Add($"sort_by={Uri.EscapeDataString(t.Chance(70) ? t.Pick(fields).ApiName : Values.OddText(t))}");
        if (t.Chance(30)) parts.Add($"sort_order={t.Pick("asc", "desc", "ASC", "sideways", "")}");
        if (t.Chance(30)) parts.Add($"fields={Uri.EscapeDataString(string.Join(',', Enumerable.Range(0, 1 + t.Next(4)).Select(_ => t.Chance(80) ? t.Pick(fields).ApiName : Values.OddText(t))))}");
        if (t.Chance(30)) parts.Add($"ids={Uri.EscapeDataString(string.Join(',', Enumerable.Range(0, 1 + t.Next(4)).Select(_ => t.Chance(50) ? t.Pick(org.RecordIds) : Id(t))))}");
        if (t.Chance(25)) parts.Add($"cvid={Uri.EscapeDataString(Id(t, org.ViewIds))}");
        return string.Join('&', parts);
    }

    private static string SearchQuery(Tape t, OrgShape org, string module) => t.Next(5) switch
    {
        0 or 1 => $"criteria={Uri.EscapeDataString(Criteria(t, org.Modules[module], 0))}",
        2 => $"email={Uri.EscapeDataString(t.Pick("someone@example.com", Values.OddText(t)))}",
        3 => $"phone={Uri.EscapeDataString(t.Pick("+1 555 0100", Values.OddText(t)))}",
        _ => $"word={Uri.EscapeDataString(Values.OddText(t))}",
    } + (t.Chance(20) ? "&" + ListQuery(t, org, module) : "");

    private static readonly string[] Operators =
        ["equals", "not_equal", "starts_with", "ends_with", "contains", "not_contains", "in", "not_in", "greater_than", "greater_equal",
         "less_than", "less_equal", "between", "like", "EQUALS", ""];

    /// <summary>Criteria in Zoho's grammar, mostly well formed, with odd fields, operators, values and nesting.</summary>
    private static string Criteria(Tape t, IReadOnlyList<FieldShape> fields, int depth)
    {
        if (depth < 3 && t.Chance(25))
        {
            return $"({Criteria(t, fields, depth + 1)}{t.Pick("and", "or", "AND", "xor", "")}{Criteria(t, fields, depth + 1)})";
        }
        if (t.Chance(8)) return t.Pick("(", ")", "((City:equals:x)", "(City:equals)", "City:equals:x", "()", "(:::)", new string('(', 200));
        var field = t.Chance(85) ? t.Pick(fields) : null;
        var value = field is null ? Values.OddText(t) : t.Chance(50) ? Values.Plausible(field, t)?.ToString() ?? "${EMPTY}" : Values.OddText(t);
        if (t.Chance(20)) value = string.Join(',', value, Values.OddText(t));
        return $"({field?.ApiName ?? Values.OddText(t)}:{t.Pick(Operators)}:{value})";
    }
}

using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using OpenLeads.Client;

namespace OpenLeads.Cli;

/// <summary>
/// A refused call as one sentence: Zoho's code, message and details; for a scope mismatch, the scope
/// the call needs; for the accounts server, which credential it refused. <c>--verbose</c> adds the raw answer.
/// </summary>
internal static class Refusals
{
    /// <summary>OpenLeads names the scope a refused call needs in this header; Zoho sends none, so the tool also knows it itself.</summary>
    public const string ErrorHeader = "X-OpenLeads-Error";
    private const string RequiredScopePrefix = "required-scope=";
    private const string TokenPath = "/oauth/v2/token";

    public static string Sentence(ZohoApiException e)
    {
        if (e.RequestUri?.AbsolutePath == TokenPath) return AccountsSentence(e);
        var code = e.Code is null ? "" : $" {e.Code}";
        var details = e.Details is JsonObject { Count: > 0 } or JsonArray { Count: > 0 } or JsonValue ? $" {Report.Compact(e.Details)}" : "";
        var sentence = $"the server refused the request: {(int)e.HttpStatus}{code} {ZohoMessage(e)}{details}";
        if (e.Code is null) sentence += " (not Zoho's JSON; --verbose shows the answer)";
        if (e.Code == "OAUTH_SCOPE_MISMATCH" && MissingScope(e) is { } scope) sentence += $"; {ScopeAdvice(scope)}";
        return sentence;
    }

    private static string AccountsSentence(ZohoApiException e)
    {
        var at = $"the accounts server at {e.RequestUri}";
        return e.Code switch
        {
            "invalid_client" => $"{at} refused the client credentials (invalid_client): check the client id and secret.",
            "invalid_code" => $"{at} refused the refresh token (invalid_code): check it, or log in again with a new one.",
            { } error => $"{at} issued no access token ({error}).",
            null => $"{at} issued no access token: {(int)e.HttpStatus} {e.HttpStatus} (--verbose shows the answer).",
        };
    }

    /// <summary>"the call needs scope X, which the token lacks (ZohoCRM.group.ALL covers it)".</summary>
    public static string ScopeAdvice(string scope)
    {
        var parts = scope.Split('.');
        var broad = parts.Length >= 3 && parts[^1] != "ALL" ? $" ({parts[0]}.{parts[1]}.ALL covers it)" : "";
        return $"the call needs scope {scope}, which the token lacks{broad}";
    }

    /// <summary>The scope a refused call needs: as the server named it, or else as Zoho's scope table gives it for that call.</summary>
    public static string? MissingScope(ZohoApiException e) =>
        HeaderScope(e.Headers) ?? (e.RequestMethod is { } method && e.RequestUri is { } uri ? NeededScope(method, uri) : null);

    private static string? HeaderScope(HttpResponseHeaders headers) =>
        headers.TryGetValues(ErrorHeader, out var values)
            ? values.SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries))
                .FirstOrDefault(v => v.StartsWith(RequiredScopePrefix, StringComparison.Ordinal))?[RequiredScopePrefix.Length..]
            : null;

    /// <summary>
    /// Zoho's scope for a call of the CRM API (<c>/crm/{version}/…</c>), narrowest form, module in lower
    /// case: what <c>ZohoCRM.{group}.ALL</c> and the wider grants cover.
    /// </summary>
    public static string? NeededScope(HttpMethod method, Uri uri)
    {
        var path = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (path.Length < 3 || path[0] != "crm") return null;
        var read = method == HttpMethod.Get;
        return path[2..] switch
        {
            ["settings", var setting, ..] => $"ZohoCRM.settings.{setting}.READ",
            ["users", ..] => "ZohoCRM.users.READ",
            ["org", ..] => "ZohoCRM.org.READ",
            [var module, "actions", "mass_update"] => $"ZohoCRM.mass_update.{module.ToLowerInvariant()}.{(read ? "READ" : "UPDATE")}",
            [var module, ..] => $"ZohoCRM.modules.{module.ToLowerInvariant()}.{Operation(method)}",
            _ => null,
        };
    }

    private static string Operation(HttpMethod method) =>
        method == HttpMethod.Post ? "CREATE" : method == HttpMethod.Put ? "UPDATE" : method == HttpMethod.Delete ? "DELETE" : "READ";

    private static string ZohoMessage(ZohoApiException e)
    {
        try
        {
            if (JsonNode.Parse(e.Body) is JsonObject body && body["message"] is JsonValue m && m.TryGetValue<string>(out var text)) return text;
        }
        catch (System.Text.Json.JsonException)
        {
            // Not JSON (a proxy's page): the status's own name below.
        }
        return e.HttpStatus.ToString();
    }

    /// <summary>The answer as it came, as the seed's client prints it on an error: status, body, headers.</summary>
    public static IEnumerable<string> Raw(ZohoApiException e) =>
    [
        $"Response Status Code = {(int)e.HttpStatus}",
        "Response Body:",
        e.Body,
        "Response Header:",
        .. e.Headers.Select(h => $"{h.Key}: {string.Join(", ", h.Value)}"),
    ];
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace OpenLeads.Testing;

/// <summary>Calls of the server's control API (<c>/__admin</c>) with its key; a refusal raises <see cref="OpenLeadsControlException"/>.</summary>
internal sealed class ControlApi : IDisposable
{
    private readonly HttpClient _http;

    public ControlApi(Uri apiDomain, string adminKey)
    {
        _http = new HttpClient { BaseAddress = new Uri(apiDomain, "/__admin/") };
        _http.DefaultRequestHeaders.Add("X-OpenLeads-Admin-Key", adminKey);
    }

    public async Task<JsonObject> SendAsync(HttpMethod method, string path, JsonNode? body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = JsonContent.Create(body);
        using var response = await _http.SendAsync(request, ct).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        JsonNode? json = null;
        try
        {
            json = text.Length == 0 ? null : JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            // Not JSON: the exception below carries the text as it came.
        }
        if (!response.IsSuccessStatusCode) throw new OpenLeadsControlException(method, path, response.StatusCode, json as JsonObject, text);
        return json as JsonObject ?? [];
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>The control API refused a helper's call: <see cref="Code"/> and <see cref="Details"/> say why, as Zoho's errors do.</summary>
public sealed class OpenLeadsControlException : Exception
{
    internal OpenLeadsControlException(HttpMethod method, string path, HttpStatusCode status, JsonObject? error, string body)
        : base($"{method} /__admin/{path} answered {(int)status} {error?["code"]}: {error?["message"] ?? body}")
    {
        (Status, Code, Details, Body) = (status, error?["code"]?.ToString(), error?["details"], body);
    }

    /// <summary>The HTTP status of the answer.</summary>
    public HttpStatusCode Status { get; }

    /// <summary>The Zoho error code, e.g. <c>INVALID_DATA</c>.</summary>
    public string? Code { get; }

    /// <summary>The error's <c>details</c> object.</summary>
    public JsonNode? Details { get; }

    /// <summary>The body as it came.</summary>
    public string Body { get; }
}

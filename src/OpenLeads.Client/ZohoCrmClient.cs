using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace OpenLeads.Client;

/// <summary>
/// A client of the Zoho CRM REST API that works unchanged against Zoho CRM and OpenLeads: records,
/// fields, custom views, the mass update by ids (any number, sent 500 at a time) and by custom view,
/// and mass update jobs. It signs in with a fixed token or with OAuth, refreshing the access token
/// when it expires; calls answered 429 or 5xx are tried again. Per-record failures are returned as
/// <see cref="RecordOutcome"/> values; a call refused as a whole raises <see cref="ZohoApiException"/>.
/// </summary>
public sealed partial class ZohoCrmClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly ZohoTokenSource _tokens;
    private readonly bool _ownsTokens;
    private readonly TimeProvider _clock;

    /// <summary>A client with its own HTTP connection pool and retry handler.</summary>
    public ZohoCrmClient(ZohoCrmClientOptions options, TimeProvider? clock = null)
        : this(options, new HttpClient(new RetryHandler(options.MaxRetries, options.RetryDelay, clock, options.AttemptTimeout) { InnerHandler = new SocketsHttpHandler() }),
            clock, ownsHttp: true, tokens: null)
    {
    }

    /// <summary>
    /// A client over <paramref name="http"/>, e.g. one from <c>IHttpClientFactory</c> (see
    /// <c>AddZohoCrmClient</c>); give it a <see cref="RetryHandler"/> for retries.
    /// </summary>
    public ZohoCrmClient(ZohoCrmClientOptions options, HttpClient http, TimeProvider? clock = null)
        : this(options, http, clock, ownsHttp: false, tokens: null)
    {
    }

    /// <summary>A client whose access tokens come from <paramref name="tokens"/>, shared by every client made for the same options.</summary>
    internal ZohoCrmClient(ZohoCrmClientOptions options, HttpClient http, TimeProvider? clock, bool ownsHttp, ZohoTokenSource? tokens)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        (Options, _http, _ownsHttp, _clock) = (options, http, ownsHttp, clock ?? TimeProvider.System);
        (_tokens, _ownsTokens) = tokens is null ? (new ZohoTokenSource(options, _clock), true) : (tokens, false);
    }

    /// <summary>The options this client was made with.</summary>
    public ZohoCrmClientOptions Options { get; }

    /// <summary>Sent with every write, the same on each of its retries, so that OpenLeads applies a retried write once.</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>Asks OpenLeads what a mass update would answer, changing nothing.</summary>
    public const string PreviewHeader = "X-OpenLeads-Preview";

    private string CrmPath(string path) => $"/crm/{Options.ApiVersion}/{path}";

    /// <summary>
    /// Sends one call with the access token; a token the API calls invalid is refreshed and the call
    /// sent once more. Answers the JSON body (null for 204), or raises <see cref="ZohoApiException"/>
    /// for an HTTP error whose body is not a <c>data</c> array of per-record outcomes.
    /// </summary>
    internal async Task<JsonObject?> SendAsync(HttpMethod method, string path, JsonNode? body, CancellationToken ct, bool preview = false,
        Action<HttpResponseHeaders>? headers = null)
    {
        string? rejected = null;
        // One key for every try of this write (the retry handler's and the token refresh's): the server applies it once.
        var key = method == HttpMethod.Get ? null : Guid.NewGuid().ToString("N");
        for (var attempt = 0; ; attempt++)
        {
            var token = await _tokens.GetAsync(_http, rejected, ct).ConfigureAwait(false);
            using var request = new HttpRequestMessage(method, new Uri(Options.ResolvedApiDomain, path));
            request.Headers.Authorization = new AuthenticationHeaderValue("Zoho-oauthtoken", token);
            if (key is not null) request.Headers.TryAddWithoutValidation(IdempotencyKeyHeader, key);
            if (preview) request.Headers.TryAddWithoutValidation(PreviewHeader, "true");
            if (body is not null) request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
            using var response = await _http.SendAsync(request, ct).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            var json = Parse(text);
            if (response.StatusCode == HttpStatusCode.Unauthorized && Text(json, "code") == "INVALID_TOKEN" && _tokens.CanRefresh && attempt == 0)
            {
                rejected = token;
                continue;
            }
            headers?.Invoke(response.Headers);
            if (response.IsSuccessStatusCode || json?["data"] is JsonArray) return json;
            throw new ZohoApiException(response.StatusCode, Text(json, "code"), Text(json, "message") ?? response.ReasonPhrase ?? "request failed",
                json?["details"], text, response.Headers, request);
        }
    }

    /// <summary>The body as a JSON object; null when it is empty, not JSON, or not an object (e.g. a proxy's error page).</summary>
    private static JsonObject? Parse(string text)
    {
        if (text.Length == 0) return null;
        try
        {
            return JsonNode.Parse(text) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>A string property of <paramref name="json"/>, or null when it is missing or not a string.</summary>
    private static string? Text(JsonNode? json, string name) =>
        json is JsonObject o && o[name] is JsonValue v && v.TryGetValue<string>(out var text) ? text : null;

    /// <summary>The per-record entries of a <c>data</c> array, matched to the ids they answer, in order.</summary>
    private static IEnumerable<RecordOutcome> Outcomes(JsonNode? answer, string[] ids)
    {
        var data = answer?["data"] as JsonArray ?? [];
        // One entry for many ids is a request-level answer (e.g. "No field found"): it holds for each of them.
        var shared = data.Count == 1 && ids.Length > 1;
        for (var i = 0; i < ids.Length; i++)
        {
            var entry = (shared ? data[0] : i < data.Count ? data[i] : null) as JsonObject;
            yield return new RecordOutcome(ids[i], Text(entry, "code") ?? "NO_ANSWER", Text(entry, "status") ?? "error",
                Text(entry, "message") ?? "the server answered no entry for this record",
                entry?["details"]?.DeepClone() as JsonObject ?? []);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsTokens) _tokens.Dispose();
        if (_ownsHttp) _http.Dispose();
    }
}

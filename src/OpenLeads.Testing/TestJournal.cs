using System.Globalization;
using System.Text.Json.Nodes;

namespace OpenLeads.Testing;

/// <summary>
/// The server's request journal (<c>GET/DELETE /__admin/requests</c>): each call to <c>/crm</c>, <c>/oauth</c> and
/// <c>/openleads</c>, oldest first, with tokens and secrets masked. Clear it, run the code under test, then
/// assert exactly what it sent.
/// </summary>
public sealed class TestJournal
{
    private readonly ControlApi _control;

    internal TestJournal(ControlApi control) => _control = control;

    /// <summary>
    /// The recorded calls, oldest first: only <paramref name="method"/>'s, only paths matching <paramref name="path"/>
    /// (<c>*</c> matches anything: <c>/crm/v8/Leads/*</c>), only those after entry <paramref name="sinceId"/>, the last <paramref name="limit"/>.
    /// </summary>
    public async Task<IReadOnlyList<RecordedRequest>> ListAsync(string? method = null, string? path = null, long? sinceId = null, int limit = 100,
        CancellationToken cancellationToken = default)
    {
        var query = new List<string> { $"limit={limit.ToString(CultureInfo.InvariantCulture)}" };
        if (method is not null) query.Add("method=" + Uri.EscapeDataString(method));
        if (path is not null) query.Add("path=" + Uri.EscapeDataString(path));
        if (sinceId is { } since) query.Add("since=" + since.ToString(CultureInfo.InvariantCulture));
        var answer = await _control.SendAsync(HttpMethod.Get, "requests?" + string.Join('&', query), null, cancellationToken).ConfigureAwait(false);
        return [.. answer["requests"]!.AsArray().Select(r => RecordedRequest.From(r!.AsObject()))];
    }

    /// <summary>The one recorded call of <paramref name="method"/> on a path matching <paramref name="path"/>; fails when there is none or more than one.</summary>
    public async Task<RecordedRequest> SingleAsync(string method, string path, CancellationToken cancellationToken = default)
    {
        var found = await ListAsync(method, path, cancellationToken: cancellationToken).ConfigureAwait(false);
        return found.Count == 1
            ? found[0]
            : throw new InvalidOperationException($"The journal holds {found.Count} calls of {method} {path}, not one.");
    }

    /// <summary>Empties the journal.</summary>
    public Task ClearAsync(CancellationToken cancellationToken = default) => _control.SendAsync(HttpMethod.Delete, "requests", null, cancellationToken);
}

/// <summary>One call as the server received and answered it.</summary>
/// <param name="Id">Its place in the journal (for <c>sinceId</c>).</param>
/// <param name="Time">When it arrived.</param>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The path, e.g. <c>/crm/v8/Leads/actions/mass_update</c>.</param>
/// <param name="Query">The query string with its <c>?</c>, or empty.</param>
/// <param name="Headers">The request headers, tokens and secrets masked.</param>
/// <param name="Body">The body as text (up to the journal's cap), secrets masked; null when there was none.</param>
/// <param name="BodyBytes">The body's whole length.</param>
/// <param name="BodyTruncated">Whether <paramref name="Body"/> stops at the cap.</param>
/// <param name="Status">The HTTP status answered.</param>
/// <param name="DurationMs">How long the answer took.</param>
/// <param name="Code">The Zoho code answered (<c>SUCCESS</c>, <c>INVALID_DATA</c>, …), when there was one.</param>
public sealed record RecordedRequest(long Id, DateTimeOffset Time, string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers,
    string? Body, long BodyBytes, bool BodyTruncated, int Status, double DurationMs, string? Code)
{
    /// <summary>The body parsed as JSON (null when it is empty or not JSON).</summary>
    public JsonNode? Json
    {
        get
        {
            if (string.IsNullOrEmpty(Body)) return null;
            try
            {
                return JsonNode.Parse(Body);
            }
            catch (System.Text.Json.JsonException)
            {
                return null;
            }
        }
    }

    internal static RecordedRequest From(JsonObject json) => new(
        json["id"]!.GetValue<long>(),
        DateTimeOffset.Parse(json["time"]!.GetValue<string>(), CultureInfo.InvariantCulture),
        json["method"]!.GetValue<string>(),
        json["path"]!.GetValue<string>(),
        json["query"]!.GetValue<string>(),
        json["headers"]!.AsObject().ToDictionary(h => h.Key, h => h.Value!.GetValue<string>(), StringComparer.OrdinalIgnoreCase),
        json["body"]?.GetValue<string>(),
        json["body_bytes"]!.GetValue<long>(),
        json["body_truncated"]!.GetValue<bool>(),
        json["status"]!.GetValue<int>(),
        json["duration_ms"]!.GetValue<double>(),
        json["code"]?.GetValue<string>());
}

using System.Globalization;
using System.Text.Json.Nodes;
using OpenLeads.Server.Zoho;

namespace OpenLeads.Server.Metadata.Answers;

/// <summary>
/// How every metadata answer is sent: <c>{"key":[…]}</c> (and <c>info</c>), or 304 without a body when
/// the request's <c>If-Modified-Since</c> is no earlier than the answer's last change, as Zoho's SDKs
/// expect. Zoho documents no <c>Last-Modified</c> header on these answers, so none is written.
/// </summary>
public static class MetadataResults
{
    public static IResult Answer(HttpContext http, Org org, string key, JsonArray items, JsonObject? info = null, DateTimeOffset? changed = null)
    {
        var modified = Modified(org, items, changed);
        if (IfModifiedSince(http.Request) is { } since && modified <= since)
        {
            return new NotModified();
        }
        var body = new JsonObject { [key] = items };
        if (info is not null) body["info"] = info;
        return ZohoResults.Json(StatusCodes.Status200OK, w => body.WriteTo(w));
    }

    /// <summary>The answer's last change: the org's snapshot, or a later <c>modified_time</c> of an object it holds.</summary>
    public static DateTimeOffset Modified(Org org, JsonArray items, DateTimeOffset? changed = null)
    {
        var latest = changed is { } c && c > org.LoadedAt ? c : org.LoadedAt;
        foreach (var item in items.OfType<JsonObject>())
        {
            if (OrgJson.Text(item, "modified_time") is { } text
                && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) && time > latest)
            {
                latest = time;
            }
        }
        return latest;
    }

    /// <summary>Zoho documents the header in ISO 8601 (<c>2019-07-25T15:26:49+05:30</c>); HTTP's own date form is read too.</summary>
    private static DateTimeOffset? IfModifiedSince(HttpRequest request)
    {
        var value = request.Headers.IfModifiedSince.ToString();
        if (value.Length == 0) return null;
        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var since) ? since : null;
    }

    private sealed class NotModified : IResult, IStatusCodeHttpResult
    {
        public int? StatusCode => StatusCodes.Status304NotModified;

        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }
    }
}

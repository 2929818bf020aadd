using System.Globalization;
using OpenLeads.Server.Zoho;

namespace OpenLeads.Server.Journal;

/// <summary>
/// The journal through the control API: <c>GET /__admin/requests?method=&amp;path=&amp;since=&amp;limit=</c>, oldest
/// first, and <c>DELETE /__admin/requests</c> to empty it (between the tests that read it, say).
/// </summary>
public static class JournalApi
{
    public const int DefaultLimit = 100;

    public static RouteGroupBuilder MapJournal(this RouteGroupBuilder admin)
    {
        admin.MapGet("/requests", List);
        admin.MapDelete("/requests", Clear);
        return admin;
    }

    public static IResult List(HttpContext http, RequestJournal journal)
    {
        var query = http.Request.Query;
        JournalSince? since = null;
        if (query["since"].ToString() is { Length: > 0 } sinceText && !JournalSince.TryParse(sinceText, out since))
        {
            return ZohoResults.Problem(ZohoErrors.InvalidParam("since", "since is an entry id or an ISO 8601 time"));
        }
        var limit = DefaultLimit;
        if (query["limit"].ToString() is { Length: > 0 } limitText
            && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1))
        {
            return ZohoResults.Problem(ZohoErrors.InvalidParam("limit", "limit is a positive whole number"));
        }
        var entries = journal.Find(query["method"].ToString(), query["path"].ToString(), since, Math.Min(limit, Math.Max(journal.Capacity, 1)));
        return ZohoResults.Json(StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("requests"u8);
            foreach (var e in entries)
            {
                w.WriteStartObject();
                w.WriteNumber("id"u8, e.Id);
                w.WriteString("time"u8, e.Time.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture));
                w.WriteString("method"u8, e.Method);
                w.WriteString("path"u8, e.Path);
                w.WriteString("query"u8, e.Query);
                w.WriteStartObject("headers"u8);
                foreach (var group in e.Headers.GroupBy(h => h.Key, StringComparer.OrdinalIgnoreCase))
                {
                    w.WriteString(group.Key, string.Join(", ", group.Select(h => h.Value)));
                }
                w.WriteEndObject();
                if (e.Body is null) w.WriteNull("body"u8);
                else w.WriteString("body"u8, e.Body);
                w.WriteNumber("body_bytes"u8, e.BodyBytes);
                w.WriteBoolean("body_truncated"u8, e.BodyTruncated);
                w.WriteNumber("status"u8, e.Status);
                w.WriteNumber("duration_ms"u8, e.DurationMs);
                if (e.Code is null) w.WriteNull("code"u8);
                else w.WriteString("code"u8, e.Code);
                w.WriteString("request_id"u8, e.RequestId);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteNumber("capacity"u8, journal.Capacity);
            w.WriteEndObject();
        });
    }

    public static IResult Clear(RequestJournal journal)
    {
        journal.Clear();
        return ZohoResults.Json(StatusCodes.Status200OK, w => { w.WriteStartObject(); w.WriteString("status"u8, "cleared"); w.WriteEndObject(); });
    }
}

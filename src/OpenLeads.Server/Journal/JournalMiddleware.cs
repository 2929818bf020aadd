using System.Diagnostics;
using System.Text;
using OpenLeads.Server.Zoho;

namespace OpenLeads.Server.Journal;

/// <summary>
/// Records each request to <c>/crm</c>, <c>/oauth</c> and <c>/openleads</c> once it is answered: method, path, query,
/// headers and body with credentials masked (<see cref="JournalMasks"/>), status, duration and the Zoho code answered.
/// The body is the bytes the request's handler read (no second copy); a request answered before its body was read has none.
/// </summary>
public static class JournalMiddleware
{
    /// <summary>Where a handler leaves the body it read, for the journal.</summary>
    public const string BodyKey = "openleads.journal.body";

    /// <summary>Where a result leaves the Zoho code it answers with.</summary>
    public const string CodeKey = "openleads.journal.code";

    public static IApplicationBuilder UseRequestJournal(this IApplicationBuilder app, RequestJournal journal, int maxBodyBytes)
    {
        if (!journal.Enabled) return app;
        return app.Use(async (context, next) =>
        {
            var path = context.Request.Path;
            if (!path.StartsWithSegments("/crm") && !path.StartsWithSegments("/oauth") && !path.StartsWithSegments("/openleads"))
            {
                await next(context);
                return;
            }
            var id = journal.NextId();
            var time = DateTimeOffset.UtcNow;
            var clock = Stopwatch.StartNew();
            try
            {
                await next(context);
            }
            finally
            {
                journal.Add(Entry(context, id, time, clock.Elapsed.TotalMilliseconds, maxBodyBytes));
            }
        });
    }

    private static JournalEntry Entry(HttpContext context, long id, DateTimeOffset time, double milliseconds, int maxBodyBytes)
    {
        var request = context.Request;
        var isToken = request.Path.StartsWithSegments("/oauth");
        var query = request.QueryString.HasValue ? request.QueryString.Value![1..] : "";
        var headers = request.Headers.SelectMany(h => h.Value.Select(v => KeyValuePair.Create(h.Key, JournalMasks.Header(h.Key, v ?? ""))))
            .ToArray();
        string? body = null;
        long bytes = 0;
        var truncated = false;
        if (context.Items[BodyKey] is byte[] raw)
        {
            bytes = raw.Length;
            truncated = raw.Length > maxBodyBytes;
            body = Encoding.UTF8.GetString(raw, 0, (int)Math.Min(raw.Length, maxBodyBytes));
            if (isToken && request.HasFormContentType) body = JournalMasks.Parameters(body);
        }
        return new JournalEntry(id, time, request.Method, request.Path.Value ?? "", isToken ? JournalMasks.Parameters(query) : query, headers,
            body, bytes, truncated, context.Response.StatusCode, Math.Round(milliseconds, 3), context.Items[CodeKey] as string,
            context.TraceIdentifier);
    }
}

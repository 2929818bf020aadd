using System.Diagnostics;
using OpenLeads.Server.Journal;

namespace OpenLeads.Server.Hosting;

/// <summary>
/// One log line per request at Information, category <c>OpenLeads.Requests</c>: method, path (never the query, which may
/// carry OAuth secrets), status, the Zoho code answered, duration and the request id (the journal's <c>request_id</c>).
/// Quiet it with <c>Logging:LogLevel:OpenLeads.Requests=Warning</c>.
/// </summary>
public static partial class RequestLogging
{
    public const string Category = "OpenLeads.Requests";

    public static IApplicationBuilder UseRequestLogging(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(Category);
        if (!logger.IsEnabled(LogLevel.Information)) return app;
        return app.Use(async (context, next) =>
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await next(context);
            }
            finally
            {
                Answered(logger, context.Request.Method, context.Request.Path.Value ?? "", context.Response.StatusCode,
                    context.Items[JournalMiddleware.CodeKey] as string ?? "-", Stopwatch.GetElapsedTime(started).TotalMilliseconds, context.TraceIdentifier);
            }
        });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Path} {Status} {Code} {DurationMs:F1} ms ({RequestId})")]
    private static partial void Answered(ILogger logger, string method, string path, int status, string code, double durationMs, string requestId);
}

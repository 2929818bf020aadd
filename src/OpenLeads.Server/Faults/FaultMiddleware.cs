using System.Text.Json;
using OpenLeads.Server.Journal;
using OpenLeads.Server.Zoho;

namespace OpenLeads.Server.Faults;

/// <summary>
/// Applies the first fault a request meets, after authentication and inside the journal (which so records the faulted
/// answer): a delay, then a Zoho error, an expired token's 401, or a dropped connection; or lets it through.
/// </summary>
public static class FaultMiddleware
{
    public static IApplicationBuilder UseFaults(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var path = context.Request.Path;
        if (!path.StartsWithSegments("/crm") && !path.StartsWithSegments("/oauth") && !path.StartsWithSegments("/openleads"))
        {
            await next(context);
            return;
        }
        var book = context.RequestServices.GetRequiredService<FaultBook>();
        var fault = await FirstFiredAsync(context, book, context.RequestServices.GetRequiredService<FaultStore>());
        if (fault is null)
        {
            await next(context);
            return;
        }
        var effect = fault.Effect;
        if (effect.DelayMs is { } delay) await Task.Delay(delay, context.RequestAborted);
        if (effect.DropConnection)
        {
            context.Abort();
            return;
        }
        if (effect.ExpireToken)
        {
            await ZohoResults.Problem(ZohoErrors.InvalidToken).ExecuteAsync(context);
            return;
        }
        if (effect.Error is { } error)
        {
            await WriteAsync(context, error);
            return;
        }
        if (effect.AnswerDelayMs is { } answerDelay)
        {
            await AnswerLateAsync(context, next, answerDelay);
            return;
        }
        await next(context);
    });

    private static async Task<Fault?> FirstFiredAsync(HttpContext context, FaultBook book, FaultStore store)
    {
        var version = context.Items[FaultBook.VersionItem] as long?;
        foreach (var fault in await book.RequestFaultsAsync(version, context.RequestAborted))
        {
            if (!fault.Match.Meets(context)) continue;
            if (fault.Probability is { } p && Random.Shared.NextDouble() >= p) continue;
            if (!fault.Counted) return fault;
            var met = await store.MeetAsync(fault.Id, CancellationToken.None);
            if (met is not { } counted || counted.Remaining is 0) book.Spend(fault.Id);
            if (met is { Fired: true }) return fault;
        }
        return null;
    }

    /// <summary>Runs the request with its answer held back, then sends it <paramref name="delay"/> ms later (if the client still waits).</summary>
    private static async Task AnswerLateAsync(HttpContext context, RequestDelegate next, int delay)
    {
        var original = context.Response.Body;
        using var held = new MemoryStream();
        context.Response.Body = held;
        try
        {
            await next(context);
            await context.Response.BodyWriter.FlushAsync(CancellationToken.None);
        }
        finally
        {
            context.Response.Body = original;
        }
        await Task.Delay(delay, context.RequestAborted);
        held.Position = 0;
        await held.CopyToAsync(original, context.RequestAborted);
    }

    private static async Task WriteAsync(HttpContext context, FaultError error)
    {
        context.Items[JournalMiddleware.CodeKey] = error.Code;
        var response = context.Response;
        response.StatusCode = error.Status;
        response.ContentType = ZohoJson.ContentType;
        await using (var writer = new Utf8JsonWriter(response.BodyWriter, ZohoJson.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("code"u8, error.Code);
            writer.WritePropertyName("details"u8);
            writer.WriteRawValue(error.DetailsJson);
            writer.WriteString("message"u8, error.Message);
            writer.WriteString("status"u8, "error");
            writer.WriteEndObject();
        }
        await response.BodyWriter.FlushAsync(context.RequestAborted);
    }
}

using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;

namespace OpenLeads.Server.Zoho;

/// <summary>
/// Zoho's answers where no endpoint answers: an unknown path is 404 INVALID_URL_PATTERN, a known
/// path with another method is 400 INVALID_REQUEST_METHOD (decided by routing, so before auth),
/// and a fault is 500 INTERNAL_ERROR; never an empty or HTML body.
/// </summary>
public static class ZohoConventions
{
    public static IApplicationBuilder UseZohoConventions(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        context.Response.Headers["X-Request-Id"] = context.TraceIdentifier;
        // No NUL from a query string reaches a search or SQL (PostgreSQL text cannot hold one); the
        // token endpoint answers in the accounts server's own shape and checks its parameters itself.
        if (!context.Request.Path.StartsWithSegments(Auth.OAuthApi.TokenPath) && ParamWithNul(context.Request.Query) is { } name)
        {
            await ZohoResults.Problem(ZohoErrors.ControlCharacterInParam(BodyText.Printable(name))).ExecuteAsync(context);
            return;
        }
        await next(context);
        if (context.Response.HasStarted) return;
        if (context.Response.StatusCode == StatusCodes.Status405MethodNotAllowed)
        {
            context.Response.Headers.Allow = default;
            await ZohoResults.Problem(ZohoErrors.InvalidRequestMethod).ExecuteAsync(context);
        }
        else if (context.Response.StatusCode == StatusCodes.Status404NotFound && context.GetEndpoint() is null)
        {
            await ZohoResults.Problem(ZohoErrors.InvalidUrlPattern).ExecuteAsync(context);
        }
    });

    private static string? ParamWithNul(IQueryCollection query)
    {
        foreach (var (key, values) in query)
        {
            if (key.Contains('\0')) return key;
            foreach (var value in values)
            {
                if (value is not null && value.Contains('\0')) return key;
            }
        }
        return null;
    }
}

/// <summary>Turns unhandled exceptions into Zoho-shaped answers; bad HTTP from the client stays a 4xx.</summary>
public static class ZohoExceptionHandler
{
    public static IApplicationBuilder UseZohoExceptionHandler(this IApplicationBuilder app) =>
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = HandleAsync });

    private static Task HandleAsync(HttpContext context)
    {
        var exception = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        if (exception is OperationCanceledException && context.RequestAborted.IsCancellationRequested) return Task.CompletedTask;
        var problem = exception switch
        {
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => ZohoErrors.BodyTooLarge(
                context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? 0),
            BadHttpRequestException => ZohoErrors.InvalidBody,
            _ => ZohoErrors.InternalError,
        };
        return ZohoResults.Problem(problem).ExecuteAsync(context);
    }
}

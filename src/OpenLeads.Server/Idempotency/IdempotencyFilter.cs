using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using OpenLeads.Server.Auth;
using OpenLeads.Server.Hosting;
using OpenLeads.Server.Preview;
using OpenLeads.Server.Zoho;

namespace OpenLeads.Server.Idempotency;

/// <summary>
/// Safe retries of a write (<c>.WithIdempotency()</c> on its route): with an <c>Idempotency-Key</c> header, the first answer (status,
/// headers, body) is kept for <c>OpenLeads:Idempotency:RetentionHours</c> and replayed, marked <c>Idempotent-Replayed: true</c>, to a
/// repeat with the same key and the same request, which is not applied again; the same key with another request answers 422; a repeat
/// sent while the first still runs waits for its answer. Without the header the write runs as it would without the filter.
/// </summary>
public static class IdempotencyFilter
{
    public const string KeyHeader = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    public const int MaxKeyLength = 255;

    /// <summary>Makes a write route keep and replay answers to keyed requests.</summary>
    public static RouteHandlerBuilder WithIdempotency(this RouteHandlerBuilder route) => route.AddEndpointFilter(InvokeAsync);

    // Headers that describe one transmission, not the answer.
    private static readonly HashSet<string> Unkept = new(StringComparer.OrdinalIgnoreCase) { "Date", "Server", "Content-Length", "Transfer-Encoding" };

    private static async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!http.Request.Headers.TryGetValue(KeyHeader, out var values)) return await next(context);
        if (values is not [{ } key] || !IsValid(key)) return ZohoResults.Problem(ZohoErrors.InvalidIdempotencyKey);
        if (PreviewHeader.Asked(http)) return await next(context); // a preview changes nothing, so keeps nothing

        var services = http.RequestServices;
        var settings = services.GetRequiredService<OpenLeadsSettings>();
        var (body, tooLarge) = await ReadBodyAsync(http, settings.Limits.MaxBodyBytes);
        if (tooLarge) return ZohoResults.Problem(ZohoErrors.BodyTooLarge(settings.Limits.MaxBodyBytes));
        var store = services.GetRequiredService<IdempotencyStore>();
        var clock = services.GetRequiredService<TimeProvider>();
        var user = http.User.Caller().Id;
        var fingerprint = Fingerprint(http.Request, body);
        var retention = TimeSpan.FromHours(settings.Idempotency.RetentionHours);

        var delay = TimeSpan.FromMilliseconds(20);
        while (true)
        {
            var (state, answer) = await store.ClaimAsync(user, key, fingerprint, clock.GetUtcNow(), retention, http.RequestAborted);
            if (state == KeyState.Claimed) break;
            while (state == KeyState.Running)
            {
                // The first request with this key is running (here or on another instance): wait for its answer.
                await Task.Delay(delay, clock, http.RequestAborted);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromMilliseconds(250).Ticks));
                (state, answer) = await store.PeekAsync(user, key, fingerprint, clock.GetUtcNow(), http.RequestAborted);
            }
            if (state == KeyState.OtherRequest) return ZohoResults.Problem(ZohoErrors.IdempotencyKeyReused);
            if (state == KeyState.Answered) return new Replay(answer!);
            // Claimed: the key was given back, or its first request abandoned: try to claim it again.
        }
        return await RunAsync(context, next, store, user, key);
    }

    /// <summary>Runs the write with its answer buffered, keeps the answer, then sends it.</summary>
    private static async Task<object?> RunAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next, IdempotencyStore store,
        long user, string key)
    {
        var http = context.HttpContext;
        var original = http.Response.Body;
        using var buffer = new MemoryStream();
        KeptAnswer answer;
        try
        {
            http.Response.Body = buffer;
            var result = await next(context);
            if (result is not IResult executable) throw new InvalidOperationException("A keyed write must answer an IResult.");
            // The write is done: its answer is written out whole even if the client has gone, to be kept for its retry.
            var aborted = http.RequestAborted;
            http.RequestAborted = CancellationToken.None;
            try
            {
                await executable.ExecuteAsync(http);
                await http.Response.BodyWriter.FlushAsync();
            }
            finally
            {
                http.RequestAborted = aborted;
            }
            answer = new KeptAnswer(http.Response.StatusCode, HeadersJson(http.Response.Headers), buffer.ToArray());
        }
        catch
        {
            await store.ReleaseAsync(user, key, CancellationToken.None);
            throw;
        }
        finally
        {
            http.Response.Body = original;
        }
        // Kept even when the client has gone (a timed-out first try): its retry must find the answer, not run the write again.
        if (answer.Status >= 500) await store.ReleaseAsync(user, key, CancellationToken.None);
        else await store.SaveAsync(user, key, answer, CancellationToken.None);
        await http.Response.Body.WriteAsync(answer.Body, http.RequestAborted);
        return Results.Empty;
    }

    public static bool IsValid(string key) =>
        key.Length is > 0 and <= MaxKeyLength && key.All(c => c is >= '!' and <= '~' or ' ') && key.Trim().Length == key.Length;

    /// <summary>The body, read once and put back for the handler; true when it is larger than the server takes.</summary>
    private static async Task<(byte[] Body, bool TooLarge)> ReadBodyAsync(HttpContext http, long maxBytes)
    {
        if (http.Request.ContentLength > maxBytes) return ([], true);
        using var copy = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted)) > 0)
        {
            copy.Write(chunk, 0, read);
            if (copy.Length > maxBytes) return ([], true);
        }
        var body = copy.ToArray();
        http.Request.Body = new MemoryStream(body, writable: false);
        return (body, false);
    }

    /// <summary>What makes two requests the same: method, path, query and body.</summary>
    private static string Fingerprint(HttpRequest request, byte[] body)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{request.Method}\n{request.Path}\n{request.QueryString}\n"));
        hash.AppendData(body);
        return Convert.ToHexString(hash.GetHashAndReset());
    }

    private static string HeadersJson(IHeaderDictionary headers)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in headers)
            {
                if (Unkept.Contains(name)) continue;
                writer.WriteStartArray(name);
                foreach (var v in value) writer.WriteStringValue(v);
                writer.WriteEndArray();
            }
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The kept answer, sent again with <c>Idempotent-Replayed: true</c>.</summary>
    private sealed class Replay(KeptAnswer answer) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = answer.Status;
            using (var headers = JsonDocument.Parse(answer.HeadersJson))
            {
                foreach (var header in headers.RootElement.EnumerateObject())
                {
                    response.Headers[header.Name] = header.Value.EnumerateArray().Select(v => v.GetString()).ToArray();
                }
            }
            response.Headers[ReplayedHeader] = "true";
            await response.Body.WriteAsync(answer.Body, httpContext.RequestAborted);
        }
    }
}

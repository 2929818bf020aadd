using System.Net;

namespace OpenLeads.Client;

/// <summary>
/// Tries a call again when the server answers 429 (too many requests) or 5xx, waiting as long as its
/// <c>Retry-After</c> says, or an exponentially growing delay when it says nothing.
/// </summary>
public sealed class RetryHandler : DelegatingHandler
{
    private readonly int _maxRetries;
    private readonly TimeSpan _firstDelay;
    private readonly TimeProvider _clock;

    /// <summary>A handler that tries each call up to <paramref name="maxRetries"/> more times.</summary>
    public RetryHandler(int maxRetries, TimeSpan firstDelay, TimeProvider? clock = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxRetries);
        (_maxRetries, _firstDelay, _clock) = (maxRetries, firstDelay, clock ?? TimeProvider.System);
    }

    /// <summary>Longest wait honoured from a <c>Retry-After</c>; a server asking for more gets its answer returned instead.</summary>
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromMinutes(2);

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (attempt >= _maxRetries || !IsTransient(response.StatusCode)) return response;
            var delay = RetryAfter(response) ?? _firstDelay * Math.Pow(2, attempt);
            if (delay > MaxRetryAfter) return response;
            response.Dispose();
            await Task.Delay(delay, _clock, cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool IsTransient(HttpStatusCode status) => status == HttpStatusCode.TooManyRequests || (int)status >= 500;

    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - _clock.GetUtcNow() is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };
}

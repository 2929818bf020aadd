using System.Net;

namespace OpenLeads.Client;

/// <summary>
/// Tries a call again when the server answers 429 (too many requests) or 5xx, waiting as long as its
/// <c>Retry-After</c> says, or an exponentially growing delay when it says nothing; and, with an attempt timeout, a
/// try that takes longer. A write is sent again with the same request, so with its <c>Idempotency-Key</c>.
/// </summary>
public sealed class RetryHandler : DelegatingHandler
{
    private readonly int _maxRetries;
    private readonly TimeSpan _firstDelay;
    private readonly TimeProvider _clock;
    private readonly TimeSpan? _attemptTimeout;

    /// <summary>A handler that tries each call up to <paramref name="maxRetries"/> more times, each try for at most <paramref name="attemptTimeout"/>.</summary>
    public RetryHandler(int maxRetries, TimeSpan firstDelay, TimeProvider? clock = null, TimeSpan? attemptTimeout = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxRetries);
        (_maxRetries, _firstDelay, _clock, _attemptTimeout) = (maxRetries, firstDelay, clock ?? TimeProvider.System, attemptTimeout);
    }

    /// <summary>Longest wait honoured from a <c>Retry-After</c>; a server asking for more gets its answer returned instead.</summary>
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromMinutes(2);

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            HttpResponseMessage response;
            if (_attemptTimeout is not { } limit)
            {
                response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(limit);
                try
                {
                    response = await base.SendAsync(request, timeout.Token).ConfigureAwait(false);
                    // The answer is read inside the try's time too: a late body is as late as a late status.
                    if (response.Content.Headers.ContentType?.MediaType != "text/event-stream")
                    {
                        await response.Content.LoadIntoBufferAsync(timeout.Token).ConfigureAwait(false);
                    }
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    if (attempt >= _maxRetries) throw new TimeoutException($"No answer within {limit.TotalSeconds:0.###} s, after {attempt + 1} tries.");
                    await Task.Delay(_firstDelay * Math.Pow(2, attempt), _clock, cancellationToken).ConfigureAwait(false);
                    continue;
                }
            }
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

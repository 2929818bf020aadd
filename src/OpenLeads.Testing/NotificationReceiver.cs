using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace OpenLeads.Testing;

/// <summary>
/// A loopback HTTP endpoint that keeps every callback POSTed to it: give <see cref="Url"/> as a watch's
/// <c>notify_url</c> (<c>POST /crm/v8/actions/watch</c>), make changes, then <see cref="WaitForAsync(int, TimeSpan?, CancellationToken)"/>.
/// It answers 200 unless told otherwise with <see cref="RespondWith"/>, to test redelivery.
/// </summary>
public sealed class NotificationReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<ReceivedNotification> _received = [];
    private readonly object _gate = new();
    private TaskCompletionSource _changed = NewSignal();
    private int _status = 200;
    private TimeSpan _delay;
    private int? _times;
    private int _disposed;

    private NotificationReceiver(WebApplication app) => _app = app;

    /// <summary>Where callbacks are to be sent, e.g. <c>http://127.0.0.1:40111/callback</c>.</summary>
    public Uri Url { get; private set; } = null!;

    /// <summary>Every callback received so far, in order.</summary>
    public IReadOnlyList<ReceivedNotification> Received
    {
        get
        {
            lock (_gate) return [.. _received];
        }
    }

    /// <summary>Starts a receiver on a free loopback port.</summary>
    public static async Task<NotificationReceiver> StartAsync(CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new NotificationReceiver(app);
        app.Run(receiver.HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        receiver.Url = new Uri(new Uri(app.Urls.First()), "/callback");
        return receiver;
    }

    /// <summary>
    /// From now on, answers each callback with <paramref name="status"/> after <paramref name="delay"/> (a receiver that fails or hangs);
    /// with <paramref name="times"/>, only the next so many callbacks, and 200 at once after them.
    /// </summary>
    public void RespondWith(HttpStatusCode status, TimeSpan? delay = null, int? times = null)
    {
        lock (_gate) (_status, _delay, _times) = ((int)status, delay ?? TimeSpan.Zero, times);
    }

    /// <summary>Waits until at least <paramref name="count"/> callbacks have come (default timeout 10 s) and answers them all.</summary>
    /// <exception cref="TimeoutException">Fewer came in time; the message says how many did.</exception>
    public Task<IReadOnlyList<ReceivedNotification>> WaitForAsync(int count, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        WaitForAsync(received => received.Count >= count, $"{count} callbacks", timeout, cancellationToken);

    /// <summary>Waits until a callback matching <paramref name="match"/> has come and answers it.</summary>
    public async Task<ReceivedNotification> WaitForAsync(Func<ReceivedNotification, bool> match, TimeSpan? timeout = null,
        CancellationToken cancellationToken = default)
    {
        var all = await WaitForAsync(received => received.Any(match), "a matching callback", timeout, cancellationToken).ConfigureAwait(false);
        return all.First(match);
    }

    private async Task<IReadOnlyList<ReceivedNotification>> WaitForAsync(Func<IReadOnlyList<ReceivedNotification>, bool> done, string what,
        TimeSpan? timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (done(_received)) return [.. _received];
                changed = _changed.Task;
            }
            try
            {
                await changed.WaitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"Waited for {what}; {Received.Count} came.");
            }
        }
    }

    private async Task HandleAsync(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body);
        var text = await reader.ReadToEndAsync(http.RequestAborted).ConfigureAwait(false);
        JsonNode? json = null;
        try
        {
            json = text.Length == 0 ? null : JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            // Kept as text: a test may want to see a body that is not JSON.
        }
        var headers = http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var notification = new ReceivedNotification(http.Request.Method, http.Request.Path + http.Request.QueryString, headers, text, json as JsonObject,
            DateTimeOffset.UtcNow);
        TaskCompletionSource changed;
        int status;
        TimeSpan delay;
        lock (_gate)
        {
            _received.Add(notification);
            (changed, _changed) = (_changed, NewSignal());
            // Decided as it arrives, so that a test changing the answer after seeing a callback does not change that callback's.
            (status, delay) = _times is 0 ? (200, TimeSpan.Zero) : (_status, _delay);
            if (_times > 0) _times--;
        }
        changed.TrySetResult();
        if (delay > TimeSpan.Zero) await Task.Delay(delay, http.RequestAborted).ConfigureAwait(false);
        http.Response.StatusCode = status;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Stops listening.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}

/// <summary>One callback as it arrived: Zoho's body is <c>{server_time, module, resource_uri, ids, affected_fields, query_params, channel_id, token, operation}</c>.</summary>
/// <param name="Method">The HTTP method (POST).</param>
/// <param name="PathAndQuery">The path and query it was sent to.</param>
/// <param name="Headers">Its headers.</param>
/// <param name="Body">Its body as text.</param>
/// <param name="Json">Its body as a JSON object, when it is one.</param>
/// <param name="ReceivedAt">When it arrived.</param>
public sealed record ReceivedNotification(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string Body, JsonObject? Json,
    DateTimeOffset ReceivedAt)
{
    /// <summary>The watch's <c>channel_id</c>.</summary>
    public string? ChannelId => Json?["channel_id"]?.ToString();

    /// <summary>The module that changed, e.g. <c>Leads</c>.</summary>
    public string? Module => Json?["module"]?.ToString();

    /// <summary><c>insert</c>, <c>update</c> or <c>delete</c>.</summary>
    public string? Operation => Json?["operation"]?.ToString();

    /// <summary>The watch's <c>token</c>, echoed back.</summary>
    public string? Token => Json?["token"]?.ToString();

    /// <summary>The ids of the records that changed.</summary>
    public IReadOnlyList<string> Ids => Json?["ids"] is JsonArray ids ? [.. ids.Select(id => id!.ToString())] : [];
}

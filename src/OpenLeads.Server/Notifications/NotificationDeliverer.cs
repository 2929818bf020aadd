using System.Text;
using System.Text.Json;
using OpenLeads.Server.Hosting;
using OpenLeads.Server.Storage;

namespace OpenLeads.Server.Notifications;

/// <summary>
/// Delivers the outbox after the writes commit: claims due notifications under a lease, POSTs Zoho's callback body to each
/// one's <c>notify_url</c> (several at once, so that a receiver that hangs holds up only its own), and keeps each attempt.
/// A receiver that answers anything but 2xx, or not within <c>OpenLeads:Notifications:TimeoutSeconds</c>, is tried again
/// after 1 s, 2 s, 4 s … (at most 5 min) until <c>MaxAttempts</c>. Writes never wait for it.
/// </summary>
public sealed class NotificationDeliverer(OutboxStore outbox, ChangeNotifications notifications, CallbackTargets targets, OpenLeadsSettings settings,
    ISqlDatabase database, TimeProvider clock, Metrics.OpenLeadsMetrics metrics, ILogger<NotificationDeliverer> logger) : BackgroundService
{
    private const int InFlight = 16;
    private const int MaxAnswerChars = 2000;
    private static readonly TimeSpan Busy = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(2);

    private readonly string _owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false, PooledConnectionLifetime = TimeSpan.FromMinutes(1) })
    {
        Timeout = System.Threading.Timeout.InfiniteTimeSpan,
    };

    private TimeSpan AttemptTimeout => TimeSpan.FromSeconds(settings.Notifications.TimeoutSeconds);

    // Well past one attempt's longest, so that a lease never lapses while its attempt is still out.
    private TimeSpan Lease => AttemptTimeout * 2 + TimeSpan.FromSeconds(5);

    /// <summary>
    /// Looks at the outbox while this instance knows of a watch, or of notifications still waiting (one left by a crash is
    /// found at start); otherwise it runs no statement at all, waking when a change is recorded or a token lookup brings a
    /// newer version of the watches.
    /// </summary>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var slots = new SemaphoreSlim(InFlight);
        var running = new List<Task>();
        var pending = true;
        var refresh = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            var claimed = 0;
            try
            {
                if (refresh || notifications.IsStale) await notifications.RefreshAsync(database, stoppingToken);
                refresh = false;
                var now = clock.GetUtcNow();
                if ((pending || notifications.AnyWatched) && slots.CurrentCount > 0)
                {
                    (pending, var due) = await outbox.PendingAsync(now, stoppingToken);
                    var batch = due ? await outbox.ClaimAsync(_owner, Lease, now, slots.CurrentCount, stoppingToken) : [];
                    foreach (var delivery in batch)
                    {
                        await slots.WaitAsync(stoppingToken);
                        running.Add(Task.Run(async () =>
                        {
                            try
                            {
                                await DeliverAsync(delivery, stoppingToken);
                            }
                            finally
                            {
                                slots.Release();
                            }
                        }, CancellationToken.None));
                        claimed++;
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Looking for notifications to deliver failed; trying again.");
                refresh = true;
            }
            running.RemoveAll(t => t.IsCompleted);
            if (running.Count > 0) pending = true;
            if (claimed > 0 && slots.CurrentCount > 0) continue;
            try
            {
                await notifications.WaitAsync(pending || notifications.AnyWatched ? Busy : Idle, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        // Attempts cut short keep their lease until it lapses; the next instance to look delivers them.
        await Task.WhenAll(running).WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private async Task DeliverAsync(Delivery delivery, CancellationToken stoppingToken)
    {
        var attempt = delivery.Attempts + 1;
        int? status = null;
        string? answer = null, error = null;
        if (CallbackTargets.Parse(delivery.NotifyUrl) is not { } target || !targets.Allows(target))
        {
            error = "notify_url is not allowed by OpenLeads:Notifications:AllowedHosts";
        }
        else
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            timeout.CancelAfter(AttemptTimeout);
            try
            {
                using var content = new StringContent(Body(delivery, target), Encoding.UTF8, "application/json");
                using var response = await _http.PostAsync(target, content, timeout.Token);
                status = (int)response.StatusCode;
                var text = await response.Content.ReadAsStringAsync(timeout.Token);
                answer = text.Length > MaxAnswerChars ? text[..MaxAnswerChars] : text;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (OperationCanceledException)
            {
                error = $"no answer within {settings.Notifications.TimeoutSeconds} s";
            }
            catch (HttpRequestException e)
            {
                error = e.Message;
            }
        }
        var delivered = status is >= 200 and < 300;
        var at = clock.GetUtcNow();
        DateTimeOffset? retryAt = delivered || attempt >= settings.Notifications.MaxAttempts ? null
            : at + TimeSpan.FromSeconds(Math.Min(300, Math.Pow(2, attempt - 1)));
        try
        {
            if (!await outbox.RecordAsync(delivery, _owner, new DeliveryAttempt(attempt, at, status, answer, error), delivered, retryAt, CancellationToken.None))
            {
                logger.LogWarning("Notification {Id} was taken by another instance before its attempt was kept.", delivery.Id);
                return;
            }
            metrics.NotificationDelivery(delivered ? "sent" : retryAt is null ? "failed" : "retried");
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Keeping the attempt of notification {Id} failed; it is delivered again once its lease lapses.", delivery.Id);
        }
    }

    /// <summary>
    /// Zoho's callback body: <c>server_time</c> (ms), <c>query_params</c> (those of the notify_url), <c>module</c>,
    /// <c>resource_uri</c>, <c>ids</c> (strings), <c>affected_fields</c>, <c>operation</c>, <c>channel_id</c>, <c>token</c>.
    /// </summary>
    public static string Body(Delivery delivery, Uri target)
    {
        using var payload = new MemoryStream();
        using (var w = new Utf8JsonWriter(payload))
        {
            w.WriteStartObject();
            w.WriteNumber("server_time"u8, delivery.ServerTime);
            w.WriteStartObject("query_params"u8);
            var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(target.Query);
            foreach (var (key, values) in query) w.WriteString(key, values.ToString());
            w.WriteEndObject();
            w.WriteString("module"u8, delivery.Module);
            w.WriteString("resource_uri"u8, $"{delivery.ApiBase}/{delivery.Module}");
            w.WritePropertyName("ids"u8);
            w.WriteRawValue(delivery.IdsJson, skipInputValidation: true);
            w.WritePropertyName("affected_fields"u8);
            w.WriteRawValue(delivery.AffectedFieldsJson, skipInputValidation: true);
            w.WriteString("operation"u8, delivery.Operation);
            w.WriteString("channel_id"u8, Zoho.ZohoJson.FormatId(delivery.ChannelId));
            if (delivery.Token is null) w.WriteNull("token"u8);
            else w.WriteString("token"u8, delivery.Token);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(payload.ToArray());
    }

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }
}

public static class NotificationRegistration
{
    public static IServiceCollection AddNotifications(this IServiceCollection services, NotificationSettings settings) =>
        services.AddSingleton<ChangeNotifications>()
            .AddSingleton(new CallbackTargets(settings))
            .AddSingleton<WatchStore>()
            .AddSingleton<OutboxStore>()
            .AddHostedService<NotificationDeliverer>();
}

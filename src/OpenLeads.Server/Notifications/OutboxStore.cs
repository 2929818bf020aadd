using OpenLeads.Server.Storage;

namespace OpenLeads.Server.Notifications;

/// <summary>A notification taken from the outbox to deliver: what its callback body is made of, and how many attempts it had.</summary>
public sealed record Delivery(long Id, long ChannelId, string Module, string Operation, string IdsJson, string AffectedFieldsJson, string NotifyUrl,
    string? Token, string ApiBase, long ServerTime, int Attempts);

/// <summary>One attempt to deliver a notification: the receiver's status and answer, or why there was none.</summary>
public sealed record DeliveryAttempt(int Attempt, DateTimeOffset At, int? Status, string? Answer, string? Error);

/// <summary>A notification and its attempts, as <c>GET /__admin/notifications</c> shows it.</summary>
public sealed record OutboxEntry(Delivery Notification, string Status, DateTimeOffset NextAttempt, DateTimeOffset? Delivered,
    IReadOnlyList<DeliveryAttempt> Attempts);

/// <summary>
/// The outbox the writes fill (<see cref="ChangeNotifications"/>) and the deliverers empty. A deliverer claims rows under a
/// lease (PostgreSQL's claimers skip each other's locked rows; SQLite has one writer), and records an attempt only while
/// the lease is still its own, so that of several instances one delivers each notification, and a crashed instance's rows
/// go to another once the lease lapses.
/// </summary>
public sealed class OutboxStore(ISqlDatabase database)
{
    private const string DeliveryColumns = "id, channel_id, module, operation, ids, affected_fields, notify_url, token, api_base, server_time, attempts";

    /// <summary>
    /// Whether any notification waits, and whether one is due now: a read, so that an instance with nothing to do does not
    /// take the write lock to learn it.
    /// </summary>
    public Task<(bool Pending, bool Due)> PendingAsync(DateTimeOffset now, CancellationToken ct) =>
        database.ReadAsync(async session =>
        {
            var next = await session.ScalarAsync("SELECT min(next_attempt_ms) FROM notification_outbox WHERE status = 'pending'", ct);
            return next is null ? (false, false) : (true, Convert.ToInt64(next) <= now.ToUnixTimeMilliseconds());
        }, ct);

    public Task<IReadOnlyList<Delivery>> ClaimAsync(string owner, TimeSpan lease, DateTimeOffset now, int limit, CancellationToken ct) =>
        database.WriteAsync<IReadOnlyList<Delivery>>(async session =>
        {
            const string Due = "status = 'pending' AND next_attempt_ms <= @now AND (lease_expires_ms IS NULL OR lease_expires_ms < @now)";
            var rows = await session.QueryAsync($"""
                UPDATE notification_outbox SET lease_owner = @owner, lease_expires_ms = @expires
                WHERE id IN (SELECT id FROM notification_outbox WHERE {Due} ORDER BY id LIMIT @limit{session.Dialect.SkipLocked}) AND {Due}
                RETURNING {DeliveryColumns}
                """, ct, ("@owner", owner), ("@expires", (now + lease).ToUnixTimeMilliseconds()), ("@now", now.ToUnixTimeMilliseconds()),
                ("@limit", limit));
            return [.. rows.Select(ReadDelivery).OrderBy(d => d.Id)];
        }, ct);

    /// <summary>
    /// Keeps an attempt: delivered on a 2xx, else due again at <paramref name="retryAt"/> (or failed when none is left).
    /// False when the lease was lost meanwhile (another instance took the row), and then nothing is kept.
    /// </summary>
    public Task<bool> RecordAsync(Delivery delivery, string owner, DeliveryAttempt attempt, bool delivered, DateTimeOffset? retryAt, CancellationToken ct) =>
        database.WriteAsync(async session =>
        {
            var status = delivered ? "delivered" : retryAt is null ? "failed" : "pending";
            var at = attempt.At.ToUnixTimeMilliseconds();
            var rows = await session.ExecuteAsync("""
                UPDATE notification_outbox SET attempts = attempts + 1, status = @status, next_attempt_ms = @next, last_status = @code,
                    delivered_ms = @delivered, lease_owner = NULL, lease_expires_ms = NULL
                WHERE id = @id AND lease_owner = @owner AND status = 'pending'
                """, ct, ("@status", status), ("@next", retryAt?.ToUnixTimeMilliseconds() ?? at), ("@code", attempt.Status),
                ("@delivered", delivered ? at : null), ("@id", delivery.Id), ("@owner", owner));
            if (rows == 0) return false;
            await session.ExecuteAsync("""
                INSERT INTO notification_attempts (outbox_id, attempt, at_ms, status, answer, error) VALUES (@id, @attempt, @at, @status, @answer, @error)
                """, ct, ("@id", delivery.Id), ("@attempt", attempt.Attempt), ("@at", at), ("@status", attempt.Status), ("@answer", attempt.Answer),
                ("@error", attempt.Error));
            return true;
        }, ct);

    /// <summary>The newest <paramref name="limit"/> notifications, oldest first, each with its attempts.</summary>
    public Task<IReadOnlyList<OutboxEntry>> ListAsync(int limit, CancellationToken ct) =>
        database.ReadAsync<IReadOnlyList<OutboxEntry>>(async session =>
        {
            var rows = await session.QueryAsync($"""
                SELECT {DeliveryColumns}, status, next_attempt_ms, delivered_ms FROM notification_outbox ORDER BY id DESC LIMIT @limit
                """, ct, ("@limit", limit));
            if (rows.Count == 0) return [];
            var attempts = (await session.QueryAsync("""
                    SELECT outbox_id, attempt, at_ms, status, answer, error FROM notification_attempts WHERE outbox_id >= @first ORDER BY outbox_id, attempt
                    """, ct, ("@first", Convert.ToInt64(rows[^1][0]))))
                .GroupBy(r => Convert.ToInt64(r[0]))
                .ToDictionary(g => g.Key, g => (IReadOnlyList<DeliveryAttempt>)[.. g.Select(r => new DeliveryAttempt(Convert.ToInt32(r[1]),
                    DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(r[2])), r[3] is null ? null : Convert.ToInt32(r[3]), r[4] as string, r[5] as string))]);
            return [.. rows.AsEnumerable().Reverse().Select(r => new OutboxEntry(ReadDelivery(r), (string)r[11]!,
                DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(r[12])),
                r[13] is null ? null : DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(r[13])),
                attempts.GetValueOrDefault(Convert.ToInt64(r[0])) ?? []))];
        }, ct);

    /// <summary>Empties the outbox and its attempts (pending notifications too); answers how many notifications went.</summary>
    public Task<int> ClearAsync(CancellationToken ct) =>
        database.WriteAsync(async session =>
        {
            await session.ExecuteAsync("DELETE FROM notification_attempts", ct);
            return await session.ExecuteAsync("DELETE FROM notification_outbox", ct);
        }, ct);

    private static Delivery ReadDelivery(object?[] r) => new(Convert.ToInt64(r[0]), Convert.ToInt64(r[1]), (string)r[2]!, (string)r[3]!, (string)r[4]!,
        (string)r[5]!, (string)r[6]!, r[7] as string, (string)r[8]!, Convert.ToInt64(r[9]), Convert.ToInt32(r[10]));
}

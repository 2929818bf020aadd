using OpenLeads.Server.Storage;

namespace OpenLeads.Server.Notifications;

/// <summary>One channel's watch of one module: the operations it wants (<c>create</c>, <c>edit</c>, <c>delete</c>, <c>all</c>) and where to call.</summary>
public sealed record Watch(long ChannelId, string Module, IReadOnlySet<string> Operations, string NotifyUrl, string? Token, DateTimeOffset Expiry,
    string ApiBase, bool ReturnAffectedFieldValues, bool NotifyOnRelatedAction);

/// <summary>
/// Watches in the database, so that every instance on one PostgreSQL sees them: each request's changes are one transaction,
/// and each bumps <see cref="NotificationSchema.VersionKey"/> so that every instance reads its copy of the watched modules again.
/// </summary>
public sealed class WatchStore(ISqlDatabase database, ChangeNotifications notifications)
{
    private const string Columns = "channel_id, module, operations, notify_url, token, expires_ms, api_base, return_affected_field_values, notify_on_related_action";

    /// <summary>Live watches (not expired), by channel and module, optionally of one channel or module.</summary>
    public Task<IReadOnlyList<Watch>> ListAsync(long? channelId, string? module, DateTimeOffset now, CancellationToken ct) =>
        database.ReadAsync(async session => await ListAsync(session, channelId, module, now, ct), ct);

    /// <summary>Runs <paramref name="change"/> on the watches in one transaction, then tells this instance the new version.</summary>
    public async Task<T> ChangeAsync<T>(Func<WatchSession, Task<T>> change, CancellationToken ct)
    {
        var (result, version) = await database.WriteAsync(async session =>
        {
            var answer = await change(new WatchSession(session));
            await session.ExecuteAsync($"UPDATE settings SET value = CAST(CAST(value AS {session.Dialect.IdType}) + 1 AS text) WHERE key = @key", ct,
                ("@key", NotificationSchema.VersionKey));
            return (answer, await ChangeNotifications.VersionAsync(session, ct));
        }, ct);
        notifications.Observe(version);
        return result;
    }

    private static async Task<IReadOnlyList<Watch>> ListAsync(ISqlSession session, long? channelId, string? module, DateTimeOffset now, CancellationToken ct)
    {
        var rows = await session.QueryAsync($"""
            SELECT {Columns} FROM notification_watches
            WHERE expires_ms > @now{(channelId is null ? "" : " AND channel_id = @channel")}{(module is null ? "" : " AND module = @module")}
            ORDER BY channel_id, module
            """, ct, ("@now", now.ToUnixTimeMilliseconds()), ("@channel", channelId), ("@module", module));
        return [.. rows.Select(Read)];
    }

    private static Watch Read(object?[] row) => new(Convert.ToInt64(row[0]), (string)row[1]!,
        ((string)row[2]!).Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(), (string)row[3]!, row[4] as string,
        DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(row[5])), (string)row[6]!, Convert.ToInt64(row[7]) != 0, Convert.ToInt64(row[8]) != 0);

    /// <summary>The statements of one change of watches, inside its transaction.</summary>
    public sealed class WatchSession(ISqlSession session)
    {
        /// <summary>The channel's watches, expired ones too (a channel is replaced or removed whole).</summary>
        public Task<IReadOnlyList<Watch>> ChannelAsync(long channelId, CancellationToken ct) =>
            ListAsync(session, channelId, null, DateTimeOffset.UnixEpoch, ct);

        /// <summary>Removes the channel's watches (of <paramref name="module"/> only, when given); answers how many went.</summary>
        public Task<int> RemoveAsync(long channelId, string? module, CancellationToken ct) =>
            session.ExecuteAsync($"DELETE FROM notification_watches WHERE channel_id = @channel{(module is null ? "" : " AND module = @module")}", ct,
                ("@channel", channelId), ("@module", module));

        /// <summary>Keeps a watch, replacing the channel's watch of the same module.</summary>
        public async Task SaveAsync(Watch watch, DateTimeOffset now, CancellationToken ct)
        {
            await RemoveAsync(watch.ChannelId, watch.Module, ct);
            await session.ExecuteAsync($"""
                INSERT INTO notification_watches ({Columns}, created_ms)
                VALUES (@channel, @module, @operations, @url, @token, @expires, @base, @values, @related, @now)
                """, ct, ("@channel", watch.ChannelId), ("@module", watch.Module), ("@operations", "," + string.Join(',', watch.Operations.Order()) + ","),
                ("@url", watch.NotifyUrl), ("@token", watch.Token), ("@expires", watch.Expiry.ToUnixTimeMilliseconds()), ("@base", watch.ApiBase),
                ("@values", watch.ReturnAffectedFieldValues ? 1 : 0), ("@related", watch.NotifyOnRelatedAction ? 1 : 0), ("@now", now.ToUnixTimeMilliseconds()));
        }
    }
}

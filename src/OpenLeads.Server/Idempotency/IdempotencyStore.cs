using OpenLeads.Server.Storage;

namespace OpenLeads.Server.Idempotency;

/// <summary>The first answer to a keyed write, as the client saw it.</summary>
public sealed record KeptAnswer(int Status, string HeadersJson, byte[] Body);

public enum KeyState { Claimed, Answered, OtherRequest, Running }

/// <summary>
/// Keys of <c>Idempotency-Key</c> writes in the <c>idempotency_keys</c> table, shared by every instance of one database: a key is
/// claimed by one insert (the primary key decides between two at once), answered once, and forgotten when it expires.
/// </summary>
public sealed class IdempotencyStore(ISqlDatabase database)
{
    /// <summary>How long a claim holds while its write runs; a claim its instance abandoned (a crash) is taken over after it.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    /// <summary>Claims the key for this request, or says why not: answered already (with the answer), another request's, or still running.</summary>
    public Task<(KeyState State, KeptAnswer? Answer)> ClaimAsync(long userId, string key, string fingerprint, DateTimeOffset now,
        TimeSpan retention, CancellationToken ct) =>
        database.WriteAsync(async session =>
        {
            var nowMs = now.ToUnixTimeMilliseconds();
            (string, object?)[] row = [("@user", userId), ("@key", key), ("@now", nowMs)];
            await session.ExecuteAsync("DELETE FROM idempotency_keys WHERE expires_ms < @now", ct, ("@now", nowMs));
            if (await session.ExecuteAsync("""
                    INSERT INTO idempotency_keys (user_id, idem_key, fingerprint, locked_until_ms, expires_ms)
                    VALUES (@user, @key, @fingerprint, @lease, @expires) ON CONFLICT (user_id, idem_key) DO NOTHING
                    """, ct, [.. row, ("@fingerprint", fingerprint), ("@lease", (now + Lease).ToUnixTimeMilliseconds()),
                    ("@expires", (now + retention).ToUnixTimeMilliseconds())]) == 1)
            {
                return (KeyState.Claimed, null);
            }
            var (state, answer) = await ReadAsync(session, userId, key, fingerprint, nowMs, ct);
            if (state != KeyState.Claimed) return (state, answer);
            // Its first request was abandoned (its instance stopped while it ran): this one takes the key over.
            var taken = await session.ExecuteAsync("""
                UPDATE idempotency_keys SET locked_until_ms = @lease
                WHERE user_id = @user AND idem_key = @key AND status IS NULL AND locked_until_ms < @now
                """, ct, [.. row, ("@lease", (now + Lease).ToUnixTimeMilliseconds())]);
            return (taken == 1 ? KeyState.Claimed : KeyState.Running, null);
        }, ct);

    /// <summary>What a request waiting on a running key finds: still running, answered, or free to claim (Claimed: gone or abandoned).</summary>
    public Task<(KeyState State, KeptAnswer? Answer)> PeekAsync(long userId, string key, string fingerprint, DateTimeOffset now, CancellationToken ct) =>
        database.ReadAsync(session => ReadAsync(session, userId, key, fingerprint, now.ToUnixTimeMilliseconds(), ct), ct);

    private static async Task<(KeyState, KeptAnswer?)> ReadAsync(ISqlSession session, long userId, string key, string fingerprint, long nowMs,
        CancellationToken ct)
    {
        var rows = await session.QueryAsync("""
            SELECT fingerprint, status, headers, body, locked_until_ms FROM idempotency_keys WHERE user_id = @user AND idem_key = @key
            """, ct, ("@user", userId), ("@key", key));
        if (rows is not [var found]) return (KeyState.Claimed, null);
        if ((string)found[0]! != fingerprint) return (KeyState.OtherRequest, null);
        if (found[1] is not null) return (KeyState.Answered, new KeptAnswer(Convert.ToInt32(found[1]), (string)found[2]!, (byte[]?)found[3] ?? []));
        return (Convert.ToInt64(found[4]) < nowMs ? KeyState.Claimed : KeyState.Running, null);
    }

    public Task SaveAsync(long userId, string key, KeptAnswer answer, CancellationToken ct) =>
        database.WriteAsync(session => session.ExecuteAsync("""
            UPDATE idempotency_keys SET status = @status, headers = @headers, body = @body WHERE user_id = @user AND idem_key = @key
            """, ct, ("@status", answer.Status), ("@headers", answer.HeadersJson), ("@body", answer.Body), ("@user", userId), ("@key", key)), ct);

    /// <summary>Gives a key back when its write failed (an exception, a 5xx): a retry then runs it.</summary>
    public Task ReleaseAsync(long userId, string key, CancellationToken ct) =>
        database.WriteAsync(session => session.ExecuteAsync(
            "DELETE FROM idempotency_keys WHERE user_id = @user AND idem_key = @key AND status IS NULL", ct, ("@user", userId), ("@key", key)), ct);
}

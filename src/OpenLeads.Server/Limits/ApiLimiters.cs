using OpenLeads.Server.Storage;

namespace OpenLeads.Server.Limits;

/// <summary>SQLite serves one instance: the counts live in this process and cost a request no statement.</summary>
public sealed class InProcessApiLimiter : IApiLimiter
{
    private static readonly object Light = new(), Heavy = new();

    private readonly Lock _gate = new();
    private readonly Queue<(DateTimeOffset At, int Cost)> _spends = new();
    private int _inFlight, _heavyInFlight;
    private long _spent;

    public ValueTask<object?> EnterAsync(bool heavy, ApiLimits limits, CancellationToken ct)
    {
        if (Interlocked.Increment(ref _inFlight) > limits.Concurrency)
        {
            Interlocked.Decrement(ref _inFlight);
            return ValueTask.FromResult<object?>(null);
        }
        if (heavy && Interlocked.Increment(ref _heavyInFlight) > limits.HeavyConcurrency)
        {
            Interlocked.Decrement(ref _heavyInFlight);
            Interlocked.Decrement(ref _inFlight);
            return ValueTask.FromResult<object?>(null);
        }
        return ValueTask.FromResult<object?>(heavy ? Heavy : Light);
    }

    public ValueTask PrepareAsync(ApiLimits limits, CancellationToken ct) => ValueTask.CompletedTask;

    public ValueTask ExitAsync(object lease)
    {
        if (ReferenceEquals(lease, Heavy)) Interlocked.Decrement(ref _heavyInFlight);
        Interlocked.Decrement(ref _inFlight);
        return ValueTask.CompletedTask;
    }

    public ValueTask<bool> SpendAsync(int cost, long budget, DateTimeOffset now, CancellationToken ct)
    {
        lock (_gate)
        {
            while (_spends.TryPeek(out var oldest) && oldest.At <= now - ApiLimits.CreditWindow) _spent -= _spends.Dequeue().Cost;
            if (_spent + cost > budget) return ValueTask.FromResult(false);
            _spends.Enqueue((now, cost));
            _spent += cost;
            return ValueTask.FromResult(true);
        }
    }
}

/// <summary>
/// Every instance on one PostgreSQL shares the limits: a place among the calls in flight is a row of <c>api_slots</c> taken
/// by one statement (FOR UPDATE SKIP LOCKED) and given back by another; credits are spent per minute in <c>api_credits</c>,
/// one statement that spends only when the last 24 hours leave room. A slot an instance never gave back lapses after
/// <see cref="SlotLease"/>.
/// </summary>
public sealed class PgApiLimiter(ISqlDatabase database) : IApiLimiter, IDisposable
{
    public static readonly TimeSpan SlotLease = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim _ensure = new(1, 1);
    private (int, int)? _ensured;

    public void Dispose() => _ensure.Dispose();

    public ValueTask PrepareAsync(ApiLimits limits, CancellationToken ct) => EnsureSlotsAsync(limits, ct);

    /// <summary>
    /// How many times a call looks for a free place before it is refused. One statement's snapshot can miss a place given back
    /// just after it began, while the only place it sees is being taken by another call that saw both (SKIP LOCKED passes over
    /// it): a client that sends its next call as soon as its answer arrives, with exactly as many clients as places, met that
    /// 2 times in 7,664 calls of a 300-second soak. A new statement sees every place given back before it.
    /// </summary>
    private const int EnterTries = 3;

    public async ValueTask<object?> EnterAsync(bool heavy, ApiLimits limits, CancellationToken ct)
    {
        await EnsureSlotsAsync(limits, ct);
        var holder = Guid.NewGuid().ToString("N");
        for (var attempt = 0; attempt < EnterTries; attempt++)
        {
            if (await TryTakeAsync(heavy, holder, ct)) return holder;
        }
        return null;
    }

    private async Task<bool> TryTakeAsync(bool heavy, string holder, CancellationToken ct)
    {
        // Both places or none: the UPDATE runs only when every kind asked for found a free slot.
        var taken = await database.ReadAsync(session => session.ScalarAsync($"""
            WITH light AS (
                SELECT kind, slot FROM api_slots WHERE kind = 'all' AND (holder IS NULL OR expires_at < now())
                LIMIT 1 FOR UPDATE SKIP LOCKED),
            heavy AS (
                SELECT kind, slot FROM api_slots WHERE @heavy AND kind = 'heavy' AND (holder IS NULL OR expires_at < now())
                LIMIT 1 FOR UPDATE SKIP LOCKED),
            free AS (SELECT kind, slot FROM light UNION ALL SELECT kind, slot FROM heavy),
            taken AS (
                UPDATE api_slots s SET holder = @holder, expires_at = now() + @lease
                FROM free f WHERE s.kind = f.kind AND s.slot = f.slot AND (SELECT count(*) FROM free) = @needed AND {Ephemeral}
                RETURNING 1)
            SELECT count(*) FROM taken
            """, ct, ("@heavy", heavy), ("@holder", holder), ("@lease", SlotLease), ("@needed", heavy ? 2L : 1L)), ct);
        return Convert.ToInt64(taken) > 0;
    }

    public async ValueTask ExitAsync(object lease) =>
        await database.ReadAsync(session => session.ExecuteAsync(
            $"UPDATE api_slots SET holder = NULL, expires_at = NULL WHERE holder = @holder AND {Ephemeral}", CancellationToken.None, ("@holder", (string)lease)),
            CancellationToken.None);

    /// <summary>
    /// A condition that is always true and makes the statement's own transaction commit without waiting for the WAL to reach
    /// the disk: a slot is a lease that lapses by itself, so a taken slot lost in a crash of PostgreSQL was never taken, and a
    /// freed one frees itself when its lease ends; credits spent in the last moment before such a crash go uncounted, which
    /// errs toward the caller. Part of the statement, so a call still costs three statements, not six,
    /// and none of them waits for a disk flush.
    /// </summary>
    private const string Ephemeral = "set_config('synchronous_commit', 'off', true) IS NOT NULL";

    public async ValueTask<bool> SpendAsync(int cost, long budget, DateTimeOffset now, CancellationToken ct)
    {
        var minute = now.ToUnixTimeSeconds() / 60;
        var spent = await database.ReadAsync(session => session.ScalarAsync($"""
            WITH gone AS (DELETE FROM api_credits WHERE minute <= @minute - 1440),
            window_spent AS (SELECT coalesce(sum(spent), 0) AS total FROM api_credits WHERE minute > @minute - 1440)
            INSERT INTO api_credits (minute, spent) SELECT @minute, @cost FROM window_spent WHERE total + @cost <= @budget AND {Ephemeral}
            ON CONFLICT (minute) DO UPDATE SET spent = api_credits.spent + excluded.spent
            RETURNING spent
            """, ct, ("@minute", minute), ("@cost", (long)cost), ("@budget", budget)), ct);
        return spent is not null;
    }

    /// <summary>The slots of this instance's figures, made once per process (instances on one database share their settings).</summary>
    private async ValueTask EnsureSlotsAsync(ApiLimits limits, CancellationToken ct)
    {
        var wanted = (limits.Concurrency, limits.HeavyConcurrency);
        if (_ensured == wanted) return;
        await _ensure.WaitAsync(ct);
        try
        {
            if (_ensured == wanted) return;
            await database.WriteAsync(async session =>
            {
                foreach (var (kind, count) in new[] { ("all", limits.Concurrency), ("heavy", limits.HeavyConcurrency) })
                {
                    await session.ExecuteAsync("""
                        INSERT INTO api_slots (kind, slot) SELECT @kind, g FROM generate_series(1, @count) g ON CONFLICT DO NOTHING;
                        DELETE FROM api_slots WHERE kind = @kind AND slot > @count
                        """, ct, ("@kind", kind), ("@count", count));
                }
            }, ct);
            _ensured = wanted;
        }
        finally
        {
            _ensure.Release();
        }
    }
}

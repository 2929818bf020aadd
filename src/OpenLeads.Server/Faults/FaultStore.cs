using System.Text.Json;
using OpenLeads.Server.Storage;

namespace OpenLeads.Server.Faults;

/// <summary>
/// Faults in the database, so that every instance on one PostgreSQL sees them. Each change bumps
/// <see cref="VersionKey"/>, which each request reads with its token (<see cref="TokenGrant.FaultsVersion"/>); counting a
/// fault's firings is one UPDATE of its row, so that two instances never fire one fault's last time twice.
/// </summary>
public sealed class FaultStore(ISqlDatabase database)
{
    public const string VersionKey = "faults_version";

    private const string Columns = "id, spec, remaining, skip, seen";

    public Task<(IReadOnlyList<Fault> Faults, long Version)> ListAsync(CancellationToken ct) =>
        database.ReadAsync<(IReadOnlyList<Fault>, long)>(async session =>
        {
            var rows = await session.QueryAsync($"SELECT {Columns} FROM faults ORDER BY id", ct);
            return ([.. rows.Select(Read)], await VersionAsync(session, ct));
        }, ct);

    public Task<long> VersionAsync(CancellationToken ct) => database.ReadAsync(session => VersionAsync(session, ct), ct);

    public Task<Fault> AddAsync(Fault fault, CancellationToken ct) =>
        database.WriteAsync(async session =>
        {
            var id = (await session.Dialect.NextIdsAsync(session, "objects", 1, ct))[0];
            await session.ExecuteAsync("""
                INSERT INTO faults (id, kind, spec, remaining, skip, seen, created_at) VALUES (@id, @kind, @spec, @remaining, @skip, 0, @now)
                """, ct, ("@id", id), ("@kind", fault.IsJobFault ? "job" : "request"), ("@spec", fault.Spec), ("@remaining", fault.Remaining),
                ("@skip", fault.After), ("@now", session.Dialect.Time(DateTimeOffset.UtcNow)));
            await BumpAsync(session, ct);
            return fault with { Id = id };
        }, ct);

    /// <summary>Removes one fault (<paramref name="id"/>) or all; answers how many went.</summary>
    public Task<int> RemoveAsync(long? id, CancellationToken ct) =>
        database.WriteAsync(async session =>
        {
            var removed = id is null
                ? await session.ExecuteAsync("DELETE FROM faults", ct)
                : await session.ExecuteAsync("DELETE FROM faults WHERE id = @id", ct, ("@id", id.Value));
            if (removed > 0) await BumpAsync(session, ct);
            return removed;
        }, ct);

    /// <summary>
    /// Counts one request met by a counted fault: whether it fires (past its <c>after</c>, with times left) and its row as it now
    /// stands; null when it has no times left (another instance took the last).
    /// </summary>
    public Task<(bool Fired, long? Remaining)?> MeetAsync(long id, CancellationToken ct) =>
        database.WriteAsync<(bool, long?)?>(async session =>
        {
            // SET reads the row as it was: the request fires when it was past the skipped ones.
            var rows = await session.QueryAsync("""
                UPDATE faults SET seen = seen + 1, remaining = CASE WHEN seen >= skip THEN remaining - 1 ELSE remaining END
                WHERE id = @id AND (remaining IS NULL OR remaining > 0) RETURNING seen, skip, remaining
                """, ct, ("@id", id));
            if (rows.Count == 0) return null;
            var row = rows[0];
            return (Convert.ToInt64(row[0]) > Convert.ToInt64(row[1]), row[2] is null ? null : Convert.ToInt64(row[2]));
        }, ct);

    /// <summary>Takes one firing of the oldest job fault with times left, if any: what the next job to start meets.</summary>
    public Task<Fault?> TakeJobFaultAsync(CancellationToken ct) =>
        database.WriteAsync(async session =>
        {
            var rows = await session.QueryAsync($"""
                UPDATE faults SET seen = seen + 1, remaining = remaining - 1
                WHERE id = (SELECT min(id) FROM faults WHERE kind = 'job' AND remaining > 0) AND remaining > 0
                RETURNING {Columns}
                """, ct);
            return rows.Count == 0 ? null : Read(rows[0]);
        }, ct);

    private static async Task<long> VersionAsync(ISqlSession session, CancellationToken ct) =>
        Convert.ToInt64(await session.ScalarAsync("SELECT value FROM settings WHERE key = @key", ct, ("@key", VersionKey)) ?? "0",
            System.Globalization.CultureInfo.InvariantCulture);

    // A text column: the cast keeps the arithmetic in SQL on both databases (as the fields version does).
    private static Task<int> BumpAsync(ISqlSession session, CancellationToken ct) =>
        session.ExecuteAsync($"UPDATE settings SET value = CAST(CAST(value AS {session.Dialect.IdType}) + 1 AS text) WHERE key = @key", ct,
            ("@key", VersionKey));

    private static Fault Read(object?[] row)
    {
        using var spec = JsonDocument.Parse((string)row[1]!);
        // Checked when it was added: a spec that no longer parses is a bug, not a request's problem.
        var fault = FaultSpec.Parse(spec.RootElement).Fault ?? throw new InvalidOperationException($"Fault {row[0]} has a spec that does not parse.");
        return fault with
        {
            Id = Convert.ToInt64(row[0]),
            Remaining = row[2] is null ? null : Convert.ToInt64(row[2]),
            After = Convert.ToInt64(row[3]),
            Seen = Convert.ToInt64(row[4]),
        };
    }
}

using System.Globalization;
using System.Text.Json.Nodes;
using OpenLeads.Server.Metadata;

namespace OpenLeads.Server.Storage;

/// <summary>A snapshot as the control API lists it: its name, when it was taken, and how many rows it holds.</summary>
public sealed record SnapshotInfo(string Name, DateTimeOffset CreatedTime, IReadOnlyDictionary<string, long> Records, long AuditRows, long Jobs, long Tokens);

/// <summary>Named copies of the whole org's state, taken and restored in one transaction each.</summary>
public interface ISnapshotStore
{
    /// <summary>Takes a snapshot; null when one of that name exists and <paramref name="replace"/> is false.</summary>
    Task<SnapshotInfo?> CreateAsync(string name, bool replace, CancellationToken ct);

    Task<IReadOnlyList<SnapshotInfo>> ListAsync(CancellationToken ct);

    /// <summary>Brings back the state of the snapshot; null when there is none of that name.</summary>
    Task<SnapshotInfo?> RestoreAsync(string name, CancellationToken ct);

    Task<bool> DeleteAsync(string name, CancellationToken ct);
}

/// <summary>
/// A snapshot is a copy of every table that holds the org's state (each module's records, audit rows, jobs and
/// their batches, views, territories, users, tokens, OAuth clients, the fields API's changes, the id counters)
/// into tables of its own in the same database, made with one <c>CREATE TABLE … AS SELECT</c> per table inside
/// one transaction that holds off writers, so it is never half of one. A restore, in one transaction that waits
/// for the write in flight (a job's batch included), brings the columns back to the snapshot's fields, replaces
/// each table's rows with one DELETE and one INSERT … SELECT, sets the id counters back and moves the fields
/// version on, so every instance reloads the org. The number of statements depends on the number of tables,
/// never on the number of records. Jobs come back as they were: a running one loses its lease and resumes from
/// its checkpoint. The control API's own state (faults, limits) and the request journal are not the org's state.
/// </summary>
public sealed class SnapshotStore(ISqlDatabase database, OrgCatalog orgs) : ISnapshotStore
{
    /// <summary>The tables besides the modules', parents before children (restored in this order, emptied in the reverse).</summary>
    public static readonly string[] StateTables =
    [
        "users", "territories", "tokens", "oauth_clients", "id_sequence", "org_fields", "custom_views",
        "audit_log", "mass_update_jobs", "mass_update_job_batches", "notification_watches", "operations", "operation_records",
    ];

    private const string CopyPrefix = "openleads_snapshot_";

    public Task<SnapshotInfo?> CreateAsync(string name, bool replace, CancellationToken ct) =>
        database.WriteAsync<SnapshotInfo?>(async session =>
        {
            var org = orgs.Current;
            var tables = await ExistingAsync(session, org, ct);
            if (session.Dialect.LockTables([.. tables.Select(t => RecordSelect.Quote(t.Table)), "snapshots"], exclusive: false) is { } lockSql)
            {
                await session.ExecuteAsync(lockSql, ct);
            }
            if (await IdAsync(session, name, ct) is { } existing)
            {
                if (!replace) return null;
                await DropAsync(session, existing, ct);
            }
            var id = Convert.ToInt64(await session.ScalarAsync("SELECT coalesce(max(id), 0) + 1 FROM snapshots", ct), CultureInfo.InvariantCulture);
            var summary = new JsonObject();
            var records = new JsonObject();
            for (var i = 0; i < tables.Count; i++)
            {
                var (table, columns, module) = tables[i];
                var copy = $"{CopyPrefix}{id}_{i}";
                var list = string.Join(", ", columns.Select(RecordSelect.Quote));
                await session.ExecuteAsync($"CREATE TABLE {copy} AS SELECT {list} FROM {RecordSelect.Quote(table)}", ct);
                await session.ExecuteAsync("INSERT INTO snapshot_tables (snapshot_id, position, source, copy) VALUES (@id, @position, @source, @copy)", ct,
                    ("@id", id), ("@position", i), ("@source", table), ("@copy", copy));
                if (module is not null) records[module.ApiName] = await CountAsync(session, copy, ct);
                else if (table is "audit_log" or "mass_update_jobs" or "tokens") summary[table] = await CountAsync(session, copy, ct);
            }
            summary["records"] = records;
            var created = DateTimeOffset.UtcNow;
            await session.ExecuteAsync("""
                INSERT INTO snapshots (id, name, created_at, sequences, summary) VALUES (@id, @name, @created, @sequences, @summary)
                """, ct, ("@id", id), ("@name", name), ("@created", session.Dialect.Time(created)),
                ("@sequences", await session.Dialect.ReadSequencesAsync(session, ct)), ("@summary", summary.ToJsonString()));
            return Info(name, created, summary);
        }, ct);

    public Task<IReadOnlyList<SnapshotInfo>> ListAsync(CancellationToken ct) =>
        database.ReadAsync<IReadOnlyList<SnapshotInfo>>(async session =>
        {
            await using var command = session.Command("SELECT name, created_at, summary FROM snapshots ORDER BY id");
            await using var reader = await command.ExecuteReaderAsync(ct);
            var list = new List<SnapshotInfo>();
            while (await reader.ReadAsync(ct))
            {
                list.Add(Info(reader.GetString(0), session.Dialect.ReadTime(reader, 1), JsonNode.Parse(reader.GetString(2))!.AsObject()));
            }
            return list;
        }, ct);

    public async Task<SnapshotInfo?> RestoreAsync(string name, CancellationToken ct)
    {
        var restored = await database.WriteAsync<SnapshotInfo?>(async session =>
        {
            var current = orgs.Current;
            var live = await ExistingAsync(session, current, ct);
            if (session.Dialect.LockTables([.. live.Select(t => RecordSelect.Quote(t.Table)), "snapshots", "settings"], exclusive: true) is { } lockSql)
            {
                await session.ExecuteAsync(lockSql, ct);
            }
            var rows = await session.QueryAsync("SELECT id, created_at, sequences, summary FROM snapshots WHERE name = @name", ct, ("@name", name));
            if (rows.Count == 0) return null;
            var id = Convert.ToInt64(rows[0][0], CultureInfo.InvariantCulture);
            var copies = (await session.QueryAsync("SELECT source, copy FROM snapshot_tables WHERE snapshot_id = @id", ct, ("@id", id)))
                .ToDictionary(r => (string)r[0]!, r => (string)r[1]!, StringComparer.Ordinal);

            // The fields first: the org they make decides the columns each module's table must have.
            var (before, _) = await MetadataStore.ReadChangesAsync(session, ct);
            await ReplaceAsync(session, "org_fields", copies, ct);
            var (after, version) = await MetadataStore.ReadChangesAsync(session, ct);
            var nextVersion = version + 1;
            await session.ExecuteAsync("UPDATE settings SET value = @value WHERE key = @key", ct,
                ("@value", nextVersion.ToString(CultureInfo.InvariantCulture)), ("@key", MetadataStore.VersionKey));
            var beforeOrg = orgs.Folder.WithFieldChanges(before, version);
            var afterOrg = orgs.Folder.WithFieldChanges(after, nextVersion);
            var words = await WordIndex.BeforeRestoreAsync(session, current, afterOrg, copies, ct);
            foreach (var module in afterOrg.Modules)
            {
                await ModuleTables.ReconcileAsync(session, beforeOrg.TryResolve(module.ApiName, out var old) ? old : module, module, ct);
            }

            var order = afterOrg.Modules.Select(m => m.Table).Concat(StateTables.Where(t => t != "org_fields")).ToList();
            foreach (var table in Enumerable.Reverse(order).Where(t => live.Any(l => l.Table == t)))
            {
                await session.ExecuteAsync($"DELETE FROM {RecordSelect.Quote(table)}", ct);
            }
            foreach (var table in order.Where(t => live.Any(l => l.Table == t) && copies.ContainsKey(t)))
            {
                await CopyBackAsync(session, table, copies[table], ct);
            }
            await WordIndex.AfterRestoreAsync(session, afterOrg, words, ct);
            await session.Dialect.WriteSequencesAsync(session, rows[0][2] as string, ct);
            // A job that was running resumes from its checkpoint, under whichever instance claims it first.
            await session.ExecuteAsync($"UPDATE mass_update_jobs SET lease_owner = NULL, {session.Dialect.JobLeaseExpiry} = NULL WHERE status = 'RUNNING'", ct);
            // The watches came back as they were: every instance reads its copy of them again.
            await session.ExecuteAsync($"UPDATE settings SET value = CAST(CAST(value AS {session.Dialect.IdType}) + 1 AS text) WHERE key = @key", ct,
                ("@key", Notifications.NotificationSchema.VersionKey));
            return Info(name, ReadTime(session, rows[0][1]), JsonNode.Parse((string)rows[0][3]!)!.AsObject());
        }, ct);
        if (restored is not null)
        {
            var metadata = new MetadataStore(database);
            await orgs.ReloadAsync(metadata.ChangesAsync, ct);
        }
        return restored;
    }

    public Task<bool> DeleteAsync(string name, CancellationToken ct) =>
        database.WriteAsync(async session =>
        {
            if (await IdAsync(session, name, ct) is not { } id) return false;
            await DropAsync(session, id, ct);
            return true;
        }, ct);

    /// <summary>The state tables of this database and their columns to copy (a module's generated columns are the database's to make).</summary>
    private static async Task<List<(string Table, List<string> Columns, ModuleDefinition? Module)>> ExistingAsync(ISqlSession session, Org org,
        CancellationToken ct)
    {
        var tables = new List<(string, List<string>, ModuleDefinition?)>();
        foreach (var module in org.Modules)
        {
            var generated = module.StoredFields.Where(f => f.Storage == FieldStorage.Generated).Select(f => f.Column).ToHashSet(StringComparer.Ordinal);
            tables.Add((module.Table, [.. (await ColumnsAsync(session, module.Table, ct)).Where(c => !generated.Contains(c))], module));
        }
        foreach (var table in StateTables)
        {
            if (await ColumnsAsync(session, table, ct) is { Count: > 0 } columns) tables.Add((table, columns, null));
        }
        return tables;
    }

    private static async Task<List<string>> ColumnsAsync(ISqlSession session, string table, CancellationToken ct) =>
        [.. (await session.QueryAsync(session.Dialect.ColumnsSql, ct, ("@table", table))).Select(r => (string)r[0]!)];

    private static async Task ReplaceAsync(ISqlSession session, string table, Dictionary<string, string> copies, CancellationToken ct)
    {
        await session.ExecuteAsync($"DELETE FROM {RecordSelect.Quote(table)}", ct);
        if (copies.TryGetValue(table, out var copy)) await CopyBackAsync(session, table, copy, ct);
    }

    private static async Task CopyBackAsync(ISqlSession session, string table, string copy, CancellationToken ct)
    {
        var list = string.Join(", ", (await ColumnsAsync(session, copy, ct)).Select(RecordSelect.Quote));
        await session.ExecuteAsync($"INSERT INTO {RecordSelect.Quote(table)} ({list}){session.Dialect.OverridingIdentity} SELECT {list} FROM {copy}", ct);
    }

    private static async Task<long?> IdAsync(ISqlSession session, string name, CancellationToken ct) =>
        await session.ScalarAsync("SELECT id FROM snapshots WHERE name = @name", ct, ("@name", name)) is { } id
            ? Convert.ToInt64(id, CultureInfo.InvariantCulture) : null;

    private static async Task DropAsync(ISqlSession session, long id, CancellationToken ct)
    {
        foreach (var row in await session.QueryAsync("SELECT copy FROM snapshot_tables WHERE snapshot_id = @id", ct, ("@id", id)))
        {
            await session.ExecuteAsync($"DROP TABLE IF EXISTS {(string)row[0]!}", ct);
        }
        await session.ExecuteAsync("DELETE FROM snapshot_tables WHERE snapshot_id = @id", ct, ("@id", id));
        await session.ExecuteAsync("DELETE FROM snapshots WHERE id = @id", ct, ("@id", id));
    }

    private static async Task<long> CountAsync(ISqlSession session, string table, CancellationToken ct) =>
        Convert.ToInt64(await session.ScalarAsync($"SELECT count(*) FROM {table}", ct), CultureInfo.InvariantCulture);

    private static DateTimeOffset ReadTime(ISqlSession session, object? value) => value switch
    {
        DateTimeOffset time => time,
        DateTime time => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)),
        long seconds => DateTimeOffset.FromUnixTimeSeconds(seconds),
        _ => throw new InvalidOperationException($"A snapshot's time of {session.Dialect.GetType().Name} reads as {value?.GetType().Name}."),
    };

    private static SnapshotInfo Info(string name, DateTimeOffset created, JsonObject summary) =>
        new(name, created,
            summary["records"] is JsonObject records ? records.ToDictionary(p => p.Key, p => (long)p.Value!, StringComparer.Ordinal) : new Dictionary<string, long>(),
            (long?)summary["audit_log"] ?? 0, (long?)summary["mass_update_jobs"] ?? 0, (long?)summary["tokens"] ?? 0);
}

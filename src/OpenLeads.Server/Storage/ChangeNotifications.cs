using OpenLeads.Server.Metadata;
using OpenLeads.Server.Notifications;

namespace OpenLeads.Server.Storage;

/// <summary>
/// One change of records as the Notification API reports it: Zoho's <c>operation</c> (<c>insert</c>, <c>update</c>,
/// <c>delete</c>), the ids as strings and, for an update, the fields each record had written (<c>affected_fields</c>).
/// Its JSON is written only when asked for, so a change of a module nobody watches costs nothing but its ids.
/// </summary>
public sealed class ChangeSet
{
    private readonly Func<string> _ids;
    private readonly Func<string> _affectedFields;
    private string? _idsJson;
    private string? _affectedFieldsJson;

    private ChangeSet(ModuleDefinition module, string operation, int count, Func<string> ids, Func<string> affectedFields) =>
        (Module, Operation, Count, _ids, _affectedFields) = (module, operation, count, ids, affectedFields);

    public ModuleDefinition Module { get; }

    public string Operation { get; }

    public int Count { get; }

    public string IdsJson => _idsJson ??= _ids();

    public string AffectedFieldsJson => _affectedFieldsJson ??= _affectedFields();

    /// <summary>The watch event (<c>Module.create|edit|delete</c>) that this change fires.</summary>
    public string Event => Operation switch { "insert" => "create", "update" => "edit", _ => "delete" };

    public static ChangeSet Inserted(ModuleDefinition module, IReadOnlyCollection<long> ids) => new(module, "insert", ids.Count, () => Ids(ids), () => "[]");

    public static ChangeSet Deleted(ModuleDefinition module, IReadOnlyCollection<long> ids) => new(module, "delete", ids.Count, () => Ids(ids), () => "[]");

    /// <summary>Records updated, each with the api names of the fields written.</summary>
    public static ChangeSet Updated(ModuleDefinition module, IReadOnlyCollection<(long Id, IEnumerable<string> Fields)> records) =>
        new(module, "update", records.Count, () => Ids(records.Select(r => r.Id)), () => AffectedFields(records));

    /// <summary>Records written with the same fields (a mass update, a job batch).</summary>
    public static ChangeSet Updated(ModuleDefinition module, IEnumerable<long> written, IReadOnlyList<string> fields)
    {
        long[] ids = [.. written];
        return new(module, "update", ids.Length, () => Ids(ids), () => AffectedFields(ids.Select(id => (id, (IEnumerable<string>)fields))));
    }

    private static string AffectedFields(IEnumerable<(long Id, IEnumerable<string> Fields)> records)
    {
        using var json = new JsonPayload();
        json.Writer.WriteStartArray();
        foreach (var (id, names) in records)
        {
            json.Writer.WriteStartObject();
            json.Writer.WriteStartArray(Zoho.ZohoJson.FormatId(id));
            foreach (var name in names) json.Writer.WriteStringValue(name);
            json.Writer.WriteEndArray();
            json.Writer.WriteEndObject();
        }
        json.Writer.WriteEndArray();
        return json.ToString();
    }

    private static string Ids(IEnumerable<long> ids)
    {
        using var json = new JsonPayload();
        json.Writer.WriteStartArray();
        foreach (var id in ids) json.Writer.WriteStringValue(Zoho.ZohoJson.FormatId(id));
        json.Writer.WriteEndArray();
        return json.ToString();
    }
}

/// <summary>
/// The one hook every write calls inside its own transaction: for each watch of the module and event, one outbox row per
/// change set, by one INSERT … SELECT, so that a notification commits (or rolls back) with its change and the deliverer
/// (<see cref="NotificationDeliverer"/>) sends it after the commit. A write to a module nobody watches costs no statement:
/// this instance keeps the set of watched modules as of the version every token lookup reads (<see cref="Observe"/>).
/// </summary>
public sealed class ChangeNotifications : IDisposable
{
    private readonly SemaphoreSlim _pulse = new(0, 1);
    private long _seen;
    private volatile Watched _watched = new(-1, new HashSet<string>(StringComparer.OrdinalIgnoreCase));

    private sealed record Watched(long Version, IReadOnlySet<string> Modules);

    /// <summary>Whether this instance knows of any watch (the deliverer then looks for work more often).</summary>
    public bool AnyWatched => _watched.Modules.Count > 0;

    /// <summary>Whether a token lookup has seen a newer version of the watches than this instance's copy.</summary>
    public bool IsStale => _watched.Version != Interlocked.Read(ref _seen);

    /// <summary>A version of the watches read with a token, or made by a change here: the copy is read again when it is older.</summary>
    public void Observe(long version)
    {
        long seen;
        while ((seen = Interlocked.Read(ref _seen)) < version && Interlocked.CompareExchange(ref _seen, version, seen) != seen)
        {
        }
    }

    /// <summary>
    /// Writes the outbox rows of <paramref name="change"/> in <paramref name="session"/>'s transaction. A job batch, which no
    /// request brings a version to, passes <paramref name="readVersion"/> to read it here.
    /// </summary>
    public async Task RecordAsync(ISqlSession session, ChangeSet change, DateTimeOffset now, CancellationToken ct, bool readVersion = false)
    {
        if (change.Count == 0 || !await WatchedAsync(session, change.Module, ct, readVersion)) return;
        var time = now.ToUnixTimeMilliseconds();
        var rows = await session.ExecuteAsync("""
            INSERT INTO notification_outbox (channel_id, module, operation, ids, affected_fields, notify_url, token, api_base,
                server_time, status, attempts, next_attempt_ms)
            SELECT channel_id, module, @operation, @ids, @fields, notify_url, token, api_base, @time, 'pending', 0, @time
            FROM notification_watches
            WHERE module = @module AND expires_ms > @time AND (operations LIKE @event OR operations LIKE '%,all,%')
            """, ct, ("@operation", change.Operation), ("@ids", change.IdsJson), ("@fields", change.AffectedFieldsJson), ("@time", time),
            ("@module", change.Module.ApiName), ("@event", $"%,{change.Event},%"));
        if (rows > 0) Pulse();
    }

    /// <summary>Whether any watch names <paramref name="module"/>, from this instance's copy (read again when a newer version was seen).</summary>
    public async Task<bool> WatchedAsync(ISqlSession session, ModuleDefinition module, CancellationToken ct, bool readVersion = false)
    {
        if (readVersion) Observe(await VersionAsync(session, ct));
        var watched = _watched;
        if (watched.Version != Interlocked.Read(ref _seen)) watched = await ReloadAsync(session, ct);
        return watched.Modules.Contains(module.ApiName);
    }

    /// <summary>Wakes the deliverer (a change was recorded, or is about to be committed).</summary>
    public void Pulse()
    {
        if (_pulse.CurrentCount > 0) return;
        try
        {
            _pulse.Release();
        }
        catch (SemaphoreFullException)
        {
            // Another change woke it first.
        }
    }

    /// <summary>Waits for <see cref="Pulse"/> or <paramref name="timeout"/>, whichever comes first.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken ct) => _pulse.WaitAsync(timeout, ct);

    /// <summary>Reads the watched modules again (the deliverer does at start and when <see cref="IsStale"/>, to learn of watches made elsewhere).</summary>
    public Task RefreshAsync(ISqlDatabase database, CancellationToken ct) => database.ReadAsync(session => ReloadAsync(session, ct), ct);

    public static async Task<long> VersionAsync(ISqlSession session, CancellationToken ct) =>
        Convert.ToInt64(await session.ScalarAsync("SELECT value FROM settings WHERE key = @key", ct, ("@key", NotificationSchema.VersionKey)) ?? "0",
            System.Globalization.CultureInfo.InvariantCulture);

    private async Task<Watched> ReloadAsync(ISqlSession session, CancellationToken ct)
    {
        // The version first: a watch made between the two reads is then in the modules, and at worst read again next time.
        var version = await VersionAsync(session, ct);
        var rows = await session.QueryAsync("SELECT DISTINCT module FROM notification_watches", ct);
        var watched = new Watched(version, rows.Select(r => (string)r[0]!).ToHashSet(StringComparer.OrdinalIgnoreCase));
        Observe(version);
        if (version >= _watched.Version) _watched = watched;
        return watched;
    }

    public void Dispose() => _pulse.Dispose();
}

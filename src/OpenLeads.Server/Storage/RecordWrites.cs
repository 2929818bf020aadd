using OpenLeads.Server.Metadata;

namespace OpenLeads.Server.Storage;

/// <summary>A record as a write finds it: its state, creation stamp, and the current values of the fields written.</summary>
public sealed record CurrentRow(RecordState State, DateTimeOffset CreatedTime, UserRef CreatedBy, object?[] Values);

/// <summary>The new values of one record's fields.</summary>
public sealed record PlannedChange(long Id, IReadOnlyDictionary<FieldDefinition, object?> Values);

/// <summary>
/// What a database does inside one write transaction: read the records a write touches (locking
/// them where the database locks rows), then apply the changes and their audit rows set-based.
/// Audit rows are written first, from the stored old values, by SQL that encodes each value as its
/// Zoho JSON text, so every path writes the same audit text for the same value.
/// </summary>
public interface IWriteSession
{
    /// <summary>Current rows of <paramref name="ids"/> that exist, with <paramref name="fields"/>' values in that order.</summary>
    Task<Dictionary<long, CurrentRow>> ReadCurrentAsync(ModuleDefinition module, IReadOnlyCollection<long> ids, FieldDefinition[] fields, CancellationToken ct);

    /// <summary>
    /// Sets one value on those of <paramref name="ids"/> that may be written (<see cref="RecordWrites.WritableSql"/>), without
    /// reading them into the server first (SQLite: its single writer means nothing changes between the statements; PostgreSQL:
    /// one statement locks, audits and updates them): an audit row each, then the update. Answers each written record's
    /// creation time and creator.
    /// </summary>
    Task<Dictionary<long, (DateTimeOffset CreatedTime, UserRef CreatedBy)>> ApplyUniformToWritableAsync(ModuleDefinition module,
        FieldDefinition field, object? value, IReadOnlyCollection<long> ids, WriteContext context, CancellationToken ct);

    /// <summary>Writes each record's own values: an audit row per changed field, then one UPDATE.</summary>
    Task ApplyAsync(ModuleDefinition module, IReadOnlyList<PlannedChange> changes, WriteContext context, CancellationToken ct);
}

/// <summary>
/// The rules of a write, the same on every database: who may be written (approved and
/// unlocked records only), how repeated ids merge, and how a multi-select adds or replaces.
/// </summary>
public static class RecordWrites
{
    public static async Task<IReadOnlyList<RecordWriteResult>> MassUpdateAsync(IWriteSession session, ModuleDefinition module,
        MassUpdateCommand command, WriteContext context, CancellationToken ct)
    {
        var ids = command.Ids.Distinct().ToArray();
        if (command.Values is not [var only]) return await MassUpdateFieldsAsync(session, module, command, ids, context, ct);
        var field = only.Field;
        // Adding to a multi-select is the one mass update whose new value depends on each record's old one.
        var adds = field.Type == FieldType.MultiSelectPicklist && !command.OverWrite;
        if (!adds)
        {
            // Write first; read only the records that were not written, to say why.
            var written = await session.ApplyUniformToWritableAsync(module, field, only.Value, ids, context, ct);
            var refused = written.Count == ids.Length ? []
                : await session.ReadCurrentAsync(module, [.. ids.Where(id => !written.ContainsKey(id))], [], ct);
            return [.. ids.Select(id => written.TryGetValue(id, out var row)
                ? new RecordWriteResult(id, WriteOutcome.Written, new RecordStamp(id, row.CreatedTime, row.CreatedBy, context.Now, context.User))
                : Refusal(id, refused) ?? throw new InvalidOperationException($"Record {id} was writable but not written."))];
        }
        var current = await session.ReadCurrentAsync(module, ids, [field], ct);
        var (results, writable) = Writable(ids, current, context);
        if (writable.Count == 0) return results;
        var changes = writable.Select(id => new PlannedChange(id, new Dictionary<FieldDefinition, object?>
        {
            [field] = Union(current[id].Values[0] as string[], only.Value as string[]),
        })).ToList();
        await session.ApplyAsync(module, changes, context, ct);
        return results;
    }

    /// <summary>Several fields in one mass update (Deals): each writable record gets them all, as an update would write them.</summary>
    private static async Task<IReadOnlyList<RecordWriteResult>> MassUpdateFieldsAsync(IWriteSession session, ModuleDefinition module,
        MassUpdateCommand command, long[] ids, WriteContext context, CancellationToken ct)
    {
        FieldDefinition[] adds = [.. command.Values.Select(v => v.Field).Where(f => f.Type == FieldType.MultiSelectPicklist && !command.OverWrite)];
        var current = await session.ReadCurrentAsync(module, ids, adds, ct);
        var (results, writable) = Writable(ids, current, context);
        if (writable.Count == 0) return results;
        var changes = writable.Select(id =>
        {
            var values = new Dictionary<FieldDefinition, object?>(command.Values.Count);
            foreach (var (field, value) in command.Values)
            {
                var added = Array.IndexOf(adds, field);
                values[field] = added < 0 ? value : Union(current[id].Values[added] as string[], value as string[]);
            }
            return new PlannedChange(id, values);
        }).ToList();
        await session.ApplyAsync(module, changes, context, ct);
        return results;
    }

    /// <summary>Each record's outcome (refused, or written with its stamp) and the ids that may be written.</summary>
    private static (List<RecordWriteResult> Results, List<long> Writable) Writable(long[] ids, Dictionary<long, CurrentRow> current, WriteContext context)
    {
        var results = new List<RecordWriteResult>(ids.Length);
        var writable = new List<long>(ids.Length);
        foreach (var id in ids)
        {
            if (Refusal(id, current) is { } refusal)
            {
                results.Add(refusal);
                continue;
            }
            writable.Add(id);
            results.Add(Written(id, current[id], context));
        }
        return (results, writable);
    }

    public static async Task<IReadOnlyList<RecordWriteResult>> UpdateAsync(IWriteSession session, ModuleDefinition module,
        IReadOnlyList<RecordChange> requested, WriteContext context, CancellationToken ct)
    {
        // The same id twice in one request: its values merge, later ones winning, and it is written once.
        var merged = new Dictionary<long, Dictionary<FieldDefinition, object?>>();
        foreach (var change in requested)
        {
            if (!merged.TryGetValue(change.Id, out var values)) merged[change.Id] = values = [];
            foreach (var (field, value) in change.Values) values[field] = value;
        }
        var current = await session.ReadCurrentAsync(module, merged.Keys, [], ct);
        var results = new List<RecordWriteResult>(merged.Count);
        var changes = new List<PlannedChange>(merged.Count);
        foreach (var (id, values) in merged)
        {
            if (Refusal(id, current) is { } refusal)
            {
                results.Add(refusal);
                continue;
            }
            changes.Add(new PlannedChange(id, values));
            results.Add(Written(id, current[id], context));
        }
        if (changes.Count > 0) await session.ApplyAsync(module, changes, context, ct);
        return results;
    }

    /// <summary>
    /// Who may be written, in SQL, for writes that never read records into the server (job batches):
    /// the same rule as <see cref="Refusal"/>, approved and unlocked.
    /// </summary>
    public const string WritableSql = "approval = 'approved' AND lock_action IS NULL AND converted_detail IS NULL";

    /// <summary>The SET of every write: the module's modified stamps (and last activity, where it has one) and the row version.</summary>
    public static string ModifiedStamp(ModuleDefinition module, string rowVersion)
    {
        var activity = module.LastActivityTime is { } last ? $", {RecordSelect.Quote(last.Column)} = @now" : "";
        return $"{RecordSelect.Quote(module.ModifiedTime.Column)} = @now, {RecordSelect.Quote(module.ModifiedBy.Column)} = @user{activity}, row_version = {rowVersion} + 1";
    }

    /// <summary>Why a record cannot be written: missing, converted, locked, or not approved (in that order).</summary>
    private static RecordWriteResult? Refusal(long id, Dictionary<long, CurrentRow> current)
    {
        if (!current.TryGetValue(id, out var row)) return new RecordWriteResult(id, WriteOutcome.NotFound);
        if (row.State.Converted) return new RecordWriteResult(id, WriteOutcome.Converted);
        if (row.State.LockAction is { } action) return new RecordWriteResult(id, WriteOutcome.Locked, LockAction: action);
        return row.State.Approval switch
        {
            Approval.Pending => new RecordWriteResult(id, WriteOutcome.NotApproved),
            Approval.InReview => new RecordWriteResult(id, WriteOutcome.InReview),
            _ => null,
        };
    }

    private static RecordWriteResult Written(long id, CurrentRow row, WriteContext context) =>
        new(id, WriteOutcome.Written, new RecordStamp(id, row.CreatedTime, row.CreatedBy, context.Now, context.User));

    private static string[] Union(string[]? old, string[]? added) =>
        [.. (old ?? []).Concat(added ?? []).Distinct(StringComparer.Ordinal)];
}

using OpenLeads.Server.Metadata;

namespace OpenLeads.Server.Storage;

/// <summary>A record as a write finds it: its state, creation stamp, and the current values of the fields written.</summary>
public sealed record CurrentRow(RecordState State, DateTimeOffset CreatedTime, UserRef CreatedBy, object?[] Values);

public sealed record FieldChange(FieldDefinition Field, object? Old, object? New);

/// <summary>The new values of one record, with the old ones for its audit rows.</summary>
public sealed record PlannedChange(long Id, IReadOnlyList<FieldChange> Fields);

/// <summary>
/// What a database does inside one write transaction: read the records a write touches (locking
/// them where the database locks rows), then apply every change and its audit rows set-based.
/// </summary>
public interface IWriteSession
{
    /// <summary>Current rows of <paramref name="ids"/> that exist, with <paramref name="fields"/>' values in that order.</summary>
    Task<Dictionary<long, CurrentRow>> ReadCurrentAsync(ModuleDefinition module, IReadOnlyCollection<long> ids, FieldDefinition[] fields, CancellationToken ct);

    /// <summary>Writes the changes, stamps Modified_Time/Modified_By, and one audit row per changed field.</summary>
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
        var field = command.Field;
        var ids = command.Ids.Distinct().ToArray();
        var current = await session.ReadCurrentAsync(module, ids, [field], ct);
        var results = new List<RecordWriteResult>(ids.Length);
        var changes = new List<PlannedChange>(ids.Length);
        foreach (var id in ids)
        {
            if (Refusal(id, current) is { } refusal)
            {
                results.Add(refusal);
                continue;
            }
            var row = current[id];
            var old = row.Values[0];
            var value = field.Type == FieldType.MultiSelectPicklist && !command.OverWrite
                ? Union(old as string[], command.Value as string[])
                : command.Value;
            changes.Add(new PlannedChange(id, [new FieldChange(field, old, value)]));
            results.Add(Written(id, row, context));
        }
        if (changes.Count > 0) await session.ApplyAsync(module, changes, context, ct);
        return results;
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
        var fields = module.ColumnFields.Where(f => merged.Values.Any(v => v.ContainsKey(f))).ToArray();
        var current = await session.ReadCurrentAsync(module, merged.Keys, fields, ct);

        var results = new List<RecordWriteResult>(merged.Count);
        var changes = new List<PlannedChange>(merged.Count);
        foreach (var (id, values) in merged)
        {
            if (Refusal(id, current) is { } refusal)
            {
                results.Add(refusal);
                continue;
            }
            var row = current[id];
            changes.Add(new PlannedChange(id, [.. values.Select(v => new FieldChange(v.Key, row.Values[Array.IndexOf(fields, v.Key)], v.Value))]));
            results.Add(Written(id, row, context));
        }
        if (changes.Count > 0) await session.ApplyAsync(module, changes, context, ct);
        return results;
    }

    /// <summary>Why a record cannot be written: missing, locked, or not approved (in that order).</summary>
    private static RecordWriteResult? Refusal(long id, Dictionary<long, CurrentRow> current)
    {
        if (!current.TryGetValue(id, out var row)) return new RecordWriteResult(id, WriteOutcome.NotFound);
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

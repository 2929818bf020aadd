using OpenLeads.Server.Metadata;
using OpenLeads.Server.Search;

namespace OpenLeads.Server.Storage;

/// <summary>
/// The DDL and SQL of a module's word index that differ between databases. The index holds one text per record, its
/// searchable fields joined (<see cref="Text"/>), and triggers on the module's table keep it: on insert, on delete,
/// and on an update of those fields only, so that a write of any other field costs nothing.
/// </summary>
public interface IWordIndexSql
{
    /// <summary>What kind of index this database can have now (it may lack an extension); a change of kind rebuilds the index.</summary>
    Task<string> KindAsync(ISqlSession session, CancellationToken ct);

    /// <summary>The empty index of <paramref name="kind"/>.</summary>
    IEnumerable<string> Create(string index, string kind);

    IEnumerable<string> Drop(string index);

    /// <summary>The triggers on <paramref name="table"/> that keep <paramref name="index"/> exact.</summary>
    IEnumerable<string> CreateTriggers(string table, string index, IReadOnlyList<string> columns);

    IEnumerable<string> DropTriggers(string table, string index);

    /// <summary>Fills the index from the table, for every record or (<paramref name="ids"/>, a parameter of ids) some.</summary>
    string Fill(string table, string index, IReadOnlyList<string> columns, string? ids);

    /// <summary>Removes the records of <paramref name="ids"/> (a parameter of ids) from the index.</summary>
    string Remove(string index, string ids);

    /// <summary>The record's indexed text, in SQL over the table aliased <paramref name="alias"/>: the columns joined by a newline.</summary>
    string Text(string alias, IReadOnlyList<string> columns);
}

/// <summary>
/// Each module's word index, made from the org's metadata as its table is, at every start and when a field is created
/// or deleted: a module whose searchable fields changed gets its triggers again, and its index filled again when a
/// field joined that may already hold text. The columns an index holds are kept in <c>settings</c>.
/// </summary>
public static class WordIndex
{
    /// <summary>The index of a module's table.</summary>
    public static string Name(string table) => OrgNames.Identifier($"openleads_words_{table}");

    public static IReadOnlyList<string> Columns(ModuleDefinition module) =>
        [.. module.Fields.Where(SearchApi.Searchable).Select(f => f.Column).Distinct().Order(StringComparer.Ordinal)];

    private static string StateKey(string table) => $"word_index:{table}";

    public static async Task EnsureAsync(ISqlSession sql, Org org, CancellationToken ct)
    {
        foreach (var module in org.Modules) await EnsureAsync(sql, module.Table, Columns(module), new HashSet<string>(), ct);
    }

    /// <summary>
    /// Brings the index of <paramref name="table"/> to <paramref name="columns"/>. Columns of <paramref name="empty"/> hold no text
    /// (just added), so they join without a refill; a column that leaves needs none either (its words only make the index find more).
    /// </summary>
    public static async Task EnsureAsync(ISqlSession sql, string table, IReadOnlyList<string> columns, IReadOnlySet<string> empty,
        CancellationToken ct, bool triggersDropped = false)
    {
        var words = sql.Dialect.Words;
        var index = Name(table);
        var state = await StateAsync(sql, table, ct);
        if (columns.Count == 0)
        {
            if (state is null) return;
            await RunAsync(sql, [.. words.DropTriggers(table, index), .. words.Drop(index)], ct);
            await sql.ExecuteAsync("DELETE FROM settings WHERE key = @key", ct, ("@key", StateKey(table)));
            return;
        }
        var kind = await words.KindAsync(sql, ct);
        if (!triggersDropped && state == State(kind, columns)) return;

        await RunAsync(sql, words.DropTriggers(table, index), ct);
        var (oldKind, oldColumns) = Parse(state);
        var refill = oldKind != kind;
        foreach (var column in columns.Where(c => !oldColumns.Contains(c) && !empty.Contains(c)))
        {
            refill = refill || await sql.ScalarAsync($"SELECT 1 FROM {RecordSelect.Quote(table)} WHERE {RecordSelect.Quote(column)} <> '' LIMIT 1", ct) is not null;
        }
        if (refill) await RefillAsync(sql, table, columns, kind, ct);
        await RunAsync(sql, words.CreateTriggers(table, index, columns), ct);
        await SaveStateAsync(sql, table, State(kind, columns), ct);
    }

    /// <summary>Drops the triggers before a searchable column is dropped (neither database drops a column a trigger names).</summary>
    public static Task DropTriggersAsync(ISqlSession sql, string table, CancellationToken ct) =>
        RunAsync(sql, sql.Dialect.Words.DropTriggers(table, Name(table)), ct);

    /// <summary>The index made again and filled from every record of the table.</summary>
    public static async Task RefillAsync(ISqlSession sql, string table, IReadOnlyList<string> columns, string kind, CancellationToken ct)
    {
        var words = sql.Dialect.Words;
        var index = Name(table);
        await RunAsync(sql, [.. words.Drop(index), .. words.Create(index, kind)], ct);
        await sql.ExecuteAsync(words.Fill(table, index, columns, ids: null), ct);
    }

    /// <summary>The kind and columns the index of <paramref name="table"/> holds, when it holds exactly <paramref name="columns"/>.</summary>
    private static async Task<string?> KindIfHoldsAsync(ISqlSession sql, string table, IReadOnlyList<string> columns, CancellationToken ct)
    {
        var (kind, held) = Parse(await StateAsync(sql, table, ct));
        return kind is not null && held.SetEquals(columns) && kind == await sql.Dialect.Words.KindAsync(sql, ct) ? kind : null;
    }

    /// <summary>
    /// Before a snapshot's restore replaces the records: every trigger dropped (a restore must not cost a trigger per row), and
    /// for each module whose index holds the columns the restored org searches, the records whose text the snapshot changes
    /// (by the table and its copy), taken out of the index; null for a module whose index is to be made again.
    /// </summary>
    public static async Task<Dictionary<string, long[]?>> BeforeRestoreAsync(ISqlSession sql, Org live, Org restored,
        IReadOnlyDictionary<string, string> copies, CancellationToken ct)
    {
        foreach (var module in live.Modules) await DropTriggersAsync(sql, module.Table, ct);
        var words = sql.Dialect.Words;
        var plan = new Dictionary<string, long[]?>(StringComparer.Ordinal);
        foreach (var module in restored.Modules)
        {
            var columns = Columns(module);
            plan[module.Table] = null;
            if (columns.Count == 0 || !copies.TryGetValue(module.Table, out var copy) || await KindIfHoldsAsync(sql, module.Table, columns, ct) is null) continue;
            var copyColumns = (await sql.QueryAsync(sql.Dialect.ColumnsSql, ct, ("@table", copy))).Select(r => (string)r[0]!).ToHashSet(StringComparer.Ordinal);
            if (!columns.All(copyColumns.Contains)) continue;
            var table = RecordSelect.Quote(module.Table);
            var changed = await sql.IdsAsync($"""
                SELECT l.id FROM {table} l LEFT JOIN {copy} c ON c.id = l.id WHERE c.id IS NULL OR {words.Text("l", columns)} <> {words.Text("c", columns)}
                UNION ALL SELECT c.id FROM {copy} c WHERE NOT EXISTS (SELECT 1 FROM {table} l WHERE l.id = c.id)
                """, ct);
            var ids = changed.ToArray();
            if (ids.Length > 0) await sql.ExecuteAsync(words.Remove(Name(module.Table), "@ids"), ct, ("@ids", sql.Dialect.Ids(ids)));
            plan[module.Table] = ids;
        }
        return plan;
    }

    /// <summary>After the restore: the changed records put back into the index (or the index made again and filled), then the triggers.</summary>
    public static async Task AfterRestoreAsync(ISqlSession sql, Org restored, Dictionary<string, long[]?> plan, CancellationToken ct)
    {
        var words = sql.Dialect.Words;
        foreach (var module in restored.Modules)
        {
            var columns = Columns(module);
            var index = Name(module.Table);
            if (columns.Count == 0)
            {
                await EnsureAsync(sql, module.Table, columns, new HashSet<string>(), ct, triggersDropped: true);
                continue;
            }
            var kind = await words.KindAsync(sql, ct);
            if (plan.GetValueOrDefault(module.Table) is { } ids)
            {
                if (ids.Length > 0) await sql.ExecuteAsync(words.Fill(module.Table, index, columns, "@ids"), ct, ("@ids", sql.Dialect.Ids(ids)));
            }
            else await RefillAsync(sql, module.Table, columns, kind, ct);
            await RunAsync(sql, words.CreateTriggers(module.Table, index, columns), ct);
            await SaveStateAsync(sql, module.Table, State(kind, columns), ct);
        }
    }

    private static Task<int> SaveStateAsync(ISqlSession sql, string table, string state, CancellationToken ct) =>
        sql.ExecuteAsync("INSERT INTO settings (key, value) VALUES (@key, @value) ON CONFLICT (key) DO UPDATE SET value = excluded.value", ct,
            ("@key", StateKey(table)), ("@value", state));

    private static async Task<string?> StateAsync(ISqlSession sql, string table, CancellationToken ct) =>
        (string?)await sql.ScalarAsync("SELECT value FROM settings WHERE key = @key", ct, ("@key", StateKey(table)));

    private static string State(string kind, IReadOnlyList<string> columns) => $"{kind}|{string.Join(",", columns)}";

    private static (string? Kind, HashSet<string> Columns) Parse(string? state)
    {
        var bar = state?.IndexOf('|') ?? -1;
        if (state is null || bar < 0) return (null, []);
        return (state[..bar], state[(bar + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal));
    }

    private static async Task RunAsync(ISqlSession sql, IEnumerable<string> statements, CancellationToken ct)
    {
        foreach (var statement in statements) await sql.ExecuteAsync(statement, ct);
    }
}

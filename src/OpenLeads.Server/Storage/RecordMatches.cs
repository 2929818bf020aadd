using System.Text;
using OpenLeads.Server.Metadata;

namespace OpenLeads.Server.Storage;

/// <summary>
/// An upsert's one lookup of existing records: every record of the module holding one of the values the request
/// gives for a duplicate check field, in one statement; then, per record, the first field in order whose value
/// an existing record holds (the oldest such record, when several do).
/// </summary>
public static class RecordMatches
{
    public static async Task<(long Id, FieldDefinition Field)?[]> FindAsync(ISqlSession session, ModuleDefinition module,
        IReadOnlyList<FieldDefinition> fields, IReadOnlyList<IReadOnlyDictionary<FieldDefinition, object?>> records, CancellationToken ct)
    {
        var matches = new (long Id, FieldDefinition Field)?[records.Count];
        var parameters = new List<(string Name, object? Value)>();
        var where = new List<string>();
        for (var f = 0; f < fields.Count; f++)
        {
            var values = records.Select(r => r.GetValueOrDefault(fields[f])).Where(Matchable).Distinct().ToList();
            if (values.Count == 0) continue;
            var names = new StringBuilder();
            for (var v = 0; v < values.Count; v++)
            {
                var name = $"@m{f}_{v}";
                names.Append(v == 0 ? "" : ", ").Append(name);
                parameters.Add((name, session.Dialect.Parameter(values[v])));
            }
            where.Add($"{RecordSelect.Quote(fields[f].Column)} IN ({names})");
        }
        if (where.Count == 0) return matches;

        var columns = string.Concat(fields.Select(f => ", " + RecordSelect.Quote(f.Column)));
        await using var command = session.Command(
            $"SELECT id{columns} FROM {RecordSelect.Quote(module.Table)} WHERE {string.Join(" OR ", where)} ORDER BY id", [.. parameters]);
        var existing = new List<(long Id, object?[] Values)>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var values = new object?[fields.Count];
                for (var f = 0; f < fields.Count; f++)
                {
                    values[f] = reader.IsDBNull(f + 1) ? null : session.Dialect.ReadValue(reader, f + 1, fields[f]);
                }
                existing.Add((reader.GetInt64(0), values));
            }
        }
        for (var i = 0; i < records.Count; i++)
        {
            for (var f = 0; f < fields.Count && matches[i] is null; f++)
            {
                var value = records[i].GetValueOrDefault(fields[f]);
                if (!Matchable(value)) continue;
                foreach (var row in existing)
                {
                    if (!Equals(row.Values[f], value)) continue;
                    matches[i] = (row.Id, fields[f]);
                    break;
                }
            }
        }
        return matches;
    }

    /// <summary>An empty value finds nothing: a record without an e-mail is never another's duplicate by it.</summary>
    private static bool Matchable(object? value) => value is not (null or "");
}

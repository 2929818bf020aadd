using System.Text;
using Microsoft.Data.Sqlite;
using OpenLeads.Server.Metadata;

namespace OpenLeads.Server.Storage.Sqlite;

/// <summary>
/// The SQL of one module, built once from its metadata: the record SELECT with its user and lookup
/// joins, and the set-based INSERT that reads rows from a JSON payload with json_each.
/// </summary>
internal sealed class SqliteModuleSql
{
    private readonly ModuleDefinition _module;
    private readonly int[] _firstOrdinal;

    public SqliteModuleSql(ModuleDefinition module)
    {
        _module = module;
        Table = SqliteValues.Quote(module.ApiName);

        var columns = new List<string> { "t.id", "t.approval", "t.lock_action" };
        var joins = new StringBuilder();
        _firstOrdinal = new int[module.StoredFields.Count];
        for (var i = 0; i < module.StoredFields.Count; i++)
        {
            var field = module.StoredFields[i];
            var column = "t." + SqliteValues.Quote(field.ApiName);
            _firstOrdinal[i] = columns.Count;
            columns.Add(column);
            if (field.Type == FieldType.OwnerLookup)
            {
                joins.Append($" LEFT JOIN users j{i} ON j{i}.id = {column}");
                columns.Add($"j{i}.full_name");
                columns.Add($"j{i}.email");
            }
            else if (field.Type == FieldType.Lookup && Modules.TryResolve(field.LookupModule, out var target))
            {
                joins.Append($" LEFT JOIN {SqliteValues.Quote(target.ApiName)} j{i} ON j{i}.id = {column}");
                columns.Add($"j{i}.{SqliteValues.Quote(target.DisplayField)}");
            }
        }
        SelectFrom = $"SELECT {string.Join(", ", columns)} FROM {Table} t{joins}";

        InsertFields = module.ColumnFields;
        var targets = string.Join(", ", InsertFields.Select(f => SqliteValues.Quote(f.ApiName)));
        var sources = string.Join(", ", InsertFields.Select((_, i) => $"json_extract(value, '$[{i + 1}]')"));
        InsertFromJson = $"INSERT INTO {Table} (id, {targets}) SELECT json_extract(value, '$[0]'), {sources} FROM json_each(@rows)";
    }

    public string Table { get; }

    /// <summary>SELECT of whole records, joined to their owners and lookups; add WHERE/ORDER BY.</summary>
    public string SelectFrom { get; }

    /// <summary>Column order of <see cref="InsertFromJson"/> rows: <c>[id, value of each field…]</c>.</summary>
    public IReadOnlyList<FieldDefinition> InsertFields { get; }

    public string InsertFromJson { get; }

    public StoredRecord ReadRecord(SqliteDataReader reader)
    {
        var values = new object?[_module.StoredFields.Count];
        for (var i = 0; i < values.Length; i++)
        {
            var field = _module.StoredFields[i];
            var ordinal = _firstOrdinal[i];
            values[i] = field.Type switch
            {
                _ when reader.IsDBNull(ordinal) => null,
                FieldType.OwnerLookup => new UserRef(reader.GetInt64(ordinal),
                    reader.IsDBNull(ordinal + 1) ? "" : reader.GetString(ordinal + 1),
                    reader.IsDBNull(ordinal + 2) ? null : reader.GetString(ordinal + 2)),
                FieldType.Lookup => new LookupRef(reader.GetInt64(ordinal), reader.IsDBNull(ordinal + 1) ? null : reader.GetString(ordinal + 1)),
                _ => SqliteValues.Read(reader, ordinal, field),
            };
        }
        var state = new RecordState(SqliteValues.ParseApproval(reader.GetString(1)), reader.IsDBNull(2) ? null : reader.GetString(2));
        return new StoredRecord(reader.GetInt64(0), values, state);
    }
}

using System.Data.Common;
using Microsoft.Data.Sqlite;
using OpenLeads.Server.Metadata;

namespace OpenLeads.Server.Storage.Sqlite;

/// <summary>SQLite's forms: Unix seconds for times, JSON arrays of ids read with json_each, the id_sequence table.</summary>
internal sealed class SqliteDialect : ISqlDialect
{
    public static readonly SqliteDialect Instance = new();

    public string IdType => "INTEGER";

    public string ColumnType(FieldDefinition field) => SqliteValues.ColumnType(field);

    public string Boolean(bool value) => value ? "1" : "0";

    // table_xinfo, unlike table_info, lists generated columns too.
    public string ColumnsSql => "SELECT name FROM pragma_table_xinfo(@table)";

    public object Time(DateTimeOffset value) => value.ToUnixTimeSeconds();

    public DateTimeOffset ReadTime(DbDataReader reader, int ordinal) => SqliteValues.FromUnix(reader.GetInt64(ordinal));

    public bool AddsStoredGeneratedColumns => false;

    public string InIds(string column, string parameter) => $"{column} IN (SELECT value FROM json_each({parameter}))";

    public string IdRows(string ids) => $"SELECT value AS id FROM json_each({ids})";

    public string AuditJson(FieldDefinition field, string sql) => SqliteValues.AuditJson(field, sql);

    public string? FromAuditJson(FieldDefinition field, string sql) => field.Type switch
    {
        FieldType.Integer or FieldType.BigInt => $"CAST({sql} AS INTEGER)",
        FieldType.Currency or FieldType.Double => $"CAST({sql} AS REAL)",
        FieldType.Boolean => $"CASE {sql} WHEN 'true' THEN 1 WHEN 'false' THEN 0 END",
        FieldType.DateTime => $"unixepoch(json_extract({sql}, '$'))",
        FieldType.Text or FieldType.TextArea or FieldType.Email or FieldType.Phone or FieldType.Website or FieldType.Picklist or FieldType.Date
            => $"json_extract({sql}, '$')",
        _ => null,
    };

    public string RowLock => "";

    public object Ids(IEnumerable<long> ids) => JsonPayload.Ids(ids);

    public object? Parameter(object? value) => SqliteValues.ToParameter(value);

    public object? ReadValue(DbDataReader reader, int ordinal, FieldDefinition field) => SqliteValues.Read(reader, ordinal, field);

    // SQLite puts NULLs first when ascending; the order the API has always answered on SQLite.
    public string NullsLast => "";

    public IWordIndexSql Words => SqliteWords.Instance;

    public ICriteriaParameters Criteria() => new SqliteCriteria();

    public async Task<long[]> NextIdsAsync(ISqlSession session, string sequence, int count, CancellationToken ct)
    {
        var first = Convert.ToInt64(await session.ScalarAsync(
            "UPDATE id_sequence SET next_value = next_value + @n WHERE name = @name RETURNING next_value - @n", ct,
            ("@n", count), ("@name", sequence)));
        return [.. Enumerable.Range(0, count).Select(i => first + i)];
    }

    public string? LockTables(IEnumerable<string> tables, bool exclusive) => null;

    public string JobLeaseExpiry => "lease_expires_ms";

    public string SkipLocked => "";

    public string OverridingIdentity => "";

    public Task<string?> ReadSequencesAsync(ISqlSession session, CancellationToken ct) => Task.FromResult<string?>(null);

    public Task WriteSequencesAsync(ISqlSession session, string? state, CancellationToken ct) => Task.CompletedTask;
}

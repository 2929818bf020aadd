using Microsoft.Data.Sqlite;
using OpenLeads.Server.Metadata;

namespace OpenLeads.Server.Storage.Sqlite;

/// <summary>Shared SQL (<see cref="ISqlSession"/>) on SQLite.</summary>
internal sealed class SqliteSession(SqliteConnection connection, SqliteTransaction transaction) : ISqlSession
{
    public ISqlDialect Dialect => SqliteDialect.Instance;

    public Task<int> ExecuteAsync(string sql, CancellationToken ct, params (string Name, object? Value)[] parameters) =>
        connection.ExecuteAsync(transaction, sql, ct, parameters);

    public async Task<List<object?[]>> QueryAsync(string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var command = connection.Command(transaction, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<object?[]>();
        while (await reader.ReadAsync(ct))
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }
}

internal sealed class SqliteDialect : ISqlDialect
{
    public static readonly SqliteDialect Instance = new();

    public string IdType => "INTEGER";

    public string ColumnType(FieldDefinition field) => SqliteValues.ColumnType(field);

    public string Boolean(bool value) => value ? "1" : "0";

    // table_xinfo, unlike table_info, lists generated columns too.
    public string ColumnsSql => "SELECT name FROM pragma_table_xinfo(@table)";

    public object Time(DateTimeOffset value) => value.ToUnixTimeSeconds();

    public bool AddsStoredGeneratedColumns => false;
}

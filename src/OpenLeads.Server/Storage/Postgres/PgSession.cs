using Npgsql;
using OpenLeads.Server.Metadata;

namespace OpenLeads.Server.Storage.Postgres;

/// <summary>Shared SQL (<see cref="ISqlSession"/>) on PostgreSQL.</summary>
internal sealed class PgSession(NpgsqlConnection connection, NpgsqlTransaction transaction) : ISqlSession
{
    public ISqlDialect Dialect => PgDialect.Instance;

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

internal sealed class PgDialect : ISqlDialect
{
    public static readonly PgDialect Instance = new();

    public string IdType => "bigint";

    public string ColumnType(FieldDefinition field) => PgValues.ColumnType(field);

    public string Boolean(bool value) => value ? "true" : "false";

    public string ColumnsSql =>
        "SELECT column_name::text FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = @table";

    public object Time(DateTimeOffset value) => value.ToUniversalTime();

    public bool AddsStoredGeneratedColumns => true;
}

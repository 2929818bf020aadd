using System.Data.Common;

namespace OpenLeads.Server.Storage;

/// <summary>
/// <see cref="ISqlSession"/> over any ADO.NET connection: parameterized commands on one connection and,
/// when writing, its transaction; every statement counted by <see cref="StorageMetrics"/> under the database's name.
/// </summary>
public sealed class DbSession(DbConnection connection, DbTransaction? transaction, ISqlDialect dialect, string database) : ISqlSession
{
    public DbConnection Connection => connection;

    public DbTransaction? Transaction => transaction;

    public ISqlDialect Dialect => dialect;

    public DbCommand Command(string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        StorageMetrics.CountStatement(database);
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    public async Task<int> ExecuteAsync(string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(sql, parameters);
        return await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<List<object?[]>> QueryAsync(string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(sql, parameters);
        return await SqlSessions.RowsAsync(command, ct);
    }
}

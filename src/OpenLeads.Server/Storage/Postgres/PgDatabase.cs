using Npgsql;

namespace OpenLeads.Server.Storage.Postgres;

/// <summary>
/// One PostgreSQL database through one <see cref="NpgsqlDataSource"/> (its pool). Writes run in a
/// transaction that is retried when PostgreSQL breaks a deadlock or a serialization conflict, so a
/// client never sees those as faults; every retry starts from scratch.
/// </summary>
public sealed class PgDatabase : ISqlDatabase, IAsyncDisposable
{
    private const int MaxAttempts = 5;

    private readonly NpgsqlDataSource _source;

    public PgDatabase(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        Name = NameOf(connectionString);
        _source = builder.Build();
    }

    /// <summary>The database name, with the schema when a search path chooses one (the statement counter's tag).</summary>
    public string Name { get; }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> Names = new();

    public static string NameOf(string connectionString) => Names.GetOrAdd(connectionString, cs =>
    {
        var builder = new NpgsqlConnectionStringBuilder(cs);
        var database = builder.Database ?? builder.Username ?? "postgres";
        return string.IsNullOrEmpty(builder.SearchPath) ? database : $"{database}/{builder.SearchPath}";
    });

    public async Task<T> ReadAsync<T>(Func<NpgsqlConnection, Task<T>> read, CancellationToken ct)
    {
        await using var connection = await _source.OpenConnectionAsync(ct);
        return await read(connection);
    }

    public async Task<T> WriteAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> write, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = await _source.OpenConnectionAsync(ct);
                await using var transaction = await connection.BeginTransactionAsync(ct);
                var result = await write(connection, transaction);
                await WriteRollback.EndAsync(transaction, ct);
                return result;
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure
                                              && attempt < MaxAttempts)
            {
                await Task.Delay(Random.Shared.Next(5, 25) * attempt, ct);
            }
        }
    }

    public Task WriteAsync(Func<NpgsqlConnection, NpgsqlTransaction, Task> write, CancellationToken ct) =>
        WriteAsync<bool>(async (c, t) => { await write(c, t); return true; }, ct);

    ISqlDialect ISqlDatabase.Dialect => PgDialect.Instance;

    Task<T> ISqlDatabase.ReadAsync<T>(Func<ISqlSession, Task<T>> read, CancellationToken ct) =>
        ReadAsync(connection => read(Session(connection, null)), ct);

    Task<T> ISqlDatabase.WriteAsync<T>(Func<ISqlSession, Task<T>> write, CancellationToken ct) =>
        WriteAsync((connection, transaction) => write(Session(connection, transaction)), ct);

    /// <summary>Shared SQL (<see cref="ISqlSession"/>) on a connection of this database.</summary>
    internal static DbSession Session(NpgsqlConnection connection, NpgsqlTransaction? transaction) =>
        new(connection, transaction, PgDialect.Instance, NameOf(connection.ConnectionString));

    public ValueTask DisposeAsync() => _source.DisposeAsync();
}

/// <summary>Small helpers for parameterized commands (counted by <see cref="StorageMetrics"/>).</summary>
internal static class PgCommands
{
    public static NpgsqlCommand Command(this NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql,
        params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        StorageMetrics.CountStatement(PgDatabase.NameOf(connection.ConnectionString));
        var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    public static async Task<int> ExecuteAsync(this NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql,
        CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var command = connection.Command(transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(ct);
    }

    public static async Task<object?> ScalarAsync(this NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql,
        CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var command = connection.Command(transaction, sql, parameters);
        var value = await command.ExecuteScalarAsync(ct);
        return value is DBNull ? null : value;
    }
}

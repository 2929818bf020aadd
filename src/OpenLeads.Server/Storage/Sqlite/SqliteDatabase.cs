using Microsoft.Data.Sqlite;

namespace OpenLeads.Server.Storage.Sqlite;

/// <summary>
/// One SQLite database file: pooled connections for reads, and one writer connection that runs one
/// write transaction at a time. SQLite admits a single writer; queueing writers here, rather than
/// letting them spin on SQLITE_BUSY inside the driver's retry loop, keeps concurrent requests fast
/// and fair, and the one writer keeps a large page cache warm from one transaction to the next
/// (updates touch index pages all over the file: a warm cache saves re-reading them each time).
/// </summary>
public sealed class SqliteDatabase : ISqlDatabase, IDisposable
{
    /// <summary>What a checkpoint did: whether it stopped short (readers or a writer in the way), the log's frames, and how many are in the file.</summary>
    public readonly record struct CheckpointResult(bool Busy, long LogFrames, long CheckpointedFrames);

    private readonly string _connectionString;
    /// <summary>The writer's page cache (SQLite's cache_size in KiB, negative): 64 MiB.</summary>
    public const int WriterCacheKib = 64 * 1024;

    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private SqliteConnection? _writer;
    private readonly bool _isFile;

    public SqliteDatabase(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(InMemory(connectionString) ? $"Data Source={MemoryName}" : connectionString);
        if (string.IsNullOrWhiteSpace(builder.DataSource))
        {
            throw new ArgumentException("has no Data Source (the database file).");
        }
        _isFile = builder.Mode != SqliteOpenMode.Memory && builder.DataSource != MemoryName;
        if (!_isFile)
        {
            // One database in memory, for this server only: every connection of it is the one the writer keeps open.
            builder.DataSource = $"openleads-{Guid.NewGuid():N}";
            builder.Mode = SqliteOpenMode.Memory;
            builder.Cache = SqliteCacheMode.Shared;
        }
        builder.Pooling = true;
        _connectionString = builder.ToString();
        DataSource = _isFile ? builder.DataSource : MemoryName;
    }

    /// <summary>The in-memory database: <c>:memory:</c>, alone or as the Data Source.</summary>
    public const string MemoryName = ":memory:";

    /// <summary>The connection string names a database in memory (<c>:memory:</c> or <c>Data Source=:memory:</c>, or Mode=Memory).</summary>
    public static bool InMemory(string connectionString)
    {
        if (connectionString.Trim() == MemoryName) return true;
        try
        {
            var builder = new SqliteConnectionStringBuilder(connectionString);
            return builder.DataSource == MemoryName || builder.Mode == SqliteOpenMode.Memory;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>The database lives in this process's memory, gone when it stops (for tests that need no file).</summary>
    public bool IsInMemory => !_isFile;

    /// <summary>SQL function that lower-cases text for case-insensitive comparisons of any script.</summary>
    public const string CaseFold = "openleads_fold";

    /// <summary>The database file, as configured.</summary>
    public string DataSource { get; }

    /// <summary>Creates the directory of the database file (the first start makes the file itself).</summary>
    public void EnsureDirectory()
    {
        if (!_isFile) return;
        var directory = Path.GetDirectoryName(Path.GetFullPath(DataSource));
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
    }

    public async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct);
        // SQLite folds only ASCII letters (NOCASE, LIKE); searches compare text through .NET's Unicode case folding instead.
        connection.CreateFunction(CaseFold, (string? text) => text?.ToLowerInvariant(), isDeterministic: true);
        // Per-connection settings: WAL makes NORMAL durable against process crashes; readers never block the writer.
        // Checkpoints are taken by SqliteCheckpointer, off the commit path: an automatic checkpoint would make
        // every few commits copy the log into the file and fsync while the writer waits.
        using var pragmas = connection.CreateCommand();
        pragmas.CommandText = "PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 30000; PRAGMA temp_store = MEMORY; PRAGMA wal_autocheckpoint = 0;";
        await pragmas.ExecuteNonQueryAsync(ct);
        return connection;
    }

    public async Task<T> ReadAsync<T>(Func<SqliteConnection, Task<T>> read, CancellationToken ct)
    {
        if (!_isFile) return await OnTheWriterAsync(read, ct);
        await using var connection = await OpenAsync(ct);
        return await read(connection);
    }

    /// <summary>
    /// A read of the database in memory: on the writer's connection, in turn with writes. Shared-cache connections
    /// lock whole tables without waiting (SQLITE_LOCKED), so readers beside the writer would fail; and the writer's
    /// open connection is what keeps the database alive.
    /// </summary>
    private async Task<T> OnTheWriterAsync<T>(Func<SqliteConnection, Task<T>> read, CancellationToken ct)
    {
        await _writeGate.WaitAsync(ct);
        try
        {
            return await read(await WriterAsync(ct));
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private async Task<SqliteConnection> WriterAsync(CancellationToken ct)
    {
        if (_writer is null)
        {
            _writer = await OpenAsync(ct);
            await _writer.ExecuteAsync(null, $"PRAGMA cache_size = -{WriterCacheKib}", ct);
        }
        return _writer;
    }

    /// <summary>Runs <paramref name="write"/> in one IMMEDIATE transaction: all of it commits, or none.</summary>
    public async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> write, CancellationToken ct)
    {
        await _writeGate.WaitAsync(ct);
        try
        {
            var writer = await WriterAsync(ct);
            await using var transaction = writer.BeginTransaction(deferred: false);
            var result = await write(writer, transaction);
            await WriteRollback.EndAsync(transaction, ct);
            return result;
        }
        catch (SqliteException)
        {
            // The transaction rolled back as it was disposed; a connection left unusable is opened again next time.
            if (_writer is { State: not System.Data.ConnectionState.Open })
            {
                await _writer.DisposeAsync();
                _writer = null;
            }
            throw;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public Task WriteAsync(Func<SqliteConnection, SqliteTransaction, Task> write, CancellationToken ct) =>
        WriteAsync<bool>(async (c, t) => { await write(c, t); return true; }, ct);

    ISqlDialect ISqlDatabase.Dialect => SqliteDialect.Instance;

    Task<T> ISqlDatabase.ReadAsync<T>(Func<ISqlSession, Task<T>> read, CancellationToken ct) =>
        ReadAsync(connection => read(Session(connection, null)), ct);

    Task<T> ISqlDatabase.WriteAsync<T>(Func<ISqlSession, Task<T>> write, CancellationToken ct) =>
        WriteAsync((connection, transaction) => write(Session(connection, transaction)), ct);

    /// <summary>Shared SQL (<see cref="ISqlSession"/>) on a connection of this database.</summary>
    internal static DbSession Session(SqliteConnection connection, SqliteTransaction? transaction) =>
        new(connection, transaction, SqliteDialect.Instance, connection.DataSource);

    /// <summary>
    /// A checkpoint (<c>PRAGMA wal_checkpoint(mode)</c>) on a connection of its own, waiting at most
    /// <paramref name="busyTimeoutMs"/> for readers and writers where the mode waits (the connection's 30 s otherwise).
    /// </summary>
    public async Task<CheckpointResult> CheckpointAsync(string mode, CancellationToken ct, int? busyTimeoutMs = null)
    {
        if (!_isFile) return default; // no log to fold in: a database in memory keeps no file
        await using var connection = await OpenAsync(ct);
        if (busyTimeoutMs is { } wait) await connection.ExecuteAsync(null, $"PRAGMA busy_timeout = {wait}", ct);
        await using var command = connection.Command(null, $"PRAGMA wal_checkpoint({mode})");
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? new CheckpointResult(reader.GetInt64(0) != 0, reader.GetInt64(1), reader.GetInt64(2)) : default;
    }

    public void Dispose()
    {
        _writer?.Dispose();
        _writeGate.Dispose();
    }
}

/// <summary>Small helpers for parameterized commands.</summary>
internal static class SqliteCommands
{
    public static SqliteCommand Command(this SqliteConnection connection, SqliteTransaction? transaction, string sql,
        params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        StorageMetrics.CountStatement(connection.DataSource);
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    public static async Task<int> ExecuteAsync(this SqliteConnection connection, SqliteTransaction? transaction, string sql,
        CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var command = connection.Command(transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(ct);
    }

    public static async Task<object?> ScalarAsync(this SqliteConnection connection, SqliteTransaction? transaction, string sql,
        CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var command = connection.Command(transaction, sql, parameters);
        var value = await command.ExecuteScalarAsync(ct);
        return value is DBNull ? null : value;
    }
}

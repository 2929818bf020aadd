using System.Data.Common;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Npgsql;
using OpenLeads.LocalPostgres;
using OpenLeads.Server.Admin;
using OpenLeads.Server.Metadata;
using OpenLeads.Server.Storage;
using OpenLeads.Server.Storage.Postgres;
using OpenLeads.Server.Storage.Sqlite;

namespace OpenLeads.Bench;

/// <summary>
/// A fresh database of N Leads, and the floor: the same logical change as the server's (same rows,
/// same values, same audit rows) done with direct SQL on the same database, no HTTP, no server.
/// </summary>
public abstract class BenchDatabase : IAsyncDisposable
{
    public const long User = 738964000000291009;

    public abstract string Provider { get; }

    public abstract string ConnectionString { get; }

    protected abstract IAdminStore Admin { get; }

    protected abstract IRecordStore Records { get; }

    public static async Task<BenchDatabase> CreateAsync(BenchOptions options) => options.Provider == "postgres"
        ? new PostgresBench(options.Postgres ?? PostgresCluster.StartDurable().CreateDatabase())
        : await Task.FromResult<BenchDatabase>(new SqliteBench());

    /// <summary>Migrates and inserts N generated Leads through the storage contract; returns their ids.</summary>
    public async Task<long[]> SeedAsync(int count)
    {
        await Admin.MigrateAsync(CancellationToken.None);
        var context = new WriteContext(DemoOrganisation.Administrator.Ref, DateTimeOffset.UtcNow, "bench", "seed");
        var ids = await Records.InsertAsync(Modules.Leads, DemoLeads.Generate(Modules.Leads, count, DemoOrganisation.Users, context.Now, 42),
            context, CancellationToken.None);
        return [.. ids];
    }

    /// <summary>The ids scenario by direct SQL: each chunk in its own transaction (as each request is), <paramref name="workers"/> at once.</summary>
    public async Task<double> IdsFloorAsync(IReadOnlyList<long[]> chunks, int value, int workers)
    {
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            await using var connection = await OpenAsync();
            for (var i = Interlocked.Increment(ref next); i < chunks.Count; i = Interlocked.Increment(ref next))
            {
                await ChangeAsync(connection, chunks[i], value, "mass_update", null);
            }
        })));
        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>The job scenario by direct SQL: every approved, unlocked Lead in one transaction.</summary>
    public async Task<double> JobFloorAsync(int value)
    {
        await using var connection = await OpenAsync();
        var clock = Stopwatch.StartNew();
        await ChangeAsync(connection, null, value, "job", 1);
        return clock.Elapsed.TotalSeconds;
    }

    protected abstract Task<DbConnection> OpenAsync();

    /// <summary>One transaction: an audit row per record that will change (old value read first), then the update.</summary>
    protected abstract Task ChangeAsync(DbConnection connection, long[]? ids, int value, string source, long? job);

    protected static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, v) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = v ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        await command.ExecuteNonQueryAsync();
    }

    public abstract ValueTask DisposeAsync();

    private sealed class SqliteBench : BenchDatabase
    {
        private readonly string _directory = Directory.CreateTempSubdirectory("openleads-bench-").FullName;
        private readonly SqliteDatabase _database;

        public SqliteBench()
        {
            ConnectionString = $"Data Source={Path.Combine(_directory, "bench.db")}";
            _database = new SqliteDatabase(ConnectionString);
            Admin = new SqliteAdminStore(_database);
            Records = new SqliteRecordStore(_database);
        }

        public override string Provider => "sqlite";
        public override string ConnectionString { get; }
        protected override IAdminStore Admin { get; }
        protected override IRecordStore Records { get; }

        // The server's own connection settings (WAL, synchronous=NORMAL), so the floor pays the same durability.
        protected override async Task<DbConnection> OpenAsync() => await _database.OpenAsync(CancellationToken.None);

        protected override async Task ChangeAsync(DbConnection connection, long[]? ids, int value, string source, long? job)
        {
            await using var transaction = ((SqliteConnection)connection).BeginTransaction(deferred: false);
            var which = ids is null ? "" : "id IN (SELECT value FROM json_each(@ids)) AND ";
            (string, object?)[] parameters = [("@ids", ids is null ? null : "[" + string.Join(',', ids) + "]"), ("@value", value),
                ("@now", DateTimeOffset.UtcNow.ToUnixTimeSeconds()), ("@user", User), ("@source", source), ("@job", job)];
            await ExecuteAsync(connection, transaction, $"""
                INSERT INTO audit_log (module, record_id, field, old_value, new_value, user_id, changed_at, request_id, source, job_id)
                SELECT 'Leads', id, 'No_of_Employees', CAST("No_of_Employees" AS TEXT), CAST(@value AS TEXT), @user, @now, 'floor', @source, @job
                FROM "Leads" WHERE {which}approval = 'approved' AND lock_action IS NULL
                """, parameters);
            await ExecuteAsync(connection, transaction, $"""
                UPDATE "Leads" SET "No_of_Employees" = @value, "Modified_Time" = @now, "Modified_By" = @user, "Last_Activity_Time" = @now,
                    row_version = row_version + 1
                WHERE {which}approval = 'approved' AND lock_action IS NULL
                """, parameters);
            await transaction.CommitAsync();
        }

        public override ValueTask DisposeAsync()
        {
            _database.Dispose();
            SqliteConnection.ClearAllPools();
            Directory.Delete(_directory, recursive: true);
            return ValueTask.CompletedTask;
        }
    }

    private sealed class PostgresBench : BenchDatabase
    {
        private readonly PgDatabase _database;
        private readonly NpgsqlDataSource _source;

        public PostgresBench(string connectionString)
        {
            ConnectionString = connectionString;
            _database = new PgDatabase(connectionString);
            _source = NpgsqlDataSource.Create(connectionString);
            Admin = new PgAdminStore(_database);
            Records = new PgRecordStore(_database);
        }

        public override string Provider => "postgres";
        public override string ConnectionString { get; }
        protected override IAdminStore Admin { get; }
        protected override IRecordStore Records { get; }

        protected override async Task<DbConnection> OpenAsync() => await _source.OpenConnectionAsync();

        protected override async Task ChangeAsync(DbConnection connection, long[]? ids, int value, string source, long? job)
        {
            await using var transaction = await connection.BeginTransactionAsync();
            var which = ids is null ? "" : "id = ANY(@ids) AND ";
            (string, object?)[] parameters = [("@ids", ids ?? []), ("@value", (long)value), ("@now", DateTimeOffset.UtcNow),
                ("@user", User), ("@source", source), ("@job", job ?? 0L)];
            await ExecuteAsync(connection, transaction, $"""
                INSERT INTO audit_log (module, record_id, field, old_value, new_value, user_id, changed_at, request_id, source, job_id)
                SELECT 'Leads', id, 'No_of_Employees', "No_of_Employees"::text, @value::text, @user, @now, 'floor', @source, nullif(@job, 0)
                FROM "Leads" WHERE {which}approval = 'approved' AND lock_action IS NULL
                """, parameters);
            await ExecuteAsync(connection, transaction, $"""
                UPDATE "Leads" SET "No_of_Employees" = @value, "Modified_Time" = @now, "Modified_By" = @user, "Last_Activity_Time" = @now,
                    row_version = row_version + 1
                WHERE {which}approval = 'approved' AND lock_action IS NULL
                """, parameters);
            await transaction.CommitAsync();
        }

        public override async ValueTask DisposeAsync()
        {
            await _database.DisposeAsync();
            await _source.DisposeAsync();
        }
    }
}

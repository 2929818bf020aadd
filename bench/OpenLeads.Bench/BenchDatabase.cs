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

    public static BenchDatabase Create(BenchOptions options) => options.Provider == "postgres"
        ? new PostgresBench(options.Postgres is null ? DurableCluster.Value : PostgresCluster.Connect(options.Postgres))
        : new SqliteBench(null);

    /// <summary>The bench's own throwaway cluster, one per run however many databases a scenario makes (scale makes one per size).</summary>
    private static readonly Lazy<PostgresCluster> DurableCluster = new(PostgresCluster.StartDurable);

    /// <summary>
    /// A byte-for-byte copy of this database as it is now. Every measured phase runs on its own copy of
    /// the same seeded database, so none starts from the state another left (a first pass over freshly
    /// seeded rows costs more than a second one: its index entries are still scattered).
    /// </summary>
    public abstract Task<BenchDatabase> CloneAsync();

    /// <summary>The server's schema, no records: what a first start would leave.</summary>
    public Task MigrateAsync() => Admin.MigrateAsync(CancellationToken.None);

    /// <summary>Migrates and inserts N generated records of <paramref name="module"/> (Leads unless said) through the storage contract; returns their ids.</summary>
    public async Task<long[]> SeedAsync(int count, string module = "Leads")
    {
        await MigrateAsync();
        // Whole seconds, as the server stamps every write: PostgreSQL would otherwise keep fractions the API never shows,
        // and a search for a Lead's Created_Time as the API shows it would find nothing.
        var now = DateTimeOffset.UtcNow;
        var context = new WriteContext(OrgFolder.Demo.Administrator.Ref, now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond)), "bench", "seed");
        var sources = new DemoSources(OrgFolder.Demo.Users, OrgFolder.Demo.Territories, context.Now, new Dictionary<string, IReadOnlyList<DemoTarget>>());
        var definition = OrgFolder.Demo.Module(module);
        var ids = await Records.InsertAsync(definition, DemoRecords.Generate(definition, count, sources, 42), context, CancellationToken.None);
        return [.. ids];
    }

    /// <summary>
    /// The change by direct SQL, <paramref name="chunks"/> in order, each in its own transaction,
    /// <paramref name="workers"/> at once: what a request or a job batch does, without the server.
    /// </summary>
    public async Task<double> FloorAsync(IReadOnlyList<long[]> chunks, int value, int workers, string source) =>
        await FloorAsync(chunks, FloorChange.Employees(value), workers, source);

    /// <summary>The same, for any change of one module's fields (the Deals scenario sets three).</summary>
    public async Task<double> FloorAsync(IReadOnlyList<long[]> chunks, FloorChange change, int workers, string source)
    {
        var next = -1;
        using var done = new CancellationTokenSource();
        var maintenance = MaintainAsync(done.Token);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(async () =>
        {
            await using var connection = await OpenAsync();
            for (var i = Interlocked.Increment(ref next); i < chunks.Count; i = Interlocked.Increment(ref next))
            {
                // A job's audit rows carry its id as their operation's; each ids call is an operation of its own.
                await ChangeAsync(connection, chunks[i], change, source, source == "job" ? 1 : null, source == "job" ? 1 : i + 1);
            }
        })));
        var seconds = clock.Elapsed.TotalSeconds;
        await done.CancelAsync();
        await maintenance;
        return seconds;
    }

    /// <summary>
    /// Lets earlier work settle before a measurement: SQLite folds its write-ahead log into the file,
    /// PostgreSQL checkpoints and refreshes planner statistics. Otherwise a phase pays for the last one's writes.
    /// </summary>
    public async Task SettleAsync()
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = Provider == "sqlite" ? "PRAGMA wal_checkpoint(TRUNCATE)" : "ANALYZE; CHECKPOINT";
        command.CommandTimeout = 600;
        await command.ExecuteNonQueryAsync();
    }

    protected abstract Task<DbConnection> OpenAsync();

    /// <summary>What the server runs beside its writes while the floor runs (SQLite: the background checkpoint).</summary>
    protected virtual Task MaintainAsync(CancellationToken stop) => Task.CompletedTask;


    /// <summary>
    /// One transaction: an audit row per record that will change (old value read first), then the update. The audit rows
    /// carry the job and the operation, as the server's do (the operation since issue 13: it is indexed).
    /// </summary>
    protected abstract Task ChangeAsync(DbConnection connection, long[]? ids, FloorChange change, string source, long? job, long operation);

    /// <summary>
    /// Which rows a floor chunk changes: a run of consecutive ids (as the bench's Leads are, in id order)
    /// is addressed as a range, the cheapest way SQL can name them; any other set by its list.
    /// </summary>
    private static string Which(long[]? ids, string byList) =>
        ids is null ? "" : (ids[^1] - ids[0] == ids.Length - 1 ? "id BETWEEN @lo AND @hi" : byList) + " AND ";

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

        public SqliteBench(string? copyOf)
        {
            var file = Path.Combine(_directory, "bench.db");
            if (copyOf is not null) File.Copy(copyOf, file);
            ConnectionString = $"Data Source={file}";
            _database = new SqliteDatabase(ConnectionString);
            var stores = StoreSet.Sqlite(_database, new OrgCatalog(OrgFolder.Demo));
            Admin = stores.Admin;
            Records = stores.Records;
        }

        public override string Provider => "sqlite";

        public override async Task<BenchDatabase> CloneAsync()
        {
            await SettleAsync(); // a checkpoint TRUNCATE leaves the whole database in its file
            SqliteConnection.ClearAllPools();
            return new SqliteBench(_database.DataSource);
        }
        public override string ConnectionString { get; }
        protected override IAdminStore Admin { get; }
        protected override IRecordStore Records { get; }

        // The server's own connection settings (WAL, synchronous=NORMAL, no automatic checkpoints) and its
        // writer's page cache, so the floor pays the same durability and gets the same memory.
        protected override async Task<DbConnection> OpenAsync()
        {
            var connection = await _database.OpenAsync(CancellationToken.None);
            await using var cache = connection.CreateCommand();
            cache.CommandText = $"PRAGMA cache_size = -{SqliteDatabase.WriterCacheKib}";
            await cache.ExecuteNonQueryAsync();
            return connection;
        }

        // The same checkpoint each second that the server's SqliteCheckpointer takes.
        protected override async Task MaintainAsync(CancellationToken stop)
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
            try
            {
                while (await timer.WaitForNextTickAsync(stop)) await SqliteCheckpointer.CheckpointOnceAsync(_database, SqliteCheckpointer.RestartFrames, stop);
            }
            catch (OperationCanceledException)
            {
            }
        }

        protected override async Task ChangeAsync(DbConnection connection, long[]? ids, FloorChange change, string source, long? job, long operation)
        {
            await using var transaction = ((SqliteConnection)connection).BeginTransaction(deferred: false);
            var which = Which(ids, "id IN (SELECT value FROM json_each(@ids))");
            (string, object?)[] parameters = [("@ids", ids is null ? null : "[" + string.Join(',', ids) + "]"), ("@lo", ids?[0]), ("@hi", ids?[^1]),
                ("@now", DateTimeOffset.UtcNow.ToUnixTimeSeconds()), ("@user", User), ("@source", source), ("@job", job), ("@operation", operation),
                .. change.Fields.Select((f, i) => ($"@v{i}", f.Value))];
            string Audit(FloorChange.Field f, string x) => f.IsText ? $"json_quote({x})" : f.Value is double ? $"CAST(CAST({x} AS REAL) AS TEXT)" : $"CAST({x} AS TEXT)";
            await ExecuteAsync(connection, transaction, "INSERT INTO audit_log (module, record_id, field, old_value, new_value, user_id, changed_at, request_id, source, job_id, operation_id)\n" +
                string.Join("\nUNION ALL\n", change.Fields.Select((f, i) => $"""
                    SELECT '{change.Module}', id, '{f.Column}', {Audit(f, $"\"{f.Column}\"")}, {Audit(f, $"@v{i}")}, @user, @now, 'floor', @source, @job, @operation
                    FROM "{change.Module}" WHERE {which}approval = 'approved' AND lock_action IS NULL
                    """)), parameters);
            await ExecuteAsync(connection, transaction, $"""
                UPDATE "{change.Module}" SET {string.Join(", ", change.Fields.Select((f, i) => $"\"{f.Column}\" = @v{i}"))},
                    "Modified_Time" = @now, "Modified_By" = @user, "Last_Activity_Time" = @now, row_version = row_version + 1
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
        private readonly PostgresCluster _cluster;
        private readonly PgDatabase _database;
        private readonly NpgsqlDataSource _source;
        private bool _isTemplate;

        /// <summary>A new database on <paramref name="cluster"/>: empty, or a copy of <paramref name="template"/>.</summary>
        public PostgresBench(PostgresCluster cluster, string? template = null)
        {
            _cluster = cluster;
            ConnectionString = cluster.CreateDatabaseOfItsOwn(template);
            _database = new PgDatabase(ConnectionString);
            _source = NpgsqlDataSource.Create(ConnectionString);
            var stores = StoreSet.Postgres(_database, new OrgCatalog(OrgFolder.Demo));
            Admin = stores.Admin;
            Records = stores.Records;
        }

        public override string Provider => "postgres";

        public override async Task<BenchDatabase> CloneAsync()
        {
            // A template database may have no connections: close this one's for good, it only gets copied from now on.
            if (!_isTemplate)
            {
                await SettleAsync();
                await _source.DisposeAsync();
                await _database.DisposeAsync();
                NpgsqlConnection.ClearAllPools();
                _isTemplate = true;
            }
            return new PostgresBench(_cluster, ConnectionString);
        }
        public override string ConnectionString { get; }
        protected override IAdminStore Admin { get; }
        protected override IRecordStore Records { get; }

        protected override async Task<DbConnection> OpenAsync() => await _source.OpenConnectionAsync();

        protected override async Task ChangeAsync(DbConnection connection, long[]? ids, FloorChange change, string source, long? job, long operation)
        {
            await using var transaction = await connection.BeginTransactionAsync();
            var which = Which(ids, "id = ANY(@ids)");
            (string, object?)[] parameters = [("@ids", ids ?? []), ("@lo", ids?[0] ?? 0L), ("@hi", ids?[^1] ?? 0L), ("@now", DateTimeOffset.UtcNow),
                ("@user", User), ("@source", source), ("@job", job ?? 0L), ("@operation", operation), .. change.Fields.Select((f, i) => ($"@v{i}", f.Value))];
            string Audit(FloorChange.Field f, string x) => f.IsText ? $"to_json({x})::text" : $"({x})::text";
            string Typed(FloorChange.Field f, int i) => f.IsText ? $"@v{i}::text" : f.Value is double ? $"@v{i}::double precision" : $"@v{i}::bigint";
            await ExecuteAsync(connection, transaction, "INSERT INTO audit_log (module, record_id, field, old_value, new_value, user_id, changed_at, request_id, source, job_id, operation_id)\n" +
                string.Join("\nUNION ALL\n", change.Fields.Select((f, i) => $"""
                    SELECT '{change.Module}', id, '{f.Column}', {Audit(f, $"\"{f.Column}\"")}, {Audit(f, Typed(f, i))}, @user, @now, 'floor', @source, nullif(@job, 0), @operation
                    FROM "{change.Module}" WHERE {which}approval = 'approved' AND lock_action IS NULL
                    """)), parameters);
            await ExecuteAsync(connection, transaction, $"""
                UPDATE "{change.Module}" SET {string.Join(", ", change.Fields.Select((f, i) => $"\"{f.Column}\" = {Typed(f, i)}"))},
                    "Modified_Time" = @now, "Modified_By" = @user, "Last_Activity_Time" = @now, row_version = row_version + 1
                WHERE {which}approval = 'approved' AND lock_action IS NULL
                """, parameters);
            await transaction.CommitAsync();
        }

        public override async ValueTask DisposeAsync()
        {
            if (!_isTemplate)
            {
                await _database.DisposeAsync();
                await _source.DisposeAsync();
            }
            _cluster.DropDatabase(ConnectionString);
        }
    }
}

/// <summary>What a floor writes: values of some fields of one module's records, with an audit row each.</summary>
public sealed record FloorChange(string Module, IReadOnlyList<FloorChange.Field> Fields)
{
    public sealed record Field(string Column, object Value, bool IsText);

    /// <summary>The Leads scenarios' change: No_of_Employees.</summary>
    public static FloorChange Employees(int value) => new("Leads", [new Field("No_of_Employees", (long)value, IsText: false)]);
}

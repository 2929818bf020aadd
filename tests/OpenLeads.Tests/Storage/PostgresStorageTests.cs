using OpenLeads.Server.Storage;
using OpenLeads.Server.Metadata;
using Npgsql;
using OpenLeads.Server.Storage.Postgres;
using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.Storage;

/// <summary>The storage contract on PostgreSQL, plus what only PostgreSQL has to prove.</summary>
public sealed class PostgresStorageTests : StorageContractTests
{
    private readonly string _connectionString = PostgresCluster.Instance.CreateDatabase();
    private PgDatabase _database = null!;

    protected override Task<StoreSet> OpenFreshAsync()
    {
        _database = new PgDatabase(_connectionString);
        return Task.FromResult(StoreSet.Postgres(_database, new OrgCatalog(OrgFolder.Demo)));
    }

    protected override async Task BreakAuditWritesAsync()
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            CREATE FUNCTION break_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit unavailable'; END $$;
            CREATE TRIGGER break_audit BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION break_audit();
            """, connection);
        await command.ExecuteNonQueryAsync();
    }

    public override async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        PostgresCluster.Instance.DropDatabase(_connectionString);
    }

    [Fact]
    public async Task Migrate_FromManyInstancesAtOnce_AppliesEachMigrationOnce()
    {
        var fresh = PostgresCluster.Instance.CreateDatabase();
        try
        {
            var databases = Enumerable.Range(0, 6).Select(_ => new PgDatabase(fresh)).ToArray();
            await Task.WhenAll(databases.Select(d => StoreSet.Postgres(d, new OrgCatalog(OrgFolder.Demo)).Admin.MigrateAsync(CancellationToken.None)));

            await using var connection = new NpgsqlConnection(fresh);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT count(*), count(DISTINCT version) FROM schema_migrations", connection);
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            Assert.Equal(reader.GetInt64(1), reader.GetInt64(0));
            Assert.True(reader.GetInt64(0) >= 1);
            foreach (var database in databases) await database.DisposeAsync();
        }
        finally
        {
            PostgresCluster.Instance.DropDatabase(fresh);
        }
    }
}

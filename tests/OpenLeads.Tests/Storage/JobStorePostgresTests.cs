using OpenLeads.Server.Storage;
using OpenLeads.Server.Metadata;
using Npgsql;
using OpenLeads.Server.Storage.Postgres;
using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.Storage;

/// <summary>The job store contract on PostgreSQL (a schema of its own on the test cluster).</summary>
public sealed class JobStorePostgresTests : JobStoreContractTests
{
    private readonly string _connectionString = PostgresCluster.Instance.CreateDatabase();
    private PgDatabase _database = null!;

    protected override Task<StoreSet> OpenFreshAsync()
    {
        _database = new PgDatabase(_connectionString);
        return Task.FromResult(StoreSet.Postgres(_database, new OrgCatalog(OrgFolder.Demo)));
    }

    protected override Task BreakAuditWritesAsync() => ExecuteAsync("""
        CREATE FUNCTION break_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit unavailable'; END $$;
        CREATE TRIGGER break_audit BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION break_audit();
        """);

    protected override Task RepairAuditWritesAsync() => ExecuteAsync("DROP TRIGGER break_audit ON audit_log; DROP FUNCTION break_audit();");

    protected override Task ReturnToMigration2Async() => ExecuteAsync("""
        UPDATE mass_update_job_batches SET ids = ARRAY(SELECT generate_series(first_id, last_id)) WHERE cardinality(ids) = 0;
        ALTER TABLE mass_update_job_batches DROP COLUMN first_id, DROP COLUMN last_id;
        DROP TABLE oauth_clients;
        DROP TABLE org_fields;
        DELETE FROM settings WHERE key = 'fields_version';
        DROP TABLE faults;
        DROP TABLE snapshots;
        DROP TABLE snapshot_tables;
        DELETE FROM settings WHERE key = 'faults_version';
        DROP TABLE api_slots;
        DROP TABLE api_credits;
        DROP TABLE notification_watches;
        DROP TABLE notification_outbox;
        DROP TABLE notification_attempts;
        DELETE FROM settings WHERE key = 'notifications_version';
        DROP TABLE idempotency_keys;
        ALTER TABLE audit_log DROP COLUMN operation_id;
        ALTER TABLE mass_update_jobs DROP COLUMN undo_of;
        DROP TABLE operations;
        DROP TABLE operation_records;
        DELETE FROM schema_migrations WHERE version > 2;
        """);

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public override async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        PostgresCluster.Instance.DropDatabase(_connectionString);
    }
}

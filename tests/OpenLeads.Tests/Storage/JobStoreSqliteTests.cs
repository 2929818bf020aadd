using OpenLeads.Server.Storage;
using OpenLeads.Server.Metadata;
using Microsoft.Data.Sqlite;
using OpenLeads.Server.Storage.Sqlite;

namespace OpenLeads.Tests.Storage;

/// <summary>The job store contract on a SQLite file.</summary>
public sealed class JobStoreSqliteTests : JobStoreContractTests
{
    private readonly string _directory = Directory.CreateTempSubdirectory("openleads-jobs-").FullName;
    private SqliteDatabase _database = null!;

    private string ConnectionString => $"Data Source={Path.Combine(_directory, "jobs.db")}";

    protected override Task<StoreSet> OpenFreshAsync()
    {
        _database = new SqliteDatabase(ConnectionString);
        return Task.FromResult(StoreSet.Sqlite(_database, new OrgCatalog(OrgFolder.Demo)));
    }

    protected override Task BreakAuditWritesAsync() =>
        ExecuteAsync("CREATE TRIGGER break_audit BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'audit unavailable'); END;");

    protected override Task RepairAuditWritesAsync() => ExecuteAsync("DROP TRIGGER break_audit;");

    protected override Task ReturnToMigration2Async() => ExecuteAsync("""
        UPDATE mass_update_job_batches SET ids = (WITH RECURSIVE s(v) AS (SELECT first_id UNION ALL SELECT v + 1 FROM s WHERE v < last_id)
                                                  SELECT json_group_array(v) FROM s) WHERE ids = '[]';
        ALTER TABLE mass_update_job_batches DROP COLUMN first_id;
        ALTER TABLE mass_update_job_batches DROP COLUMN last_id;
        DROP TABLE oauth_clients;
        DROP TABLE org_fields;
        DELETE FROM settings WHERE key = 'fields_version';
        DROP TABLE faults;
        DROP TABLE snapshots;
        DROP TABLE snapshot_tables;
        DELETE FROM settings WHERE key = 'faults_version';
        DROP TABLE notification_watches;
        DROP TABLE notification_outbox;
        DROP TABLE notification_attempts;
        DELETE FROM settings WHERE key = 'notifications_version';
        DROP TABLE idempotency_keys;
        DROP INDEX audit_log_operation;
        ALTER TABLE audit_log DROP COLUMN operation_id;
        DROP INDEX mass_update_jobs_undo_of;
        ALTER TABLE mass_update_jobs DROP COLUMN undo_of;
        DROP TABLE operations;
        DROP TABLE operation_records;
        DELETE FROM schema_migrations WHERE version > 2;
        """);

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    public override Task DisposeAsync()
    {
        _database.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }
}

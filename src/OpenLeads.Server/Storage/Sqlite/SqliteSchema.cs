using Microsoft.Data.Sqlite;
using OpenLeads.Server.Metadata;

namespace OpenLeads.Server.Storage.Sqlite;

/// <summary>
/// Versioned migrations, applied in order at start-up inside one IMMEDIATE transaction, so two
/// processes starting on one file apply each migration once; then, in the same transaction, the
/// org's module tables and its users, views and territories (<see cref="ModuleTables"/>,
/// <see cref="OrgSeeding"/>). Never edit a shipped migration's schema: add the next one. (Migrations
/// 1 and 2 once also made the Leads table and the demo org's users, views and territories; the org
/// now makes those for a database of any org, and a database that applied them finds them in place.)
/// </summary>
internal static class SqliteSchema
{
    private sealed record Migration(int Version, string Name, Func<SqliteConnection, SqliteTransaction, CancellationToken, Task> Apply);

    private static readonly Migration[] Migrations =
    [
        new(1, "users, tokens, audit log and the Leads table", InitialAsync),
        new(2, "custom views, territories and scheduled mass update jobs", ViewsAndJobsAsync),
        new(3, "the first and last id of each job batch", BatchRangesAsync),
        new(4, "OAuth clients", OAuthClientsAsync),
        new(5, "fields created, changed and deleted through the fields API", FieldChangesAsync),
        new(6, "snapshots of the org's state", SnapshotsAsync),
        new(7, "faults injected through the control API", FaultsAsync),
        new(9, "the Notification API's watches, its outbox and each delivery attempt", NotificationsAsync),
        new(10, "operations: their ids on audit rows, undo jobs, the records they left alone", OperationsAsync),
        new(11, "answers kept for Idempotency-Key retries", IdempotencyKeysAsync),
    ];

    public static async Task<Org> MigrateAsync(SqliteDatabase database, Org org, CancellationToken ct)
    {
        database.EnsureDirectory();
        SqliteWords.FindUnfoldedInBackground(); // once per process, about 50 ms: off the start's path, before the first search needs it
        if (!database.IsInMemory)
        {
            await using var connection = await database.OpenAsync(ct);
            // WAL is a property of the file; it must be set outside a transaction.
            await connection.ExecuteAsync(null, "PRAGMA journal_mode = WAL;", ct);
        }

        return await database.WriteAsync(async (connection, transaction) =>
        {
            await connection.ExecuteAsync(transaction, """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)
                """, ct);
            var applied = Convert.ToInt64(await connection.ScalarAsync(transaction,
                "SELECT coalesce(max(version), 0) FROM schema_migrations", ct) ?? 0L);
            foreach (var migration in Migrations.Where(m => m.Version > applied))
            {
                await migration.Apply(connection, transaction, ct);
                await connection.ExecuteAsync(transaction,
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@v, @n, @t)", ct,
                    ("@v", migration.Version), ("@n", migration.Name), ("@t", DateTimeOffset.UtcNow.ToString("O")));
            }
            return await OrgSchema.EnsureAsync(SqliteDatabase.Session(connection, transaction), org, ct);
        }, ct);
    }

    /// <summary>Batches whose ids are consecutive are then addressed as a range; batches of earlier jobs get theirs from their ids.</summary>
    private static async Task BatchRangesAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken ct)
    {
        await connection.ExecuteAsync(transaction, """
            ALTER TABLE mass_update_job_batches ADD COLUMN first_id INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE mass_update_job_batches ADD COLUMN last_id INTEGER NOT NULL DEFAULT 0;
            UPDATE mass_update_job_batches SET first_id = coalesce((SELECT min(value) FROM json_each(ids)), 0),
                last_id = coalesce((SELECT max(value) FROM json_each(ids)), 0);
            """, ct);
    }

    /// <summary>Clients of the token endpoint (<c>POST /oauth/v2/token</c>), registered through the control API.</summary>
    /// <summary>The org's fields as the fields API changed them (the folder's fields are the rest), and a version other instances check.</summary>
    private static async Task FieldChangesAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken ct)
    {
        await connection.ExecuteAsync(transaction, """
            CREATE TABLE org_fields (
                module text NOT NULL, api_name text NOT NULL, field_json text, changed_at INTEGER NOT NULL,
                PRIMARY KEY (module, api_name));
            INSERT INTO settings (key, value) VALUES ('fields_version', '0');
            """, ct);
    }

    /// <summary>Faults of <c>/__admin/faults</c> (<see cref="Faults.FaultStore"/>), and the version every instance checks with each token.</summary>
    private static async Task FaultsAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken ct)
    {
        await connection.ExecuteAsync(transaction, """
            CREATE TABLE faults (
                id INTEGER PRIMARY KEY, kind text NOT NULL, spec text NOT NULL, remaining INTEGER, skip INTEGER NOT NULL,
                seen INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL);
            INSERT INTO settings (key, value) VALUES ('faults_version', '0');
            """, ct);
    }

    /// <summary>Watches of <c>/actions/watch</c>, the outbox each change writes in its own transaction, and every delivery attempt.</summary>
    private static async Task NotificationsAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken ct)
    {
        await connection.ExecuteAsync(transaction, Notifications.NotificationSchema.Tables("INTEGER PRIMARY KEY", "INTEGER"), ct);
    }

    /// <summary>The first answer to a write sent with an Idempotency-Key (<see cref="Idempotency.IdempotencyStore"/>); status NULL while it runs.</summary>
    private static async Task IdempotencyKeysAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken ct)
    {
        await connection.ExecuteAsync(transaction, """
            CREATE TABLE idempotency_keys (
                user_id INTEGER NOT NULL, idem_key TEXT NOT NULL, fingerprint TEXT NOT NULL, status INTEGER, headers TEXT, body BLOB,
                locked_until_ms INTEGER NOT NULL, expires_ms INTEGER NOT NULL, PRIMARY KEY (user_id, idem_key));
            CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_ms);
            """, ct);
    }

    /// <summary>
    /// Operations (<see cref="Operations.OperationStore"/>): a mass update's id on its audit rows (a job's own id, or an
    /// ids call's from the objects sequence), the calls by ids, the records each left alone and why, and undo jobs.
    /// Audit rows of earlier jobs take their job's id.
    /// </summary>
    private static async Task OperationsAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken ct)
    {
        await connection.ExecuteAsync(transaction, """
            ALTER TABLE audit_log ADD COLUMN operation_id INTEGER;
            UPDATE audit_log SET operation_id = job_id WHERE job_id IS NOT NULL;
            CREATE INDEX audit_log_operation ON audit_log (operation_id, record_id) WHERE operation_id IS NOT NULL;
            ALTER TABLE mass_update_jobs ADD COLUMN undo_of INTEGER;
            CREATE INDEX mass_update_jobs_undo_of ON mass_update_jobs (undo_of) WHERE undo_of IS NOT NULL;
            CREATE TABLE operations (
                id INTEGER PRIMARY KEY, module TEXT NOT NULL, created_by INTEGER NOT NULL, created_at INTEGER NOT NULL, request_id TEXT NOT NULL);
            CREATE TABLE operation_records (
                operation_id INTEGER NOT NULL, record_id INTEGER NOT NULL, outcome TEXT NOT NULL,
                PRIMARY KEY (operation_id, record_id)) WITHOUT ROWID;
            """, ct);
    }

    private static async Task OAuthClientsAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken ct)
    {
        await connection.ExecuteAsync(transaction, """
            CREATE TABLE oauth_clients (
                client_id TEXT PRIMARY KEY, secret_hash TEXT NOT NULL, refresh_token_hash TEXT NOT NULL UNIQUE,
                user_id INTEGER NOT NULL REFERENCES users (id), scopes TEXT NOT NULL, created_at INTEGER NOT NULL);
            """, ct);
    }

    private static async Task InitialAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken ct)
    {
        await connection.ExecuteAsync(transaction, $"""
            CREATE TABLE users (
                id INTEGER PRIMARY KEY,
                first_name TEXT NOT NULL, last_name TEXT NOT NULL, full_name TEXT NOT NULL, email TEXT NOT NULL,
                role_name TEXT NOT NULL, role_id INTEGER NOT NULL, profile_name TEXT NOT NULL, profile_id INTEGER NOT NULL,
                status TEXT NOT NULL, created_time INTEGER NOT NULL);
            CREATE TABLE tokens (
                token_hash TEXT PRIMARY KEY,
                user_id INTEGER NOT NULL REFERENCES users (id),
                scopes TEXT NOT NULL, expires_at INTEGER, created_at INTEGER NOT NULL, label TEXT NOT NULL);
            CREATE INDEX tokens_label ON tokens (label);
            CREATE TABLE id_sequence (name TEXT PRIMARY KEY, next_value INTEGER NOT NULL);
            INSERT INTO id_sequence (name, next_value) VALUES ('records', {DemoOrganisation.FirstRecordId});
            CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE audit_log (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                module TEXT NOT NULL, record_id INTEGER NOT NULL, field TEXT NOT NULL,
                old_value TEXT, new_value TEXT,
                user_id INTEGER NOT NULL, changed_at INTEGER NOT NULL,
                request_id TEXT NOT NULL, source TEXT NOT NULL, job_id INTEGER);
            CREATE INDEX audit_log_record ON audit_log (module, record_id);
            """, ct);
    }

    private static async Task ViewsAndJobsAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken ct)
    {
        await connection.ExecuteAsync(transaction, $"""
            CREATE TABLE territories (
                id INTEGER PRIMARY KEY, name TEXT NOT NULL, parent_id INTEGER REFERENCES territories (id), description TEXT);
            CREATE TABLE custom_views (
                id INTEGER PRIMARY KEY, module TEXT NOT NULL, name TEXT NOT NULL, criteria TEXT, system_name TEXT,
                created_by INTEGER NOT NULL, created_time INTEGER NOT NULL, modified_time INTEGER NOT NULL);
            INSERT INTO id_sequence (name, next_value) VALUES ('objects', {DemoOrganisation.FirstObjectId});
            CREATE TABLE mass_update_jobs (
                id INTEGER PRIMARY KEY, module TEXT NOT NULL, cvid INTEGER NOT NULL,
                territory_id INTEGER, include_child INTEGER NOT NULL,
                field TEXT NOT NULL, value_json TEXT, over_write INTEGER NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('SCHEDULED', 'RUNNING', 'COMPLETED', 'FAILED')),
                total_count INTEGER NOT NULL, updated_count INTEGER NOT NULL DEFAULT 0,
                not_updated_count INTEGER NOT NULL DEFAULT 0, failed_count INTEGER NOT NULL DEFAULT 0,
                batch_count INTEGER NOT NULL, batches_done INTEGER NOT NULL DEFAULT 0, checkpoint INTEGER NOT NULL DEFAULT 0,
                created_by INTEGER NOT NULL, created_at INTEGER NOT NULL, started_at INTEGER, completed_at INTEGER,
                lease_owner TEXT, lease_expires_ms INTEGER, request_id TEXT NOT NULL, error TEXT);
            CREATE UNIQUE INDEX mass_update_jobs_active ON mass_update_jobs (module, cvid) WHERE status IN ('SCHEDULED', 'RUNNING');
            CREATE TABLE mass_update_job_batches (
                job_id INTEGER NOT NULL, batch INTEGER NOT NULL, ids TEXT NOT NULL, size INTEGER NOT NULL,
                PRIMARY KEY (job_id, batch)) WITHOUT ROWID;
            """, ct);
    }

    /// <summary>Snapshots (<see cref="SnapshotStore"/>): each a row here and a copy of each state table, listed in snapshot_tables.</summary>
    private static async Task SnapshotsAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken ct)
    {
        await connection.ExecuteAsync(transaction, """
            CREATE TABLE snapshots (
                id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, created_at INTEGER NOT NULL, sequences TEXT, summary TEXT NOT NULL);
            CREATE TABLE snapshot_tables (
                snapshot_id INTEGER NOT NULL, position INTEGER NOT NULL, source TEXT NOT NULL, copy TEXT NOT NULL,
                PRIMARY KEY (snapshot_id, position));
            """, ct);
    }
}

using Npgsql;
using OpenLeads.Server.Metadata;

namespace OpenLeads.Server.Storage.Postgres;

/// <summary>
/// Versioned migrations, applied at start-up in one transaction under a transaction-level advisory
/// lock: when several server instances start at once on one database, one applies the migrations
/// and the others wait, then find nothing left to do. In the same transaction come the org's module
/// tables and its users, views and territories (<see cref="ModuleTables"/>, <see cref="OrgSeeding"/>).
/// Never edit a shipped migration's schema: add the next. (Migrations 1 and 2 once also made the Leads
/// table and the demo org's users, views and territories; the org now makes those for a database of
/// any org, and a database that applied them finds them in place.)
/// </summary>
internal static class PgSchema
{
    /// <summary>Key of the advisory lock that serializes migrations across instances.</summary>
    public const long MigrationLock = 0x4F70656E4C656164; // "OpenLead"

    private sealed record Migration(int Version, string Name, Func<NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task> Apply);

    private static readonly Migration[] Migrations =
    [
        new(1, "users, tokens, audit log and the Leads table", InitialAsync),
        new(2, "custom views, territories and scheduled mass update jobs", ViewsAndJobsAsync),
        new(3, "the first and last id of each job batch", BatchRangesAsync),
        new(4, "OAuth clients", OAuthClientsAsync),
        new(5, "fields created, changed and deleted through the fields API", FieldChangesAsync),
        new(6, "snapshots of the org's state", SnapshotsAsync),
        new(7, "faults injected through the control API", FaultsAsync),
        new(8, "API limits shared by every instance: calls in flight and credits spent", ApiLimitsAsync),
        new(9, "the Notification API's watches, its outbox and each delivery attempt", NotificationsAsync),
        new(10, "operations: their ids on audit rows, undo jobs, the records they left alone", OperationsAsync),
        new(11, "answers kept for Idempotency-Key retries", IdempotencyKeysAsync),
    ];

    public static Task<Org> MigrateAsync(PgDatabase database, Org org, ILogger? logger, CancellationToken ct) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            await connection.ExecuteAsync(transaction, "SELECT pg_advisory_xact_lock(@key)", ct, ("@key", MigrationLock));
            await connection.ExecuteAsync(transaction, """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)
                """, ct);
            var applied = Convert.ToInt32(await connection.ScalarAsync(transaction,
                "SELECT coalesce(max(version), 0) FROM schema_migrations", ct) ?? 0);
            foreach (var migration in Migrations.Where(m => m.Version > applied))
            {
                await migration.Apply(connection, transaction, ct);
                await connection.ExecuteAsync(transaction,
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@v, @n, now())", ct,
                    ("@v", migration.Version), ("@n", migration.Name));
            }
            if (!await PgWords.EnsureTrigramAsync(connection, transaction, ct))
            {
                logger?.LogWarning("No pg_trgm extension (PostgreSQL's contrib package): a word search scans each module's searchable text");
            }
            return await OrgSchema.EnsureAsync(PgDatabase.Session(connection, transaction), org, ct);
        }, ct);

    /// <summary>Batches whose ids are consecutive are then addressed as a range; batches of earlier jobs get theirs from their ids.</summary>
    private static async Task BatchRangesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        await connection.ExecuteAsync(transaction, """
            ALTER TABLE mass_update_job_batches ADD COLUMN first_id bigint NOT NULL DEFAULT 0, ADD COLUMN last_id bigint NOT NULL DEFAULT 0;
            UPDATE mass_update_job_batches SET first_id = coalesce((SELECT min(i) FROM unnest(ids) i), 0),
                last_id = coalesce((SELECT max(i) FROM unnest(ids) i), 0);
            """, ct);
    }

    /// <summary>The org's fields as the fields API changed them (the folder's fields are the rest), and a version other instances check.</summary>
    private static async Task FieldChangesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        await connection.ExecuteAsync(transaction, """
            CREATE TABLE org_fields (
                module text NOT NULL, api_name text NOT NULL, field_json text, changed_at timestamptz NOT NULL,
                PRIMARY KEY (module, api_name));
            INSERT INTO settings (key, value) VALUES ('fields_version', '0');
            """, ct);
    }

    /// <summary>
    /// Operations (<see cref="Operations.OperationStore"/>): a mass update's id on its audit rows (a job's own id, or an
    /// ids call's from object_ids), the calls by ids, the records each left alone and why, and undo jobs.
    /// Audit rows of earlier jobs take their job's id.
    /// </summary>
    private static async Task OperationsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        await connection.ExecuteAsync(transaction, """
            ALTER TABLE audit_log ADD COLUMN operation_id bigint;
            UPDATE audit_log SET operation_id = job_id WHERE job_id IS NOT NULL;
            CREATE INDEX audit_log_operation ON audit_log (operation_id, record_id) WHERE operation_id IS NOT NULL;
            ALTER TABLE mass_update_jobs ADD COLUMN undo_of bigint;
            CREATE INDEX mass_update_jobs_undo_of ON mass_update_jobs (undo_of) WHERE undo_of IS NOT NULL;
            CREATE TABLE operations (
                id bigint PRIMARY KEY, module text NOT NULL, created_by bigint NOT NULL, created_at timestamptz NOT NULL, request_id text NOT NULL);
            CREATE TABLE operation_records (
                operation_id bigint NOT NULL, record_id bigint NOT NULL, outcome text NOT NULL, PRIMARY KEY (operation_id, record_id));
            """, ct);
    }

    /// <summary>Faults of <c>/__admin/faults</c> (<see cref="Faults.FaultStore"/>), and the version every instance checks with each token.</summary>
    private static async Task FaultsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        await connection.ExecuteAsync(transaction, """
            CREATE TABLE faults (
                id bigint PRIMARY KEY, kind text NOT NULL, spec text NOT NULL, remaining bigint, skip bigint NOT NULL,
                seen bigint NOT NULL DEFAULT 0, created_at timestamptz NOT NULL);
            INSERT INTO settings (key, value) VALUES ('faults_version', '0');
            """, ct);
    }

    /// <summary>Places among the calls in flight, and credits spent per minute (<see cref="Limits.PgApiLimiter"/>); SQLite keeps both in its one process.</summary>
    private static async Task ApiLimitsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        await connection.ExecuteAsync(transaction, """
            CREATE TABLE api_slots (kind text NOT NULL, slot integer NOT NULL, holder text, expires_at timestamptz, PRIMARY KEY (kind, slot));
            CREATE TABLE api_credits (minute bigint PRIMARY KEY, spent bigint NOT NULL);
            """, ct);
    }

    /// <summary>Watches of <c>/actions/watch</c>, the outbox each change writes in its own transaction, and every delivery attempt.</summary>
    private static async Task NotificationsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        await connection.ExecuteAsync(transaction, Notifications.NotificationSchema.Tables("bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY", "bigint"), ct);
    }

    /// <summary>The first answer to a write sent with an Idempotency-Key (<see cref="Idempotency.IdempotencyStore"/>); status NULL while it runs.</summary>
    private static async Task IdempotencyKeysAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        await connection.ExecuteAsync(transaction, """
            CREATE TABLE idempotency_keys (
                user_id bigint NOT NULL, idem_key text NOT NULL, fingerprint text NOT NULL, status integer, headers text, body bytea,
                locked_until_ms bigint NOT NULL, expires_ms bigint NOT NULL, PRIMARY KEY (user_id, idem_key));
            CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_ms);
            """, ct);
    }

    /// <summary>Clients of the token endpoint (<c>POST /oauth/v2/token</c>), registered through the control API.</summary>
    private static async Task OAuthClientsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        await connection.ExecuteAsync(transaction, """
            CREATE TABLE oauth_clients (
                client_id text PRIMARY KEY, secret_hash text NOT NULL, refresh_token_hash text NOT NULL UNIQUE,
                user_id bigint NOT NULL REFERENCES users (id), scopes text NOT NULL, created_at timestamptz NOT NULL);
            """, ct);
    }

    private static async Task InitialAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        await connection.ExecuteAsync(transaction, $"""
            CREATE TABLE users (
                id bigint PRIMARY KEY,
                first_name text NOT NULL, last_name text NOT NULL, full_name text NOT NULL, email text NOT NULL,
                role_name text NOT NULL, role_id bigint NOT NULL, profile_name text NOT NULL, profile_id bigint NOT NULL,
                status text NOT NULL, created_time timestamptz NOT NULL);
            CREATE TABLE tokens (
                token_hash text PRIMARY KEY,
                user_id bigint NOT NULL REFERENCES users (id),
                scopes text NOT NULL, expires_at timestamptz, created_at timestamptz NOT NULL, label text NOT NULL);
            CREATE INDEX tokens_label ON tokens (label);
            CREATE SEQUENCE record_ids START WITH {DemoOrganisation.FirstRecordId};
            CREATE TABLE settings (key text PRIMARY KEY, value text NOT NULL);
            CREATE TABLE audit_log (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                module text NOT NULL, record_id bigint NOT NULL, field text NOT NULL,
                old_value text, new_value text,
                user_id bigint NOT NULL, changed_at timestamptz NOT NULL,
                request_id text NOT NULL, source text NOT NULL, job_id bigint);
            CREATE INDEX audit_log_record ON audit_log (module, record_id);
            """, ct);
    }

    private static async Task ViewsAndJobsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        await connection.ExecuteAsync(transaction, $"""
            CREATE TABLE territories (
                id bigint PRIMARY KEY, name text NOT NULL, parent_id bigint REFERENCES territories (id), description text);
            CREATE TABLE custom_views (
                id bigint PRIMARY KEY, module text NOT NULL, name text NOT NULL, criteria text, system_name text,
                created_by bigint NOT NULL, created_time timestamptz NOT NULL, modified_time timestamptz NOT NULL);
            CREATE SEQUENCE object_ids START WITH {DemoOrganisation.FirstObjectId};
            CREATE TABLE mass_update_jobs (
                id bigint PRIMARY KEY, module text NOT NULL, cvid bigint NOT NULL,
                territory_id bigint, include_child boolean NOT NULL,
                field text NOT NULL, value_json text, over_write boolean NOT NULL,
                status text NOT NULL CHECK (status IN ('SCHEDULED', 'RUNNING', 'COMPLETED', 'FAILED')),
                total_count bigint NOT NULL, updated_count bigint NOT NULL DEFAULT 0,
                not_updated_count bigint NOT NULL DEFAULT 0, failed_count bigint NOT NULL DEFAULT 0,
                batch_count integer NOT NULL, batches_done integer NOT NULL DEFAULT 0, checkpoint bigint NOT NULL DEFAULT 0,
                created_by bigint NOT NULL, created_at timestamptz NOT NULL, started_at timestamptz, completed_at timestamptz,
                lease_owner text, lease_expires_at timestamptz, request_id text NOT NULL, error text);
            CREATE UNIQUE INDEX mass_update_jobs_active ON mass_update_jobs (module, cvid) WHERE status IN ('SCHEDULED', 'RUNNING');
            CREATE TABLE mass_update_job_batches (
                job_id bigint NOT NULL, batch integer NOT NULL, ids bigint[] NOT NULL, size integer NOT NULL,
                PRIMARY KEY (job_id, batch));
            """, ct);
    }

    /// <summary>Snapshots (<see cref="SnapshotStore"/>): each a row here and a copy of each state table, listed in snapshot_tables.</summary>
    private static async Task SnapshotsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        await connection.ExecuteAsync(transaction, """
            CREATE TABLE snapshots (
                id bigint PRIMARY KEY, name text NOT NULL UNIQUE, created_at timestamptz NOT NULL, sequences text, summary text NOT NULL);
            CREATE TABLE snapshot_tables (
                snapshot_id bigint NOT NULL, position integer NOT NULL, source text NOT NULL, copy text NOT NULL,
                PRIMARY KEY (snapshot_id, position));
            """, ct);
    }
}

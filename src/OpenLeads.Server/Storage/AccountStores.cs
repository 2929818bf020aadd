using OpenLeads.Server.Metadata;

namespace OpenLeads.Server.Storage;

/// <summary>The org's users, as the records and the users API name them.</summary>
public sealed class UserStore(ISqlDatabase database) : IUserStore
{
    public Task<IReadOnlyList<UserRow>> ListAsync(CancellationToken ct) =>
        database.ReadAsync<IReadOnlyList<UserRow>>(async session =>
        {
            await using var command = session.Command("""
                SELECT id, first_name, last_name, email, role_name, role_id, profile_name, profile_id, status, created_time
                FROM users ORDER BY id
                """);
            await using var reader = await command.ExecuteReaderAsync(ct);
            var users = new List<UserRow>();
            while (await reader.ReadAsync(ct))
            {
                users.Add(new UserRow(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                    reader.GetString(4), reader.GetInt64(5), reader.GetString(6), reader.GetInt64(7), reader.GetString(8),
                    session.Dialect.ReadTime(reader, 9)));
            }
            return users;
        }, ct);

    public Task<IReadOnlySet<long>> ExistingIdsAsync(IReadOnlyCollection<long> ids, CancellationToken ct) =>
        database.ReadAsync<IReadOnlySet<long>>(async session =>
            await session.IdsAsync($"SELECT id FROM users WHERE {session.Dialect.InIds("id", "@ids")}", ct, ("@ids", session.Dialect.Ids(ids))), ct);
}

/// <summary>Access tokens (kept as hashes) and the OAuth clients of the token endpoint.</summary>
public sealed class TokenStore(ISqlDatabase database) : ITokenStore
{
    public Task SaveAsync(TokenRow token, CancellationToken ct) =>
        database.WriteAsync(session => session.ExecuteAsync("""
            INSERT INTO tokens (token_hash, user_id, scopes, expires_at, created_at, label)
            VALUES (@hash, @user, @scopes, @expires, @created, @label)
            ON CONFLICT (token_hash) DO UPDATE SET user_id = excluded.user_id, scopes = excluded.scopes,
                expires_at = excluded.expires_at, label = excluded.label
            """, ct, ("@hash", token.Hash), ("@user", token.UserId), ("@scopes", string.Join(' ', token.Scopes)),
            ("@expires", token.ExpiresAt is { } expires ? session.Dialect.Time(expires) : null),
            ("@created", session.Dialect.Time(DateTimeOffset.UtcNow)), ("@label", token.Label)), ct);

    public Task<TokenGrant?> FindAsync(string hash, CancellationToken ct) =>
        database.ReadAsync(async session =>
        {
            await using var command = session.Command("""
                SELECT t.user_id, u.full_name, u.email, t.scopes, t.expires_at,
                       (SELECT value FROM settings WHERE key = @version) AS fields_version,
                       (SELECT value FROM settings WHERE key = @faults) AS faults_version,
                       (SELECT value FROM settings WHERE key = @notifications) AS notifications_version
                FROM tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = @hash
                """, ("@hash", hash), ("@version", MetadataStore.VersionKey), ("@faults", Faults.FaultStore.VersionKey),
                ("@notifications", Notifications.NotificationSchema.VersionKey));
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct)) return null;
            return new TokenGrant(new UserRef(reader.GetInt64(0), reader.GetString(1), reader.GetString(2)),
                reader.GetString(3).Split(' ', StringSplitOptions.RemoveEmptyEntries),
                reader.IsDBNull(4) ? null : session.Dialect.ReadTime(reader, 4),
                reader.IsDBNull(5) ? 0 : long.Parse(reader.GetString(5), System.Globalization.CultureInfo.InvariantCulture),
                reader.IsDBNull(6) ? 0 : long.Parse(reader.GetString(6), System.Globalization.CultureInfo.InvariantCulture),
                reader.IsDBNull(7) ? 0 : long.Parse(reader.GetString(7), System.Globalization.CultureInfo.InvariantCulture));
        }, ct);

    public Task RemoveByLabelAsync(string label, CancellationToken ct) =>
        database.WriteAsync(session => session.ExecuteAsync("DELETE FROM tokens WHERE label = @label", ct, ("@label", label)), ct);

    public Task SaveClientAsync(OAuthClientRow client, CancellationToken ct) =>
        database.WriteAsync(session => session.ExecuteAsync("""
            INSERT INTO oauth_clients (client_id, secret_hash, refresh_token_hash, user_id, scopes, created_at)
            VALUES (@id, @secret, @refresh, @user, @scopes, @created)
            """, ct, ("@id", client.ClientId), ("@secret", client.SecretHash), ("@refresh", client.RefreshTokenHash),
            ("@user", client.UserId), ("@scopes", string.Join(' ', client.Scopes)), ("@created", session.Dialect.Time(DateTimeOffset.UtcNow))), ct);

    public Task<OAuthClientRow?> FindClientAsync(string clientId, CancellationToken ct) =>
        database.ReadAsync(async session =>
        {
            await using var command = session.Command(TokenRows.ClientSelect, ("@id", clientId));
            await using var reader = await command.ExecuteReaderAsync(ct);
            return await reader.ReadAsync(ct) ? TokenRows.Client(reader) : null;
        }, ct);
}

/// <summary>Migrations (each database's own), then the control API's writes and settings.</summary>
public sealed class AdminStore(ISqlDatabase database, IDatabaseSchema schema, OrgCatalog orgs) : IAdminStore
{
    public async Task MigrateAsync(CancellationToken ct) => orgs.Replace(await schema.MigrateAsync(orgs.Folder, ct));

    public Task ResetAsync(CancellationToken ct) =>
        database.WriteAsync(async session =>
        {
            foreach (var module in orgs.Current.Modules) await session.ExecuteAsync($"DELETE FROM {RecordSelect.Quote(module.Table)}", ct);
            await session.ExecuteAsync("DELETE FROM audit_log", ct);
            await session.ExecuteAsync("DELETE FROM mass_update_job_batches", ct);
            await session.ExecuteAsync("DELETE FROM mass_update_jobs", ct);
            await session.ExecuteAsync("DELETE FROM idempotency_keys", ct);
            await session.ExecuteAsync("DELETE FROM operation_records", ct);
            await session.ExecuteAsync("DELETE FROM operations", ct);
        }, ct);

    public Task<bool> SetTerritoryAsync(ModuleDefinition module, long id, long? territoryId, CancellationToken ct) =>
        database.WriteAsync(async session => await session.ExecuteAsync(
            $"UPDATE {RecordSelect.Quote(module.Table)} SET territory_id = @territory WHERE id = @id", ct,
            ("@territory", territoryId), ("@id", id)) == 1, ct);

    public Task<bool> SetStateAsync(ModuleDefinition module, long id, RecordState state, CancellationToken ct) =>
        database.WriteAsync(async session => await session.ExecuteAsync(
            $"UPDATE {RecordSelect.Quote(module.Table)} SET approval = @approval, lock_action = @lock WHERE id = @id", ct,
            ("@approval", RecordSelect.ApprovalText(state.Approval)), ("@lock", state.LockAction), ("@id", id)) == 1, ct);

    public Task<string?> GetSettingAsync(string key, CancellationToken ct) =>
        database.ReadAsync(async session => (string?)await session.ScalarAsync("SELECT value FROM settings WHERE key = @key", ct, ("@key", key)), ct);

    public Task SetSettingAsync(string key, string value, CancellationToken ct) =>
        database.WriteAsync(session => session.ExecuteAsync(
            "INSERT INTO settings (key, value) VALUES (@key, @value) ON CONFLICT (key) DO UPDATE SET value = excluded.value", ct,
            ("@key", key), ("@value", value)), ct);

    public Task<long> CountAsync(ModuleDefinition module, CancellationToken ct) =>
        database.ReadAsync(async session =>
            Convert.ToInt64(await session.ScalarAsync($"SELECT count(*) FROM {RecordSelect.Quote(module.Table)}", ct)), ct);

    public Task PingAsync(CancellationToken ct) => database.ReadAsync(session => session.ScalarAsync("SELECT 1", ct), ct);
}

/// <summary>A database's own migrations (its DDL differs), followed by the org's tables and rows.</summary>
public interface IDatabaseSchema
{
    /// <summary>Migrates, then makes <paramref name="folder"/>'s tables and rows (<see cref="OrgSchema"/>); answers the org as it now stands.</summary>
    Task<Org> MigrateAsync(Org folder, CancellationToken ct);
}

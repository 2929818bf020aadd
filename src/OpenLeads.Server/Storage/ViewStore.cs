using OpenLeads.Server.Metadata;

namespace OpenLeads.Server.Storage;

/// <summary>Custom views and the territory tree.</summary>
public sealed class ViewStore(ISqlDatabase database) : IViewStore
{
    private const string SelectViews = """
        SELECT v.id, v.module, v.name, v.criteria, v.system_name, v.created_by, u.full_name, u.email, v.created_time, v.modified_time
        FROM custom_views v LEFT JOIN users u ON u.id = v.created_by
        """;

    public Task<IReadOnlyList<CustomView>> ListAsync(ModuleDefinition module, CancellationToken ct) =>
        ReadViewsAsync($"{SelectViews} WHERE v.module = @module ORDER BY v.id", ct, ("@module", module.ApiName));

    public async Task<CustomView?> GetAsync(ModuleDefinition module, long id, CancellationToken ct) =>
        (await ReadViewsAsync($"{SelectViews} WHERE v.module = @module AND v.id = @id", ct, ("@module", module.ApiName), ("@id", id)))
        .SingleOrDefault();

    public Task<long> CreateAsync(ModuleDefinition module, string name, string? criteria, WriteContext context, CancellationToken ct) =>
        database.WriteAsync(async session =>
        {
            var id = (await session.Dialect.NextIdsAsync(session, "objects", 1, ct))[0];
            await session.ExecuteAsync("""
                INSERT INTO custom_views (id, module, name, criteria, system_name, created_by, created_time, modified_time)
                VALUES (@id, @module, @name, @criteria, NULL, @by, @now, @now)
                """, ct, ("@id", id), ("@module", module.ApiName), ("@name", name), ("@criteria", criteria),
                ("@by", context.User.Id), ("@now", session.Dialect.Time(context.Now)));
            return id;
        }, ct);

    public Task<IReadOnlyList<Territory>> TerritoriesAsync(CancellationToken ct) =>
        database.ReadAsync<IReadOnlyList<Territory>>(async session =>
        {
            await using var command = session.Command("SELECT id, name, parent_id, description FROM territories ORDER BY id");
            await using var reader = await command.ExecuteReaderAsync(ct);
            var territories = new List<Territory>();
            while (await reader.ReadAsync(ct))
            {
                territories.Add(new Territory(reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetInt64(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3)));
            }
            return territories;
        }, ct);

    private Task<IReadOnlyList<CustomView>> ReadViewsAsync(string sql, CancellationToken ct, params (string, object?)[] parameters) =>
        database.ReadAsync<IReadOnlyList<CustomView>>(async session =>
        {
            await using var command = session.Command(sql, parameters);
            await using var reader = await command.ExecuteReaderAsync(ct);
            var views = new List<CustomView>();
            while (await reader.ReadAsync(ct))
            {
                views.Add(new CustomView(reader.GetInt64(0), reader.GetString(1), reader.GetString(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4),
                    new UserRef(reader.GetInt64(5), reader.IsDBNull(6) ? "" : reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7)),
                    session.Dialect.ReadTime(reader, 8), session.Dialect.ReadTime(reader, 9)));
            }
            return views;
        }, ct);
}

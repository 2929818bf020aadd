using System.Text.Json.Nodes;
using OpenLeads.Server.Metadata;

namespace OpenLeads.Server.Storage;

/// <summary>
/// After the migrations, in their transaction: the org as it now stands (the folder's, with the
/// fields the fields API changed since), its tables and its rows. Answers that org, for the catalogue.
/// </summary>
public static class OrgSchema
{
    public static async Task<Org> EnsureAsync(ISqlSession sql, Org folder, CancellationToken ct)
    {
        var (changes, version) = await MetadataStore.ReadChangesAsync(sql, ct);
        var org = changes.Count == 0 && version == 0 ? folder : folder.WithFieldChanges(changes, version);
        await ModuleTables.EnsureAsync(sql, org, ct);
        await WordIndex.EnsureAsync(sql, org, ct);
        await OrgSeeding.EnsureAsync(sql, org, ct);
        return org;
    }
}

/// <summary>
/// The fields API's changes, kept beside the org folder: a row per field created, changed or deleted
/// (its object as the API left it, NULL once deleted), and a version every change moves on, which each
/// request learns with its token (<see cref="TokenGrant.FieldsVersion"/>), so that every instance on one
/// database serves a new field from the next request on. Each change is one transaction with its DDL.
/// </summary>
public sealed class MetadataStore(ISqlDatabase database) : IMetadataStore
{
    public const string VersionKey = "fields_version";

    public Task<(IReadOnlyList<FieldChange> Changes, long Version)> ChangesAsync(CancellationToken ct) =>
        database.ReadAsync(session => ReadChangesAsync(session, ct), ct);

    internal static async Task<(IReadOnlyList<FieldChange> Changes, long Version)> ReadChangesAsync(ISqlSession session, CancellationToken ct)
    {
        var rows = await session.QueryAsync("SELECT module, api_name, field_json FROM org_fields ORDER BY changed_at, module, api_name", ct);
        var version = Convert.ToInt64(await session.ScalarAsync("SELECT value FROM settings WHERE key = @key", ct, ("@key", VersionKey)) ?? "0");
        return ([.. rows.Select(r => new FieldChange((string)r[0]!, (string)r[1]!, r[2] is string json ? (JsonObject)JsonNode.Parse(json)! : null))], version);
    }

    public Task<(long Version, IReadOnlyList<long> Ids)> CreateFieldsAsync(ModuleDefinition module, IReadOnlyList<JsonObject> fields,
        Func<JsonObject, FieldDefinition> define, CancellationToken ct) =>
        database.WriteAsync<(long, IReadOnlyList<long>)>(async session =>
        {
            var ids = await session.Dialect.NextIdsAsync(session, "objects", fields.Count, ct);
            var searchable = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < fields.Count; i++)
            {
                var json = (JsonObject)fields[i].DeepClone();
                json["id"] = ids[i].ToString(System.Globalization.CultureInfo.InvariantCulture);
                var field = define(json);
                await SaveAsync(session, module, field.ApiName, json, ct);
                await session.ExecuteAsync(ModuleTables.AddColumn(module, field, session.Dialect), ct);
                if (Search.SearchApi.Searchable(field)) searchable.Add(field.Column);
            }
            if (searchable.Count > 0)
            {
                // The new columns are empty: the index takes them with new triggers, no refill.
                await WordIndex.EnsureAsync(session, module.Table, [.. WordIndex.Columns(module).Union(searchable).Order(StringComparer.Ordinal)],
                    searchable, ct);
            }
            return (await NextVersionAsync(session, ct), ids);
        }, ct);

    public Task<long> ChangeFieldAsync(ModuleDefinition module, FieldDefinition field, CancellationToken ct) =>
        database.WriteAsync(async session =>
        {
            await SaveAsync(session, module, field.ApiName, field.Json, ct);
            return await NextVersionAsync(session, ct);
        }, ct);

    public Task<long> DeleteFieldAsync(ModuleDefinition module, FieldDefinition field, CancellationToken ct) =>
        database.WriteAsync(async session =>
        {
            await SaveAsync(session, module, field.ApiName, null, ct);
            var searchable = Search.SearchApi.Searchable(field);
            if (searchable) await WordIndex.DropTriggersAsync(session, module.Table, ct);
            if (field.Storage == FieldStorage.Column)
            {
                await session.ExecuteAsync($"ALTER TABLE {RecordSelect.Quote(module.Table)} DROP COLUMN {RecordSelect.Quote(field.Column)}", ct);
            }
            if (searchable)
            {
                await WordIndex.EnsureAsync(session, module.Table, [.. WordIndex.Columns(module).Where(c => c != field.Column)],
                    new HashSet<string>(), ct, triggersDropped: true);
            }
            return await NextVersionAsync(session, ct);
        }, ct);

    private static Task<int> SaveAsync(ISqlSession session, ModuleDefinition module, string apiName, JsonObject? json, CancellationToken ct) =>
        session.ExecuteAsync("""
            INSERT INTO org_fields (module, api_name, field_json, changed_at) VALUES (@module, @field, @json, @now)
            ON CONFLICT (module, api_name) DO UPDATE SET field_json = excluded.field_json, changed_at = excluded.changed_at
            """, ct, ("@module", module.ApiName), ("@field", apiName), ("@json", json?.ToJsonString()), ("@now", session.Dialect.Time(DateTimeOffset.UtcNow)));

    private static async Task<long> NextVersionAsync(ISqlSession session, CancellationToken ct)
    {
        // A text column: the cast keeps the arithmetic in SQL on both databases, so two instances never take one version.
        var next = await session.ScalarAsync($"""
            UPDATE settings SET value = CAST(CAST(value AS {session.Dialect.IdType}) + 1 AS text) WHERE key = @key RETURNING value
            """, ct, ("@key", VersionKey));
        return Convert.ToInt64(next);
    }
}

using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using OpenLeads.Server.Metadata;

namespace OpenLeads.Server.Storage.Sqlite;

/// <summary>Records on SQLite. Reads join owners and lookups; writes follow <see cref="RecordWrites"/> (SQL in <see cref="SqliteWrites"/>).</summary>
public sealed class SqliteRecordStore(SqliteDatabase database) : IRecordStore
{
    /// <summary>Rows per INSERT statement; an API insert (≤100) is always one statement.</summary>
    private const int InsertChunk = 1000;

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ModuleDefinition, string> InsertSql = new();

    /// <summary>
    /// INSERT of many rows from one JSON parameter: each row an array <c>[id, value of each column field…, territory]</c>
    /// in <see cref="ModuleDefinition.ColumnFields"/> order.
    /// </summary>
    private static string InsertFromJson(ModuleDefinition module) => InsertSql.GetValue(module, _ =>
    {
        var targets = string.Join(", ", module.ColumnFields.Select(f => RecordSelect.Quote(f.Column)));
        var sources = string.Join(", ", module.ColumnFields.Select((_, i) => $"json_extract(value, '$[{i + 1}]')"));
        var territory = $"json_extract(value, '$[{module.ColumnFields.Count + 1}]')";
        return $"INSERT INTO {RecordSelect.Quote(module.Table)} (id, {targets}, territory_id) " +
               $"SELECT json_extract(value, '$[0]'), {sources}, {territory} FROM jsonb_each(@rows)";
    });

    public Task<IReadOnlyList<long>> InsertAsync(ModuleDefinition module, IEnumerable<RecordValues> records, WriteContext context, CancellationToken ct) =>
        database.WriteAsync<IReadOnlyList<long>>(async (connection, transaction) =>
        {
            var ids = new List<long>();
            foreach (var chunk in records.Chunk(InsertChunk))
            {
                var firstId = await SqliteIds.NextAsync(connection, transaction, "records", chunk.Length, ct);
                using var payload = new JsonPayload();
                var w = payload.Writer;
                w.WriteStartArray();
                for (var i = 0; i < chunk.Length; i++)
                {
                    var id = firstId + i;
                    ids.Add(id);
                    w.WriteStartArray();
                    w.WriteNumberValue(id);
                    foreach (var field in module.ColumnFields)
                    {
                        SqliteValues.WritePayload(w, chunk[i].Values.TryGetValue(field, out var value) ? value : InsertDefaults.For(field, context));
                    }
                    SqliteValues.WritePayload(w, chunk[i].TerritoryId);
                    w.WriteEndArray();
                }
                w.WriteEndArray();
                await connection.ExecuteAsync(transaction, InsertFromJson(module), ct, ("@rows", payload.ToString()));
            }
            return ids;
        }, ct);

    public Task<StoredRecord?> GetAsync(ModuleDefinition module, long id, CancellationToken ct) =>
        database.ReadAsync(async connection =>
        {
            var select = RecordSelect.For(module);
            await using var command = connection.Command(null, $"{select.SelectFrom} WHERE t.id = @id", ("@id", id));
            await using var reader = await command.ExecuteReaderAsync(ct);
            return await reader.ReadAsync(ct) ? select.Read(reader, SqliteValues.Read) : null;
        }, ct);

    public Task<RecordPage> ListAsync(ModuleDefinition module, RecordQuery query, CancellationToken ct) =>
        database.ReadAsync(async connection =>
        {
            var select = RecordSelect.For(module);
            var criteria = new SqliteCriteria();
            var where = Where(query.Ids, query.Where, criteria);
            var sortColumn = query.SortBy is null ? "t.id" : "t." + RecordSelect.Quote(query.SortBy.Column);
            var direction = query.Descending ? "DESC" : "ASC";
            var text = $"{select.SelectFrom}{where} ORDER BY {sortColumn} {direction}, t.id {direction} LIMIT @limit OFFSET @offset";
            await using var command = connection.Command(null, text,
                [("@ids", query.Ids is null ? null : JsonPayload.Ids(query.Ids)),
                 ("@limit", query.PerPage + 1), ("@offset", (long)(query.Page - 1) * query.PerPage), .. criteria.Parameters]);
            await using var reader = await command.ExecuteReaderAsync(ct);
            var records = new List<StoredRecord>(Math.Min(query.PerPage + 1, 256));
            while (await reader.ReadAsync(ct)) records.Add(select.Read(reader, SqliteValues.Read));
            var more = records.Count > query.PerPage;
            if (more) records.RemoveAt(records.Count - 1);
            return new RecordPage(records, more);
        }, ct);

    public Task<long> CountAsync(ModuleDefinition module, Search.Criteria? where, CancellationToken ct) =>
        database.ReadAsync(async connection =>
        {
            var criteria = new SqliteCriteria();
            var text = $"SELECT count(*) FROM {RecordSelect.For(module).Table} t{Where(null, where, criteria)}";
            await using var command = connection.Command(null, text, [.. criteria.Parameters]);
            return (long)(await command.ExecuteScalarAsync(ct))!;
        }, ct);

    /// <summary>The WHERE of a list or a count: the ids asked for (bound as <c>@ids</c>) and the criteria.</summary>
    private static string Where(IReadOnlyCollection<long>? ids, Search.Criteria? where, SqliteCriteria criteria) =>
        RecordSelect.Where(ids is null ? null : "t.id IN (SELECT value FROM json_each(@ids))",
            where is null ? null : CriteriaSql.Compile(where, criteria));

    public Task<IReadOnlySet<long>> ExistingIdsAsync(ModuleDefinition module, IReadOnlyCollection<long> ids, CancellationToken ct) =>
        database.ReadAsync(connection => SelectIdsAsync(connection, null,
            $"SELECT id FROM {RecordSelect.For(module).Table} WHERE id IN (SELECT value FROM json_each(@ids))", ids, ct), ct);

    public Task<IReadOnlySet<long>> DeleteAsync(ModuleDefinition module, IReadOnlyCollection<long> ids, CancellationToken ct) =>
        database.WriteAsync((connection, transaction) => SelectIdsAsync(connection, transaction,
            $"DELETE FROM {RecordSelect.For(module).Table} WHERE id IN (SELECT value FROM json_each(@ids)) RETURNING id", ids, ct), ct);

    public Task<IReadOnlyList<RecordWriteResult>> UpdateAsync(ModuleDefinition module, IReadOnlyList<RecordChange> changes, WriteContext context, CancellationToken ct) =>
        database.WriteAsync((connection, transaction) =>
            RecordWrites.UpdateAsync(new SqliteWrites(connection, transaction), module, changes, context, ct), ct);

    public Task<IReadOnlyList<RecordWriteResult>> MassUpdateAsync(ModuleDefinition module, MassUpdateCommand command, WriteContext context, CancellationToken ct) =>
        database.WriteAsync((connection, transaction) =>
            RecordWrites.MassUpdateAsync(new SqliteWrites(connection, transaction), module, command, context, ct), ct);

    public Task<IReadOnlyList<AuditEntry>> AuditAsync(ModuleDefinition module, long recordId, CancellationToken ct) =>
        database.ReadAsync<IReadOnlyList<AuditEntry>>(async connection =>
        {
            await using var command = connection.Command(null, """
                SELECT a.id, a.record_id, a.field, a.old_value, a.new_value, a.user_id, u.full_name, u.email,
                       a.changed_at, a.request_id, a.source, a.job_id
                FROM audit_log a LEFT JOIN users u ON u.id = a.user_id
                WHERE a.module = @module AND a.record_id = @id ORDER BY a.id
                """, ("@module", module.ApiName), ("@id", recordId));
            await using var reader = await command.ExecuteReaderAsync(ct);
            var entries = new List<AuditEntry>();
            while (await reader.ReadAsync(ct))
            {
                entries.Add(new AuditEntry(reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4),
                    new UserRef(reader.GetInt64(5), reader.IsDBNull(6) ? "" : reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7)),
                    SqliteValues.FromUnix(reader.GetInt64(8)), reader.GetString(9), reader.GetString(10),
                    reader.IsDBNull(11) ? null : reader.GetInt64(11)));
            }
            return entries;
        }, ct);

    private static async Task<IReadOnlySet<long>> SelectIdsAsync(SqliteConnection connection, SqliteTransaction? transaction,
        string sql, IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        await using var command = connection.Command(transaction, sql, ("@ids", JsonPayload.Ids(ids)));
        await using var reader = await command.ExecuteReaderAsync(ct);
        var found = new HashSet<long>();
        while (await reader.ReadAsync(ct)) found.Add(reader.GetInt64(0));
        return found;
    }
}

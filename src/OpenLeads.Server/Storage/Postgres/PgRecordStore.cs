using Npgsql;
using OpenLeads.Server.Metadata;

namespace OpenLeads.Server.Storage.Postgres;

/// <summary>
/// Records on PostgreSQL. Inserts stream through binary COPY (one statement however many rows);
/// reads use the shared <see cref="RecordSelect"/>; writes follow <see cref="RecordWrites"/> with
/// the SQL of <see cref="PgWrites"/>.
/// </summary>
public sealed class PgRecordStore(PgDatabase database) : IRecordStore
{
    /// <summary>Rows per COPY; ids for each chunk are drawn from the sequence just before it.</summary>
    private const int CopyChunk = 10_000;

    public Task<IReadOnlyList<long>> InsertAsync(ModuleDefinition module, IEnumerable<RecordValues> records, WriteContext context, CancellationToken ct) =>
        database.WriteAsync<IReadOnlyList<long>>(async (connection, transaction) =>
        {
            var columns = string.Join(", ", module.ColumnFields.Select(f => RecordSelect.Quote(f.Column))) + ", territory_id";
            var ids = new List<long>();
            foreach (var chunk in records.Chunk(CopyChunk))
            {
                var chunkIds = await NextIdsAsync(connection, transaction, chunk.Length, ct);
                StorageMetrics.CountStatement(PgDatabase.NameOf(connection.ConnectionString));
                await using (var copy = await connection.BeginBinaryImportAsync(
                    $"COPY {RecordSelect.Quote(module.Table)} (id, {columns}) FROM STDIN (FORMAT BINARY)", ct))
                {
                    for (var i = 0; i < chunk.Length; i++)
                    {
                        await copy.StartRowAsync(ct);
                        await copy.WriteAsync(chunkIds[i], NpgsqlTypes.NpgsqlDbType.Bigint, ct);
                        foreach (var field in module.ColumnFields)
                        {
                            var value = PgValues.ToDb(chunk[i].Values.TryGetValue(field, out var given) ? given : InsertDefaults.For(field, context));
                            if (value is null) await copy.WriteNullAsync(ct);
                            else await copy.WriteAsync(value, PgValues.DbType(field), ct);
                        }
                        if (chunk[i].TerritoryId is { } territory) await copy.WriteAsync(territory, NpgsqlTypes.NpgsqlDbType.Bigint, ct);
                        else await copy.WriteNullAsync(ct);
                    }
                    await copy.CompleteAsync(ct);
                }
                ids.AddRange(chunkIds);
            }
            return ids;
        }, ct);

    private static async Task<long[]> NextIdsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, int count, CancellationToken ct)
    {
        await using var command = connection.Command(transaction, "SELECT nextval('record_ids') FROM generate_series(1, @n) ORDER BY 1", ("@n", count));
        await using var reader = await command.ExecuteReaderAsync(ct);
        var ids = new long[count];
        for (var i = 0; await reader.ReadAsync(ct); i++) ids[i] = reader.GetInt64(0);
        return ids;
    }

    public Task<StoredRecord?> GetAsync(ModuleDefinition module, long id, CancellationToken ct) =>
        database.ReadAsync(async connection =>
        {
            var select = RecordSelect.For(module);
            await using var command = connection.Command(null, $"{select.SelectFrom} WHERE t.id = @id", ("@id", id));
            await using var reader = await command.ExecuteReaderAsync(ct);
            return await reader.ReadAsync(ct) ? select.Read(reader, PgValues.Read) : null;
        }, ct);

    public Task<RecordPage> ListAsync(ModuleDefinition module, RecordQuery query, CancellationToken ct) =>
        database.ReadAsync(async connection =>
        {
            var select = RecordSelect.For(module);
            var criteria = new PgCriteria();
            var where = Where(query.Ids, query.Where, criteria);
            var sortColumn = query.SortBy is null ? "t.id" : "t." + RecordSelect.Quote(query.SortBy.Column);
            var direction = query.Descending ? "DESC" : "ASC";
            var text = $"{select.SelectFrom}{where} ORDER BY {sortColumn} {direction} NULLS LAST, t.id {direction} LIMIT @limit OFFSET @offset";
            await using var command = connection.Command(null, text,
                [("@limit", query.PerPage + 1), ("@offset", (long)(query.Page - 1) * query.PerPage), .. criteria.Parameters]);
            if (query.Ids is not null) command.Parameters.AddWithValue("@ids", query.Ids.ToArray());
            await using var reader = await command.ExecuteReaderAsync(ct);
            var records = new List<StoredRecord>(Math.Min(query.PerPage + 1, 256));
            while (await reader.ReadAsync(ct)) records.Add(select.Read(reader, PgValues.Read));
            var more = records.Count > query.PerPage;
            if (more) records.RemoveAt(records.Count - 1);
            return new RecordPage(records, more);
        }, ct);

    public Task<long> CountAsync(ModuleDefinition module, Search.Criteria? where, CancellationToken ct) =>
        database.ReadAsync(async connection =>
        {
            var criteria = new PgCriteria();
            var text = $"SELECT count(*) FROM {RecordSelect.For(module).Table} t{Where(null, where, criteria)}";
            await using var command = connection.Command(null, text, [.. criteria.Parameters]);
            return (long)(await command.ExecuteScalarAsync(ct))!;
        }, ct);

    /// <summary>The WHERE of a list or a count: the ids asked for (bound as <c>@ids</c>) and the criteria.</summary>
    private static string Where(IReadOnlyCollection<long>? ids, Search.Criteria? where, PgCriteria criteria) =>
        RecordSelect.Where(ids is null ? null : "t.id = ANY(@ids)", where is null ? null : CriteriaSql.Compile(where, criteria));

    public Task<IReadOnlySet<long>> ExistingIdsAsync(ModuleDefinition module, IReadOnlyCollection<long> ids, CancellationToken ct) =>
        database.ReadAsync(connection => SelectIdsAsync(connection, null,
            $"SELECT id FROM {RecordSelect.Quote(module.Table)} WHERE id = ANY(@ids)", ids, ct), ct);

    public Task<IReadOnlySet<long>> DeleteAsync(ModuleDefinition module, IReadOnlyCollection<long> ids, CancellationToken ct) =>
        database.WriteAsync((connection, transaction) => SelectIdsAsync(connection, transaction,
            $"DELETE FROM {RecordSelect.Quote(module.Table)} WHERE id = ANY(@ids) RETURNING id", ids, ct), ct);

    public Task<IReadOnlyList<RecordWriteResult>> UpdateAsync(ModuleDefinition module, IReadOnlyList<RecordChange> changes, WriteContext context, CancellationToken ct) =>
        database.WriteAsync((connection, transaction) =>
            RecordWrites.UpdateAsync(new PgWrites(connection, transaction), module, changes, context, ct), ct);

    public Task<IReadOnlyList<RecordWriteResult>> MassUpdateAsync(ModuleDefinition module, MassUpdateCommand command, WriteContext context, CancellationToken ct) =>
        database.WriteAsync((connection, transaction) =>
            RecordWrites.MassUpdateAsync(new PgWrites(connection, transaction), module, command, context, ct), ct);

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
                    reader.GetFieldValue<DateTimeOffset>(8), reader.GetString(9), reader.GetString(10),
                    reader.IsDBNull(11) ? null : reader.GetInt64(11)));
            }
            return entries;
        }, ct);

    private static async Task<IReadOnlySet<long>> SelectIdsAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction,
        string sql, IReadOnlyCollection<long> ids, CancellationToken ct)
    {
        await using var command = connection.Command(transaction, sql, ("@ids", ids.ToArray()));
        await using var reader = await command.ExecuteReaderAsync(ct);
        var found = new HashSet<long>();
        while (await reader.ReadAsync(ct)) found.Add(reader.GetInt64(0));
        return found;
    }
}

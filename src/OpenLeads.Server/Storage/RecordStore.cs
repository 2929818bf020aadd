using OpenLeads.Server.Metadata;

namespace OpenLeads.Server.Storage;

/// <summary>
/// What a database adds to the shared record store: the fastest way it has to insert many rows, and
/// the SQL of a write (<see cref="IWriteSession"/>: SQLite writes first, PostgreSQL locks rows first).
/// </summary>
public interface IRecordWriter
{
    /// <summary>Inserts records (ids from the <c>records</c> sequence) and returns their ids in input order.</summary>
    Task<IReadOnlyList<long>> InsertAsync(ISqlSession session, ModuleDefinition module, IEnumerable<RecordValues> records,
        WriteContext context, CancellationToken ct);

    IWriteSession Writes(ISqlSession session);
}

/// <summary>
/// Records, on every database: reads through the shared <see cref="RecordSelect"/> (owners and lookups
/// joined), writes through the shared rules of <see cref="RecordWrites"/> with the database's own
/// <see cref="IRecordWriter"/>; one transaction and a bounded number of statements each.
/// </summary>
public sealed class RecordStore(ISqlDatabase database, IRecordWriter writer) : IRecordStore
{
    public Task<IReadOnlyList<long>> InsertAsync(ModuleDefinition module, IEnumerable<RecordValues> records, WriteContext context, CancellationToken ct) =>
        database.WriteAsync(session => writer.InsertAsync(session, module, records, context, ct), ct);

    public Task<StoredRecord?> GetAsync(ModuleDefinition module, long id, CancellationToken ct) =>
        database.ReadAsync(async session =>
        {
            var select = RecordSelect.For(module);
            await using var command = session.Command($"{select.SelectFrom} WHERE t.id = @id", ("@id", id));
            await using var reader = await command.ExecuteReaderAsync(ct);
            return await reader.ReadAsync(ct) ? select.Read(reader, session.Dialect.ReadValue) : null;
        }, ct);

    public Task<RecordPage> ListAsync(ModuleDefinition module, RecordQuery query, CancellationToken ct) =>
        database.ReadAsync(async session =>
        {
            var select = RecordSelect.For(module);
            var criteria = session.Dialect.Criteria();
            var sortColumn = query.SortBy is null ? "t.id" : "t." + RecordSelect.Quote(query.SortBy.Column);
            var direction = query.Descending ? "DESC" : "ASC";
            var text = $"{select.SelectFrom}{Where(session.Dialect, query.Ids, query.Where, criteria)} " +
                       $"ORDER BY {sortColumn} {direction}{session.Dialect.NullsLast}, t.id {direction} LIMIT @limit OFFSET @offset";
            (string, object?)[] ids = query.Ids is null ? [] : [("@ids", session.Dialect.Ids(query.Ids))];
            await using var command = session.Command(text,
                [.. ids, ("@limit", query.PerPage + 1), ("@offset", query.Skip), .. criteria.Parameters]);
            await using var reader = await command.ExecuteReaderAsync(ct);
            var records = new List<StoredRecord>(Math.Min(query.PerPage + 1, 256));
            while (await reader.ReadAsync(ct)) records.Add(select.Read(reader, session.Dialect.ReadValue));
            var more = records.Count > query.PerPage;
            if (more) records.RemoveAt(records.Count - 1);
            return new RecordPage(records, more);
        }, ct);

    public Task<long> CountAsync(ModuleDefinition module, Search.Criteria? where, CancellationToken ct) =>
        database.ReadAsync(async session =>
        {
            var criteria = session.Dialect.Criteria();
            var text = $"SELECT count(*) FROM {RecordSelect.For(module).Table} t{Where(session.Dialect, null, where, criteria)}";
            return Convert.ToInt64(await session.ScalarAsync(text, ct, [.. criteria.Parameters]));
        }, ct);

    /// <summary>The WHERE of a list or a count: the ids asked for (bound as <c>@ids</c>) and the criteria.</summary>
    private static string Where(ISqlDialect dialect, IReadOnlyCollection<long>? ids, Search.Criteria? where, ICriteriaParameters criteria) =>
        RecordSelect.Where(ids is null ? null : dialect.InIds("t.id", "@ids"), where is null ? null : CriteriaSql.Compile(where, criteria));

    public Task<IReadOnlySet<long>> ExistingIdsAsync(ModuleDefinition module, IReadOnlyCollection<long> ids, CancellationToken ct) =>
        database.ReadAsync<IReadOnlySet<long>>(async session => await session.IdsAsync(
            $"SELECT id FROM {RecordSelect.Quote(module.Table)} WHERE {session.Dialect.InIds("id", "@ids")}", ct, ("@ids", session.Dialect.Ids(ids))), ct);

    public Task<IReadOnlySet<long>> DeleteAsync(ModuleDefinition module, IReadOnlyCollection<long> ids, CancellationToken ct) =>
        database.WriteAsync<IReadOnlySet<long>>(async session => await session.IdsAsync(
            $"DELETE FROM {RecordSelect.Quote(module.Table)} WHERE {session.Dialect.InIds("id", "@ids")} RETURNING id", ct,
            ("@ids", session.Dialect.Ids(ids))), ct);

    public Task<IReadOnlyList<RecordWriteResult>> UpdateAsync(ModuleDefinition module, IReadOnlyList<RecordChange> changes, WriteContext context, CancellationToken ct) =>
        database.WriteAsync(session => RecordWrites.UpdateAsync(writer.Writes(session), module, changes, context, ct), ct);

    public Task<IReadOnlyList<RecordWriteResult>> MassUpdateAsync(ModuleDefinition module, MassUpdateCommand command, WriteContext context, CancellationToken ct) =>
        database.WriteAsync(session => RecordWrites.MassUpdateAsync(writer.Writes(session), module, command, context, ct), ct);

    public Task<IReadOnlyList<AuditEntry>> AuditAsync(ModuleDefinition module, long recordId, CancellationToken ct) =>
        database.ReadAsync<IReadOnlyList<AuditEntry>>(async session =>
        {
            await using var command = session.Command("""
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
                    session.Dialect.ReadTime(reader, 8), reader.GetString(9), reader.GetString(10),
                    reader.IsDBNull(11) ? null : reader.GetInt64(11)));
            }
            return entries;
        }, ct);
}

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
public sealed class RecordStore(ISqlDatabase database, IRecordWriter writer, ChangeNotifications? notifications = null) : IRecordStore
{
    public Task<IReadOnlyList<long>> InsertAsync(ModuleDefinition module, IEnumerable<RecordValues> records, WriteContext context, CancellationToken ct) =>
        database.WriteAsync(async session =>
        {
            var ids = await writer.InsertAsync(session, module, records, context, ct);
            await NotifyAsync(session, ChangeSet.Inserted(module, ids), context, ct);
            return ids;
        }, ct);

    /// <summary>The change's notifications, in the change's own transaction (<see cref="ChangeNotifications"/>).</summary>
    private Task NotifyAsync(ISqlSession session, ChangeSet change, WriteContext context, CancellationToken ct) =>
        notifications is null ? Task.CompletedTask : notifications.RecordAsync(session, change, context.Now, ct);

    private static ChangeSet Updated(ModuleDefinition module, IReadOnlyList<RecordChange> changes, IReadOnlyList<RecordWriteResult> results)
    {
        var written = results.Where(r => r.Outcome == WriteOutcome.Written).Select(r => r.Id).ToHashSet();
        return ChangeSet.Updated(module, [.. changes.Where(c => written.Contains(c.Id)).GroupBy(c => c.Id)
            .Select(g => (g.Key, (IEnumerable<string>)g.SelectMany(c => c.Values.Keys.Select(f => f.ApiName)).Distinct().ToList()))]);
    }

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
            // Nulls last only where a column can hold one: said of id or of the creation and modification times (never
            // null), PostgreSQL could not read a descending page from their index and would sort the whole table.
            var neverNull = query.SortBy is null || query.SortBy == module.CreatedTime || query.SortBy == module.ModifiedTime;
            // A page past a known id (a page token's, in id order) starts there in the index; any other counts to its offset.
            var after = query.StartsAfter;
            var past = after is null ? null : $"t.id {(query.Descending ? "<" : ">")} @after";
            var text = $"{select.SelectFrom}{Where(session.Dialect, query.Ids, query.Where, criteria, past)} " +
                       $"ORDER BY {sortColumn} {direction}{(neverNull ? "" : session.Dialect.NullsLast)}, t.id {direction} LIMIT @limit OFFSET @offset";
            (string, object?)[] ids = query.Ids is null ? [] : [("@ids", session.Dialect.Ids(query.Ids))];
            await using var command = session.Command(text,
                [.. ids, ("@limit", query.PerPage + 1), ("@offset", after is null ? query.Skip : 0L), ("@after", after ?? 0L), .. criteria.Parameters]);
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
    private static string Where(ISqlDialect dialect, IReadOnlyCollection<long>? ids, Search.Criteria? where, ICriteriaParameters criteria,
        string? past = null) =>
        RecordSelect.Where(ids is null ? null : dialect.InIds("t.id", "@ids"), where is null ? null : CriteriaSql.Compile(where, criteria), past);

    public Task<IReadOnlySet<long>> ExistingIdsAsync(ModuleDefinition module, IReadOnlyCollection<long> ids, CancellationToken ct) =>
        database.ReadAsync<IReadOnlySet<long>>(async session => await session.IdsAsync(
            $"SELECT id FROM {RecordSelect.Quote(module.Table)} WHERE {session.Dialect.InIds("id", "@ids")}", ct, ("@ids", session.Dialect.Ids(ids))), ct);

    public Task<IReadOnlySet<long>> DeleteAsync(ModuleDefinition module, IReadOnlyCollection<long> ids, CancellationToken ct) =>
        database.WriteAsync<IReadOnlySet<long>>(async session =>
        {
            var deleted = await session.IdsAsync(
                $"DELETE FROM {RecordSelect.Quote(module.Table)} WHERE {session.Dialect.InIds("id", "@ids")} RETURNING id", ct,
                ("@ids", session.Dialect.Ids(ids)));
            if (notifications is not null) await notifications.RecordAsync(session, ChangeSet.Deleted(module, deleted), DateTimeOffset.UtcNow, ct);
            return deleted;
        }, ct);

    public Task<IReadOnlyList<RecordWriteResult>> UpdateAsync(ModuleDefinition module, IReadOnlyList<RecordChange> changes, WriteContext context, CancellationToken ct) =>
        database.WriteAsync(async session =>
        {
            var results = await RecordWrites.UpdateAsync(writer.Writes(session), module, changes, context, ct);
            await NotifyAsync(session, Updated(module, changes, results), context, ct);
            return results;
        }, ct);

    public Task<IReadOnlyList<UpsertResult>> UpsertAsync(ModuleDefinition module, IReadOnlyList<FieldDefinition> checkFields,
        IReadOnlyList<UpsertRecord> records, WriteContext context, CancellationToken ct) =>
        database.WriteAsync(async session =>
        {
            var matches = await RecordMatches.FindAsync(session, module, checkFields, records.Select(r => r.Values).ToList(), ct);
            var inserts = Enumerable.Range(0, records.Count).Where(i => matches[i] is null && records[i].Insertable).ToList();
            var ids = inserts.Count == 0 ? []
                : await writer.InsertAsync(session, module, inserts.Select(i => new RecordValues(records[i].Values)).ToList(), context, ct);
            var changes = Enumerable.Range(0, records.Count).Where(i => matches[i] is not null)
                .Select(i => new RecordChange(matches[i]!.Value.Id, records[i].Values)).ToList();
            var updated = changes.Count == 0 ? []
                : await RecordWrites.UpdateAsync(writer.Writes(session), module, changes, context, ct);
            await NotifyAsync(session, ChangeSet.Inserted(module, ids), context, ct);
            await NotifyAsync(session, Updated(module, changes, updated), context, ct);
            var byId = updated.ToDictionary(u => u.Id);
            var results = new UpsertResult[records.Count];
            for (var k = 0; k < inserts.Count; k++) results[inserts[k]] = new UpsertResult(UpsertAction.Insert, ids[k]);
            for (var i = 0; i < records.Count; i++)
            {
                if (matches[i] is { } match) results[i] = new UpsertResult(UpsertAction.Update, match.Id, byId[match.Id], match.Field);
                else results[i] ??= new UpsertResult(UpsertAction.NotInsertable);
            }
            return (IReadOnlyList<UpsertResult>)results;
        }, ct);

    public Task<ConversionResult> ConvertAsync(ConversionPlan plan, WriteContext context, CancellationToken ct) =>
        database.WriteAsync(async session =>
        {
            var source = RecordSelect.Quote(plan.Source.Table);
            // Claim first: a second conversion of the same record, however close behind, finds it converted and changes nothing.
            if (await session.ExecuteAsync($"UPDATE {source} SET converted_detail = '{{}}' WHERE id = @id AND converted_detail IS NULL", ct,
                    ("@id", plan.SourceId)) == 0)
            {
                return new ConversionResult(false);
            }
            async Task<long> InsertAsync(ConversionPart part)
            {
                var id = (await writer.InsertAsync(session, part.Module, [new RecordValues(part.Values)], context, ct))[0];
                await NotifyAsync(session, ChangeSet.Inserted(part.Module, [id]), context, ct);
                return id;
            }

            long? accountId = plan.Account?.ExistingId;
            if (plan.Account is { ExistingId: null } account)
            {
                var match = (await RecordMatches.FindAsync(session, account.Module, account.MatchFields, [account.Values], ct))[0];
                accountId = match?.Id ?? await InsertAsync(account);
            }
            if (plan.ContactToAccount is { } toAccount && accountId is { } a) plan.Contact.Values[toAccount] = a;
            var contactId = plan.Contact.ExistingId ?? await InsertAsync(plan.Contact);
            long? dealId = null;
            if (plan.Deal is { } deal)
            {
                if (plan.DealToAccount is { } dealAccount && accountId is { } da) deal.Values[dealAccount] = da;
                if (plan.DealToContact is { } dealContact) deal.Values[dealContact] = contactId;
                dealId = await InsertAsync(deal);
            }
            var detail = new System.Text.Json.Nodes.JsonObject
            {
                ["converted_time"] = Zoho.ZohoJson.FormatDateTime(context.Now),
                ["convert_user"] = new System.Text.Json.Nodes.JsonObject { ["name"] = context.User.Name, ["id"] = Zoho.ZohoJson.FormatId(context.User.Id) },
                [plan.Contact.Module.ApiName] = Zoho.ZohoJson.FormatId(contactId),
            };
            if (plan.Account is not null) detail[plan.Account.Module.ApiName] = Zoho.ZohoJson.FormatId(accountId!.Value);
            if (plan.Deal is not null) detail[plan.Deal.Module.ApiName] = Zoho.ZohoJson.FormatId(dealId!.Value);
            await session.ExecuteAsync($"UPDATE {source} SET converted_detail = @detail, {RecordWrites.ModifiedStamp(plan.Source, "row_version")} WHERE id = @id",
                ct, ("@detail", detail.ToJsonString(Zoho.ZohoJson.NodeOptions)), ("@now", session.Dialect.Time(context.Now)), ("@user", context.User.Id),
                ("@id", plan.SourceId));
            await NotifyAsync(session, ChangeSet.Updated(plan.Source, [plan.SourceId], []), context, ct);
            return new ConversionResult(true, contactId, accountId, dealId);
        }, ct);

    public Task<IReadOnlyList<RecordWriteResult>> MassUpdateAsync(ModuleDefinition module, MassUpdateCommand command, WriteContext context, CancellationToken ct) =>
        database.WriteAsync(session => MassUpdateAsync(session, module, command, context, ct), ct);

    public async Task<(IReadOnlyList<RecordWriteResult> Results, long? OperationId)> MassUpdateOperationAsync(ModuleDefinition module,
        MassUpdateCommand command, WriteContext context, CancellationToken ct)
    {
        try
        {
            return await database.WriteAsync<(IReadOnlyList<RecordWriteResult>, long?)>(async session =>
            {
                var operation = (await session.Dialect.NextIdsAsync(session, "objects", 1, ct))[0];
                var results = await MassUpdateAsync(session, module, command, context with { OperationId = operation }, ct);
                // Not one of its records exists: the call is no operation, and its transaction (the sequence's step too) is undone.
                if (results.All(r => r.Outcome == WriteOutcome.NotFound)) throw new NothingFound(results);
                return (results, operation);
            }, ct);
        }
        catch (NothingFound none)
        {
            return (none.Results, null);
        }
    }

    private async Task<IReadOnlyList<RecordWriteResult>> MassUpdateAsync(ISqlSession session, ModuleDefinition module, MassUpdateCommand command,
        WriteContext context, CancellationToken ct)
    {
        var results = await RecordWrites.MassUpdateAsync(writer.Writes(session), module, command, context, ct);
        await NotifyAsync(session, ChangeSet.Updated(module, results.Where(r => r.Outcome == WriteOutcome.Written).Select(r => r.Id),
            [.. command.Values.Select(v => v.Field.ApiName)]), context, ct);
        // An ids call that is an operation: its row, and the records it left alone, with its change.
        if (context.OperationId is { } operation)
        {
            await Operations.OperationStore.InsertAsync(session, module, operation, context, ct);
            await Operations.OperationRecords.RecordCallAsync(session, module, operation, results, ct);
        }
        return results;
    }

    /// <summary>Unwinds the transaction of a mass update by ids that found none of its records.</summary>
    private sealed class NothingFound(IReadOnlyList<RecordWriteResult> results) : Exception
    {
        public IReadOnlyList<RecordWriteResult> Results { get; } = results;
    }

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

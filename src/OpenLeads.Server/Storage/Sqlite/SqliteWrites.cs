using System.Text;
using Microsoft.Data.Sqlite;
using OpenLeads.Server.Metadata;

namespace OpenLeads.Server.Storage.Sqlite;

/// <summary>
/// Updates and mass updates as three statements whatever the record count: read the current
/// state and values (SELECT … IN json_each), update every writable record (UPDATE … FROM
/// json_each), and write one audit row per changed field (INSERT … SELECT FROM json_each).
/// The caller's transaction makes the three one change.
/// </summary>
internal static class SqliteWrites
{
    private sealed record Current(RecordState State, DateTimeOffset CreatedTime, UserRef CreatedBy, object?[] Values);

    private sealed record FieldChange(FieldDefinition Field, object? Old, object? New);

    private sealed record Change(long Id, IReadOnlyList<FieldChange> Fields);

    public static async Task<IReadOnlyList<RecordWriteResult>> MassUpdateAsync(SqliteConnection connection, SqliteTransaction transaction,
        ModuleDefinition module, MassUpdateCommand command, WriteContext context, CancellationToken ct)
    {
        var field = command.Field;
        var ids = command.Ids.Distinct().ToArray();
        var current = await ReadCurrentAsync(connection, transaction, module, ids, [field], ct);
        var results = new List<RecordWriteResult>(ids.Length);
        var changes = new List<Change>(ids.Length);
        foreach (var id in ids)
        {
            if (Refusal(id, current) is { } refusal)
            {
                results.Add(refusal);
                continue;
            }
            var row = current[id];
            var old = row.Values[0];
            var value = field.Type == FieldType.MultiSelectPicklist && !command.OverWrite
                ? Union(old as string[], command.Value as string[])
                : command.Value;
            changes.Add(new Change(id, [new FieldChange(field, old, value)]));
            results.Add(Written(id, row, context));
        }
        await ApplyAsync(connection, transaction, module, changes, context, ct);
        return results;
    }

    public static async Task<IReadOnlyList<RecordWriteResult>> UpdateAsync(SqliteConnection connection, SqliteTransaction transaction,
        ModuleDefinition module, IReadOnlyList<RecordChange> requested, WriteContext context, CancellationToken ct)
    {
        // The same id twice in one request: its values merge, later ones winning, and it is written once.
        var merged = new Dictionary<long, Dictionary<FieldDefinition, object?>>();
        foreach (var change in requested)
        {
            if (!merged.TryGetValue(change.Id, out var values)) merged[change.Id] = values = [];
            foreach (var (field, value) in change.Values) values[field] = value;
        }
        var fields = module.ColumnFields.Where(f => merged.Values.Any(v => v.ContainsKey(f))).ToArray();
        var current = await ReadCurrentAsync(connection, transaction, module, merged.Keys, fields, ct);

        var results = new List<RecordWriteResult>(merged.Count);
        var changes = new List<Change>(merged.Count);
        foreach (var (id, values) in merged)
        {
            if (Refusal(id, current) is { } refusal)
            {
                results.Add(refusal);
                continue;
            }
            var row = current[id];
            changes.Add(new Change(id, [.. values.Select(v => new FieldChange(v.Key, row.Values[Array.IndexOf(fields, v.Key)], v.Value))]));
            results.Add(Written(id, row, context));
        }
        await ApplyAsync(connection, transaction, module, changes, context, ct);
        return results;
    }

    private static RecordWriteResult? Refusal(long id, Dictionary<long, Current> current)
    {
        if (!current.TryGetValue(id, out var row)) return new RecordWriteResult(id, WriteOutcome.NotFound);
        if (row.State.LockAction is { } action) return new RecordWriteResult(id, WriteOutcome.Locked, LockAction: action);
        return row.State.Approval switch
        {
            Approval.Pending => new RecordWriteResult(id, WriteOutcome.NotApproved),
            Approval.InReview => new RecordWriteResult(id, WriteOutcome.InReview),
            _ => null,
        };
    }

    private static RecordWriteResult Written(long id, Current row, WriteContext context) =>
        new(id, WriteOutcome.Written, new RecordStamp(id, row.CreatedTime, row.CreatedBy, context.Now, context.User));

    private static string[] Union(string[]? old, string[]? added) =>
        [.. (old ?? []).Concat(added ?? []).Distinct(StringComparer.Ordinal)];

    private static async Task<Dictionary<long, Current>> ReadCurrentAsync(SqliteConnection connection, SqliteTransaction transaction,
        ModuleDefinition module, IEnumerable<long> ids, FieldDefinition[] fields, CancellationToken ct)
    {
        var table = SqliteValues.Quote(module.ApiName);
        var columns = string.Concat(fields.Select(f => ", t." + SqliteValues.Quote(f.ApiName)));
        var sql = $"""
            SELECT t.id, t.approval, t.lock_action, t."Created_Time", t."Created_By", u.full_name, u.email{columns}
            FROM {table} t LEFT JOIN users u ON u.id = t."Created_By"
            WHERE t.id IN (SELECT value FROM json_each(@ids))
            """;
        await using var command = connection.Command(transaction, sql, ("@ids", JsonPayload.Ids(ids)));
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new Dictionary<long, Current>();
        while (await reader.ReadAsync(ct))
        {
            var values = new object?[fields.Length];
            for (var i = 0; i < fields.Length; i++) values[i] = SqliteValues.Read(reader, 7 + i, fields[i]);
            var state = new RecordState(SqliteValues.ParseApproval(reader.GetString(1)), reader.IsDBNull(2) ? null : reader.GetString(2));
            var createdBy = new UserRef(reader.GetInt64(4), reader.IsDBNull(5) ? "" : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6));
            rows[reader.GetInt64(0)] = new Current(state, SqliteValues.FromUnix(reader.GetInt64(3)), createdBy, values);
        }
        return rows;
    }

    private static async Task ApplyAsync(SqliteConnection connection, SqliteTransaction transaction, ModuleDefinition module,
        IReadOnlyList<Change> changes, WriteContext context, CancellationToken ct)
    {
        if (changes.Count == 0) return;
        var table = SqliteValues.Quote(module.ApiName);
        var fields = module.ColumnFields.Where(f => changes.Any(c => c.Fields.Any(x => x.Field == f))).ToArray();

        using var rows = new JsonPayload();
        using var audit = new JsonPayload();
        rows.Writer.WriteStartArray();
        audit.Writer.WriteStartArray();
        foreach (var change in changes)
        {
            rows.Writer.WriteStartObject();
            rows.Writer.WriteNumber("id"u8, change.Id);
            foreach (var (field, old, value) in change.Fields)
            {
                rows.Writer.WritePropertyName(field.ApiName);
                SqliteValues.WritePayload(rows.Writer, value);

                audit.Writer.WriteStartArray();
                audit.Writer.WriteNumberValue(change.Id);
                audit.Writer.WriteStringValue(field.ApiName);
                audit.Writer.WriteStringValue(FieldJson.ToJsonText(field, old));
                audit.Writer.WriteStringValue(FieldJson.ToJsonText(field, value));
                audit.Writer.WriteEndArray();
            }
            rows.Writer.WriteEndObject();
        }
        rows.Writer.WriteEndArray();
        audit.Writer.WriteEndArray();

        // A field a row does not mention keeps its value: json_type is NULL for a missing key, 'null' for JSON null.
        var set = new StringBuilder();
        foreach (var field in fields)
        {
            var column = SqliteValues.Quote(field.ApiName);
            var path = $"'$.{column}'";
            set.Append($"{column} = CASE WHEN json_type(u.value, {path}) IS NULL THEN {table}.{column} ELSE json_extract(u.value, {path}) END, ");
        }
        await connection.ExecuteAsync(transaction, $"""
            UPDATE {table} SET {set}"Modified_Time" = @now, "Modified_By" = @user, "Last_Activity_Time" = @now, row_version = row_version + 1
            FROM json_each(@rows) AS u WHERE {table}.id = json_extract(u.value, '$.id')
            """, ct, ("@rows", rows.ToString()), ("@now", context.Now.ToUnixTimeSeconds()), ("@user", context.User.Id));

        await connection.ExecuteAsync(transaction, """
            INSERT INTO audit_log (module, record_id, field, old_value, new_value, user_id, changed_at, request_id, source, job_id)
            SELECT @module, json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'), json_extract(value, '$[3]'),
                   @user, @now, @request, @source, @job
            FROM json_each(@rows)
            """, ct, ("@rows", audit.ToString()), ("@module", module.ApiName), ("@user", context.User.Id),
            ("@now", context.Now.ToUnixTimeSeconds()), ("@request", context.RequestId), ("@source", context.Source), ("@job", context.JobId));
    }
}

using System.Text;
using Microsoft.Data.Sqlite;
using OpenLeads.Server.Metadata;

namespace OpenLeads.Server.Storage.Sqlite;

/// <summary>
/// A write on SQLite in a few statements whatever the record count. Setting one value (a mass
/// update) writes first: one audit row per writable record from its stored old value
/// (INSERT … SELECT), then one UPDATE … RETURNING the written records' creation stamps; only the
/// records it did not write are read, to say why. Other writes read the current state
/// (SELECT … IN json_each), audit, and update each record from its own values (FROM jsonb_each;
/// jsonb_each hands rows over parsed, so reading their values does not parse the row text again).
/// The caller's IMMEDIATE transaction makes them one change; SQLite's single writer makes row locks unneeded.
/// </summary>
internal sealed class SqliteWrites(SqliteConnection connection, SqliteTransaction transaction) : IJobBatchSession
{
    public async Task<Dictionary<long, CurrentRow>> ReadCurrentAsync(ModuleDefinition module, IReadOnlyCollection<long> ids,
        FieldDefinition[] fields, CancellationToken ct)
    {
        var sql = RecordSelect.CurrentRowsFrom(module, fields) + " WHERE t.id IN (SELECT value FROM json_each(@ids))";
        await using var command = connection.Command(transaction, sql, ("@ids", JsonPayload.Ids(ids)));
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new Dictionary<long, CurrentRow>();
        var createdTime = module.CreatedTime;
        while (await reader.ReadAsync(ct))
        {
            var (id, row) = RecordSelect.ReadCurrentRow(reader, fields, SqliteValues.Read, createdTime);
            rows[id] = row;
        }
        return rows;
    }

    public async Task<Dictionary<long, (DateTimeOffset CreatedTime, UserRef CreatedBy)>> ApplyUniformToWritableAsync(ModuleDefinition module,
        FieldDefinition field, object? value, IReadOnlyCollection<long> ids, WriteContext context, CancellationToken ct)
    {
        var table = RecordSelect.Quote(module.Table);
        var column = RecordSelect.Quote(field.Column);
        var run = IdRun.TryGet(ids, out var first, out var last);
        var which = $"{(run ? "id BETWEEN @first AND @last" : "id IN (SELECT value FROM json_each(@ids))")} AND {RecordWrites.WritableSql}";
        (string, object?)[] parameters = [.. Stamp(module, context), ("@ids", run ? null : JsonPayload.Ids(ids)), ("@first", first), ("@last", last),
            ("@field", field.ApiName), ("@value", SqliteValues.ToParameter(value))];
        await connection.ExecuteAsync(transaction, $"""
            {AuditInsert}
            SELECT @module, id, @field, {SqliteValues.AuditJson(field, column)}, {SqliteValues.AuditJson(field, "@value")}, {AuditStamp}
            FROM {table} WHERE {which}
            """, ct, parameters);

        var written = new Dictionary<long, (long CreatedTime, long CreatedBy)>(ids.Count);
        await using (var update = connection.Command(transaction, $"""
                         UPDATE {table} SET {column} = @value, {ModifiedStamp(module)} WHERE {which}
                         RETURNING id, {RecordSelect.Quote(module.CreatedTime.Column)}, {RecordSelect.Quote(module.CreatedBy.Column)}
                         """, parameters))
        await using (var reader = await update.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct)) written[reader.GetInt64(0)] = (reader.GetInt64(1), reader.GetInt64(2));
        }

        // The few users who created them, by name.
        var users = new Dictionary<long, UserRef>();
        await using (var select = connection.Command(transaction, "SELECT id, full_name, email FROM users WHERE id IN (SELECT value FROM json_each(@ids))",
                         ("@ids", JsonPayload.Ids(written.Values.Select(w => w.CreatedBy).Distinct()))))
        await using (var reader = await select.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct)) users[reader.GetInt64(0)] = new UserRef(reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2));
        }
        return written.ToDictionary(w => w.Key, w => (SqliteValues.FromUnix(w.Value.CreatedTime),
            users.GetValueOrDefault(w.Value.CreatedBy) ?? new UserRef(w.Value.CreatedBy, "")));
    }

    public async Task ApplyAsync(ModuleDefinition module, IReadOnlyList<PlannedChange> changes, WriteContext context, CancellationToken ct)
    {
        var table = RecordSelect.Quote(module.Table);
        var fields = module.ColumnFields.Where(f => changes.Any(c => c.Values.ContainsKey(f))).ToArray();

        using var rows = new JsonPayload();
        rows.Writer.WriteStartArray();
        foreach (var change in changes)
        {
            rows.Writer.WriteStartObject();
            rows.Writer.WriteNumber("id"u8, change.Id);
            foreach (var (field, value) in change.Values)
            {
                rows.Writer.WritePropertyName(field.ApiName);
                SqliteValues.WritePayload(rows.Writer, value);
            }
            rows.Writer.WriteEndObject();
        }
        rows.Writer.WriteEndArray();
        (string, object?)[] parameters = [.. Stamp(module, context), ("@rows", rows.ToString())];

        // One audit row per record and field it sets (a key the row does not have is a field left alone);
        // written before the UPDATE, so the old values are still there to read.
        var audit = fields.Select(f =>
        {
            var column = RecordSelect.Quote(f.Column);
            var path = $"'$.{column}'";
            return $"""
                SELECT @module, t.id, '{f.ApiName}', {SqliteValues.AuditJson(f, $"t.{column}")},
                       {SqliteValues.AuditJson(f, $"json_extract(u.value, {path})")}, {AuditStamp}
                FROM jsonb_each(@rows) AS u JOIN {table} t ON t.id = json_extract(u.value, '$.id') WHERE json_type(u.value, {path}) IS NOT NULL
                """;
        });
        await connection.ExecuteAsync(transaction, $"{AuditInsert}\n{string.Join("\nUNION ALL\n", audit)}", ct, parameters);

        var set = new StringBuilder();
        foreach (var field in fields)
        {
            var column = RecordSelect.Quote(field.Column);
            var path = $"'$.{column}'";
            set.Append($"{column} = CASE WHEN json_type(u.value, {path}) IS NULL THEN {table}.{column} ELSE json_extract(u.value, {path}) END, ");
        }
        await connection.ExecuteAsync(transaction, $"""
            UPDATE {table} SET {set}{ModifiedStamp(module)}
            FROM jsonb_each(@rows) AS u WHERE {table}.id = json_extract(u.value, '$.id')
            """, ct, parameters);
    }

    /// <summary>
    /// One job batch of a single value, all in SQL (no record reaches the server): audits the batch's records that may be
    /// written, counts those that exist only when some were not, then updates them.
    /// </summary>
    public async Task<(long Updated, long NotUpdated, long Failed)> ApplyJobBatchAsync(ClaimedJob job, JobBatch batch,
        WriteContext context, CancellationToken ct)
    {
        var table = RecordSelect.Quote(job.Module.Table);
        var column = RecordSelect.Quote(job.Field.Column);
        var inBatch = batch.IsRun ? "id BETWEEN @first AND @last"
            : "id IN (SELECT value FROM json_each((SELECT ids FROM mass_update_job_batches WHERE job_id = @jobId AND batch = @batch)))";
        (string, object?)[] parameters = [.. Stamp(job.Module, context), ("@jobId", job.Id), ("@batch", batch.Number),
            ("@first", batch.First), ("@last", batch.Last), ("@field", job.Field.ApiName), ("@value", SqliteValues.ToParameter(job.Value))];

        // One audit row per writable record of the batch; when that is every id of it, none was missing or refused and
        // there is nothing else to count (the usual batch: no third pass over its records).
        long writable = await connection.ExecuteAsync(transaction, $"""
            {AuditInsert}
            SELECT @module, id, @field, {SqliteValues.AuditJson(job.Field, column)}, {SqliteValues.AuditJson(job.Field, "@value")}, {AuditStamp}
            FROM {table} WHERE {inBatch} AND {RecordWrites.WritableSql}
            """, ct, parameters);
        var existing = writable == batch.Size ? writable
            : Convert.ToInt64(await connection.ScalarAsync(transaction, $"SELECT count(*) FROM {table} WHERE {inBatch}", ct, parameters));
        await connection.ExecuteAsync(transaction, $"""
            UPDATE {table} SET {column} = @value, {ModifiedStamp(job.Module)} WHERE {inBatch} AND {RecordWrites.WritableSql}
            """, ct, parameters);
        return (writable, existing - writable, batch.Size - existing);
    }

    public async Task<List<long>> StoredBatchIdsAsync(long jobId, int batch, CancellationToken ct)
    {
        await using var command = connection.Command(transaction,
            "SELECT value FROM json_each((SELECT ids FROM mass_update_job_batches WHERE job_id = @job AND batch = @batch))",
            ("@job", jobId), ("@batch", batch));
        await using var reader = await command.ExecuteReaderAsync(ct);
        var ids = new List<long>();
        while (await reader.ReadAsync(ct)) ids.Add(reader.GetInt64(0));
        return ids;
    }

    private const string AuditInsert =
        "INSERT INTO audit_log (module, record_id, field, old_value, new_value, user_id, changed_at, request_id, source, job_id, operation_id)";

    private const string AuditStamp = "@user, @now, @request, @source, @job, @operation";

    private static string ModifiedStamp(ModuleDefinition module) => RecordWrites.ModifiedStamp(module, "row_version");

    private static (string, object?)[] Stamp(ModuleDefinition module, WriteContext context) =>
        [("@module", module.ApiName), ("@user", context.User.Id), ("@now", context.Now.ToUnixTimeSeconds()),
         ("@request", context.RequestId), ("@source", context.Source), ("@job", context.JobId), ("@operation", context.Operation)];
}

using System.Text;
using Npgsql;
using OpenLeads.Server.Metadata;

namespace OpenLeads.Server.Storage.Postgres;

/// <summary>
/// A write on PostgreSQL in three statements whatever the record count: read and lock the rows
/// (SELECT … = ANY(@ids) ORDER BY id FOR UPDATE: locks taken in id order, so concurrent writers
/// on overlapping ids never deadlock), write one audit row per changed field from the stored old
/// values (INSERT … SELECT), and update them from one jsonb payload of each record's own values.
/// The row locks make audit order the commit order of each record's changes.
/// One value for many records (a mass update by ids) is all three in one statement (<see cref="ApplyUniformToWritableAsync"/>).
/// </summary>
internal sealed class PgWrites(NpgsqlConnection connection, NpgsqlTransaction transaction) : IJobBatchSession
{
    /// <summary>
    /// One statement: every record asked for locked in id order (as <see cref="ReadCurrentAsync"/> locks them, so the
    /// records left alone read after it wait for nothing), and of those that may be written the audit rows (the locked old
    /// values) and the update, whose rows answer with their creation stamps.
    /// </summary>
    public async Task<Dictionary<long, (DateTimeOffset CreatedTime, UserRef CreatedBy)>> ApplyUniformToWritableAsync(ModuleDefinition module,
        FieldDefinition field, object? value, IReadOnlyCollection<long> ids, WriteContext context, CancellationToken ct)
    {
        var table = RecordSelect.Quote(module.Table);
        var column = RecordSelect.Quote(field.Column);
        var typed = $"@value::{PgValues.ColumnType(field)}";
        var (createdTime, createdBy) = (RecordSelect.Quote(module.CreatedTime.Column), RecordSelect.Quote(module.CreatedBy.Column));
        var run = IdRun.TryGet(ids, out var first, out var last);
        (string, object?)[] parameters = [.. Stamp(module, context), ("@ids", run ? Array.Empty<long>() : ids.ToArray()), ("@first", first),
            ("@last", last), ("@field", field.ApiName), ("@value", PgValues.ToDb(value))];
        await using var command = connection.Command(transaction, $"""
            WITH locked AS (
                SELECT t.id, t.approval, t.lock_action, t.converted_detail, t.{column} AS before_value FROM {table} t
                WHERE {(run ? "t.id BETWEEN @first AND @last" : "t.id = ANY(@ids)")} ORDER BY t.id FOR UPDATE OF t),
            target AS (SELECT id, before_value FROM locked WHERE {RecordWrites.WritableSql}),
            audited AS (
                {AuditInsert}
                SELECT @module, id, @field, {PgValues.AuditJson(field, "before_value")}, {PgValues.AuditJson(field, typed)}, {AuditStamp} FROM target),
            written AS (
                UPDATE {table} AS t SET {column} = {typed}, {ModifiedStamp(module)} FROM target WHERE t.id = target.id
                RETURNING t.id, t.{createdTime} AS created_time, t.{createdBy} AS created_by)
            SELECT w.id, w.created_time, w.created_by, u.full_name, u.email FROM written w LEFT JOIN users u ON u.id = w.created_by
            """, parameters);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var written = new Dictionary<long, (DateTimeOffset, UserRef)>(ids.Count);
        while (await reader.ReadAsync(ct))
        {
            var by = new UserRef(reader.GetInt64(2), reader.IsDBNull(3) ? "" : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4));
            written[reader.GetInt64(0)] = ((DateTimeOffset)PgValues.Read(reader, 1, module.CreatedTime)!, by);
        }
        return written;
    }

    public async Task<Dictionary<long, CurrentRow>> ReadCurrentAsync(ModuleDefinition module, IReadOnlyCollection<long> ids,
        FieldDefinition[] fields, CancellationToken ct)
    {
        var run = IdRun.TryGet(ids, out var first, out var last);
        var sql = RecordSelect.CurrentRowsFrom(module, fields) + $" WHERE {(run ? "t.id BETWEEN @first AND @last" : "t.id = ANY(@ids)")} ORDER BY t.id FOR UPDATE OF t";
        await using var command = connection.Command(transaction, sql, ("@ids", run ? Array.Empty<long>() : ids.ToArray()), ("@first", first), ("@last", last));
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new Dictionary<long, CurrentRow>();
        var createdTime = module.CreatedTime;
        while (await reader.ReadAsync(ct))
        {
            var (id, row) = RecordSelect.ReadCurrentRow(reader, fields, PgValues.Read, createdTime);
            rows[id] = row;
        }
        return rows;
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
                PgValues.WritePayload(rows.Writer, value);
            }
            rows.Writer.WriteEndObject();
        }
        rows.Writer.WriteEndArray();
        (string, object?)[] parameters = [.. Stamp(module, context), ("@rows", rows.ToString())];

        // One audit row per record and field it sets, written before the UPDATE while the old values are there.
        var audit = fields.Select(f => $"""
            SELECT @module, t.id, '{f.ApiName}', {PgValues.AuditJson(f, "t." + RecordSelect.Quote(f.Column))},
                   {PgValues.AuditJson(f, PgValues.FromJson(f, "u.v"))}, {AuditStamp}
            FROM jsonb_array_elements(@rows::jsonb) AS u(v) JOIN {table} t ON t.id = (u.v->>'id')::bigint WHERE u.v ? '{f.ApiName}'
            """);
        await connection.ExecuteAsync(transaction, $"{AuditInsert}\n{string.Join("\nUNION ALL\n", audit)}", ct, parameters);

        // A field a row does not mention keeps its value; a JSON null clears it.
        var set = new StringBuilder();
        foreach (var field in fields)
        {
            var column = RecordSelect.Quote(field.Column);
            set.Append($"{column} = CASE WHEN u.v ? '{field.ApiName}' THEN {PgValues.FromJson(field, "u.v")} ELSE t.{column} END, ");
        }
        await connection.ExecuteAsync(transaction, $"""
            UPDATE {table} AS t SET {set}{ModifiedStamp(module)}
            FROM jsonb_array_elements(@rows::jsonb) AS u(v) WHERE t.id = (u.v->>'id')::bigint
            """, ct, parameters);
    }

    /// <summary>
    /// One job batch of a single value, all in SQL (no record reaches the server): the batch's
    /// records are locked in id order, counted (existing, writable), audited, then updated.
    /// </summary>
    public async Task<(long Updated, long NotUpdated, long Failed)> ApplyJobBatchAsync(ClaimedJob job, JobBatch batch,
        WriteContext context, CancellationToken ct)
    {
        var table = RecordSelect.Quote(job.Module.Table);
        var column = RecordSelect.Quote(job.Field.Column);
        var typed = $"@value::{PgValues.ColumnType(job.Field)}";
        // Cast to an array: "= ANY (subquery)" would compare with each row of the subquery instead.
        var inBatch = batch.IsRun ? "t.id BETWEEN @first AND @last"
            : "t.id = ANY((SELECT ids FROM mass_update_job_batches WHERE job_id = @jobId AND batch = @batch)::bigint[])";
        (string, object?)[] parameters = [.. Stamp(job.Module, context), ("@jobId", job.Id), ("@batch", batch.Number),
            ("@first", batch.First), ("@last", batch.Last), ("@field", job.Field.ApiName), ("@value", PgValues.ToDb(job.Value))];

        await using var count = connection.Command(transaction, $"""
            SELECT count(*), count(*) FILTER (WHERE {RecordWrites.WritableSql})
            FROM (SELECT t.approval, t.lock_action, t.converted_detail FROM {table} t WHERE {inBatch} ORDER BY t.id FOR UPDATE OF t) locked
            """, parameters);
        await using var reader = await count.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var (existing, writable) = (reader.GetInt64(0), reader.GetInt64(1));
        await reader.CloseAsync();

        await connection.ExecuteAsync(transaction, $"""
            {AuditInsert}
            SELECT @module, t.id, @field, {PgValues.AuditJson(job.Field, $"t.{column}")}, {PgValues.AuditJson(job.Field, typed)}, {AuditStamp}
            FROM {table} t WHERE {inBatch} AND {RecordWrites.WritableSql}
            """, ct, parameters);
        await connection.ExecuteAsync(transaction, $"""
            UPDATE {table} AS t SET {column} = {typed}, {ModifiedStamp(job.Module)} WHERE {inBatch} AND {RecordWrites.WritableSql}
            """, ct, parameters);
        return (writable, existing - writable, batch.Size - existing);
    }

    public async Task<List<long>> StoredBatchIdsAsync(long jobId, int batch, CancellationToken ct)
    {
        var ids = await connection.ScalarAsync(transaction, "SELECT ids FROM mass_update_job_batches WHERE job_id = @job AND batch = @batch", ct,
            ("@job", jobId), ("@batch", batch));
        return [.. (long[])ids!];
    }

    private const string AuditInsert =
        "INSERT INTO audit_log (module, record_id, field, old_value, new_value, user_id, changed_at, request_id, source, job_id, operation_id)";

    private const string AuditStamp = "@user, @now, @request, @source, @job::bigint, @operation::bigint";

    private static string ModifiedStamp(ModuleDefinition module) => RecordWrites.ModifiedStamp(module, "t.row_version");

    private static (string, object?)[] Stamp(ModuleDefinition module, WriteContext context) =>
        [("@module", module.ApiName), ("@user", context.User.Id), ("@now", context.Now.ToUniversalTime()),
         ("@request", context.RequestId), ("@source", context.Source), ("@job", context.JobId), ("@operation", context.Operation)];
}

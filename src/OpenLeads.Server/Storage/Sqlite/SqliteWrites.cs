using System.Text;
using Microsoft.Data.Sqlite;
using OpenLeads.Server.Metadata;

namespace OpenLeads.Server.Storage.Sqlite;

/// <summary>
/// A write on SQLite in three statements whatever the record count: read the current state and
/// values (SELECT … IN json_each), update every writable record (UPDATE … FROM jsonb_each), and
/// write one audit row per changed field (INSERT … SELECT FROM jsonb_each). jsonb_each hands each
/// row over as parsed JSONB, so reading its values does not parse the row text again. The caller's
/// IMMEDIATE transaction makes them one change; SQLite's single writer makes row locks unneeded.
/// </summary>
internal sealed class SqliteWrites(SqliteConnection connection, SqliteTransaction transaction) : IWriteSession
{
    public async Task<Dictionary<long, CurrentRow>> ReadCurrentAsync(ModuleDefinition module, IReadOnlyCollection<long> ids,
        FieldDefinition[] fields, CancellationToken ct)
    {
        var sql = RecordSelect.CurrentRowsFrom(module, fields) + " WHERE t.id IN (SELECT value FROM json_each(@ids))";
        await using var command = connection.Command(transaction, sql, ("@ids", JsonPayload.Ids(ids)));
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new Dictionary<long, CurrentRow>();
        var createdTime = module.Field("Created_Time");
        while (await reader.ReadAsync(ct))
        {
            var (id, row) = RecordSelect.ReadCurrentRow(reader, fields, SqliteValues.Read, createdTime);
            rows[id] = row;
        }
        return rows;
    }

    public async Task ApplyAsync(ModuleDefinition module, IReadOnlyList<PlannedChange> changes, WriteContext context, CancellationToken ct)
    {
        var table = RecordSelect.Quote(module.ApiName);
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
            var column = RecordSelect.Quote(field.ApiName);
            var path = $"'$.{column}'";
            set.Append($"{column} = CASE WHEN json_type(u.value, {path}) IS NULL THEN {table}.{column} ELSE json_extract(u.value, {path}) END, ");
        }
        await connection.ExecuteAsync(transaction, $"""
            UPDATE {table} SET {set}"Modified_Time" = @now, "Modified_By" = @user, "Last_Activity_Time" = @now, row_version = row_version + 1
            FROM jsonb_each(@rows) AS u WHERE {table}.id = json_extract(u.value, '$.id')
            """, ct, ("@rows", rows.ToString()), ("@now", context.Now.ToUnixTimeSeconds()), ("@user", context.User.Id));

        await connection.ExecuteAsync(transaction, """
            INSERT INTO audit_log (module, record_id, field, old_value, new_value, user_id, changed_at, request_id, source, job_id)
            SELECT @module, json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'), json_extract(value, '$[3]'),
                   @user, @now, @request, @source, @job
            FROM jsonb_each(@rows)
            """, ct, ("@rows", audit.ToString()), ("@module", module.ApiName), ("@user", context.User.Id),
            ("@now", context.Now.ToUnixTimeSeconds()), ("@request", context.RequestId), ("@source", context.Source), ("@job", context.JobId));
    }
}

using System.Text;
using Npgsql;
using OpenLeads.Server.Metadata;

namespace OpenLeads.Server.Storage.Postgres;

/// <summary>
/// A write on PostgreSQL in three statements whatever the record count: read and lock the rows
/// (SELECT … = ANY(@ids) ORDER BY id FOR UPDATE: locks taken in id order, so concurrent writers
/// on overlapping ids never deadlock), update them from one jsonb payload, and insert one audit
/// row per changed field from arrays (unnest). The row locks make audit order the commit order
/// of each record's changes.
/// </summary>
internal sealed class PgWrites(NpgsqlConnection connection, NpgsqlTransaction transaction) : IWriteSession
{
    public async Task<Dictionary<long, CurrentRow>> ReadCurrentAsync(ModuleDefinition module, IReadOnlyCollection<long> ids,
        FieldDefinition[] fields, CancellationToken ct)
    {
        var sql = RecordSelect.CurrentRowsFrom(module, fields) + " WHERE t.id = ANY(@ids) ORDER BY t.id FOR UPDATE OF t";
        await using var command = connection.Command(transaction, sql, ("@ids", ids.ToArray()));
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new Dictionary<long, CurrentRow>();
        var createdTime = module.Field("Created_Time");
        while (await reader.ReadAsync(ct))
        {
            var (id, row) = RecordSelect.ReadCurrentRow(reader, fields, PgValues.Read, createdTime);
            rows[id] = row;
        }
        return rows;
    }

    public async Task ApplyAsync(ModuleDefinition module, IReadOnlyList<PlannedChange> changes, WriteContext context, CancellationToken ct)
    {
        var table = RecordSelect.Quote(module.ApiName);
        var fields = module.ColumnFields.Where(f => changes.Any(c => c.Fields.Any(x => x.Field == f))).ToArray();
        var auditCount = changes.Sum(c => c.Fields.Count);
        var (recordIds, names, olds, news) = (new long[auditCount], new string[auditCount], new string?[auditCount], new string?[auditCount]);

        using var rows = new JsonPayload();
        rows.Writer.WriteStartArray();
        var k = 0;
        foreach (var change in changes)
        {
            rows.Writer.WriteStartObject();
            rows.Writer.WriteNumber("id"u8, change.Id);
            foreach (var (field, old, value) in change.Fields)
            {
                rows.Writer.WritePropertyName(field.ApiName);
                PgValues.WritePayload(rows.Writer, value);
                (recordIds[k], names[k], olds[k], news[k]) = (change.Id, field.ApiName, FieldJson.ToJsonText(field, old), FieldJson.ToJsonText(field, value));
                k++;
            }
            rows.Writer.WriteEndObject();
        }
        rows.Writer.WriteEndArray();

        // A field a row does not mention keeps its value; a JSON null clears it.
        var set = new StringBuilder();
        foreach (var field in fields)
        {
            var column = RecordSelect.Quote(field.ApiName);
            set.Append($"{column} = CASE WHEN u.v ? '{field.ApiName}' THEN {PgValues.FromJson(field, "u.v")} ELSE t.{column} END, ");
        }
        await connection.ExecuteAsync(transaction, $"""
            UPDATE {table} AS t SET {set}"Modified_Time" = @now, "Modified_By" = @user, "Last_Activity_Time" = @now, row_version = t.row_version + 1
            FROM jsonb_array_elements(@rows::jsonb) AS u(v) WHERE t.id = (u.v->>'id')::bigint
            """, ct, ("@rows", rows.ToString()), ("@now", context.Now.ToUniversalTime()), ("@user", context.User.Id));

        await connection.ExecuteAsync(transaction, """
            INSERT INTO audit_log (module, record_id, field, old_value, new_value, user_id, changed_at, request_id, source, job_id)
            SELECT @module, a.r, a.f, a.o, a.n, @user, @now, @request, @source, @job::bigint
            FROM unnest(@records::bigint[], @fields::text[], @olds::text[], @news::text[]) AS a(r, f, o, n)
            """, ct, ("@records", recordIds), ("@fields", names), ("@olds", olds), ("@news", news), ("@module", module.ApiName),
            ("@user", context.User.Id), ("@now", context.Now.ToUniversalTime()), ("@request", context.RequestId),
            ("@source", context.Source), ("@job", context.JobId));
    }
}

using System.Data.Common;
using Npgsql;
using OpenLeads.Server.Metadata;

namespace OpenLeads.Server.Storage.Postgres;

/// <summary>PostgreSQL's forms: timestamptz, bigint arrays bound as one parameter, sequences.</summary>
internal sealed class PgDialect : ISqlDialect
{
    public static readonly PgDialect Instance = new();

    public string IdType => "bigint";

    public string ColumnType(FieldDefinition field) => PgValues.ColumnType(field);

    public string Boolean(bool value) => value ? "true" : "false";

    public string ColumnsSql =>
        "SELECT column_name::text FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = @table";

    public object Time(DateTimeOffset value) => value.ToUniversalTime();

    public DateTimeOffset ReadTime(DbDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);

    public bool AddsStoredGeneratedColumns => true;

    public string InIds(string column, string parameter) => $"{column} = ANY({parameter})";

    public string IdRows(string ids) => $"SELECT unnest({ids}::bigint[]) AS id";

    public string AuditJson(FieldDefinition field, string sql) => PgValues.AuditJson(field, sql);

    public string? FromAuditJson(FieldDefinition field, string sql) => field.Type switch
    {
        FieldType.Integer or FieldType.BigInt or FieldType.Currency or FieldType.Double or FieldType.Boolean => $"({sql})::{PgValues.ColumnType(field)}",
        FieldType.Text or FieldType.TextArea or FieldType.Email or FieldType.Phone or FieldType.Website or FieldType.Picklist or FieldType.Date
            or FieldType.DateTime => $"(({sql})::jsonb #>> '{{}}')::{PgValues.ColumnType(field)}",
        _ => null,
    };

    public string RowLock => " FOR UPDATE OF t";

    public object Ids(IEnumerable<long> ids) => ids as long[] ?? ids.ToArray();

    public object? Parameter(object? value) => PgValues.ToDb(value);

    public object? ReadValue(DbDataReader reader, int ordinal, FieldDefinition field) => PgValues.Read(reader, ordinal, field);

    public string NullsLast => " NULLS LAST";

    public IWordIndexSql Words => PgWords.Instance;

    public ICriteriaParameters Criteria() => new PgCriteria();

    public async Task<long[]> NextIdsAsync(ISqlSession session, string sequence, int count, CancellationToken ct)
    {
        var rows = await session.QueryAsync($"SELECT nextval('{(sequence == "records" ? "record_ids" : "object_ids")}') FROM generate_series(1, @n) ORDER BY 1",
            ct, ("@n", count));
        return [.. rows.Select(r => (long)r[0]!)];
    }

    public string? LockTables(IEnumerable<string> tables, bool exclusive) =>
        $"LOCK TABLE {string.Join(", ", tables)} IN {(exclusive ? "ACCESS EXCLUSIVE" : "SHARE")} MODE";

    public string JobLeaseExpiry => "lease_expires_at";

    public string SkipLocked => " FOR UPDATE SKIP LOCKED";

    public string OverridingIdentity => " OVERRIDING SYSTEM VALUE";

    private static readonly string[] Sequences = ["record_ids", "object_ids"];

    public async Task<string?> ReadSequencesAsync(ISqlSession session, CancellationToken ct)
    {
        var state = new System.Text.Json.Nodes.JsonObject();
        foreach (var sequence in Sequences)
        {
            var row = (await session.QueryAsync($"SELECT last_value, is_called FROM {sequence}", ct))[0];
            state[sequence] = new System.Text.Json.Nodes.JsonObject { ["last_value"] = (long)row[0]!, ["is_called"] = (bool)row[1]! };
        }
        return state.ToJsonString();
    }

    public async Task WriteSequencesAsync(ISqlSession session, string? state, CancellationToken ct)
    {
        if (state is null) return;
        var json = System.Text.Json.Nodes.JsonNode.Parse(state)!.AsObject();
        foreach (var sequence in Sequences)
        {
            if (json[sequence] is not System.Text.Json.Nodes.JsonObject value) continue;
            await session.QueryAsync("SELECT setval(@sequence, @value, @called)", ct, ("@sequence", sequence),
                ("@value", (long)value["last_value"]!), ("@called", (bool)value["is_called"]!));
        }
    }
}

using System.Runtime.CompilerServices;
using OpenLeads.Server.Metadata;

namespace OpenLeads.Server.Storage.Sqlite;

/// <summary>
/// SQLite's part of the record store: inserts of many rows as one INSERT … SELECT from a JSON payload
/// (a chunk per statement), and writes through <see cref="SqliteWrites"/>.
/// </summary>
internal sealed class SqliteRecordWriter : IRecordWriter
{
    /// <summary>Rows per INSERT statement; an API insert (≤100) is always one statement.</summary>
    private const int InsertChunk = 1000;

    private static readonly ConditionalWeakTable<ModuleDefinition, string> InsertSql = new();

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

    public async Task<IReadOnlyList<long>> InsertAsync(ISqlSession session, ModuleDefinition module, IEnumerable<RecordValues> records,
        WriteContext context, CancellationToken ct)
    {
        var ids = new List<long>();
        foreach (var chunk in records.Chunk(InsertChunk))
        {
            var chunkIds = await session.Dialect.NextIdsAsync(session, "records", chunk.Length, ct);
            using var payload = new JsonPayload();
            var w = payload.Writer;
            w.WriteStartArray();
            for (var i = 0; i < chunk.Length; i++)
            {
                w.WriteStartArray();
                w.WriteNumberValue(chunkIds[i]);
                foreach (var field in module.ColumnFields)
                {
                    SqliteValues.WritePayload(w, chunk[i].Values.TryGetValue(field, out var value) ? value : InsertDefaults.For(field, context));
                }
                SqliteValues.WritePayload(w, chunk[i].TerritoryId);
                w.WriteEndArray();
            }
            w.WriteEndArray();
            await session.ExecuteAsync(InsertFromJson(module), ct, ("@rows", payload.ToString()));
            ids.AddRange(chunkIds);
        }
        return ids;
    }

    public IWriteSession Writes(ISqlSession session)
    {
        var db = (DbSession)session;
        return new SqliteWrites((Microsoft.Data.Sqlite.SqliteConnection)db.Connection, (Microsoft.Data.Sqlite.SqliteTransaction)db.Transaction!);
    }
}

/// <summary>SQLite's migrations (<see cref="SqliteSchema"/>).</summary>
internal sealed class SqliteDatabaseSchema(SqliteDatabase database) : IDatabaseSchema
{
    public Task<Org> MigrateAsync(Org folder, CancellationToken ct) => SqliteSchema.MigrateAsync(database, folder, ct);
}

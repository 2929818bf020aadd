using OpenLeads.Server.Metadata;

namespace OpenLeads.Server.Storage.Postgres;

/// <summary>
/// PostgreSQL's part of the record store: inserts stream through binary COPY (one statement however
/// many rows), and writes through <see cref="PgWrites"/> (rows locked in id order first).
/// </summary>
internal sealed class PgRecordWriter : IRecordWriter
{
    /// <summary>Rows per COPY; ids for each chunk are drawn from the sequence just before it.</summary>
    private const int CopyChunk = 10_000;

    public async Task<IReadOnlyList<long>> InsertAsync(ISqlSession session, ModuleDefinition module, IEnumerable<RecordValues> records,
        WriteContext context, CancellationToken ct)
    {
        var connection = (Npgsql.NpgsqlConnection)((DbSession)session).Connection;
        var columns = string.Join(", ", module.ColumnFields.Select(f => RecordSelect.Quote(f.Column))) + ", territory_id";
        var ids = new List<long>();
        foreach (var chunk in records.Chunk(CopyChunk))
        {
            var chunkIds = await session.Dialect.NextIdsAsync(session, "records", chunk.Length, ct);
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
    }

    public IWriteSession Writes(ISqlSession session)
    {
        var db = (DbSession)session;
        return new PgWrites((Npgsql.NpgsqlConnection)db.Connection, (Npgsql.NpgsqlTransaction)db.Transaction!);
    }
}

/// <summary>PostgreSQL's migrations (<see cref="PgSchema"/>).</summary>
internal sealed class PgDatabaseSchema(PgDatabase database, ILogger<PgDatabaseSchema>? logger = null) : IDatabaseSchema
{
    public Task<Org> MigrateAsync(Org folder, CancellationToken ct) => PgSchema.MigrateAsync(database, folder, logger, ct);
}

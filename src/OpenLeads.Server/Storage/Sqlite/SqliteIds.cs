namespace OpenLeads.Server.Storage.Sqlite;

/// <summary>Ids from the named counter of <c>id_sequence</c>, taken inside the caller's transaction.</summary>
internal static class SqliteIds
{
    public static async Task<long> NextAsync(Microsoft.Data.Sqlite.SqliteConnection connection, Microsoft.Data.Sqlite.SqliteTransaction transaction,
        string sequence, int count, CancellationToken ct) =>
        Convert.ToInt64(await connection.ScalarAsync(transaction,
            "UPDATE id_sequence SET next_value = next_value + @n WHERE name = @name RETURNING next_value - @n", ct,
            ("@n", count), ("@name", sequence)));
}

using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace OpenLeads.Tests.Infrastructure;

/// <summary>
/// A digest of every row of every table of a test server's database, read straight from the database
/// (not through the API), so a test can show that a refused request changed nothing at all.
/// </summary>
public static class DatabaseDigest
{
    /// <summary>One line per table, <c>name: hash</c>: two digests compare as text, and a difference names the table.</summary>
    public static Task<string> OfAsync(OpenLeadsServer server) =>
        server.PostgresConnectionString is { } postgres ? PostgresAsync(postgres) : SqliteAsync(server.DatabasePath);

    /// <summary>The tables whose rows differ between two digests.</summary>
    public static string Difference(string before, string after) =>
        string.Join(", ", before.Split('\n').Except(after.Split('\n')).Select(line => line.Split(':')[0]));

    private static async Task<string> SqliteAsync(string path)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        var tables = new List<string>();
        var wordIndexes = new List<string>();
        await using (var list = new SqliteCommand("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
                if (!reader.IsDBNull(1) && reader.GetString(1).Contains("USING fts5", StringComparison.OrdinalIgnoreCase)) wordIndexes.Add(reader.GetString(0));
            }
        }
        if (tables.Count == 0) throw new InvalidOperationException($"No tables in {path}.");
        var text = new StringBuilder();
        foreach (var table in tables)
        {
            // An FTS5 index is its terms, each at its records and places; its shadow tables' blocks depend on the order of writes.
            if (wordIndexes.Any(index => table.StartsWith(index + "_", StringComparison.Ordinal))) continue;
            var sql = $"SELECT * FROM \"{table}\"";
            if (wordIndexes.Contains(table))
            {
                await using var vocabulary = new SqliteCommand($"CREATE VIRTUAL TABLE IF NOT EXISTS temp.\"{table}_terms\" USING fts5vocab(main, \"{table}\", instance)", connection);
                await vocabulary.ExecuteNonQueryAsync();
                sql = $"SELECT term, doc, col, offset FROM temp.\"{table}_terms\"";
            }
            await using var select = new SqliteCommand(sql, connection);
            await using var reader = await select.ExecuteReaderAsync();
            text.Append(table).Append(": ").Append(Hash(await RowsAsync(reader))).Append('\n');
        }
        return text.ToString();
    }

    private static async Task<string> PostgresAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
                         "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        }
        // A digest of nothing would make every "changed nothing" check pass: the test's schema must be found.
        if (tables.Count == 0) throw new InvalidOperationException($"No tables in the schema of {new NpgsqlConnectionStringBuilder(connectionString).SearchPath ?? "public"}.");
        var text = new StringBuilder();
        foreach (var table in tables)
        {
            await using var select = new NpgsqlCommand($"SELECT t::text FROM \"{table}\" t", connection);
            await using var reader = await select.ExecuteReaderAsync();
            text.Append(table).Append(": ").Append(Hash(await RowsAsync(reader))).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>Every row as text, sorted: row order on disk is not data.</summary>
    private static async Task<string> RowsAsync(System.Data.Common.DbDataReader reader)
    {
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            var fields = new string[reader.FieldCount];
            for (var i = 0; i < fields.Length; i++) fields[i] = reader.IsDBNull(i) ? "∅" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)!;
            rows.Add(string.Join('\u001f', fields));
        }
        rows.Sort(StringComparer.Ordinal);
        return string.Join('\n', rows) + '\n';
    }

    private static string Hash(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
}

using System.Security.Cryptography;
using Npgsql;

namespace OpenLeads.Testing;

/// <summary>
/// A schema of its own for one test server in the PostgreSQL database the test names, dropped afterwards: as
/// isolated as a database of its own, without CREATE DATABASE's checkpoint or its privilege.
/// </summary>
internal sealed class ThrowawayPostgres : IAsyncDisposable
{
    private readonly string _server;
    private readonly string _schema;

    private ThrowawayPostgres(string server, string schema, string connectionString) =>
        (_server, _schema, ConnectionString) = (server, schema, connectionString);

    public string ConnectionString { get; }

    public static async Task<ThrowawayPostgres> CreateAsync(string server, CancellationToken ct)
    {
        var schema = "openleads_test_" + RandomNumberGenerator.GetHexString(16, lowercase: true);
        await ExecuteAsync(server, $"CREATE SCHEMA {schema}", ct).ConfigureAwait(false);
        var builder = new NpgsqlConnectionStringBuilder(server) { SearchPath = schema };
        return new ThrowawayPostgres(server, schema, builder.ConnectionString);
    }

    public async ValueTask DisposeAsync() => await ExecuteAsync(_server, $"DROP SCHEMA IF EXISTS {_schema} CASCADE", CancellationToken.None).ConfigureAwait(false);

    private static async Task ExecuteAsync(string server, string sql, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync(ct).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }
}

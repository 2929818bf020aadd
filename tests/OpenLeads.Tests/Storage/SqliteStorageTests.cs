using OpenLeads.Server.Storage;
using OpenLeads.Server.Metadata;
using Microsoft.Data.Sqlite;
using OpenLeads.Server.Storage.Sqlite;

namespace OpenLeads.Tests.Storage;

/// <summary>The storage contract on a SQLite file.</summary>
public sealed class SqliteStorageTests : StorageContractTests
{
    private readonly string _directory = Directory.CreateTempSubdirectory("openleads-sqlite-").FullName;
    private SqliteDatabase _database = null!;

    private string ConnectionString => $"Data Source={Path.Combine(_directory, "contract.db")}";

    protected override Task<StoreSet> OpenFreshAsync()
    {
        _database = new SqliteDatabase(ConnectionString);
        return Task.FromResult(StoreSet.Sqlite(_database, new OrgCatalog(OrgFolder.Demo)));
    }

    protected override async Task BreakAuditWritesAsync()
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "CREATE TRIGGER break_audit BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'audit unavailable'); END;";
        await command.ExecuteNonQueryAsync();
    }

    public override Task DisposeAsync()
    {
        _database.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Database_IsInWalMode()
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";

        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
    }
}

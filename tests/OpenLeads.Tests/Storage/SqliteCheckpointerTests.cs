using Microsoft.Data.Sqlite;
using OpenLeads.Server.Storage.Sqlite;

namespace OpenLeads.Tests.Storage;

/// <summary>
/// The SQLite checkpointer keeps the write-ahead log bounded: a passive checkpoint leaves a short log alone, and a log past
/// the limit is truncated once no reader is still in it, where readers that never all pause would otherwise keep it growing.
/// </summary>
public sealed class SqliteCheckpointerTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("openleads-checkpoint-").FullName;
    private readonly SqliteDatabase _database;

    public SqliteCheckpointerTests() => _database = new SqliteDatabase($"Data Source={Path.Combine(_directory, "wal.db")}");

    private string WalFile => Path.Combine(_directory, "wal.db-wal");

    [Fact]
    public async Task ALogPastTheLimit_IsTruncatedOnceTheReaderInItHasFinished_AndAShortOneIsLeftAlone()
    {
        await using (var setup = await _database.OpenAsync(CancellationToken.None))
        {
            await Execute(setup, "PRAGMA journal_mode = WAL; CREATE TABLE pages (body BLOB)");
        }
        await WriteAsync(5);
        var shortLog = await SqliteCheckpointer.CheckpointOnceAsync(_database, restartFrames: 1_000, CancellationToken.None);
        Assert.False(shortLog.Busy);
        Assert.True(new FileInfo(WalFile).Length > 0, "a short log is checkpointed, not truncated");

        // A reader in the middle of a transaction keeps its snapshot in the log while 200 more writes are made.
        await using var reader = await _database.OpenAsync(CancellationToken.None);
        await Execute(reader, "BEGIN; SELECT count(*) FROM pages");
        await WriteAsync(200);
        var whileReading = await SqliteCheckpointer.CheckpointOnceAsync(_database, restartFrames: 100, CancellationToken.None);
        Assert.True(whileReading.Busy, "the truncating checkpoint cannot finish while a reader is in the log");
        Assert.True(whileReading.LogFrames >= 100);
        await Execute(reader, "COMMIT");

        var after = await SqliteCheckpointer.CheckpointOnceAsync(_database, restartFrames: 100, CancellationToken.None);

        Assert.False(after.Busy);
        Assert.Equal(0, new FileInfo(WalFile).Length);
        await using var check = await _database.OpenAsync(CancellationToken.None);
        await using var count = check.CreateCommand();
        count.CommandText = "SELECT count(*) FROM pages";
        Assert.Equal(205L, await count.ExecuteScalarAsync());
    }

    private Task WriteAsync(int transactions) => Task.WhenAll(Enumerable.Range(0, transactions).Select(_ =>
        _database.WriteAsync((connection, transaction) =>
        {
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO pages (body) VALUES (randomblob(4000))";
            return insert.ExecuteNonQueryAsync();
        }, CancellationToken.None)));

    private static async Task Execute(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(); // each statement run to its end: a SELECT in a transaction holds its snapshot
    }

    public void Dispose()
    {
        _database.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}

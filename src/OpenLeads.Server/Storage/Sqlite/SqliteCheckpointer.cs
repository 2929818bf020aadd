using Microsoft.Data.Sqlite;

namespace OpenLeads.Server.Storage.Sqlite;

/// <summary>
/// Keeps the write-ahead log short without slowing writers: a passive checkpoint every second (it neither blocks nor
/// waits for them), a truncating one when the log has grown past <see cref="RestartFrames"/>, and a full one when the
/// server stops.
/// </summary>
/// <remarks>
/// A passive checkpoint copies the log into the file but never starts the log again: SQLite does that when a writer finds
/// no reader still reading from the log, and readers that never pause all at once (16 clients listing and searching)
/// keep one there. Under such load the log grew without end: 11 GB, and the server's memory with its index (the -shm
/// file), in a 150-second soak of the benchmark. The truncating checkpoint waits at most <see cref="RestartWaitMs"/>
/// for the readers in the log to finish (readers that start meanwhile read the file), holding writers back that long;
/// when it cannot finish in time the next second tries again.
/// </remarks>
public sealed class SqliteCheckpointer(SqliteDatabase database, ILogger<SqliteCheckpointer> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>The log's length past which a checkpoint also truncates it: 16,384 frames, 64 MiB of 4 KiB pages.</summary>
    public const long RestartFrames = 16_384;

    /// <summary>How long a truncating checkpoint waits for the readers still in the log.</summary>
    public const int RestartWaitMs = 1_000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await CheckpointOnceAsync(database, RestartFrames, stoppingToken);
            }
            catch (SqliteException e)
            {
                logger.LogWarning(e, "A background checkpoint of {Database} failed; the next one will try again", database.DataSource);
            }
        }
    }

    /// <summary>One tick: a passive checkpoint, then a truncating one when the log holds <paramref name="restartFrames"/> frames or more.</summary>
    public static async Task<SqliteDatabase.CheckpointResult> CheckpointOnceAsync(SqliteDatabase database, long restartFrames, CancellationToken ct)
    {
        var passive = await database.CheckpointAsync("PASSIVE", ct);
        return passive.LogFrames < restartFrames ? passive : await database.CheckpointAsync("TRUNCATE", ct, RestartWaitMs);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await database.CheckpointAsync("TRUNCATE", cancellationToken);
        }
        catch (SqliteException e)
        {
            logger.LogWarning(e, "The final checkpoint of {Database} failed; SQLite completes it at the next start", database.DataSource);
        }
    }
}

using Microsoft.Data.Sqlite;

namespace OpenLeads.Server.Storage.Sqlite;

/// <summary>
/// Keeps the write-ahead log short without slowing writers: a passive checkpoint every second
/// (it neither blocks nor waits for them), and a full one when the server stops.
/// </summary>
public sealed class SqliteCheckpointer(SqliteDatabase database, ILogger<SqliteCheckpointer> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await database.CheckpointAsync("PASSIVE", stoppingToken);
            }
            catch (SqliteException e)
            {
                logger.LogWarning(e, "A background checkpoint of {Database} failed; the next one will try again", database.DataSource);
            }
        }
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

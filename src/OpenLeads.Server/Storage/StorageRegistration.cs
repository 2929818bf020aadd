using OpenLeads.Server.Hosting;
using OpenLeads.Server.Storage.Postgres;
using OpenLeads.Server.Storage.Sqlite;

namespace OpenLeads.Server.Storage;

public static class StorageRegistration
{
    /// <summary>Registers the storage contract for the configured provider (validated at start-up).</summary>
    public static IServiceCollection AddOpenLeadsStorage(this IServiceCollection services, StorageSettings settings)
    {
        switch (settings.Provider)
        {
            case "sqlite":
                // Created by the container, so that the container disposes it (and its pool) with the host.
                services.AddSingleton(_ => new SqliteDatabase(settings.ConnectionString));
                services.AddSingleton<IRecordStore, SqliteRecordStore>();
                services.AddSingleton<IUserStore, SqliteUserStore>();
                services.AddSingleton<ITokenStore, SqliteTokenStore>();
                services.AddSingleton<IAdminStore, SqliteAdminStore>();
                services.AddSingleton<IViewStore, SqliteViewStore>();
                services.AddSingleton<IJobStore, SqliteJobStore>();
                services.AddHostedService<SqliteCheckpointer>();
                break;
            case "postgres":
                services.AddSingleton(_ => new PgDatabase(settings.ConnectionString));
                services.AddSingleton<IRecordStore, PgRecordStore>();
                services.AddSingleton<IUserStore, PgUserStore>();
                services.AddSingleton<ITokenStore, PgTokenStore>();
                services.AddSingleton<IAdminStore, PgAdminStore>();
                services.AddSingleton<IViewStore, PgViewStore>();
                services.AddSingleton<IJobStore, PgJobStore>();
                break;
            default:
                throw new InvalidOperationException($"No storage provider '{settings.Provider}'.");
        }
        return services;
    }
}

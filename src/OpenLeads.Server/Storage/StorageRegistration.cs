using OpenLeads.Server.Hosting;
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
                services.AddSingleton(new SqliteDatabase(settings.ConnectionString));
                services.AddSingleton<IRecordStore, SqliteRecordStore>();
                services.AddSingleton<IUserStore, SqliteUserStore>();
                services.AddSingleton<ITokenStore, SqliteTokenStore>();
                services.AddSingleton<IAdminStore, SqliteAdminStore>();
                break;
            default:
                throw new InvalidOperationException($"No storage provider '{settings.Provider}'.");
        }
        return services;
    }
}

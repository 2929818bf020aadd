using OpenLeads.Server.Hosting;
using OpenLeads.Server.Metadata;
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
                services.AddSingleton<ISqlDatabase>(provider => provider.GetRequiredService<SqliteDatabase>());
                services.AddSingleton<IRecordWriter, SqliteRecordWriter>();
                services.AddSingleton<IDatabaseSchema, SqliteDatabaseSchema>();
                services.AddSingleton<IJobStore, SqliteJobStore>();
                services.AddHostedService<SqliteCheckpointer>();
                break;
            case "postgres":
                services.AddSingleton(_ => new PgDatabase(settings.ConnectionString));
                services.AddSingleton<ISqlDatabase>(provider => provider.GetRequiredService<PgDatabase>());
                services.AddSingleton<IRecordWriter, PgRecordWriter>();
                services.AddSingleton<IDatabaseSchema, PgDatabaseSchema>();
                services.AddSingleton<IJobStore, PgJobStore>();
                break;
            default:
                throw new InvalidOperationException($"No storage provider '{settings.Provider}'.");
        }
        // What is the same on every database is written once, over ISqlDatabase.
        services.AddSingleton<IRecordStore, RecordStore>();
        services.AddSingleton<IUserStore, UserStore>();
        services.AddSingleton<ITokenStore, TokenStore>();
        services.AddSingleton<IAdminStore, AdminStore>();
        services.AddSingleton<IViewStore, ViewStore>();
        services.AddSingleton<IMetadataStore, MetadataStore>();
        services.AddSingleton<ISnapshotStore, SnapshotStore>();
        return services;
    }
}

/// <summary>Every store over one database, built by hand (tests and the benchmark), as the container builds them.</summary>
public sealed record StoreSet(IRecordStore Records, IUserStore Users, ITokenStore Tokens, IAdminStore Admin, IViewStore Views, IJobStore Jobs,
    IMetadataStore Metadata)
{
    public static StoreSet Sqlite(SqliteDatabase database, OrgCatalog orgs) =>
        Over(database, new SqliteRecordWriter(), new SqliteDatabaseSchema(database), new SqliteJobStore(database, orgs), orgs);

    public static StoreSet Postgres(PgDatabase database, OrgCatalog orgs) =>
        Over(database, new PgRecordWriter(), new PgDatabaseSchema(database), new PgJobStore(database, orgs), orgs);

    private static StoreSet Over(ISqlDatabase database, IRecordWriter writer, IDatabaseSchema schema, IJobStore jobs, OrgCatalog orgs) =>
        new(new RecordStore(database, writer), new UserStore(database), new TokenStore(database), new AdminStore(database, schema, orgs),
            new ViewStore(database), jobs, new MetadataStore(database));
}

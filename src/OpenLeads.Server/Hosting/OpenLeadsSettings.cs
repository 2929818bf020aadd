using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace OpenLeads.Server.Hosting;

/// <summary>
/// Everything under the <c>OpenLeads</c> configuration section, with its documented defaults.
/// Set through appsettings.json, <c>OpenLeads__Section__Key</c> environment variables or
/// <c>--OpenLeads:Section:Key=value</c>; an unknown key or a bad value stops start-up with a message naming it.
/// Each setting's <see cref="DescriptionAttribute"/> is what <c>--help</c> and the README say about it (<see cref="SettingsCatalogue"/>).
/// </summary>
public sealed class OpenLeadsSettings
{
    public const string SectionName = "OpenLeads";

    public StorageSettings Storage { get; set; } = new();
    public OrgSettings Org { get; set; } = new();
    public AuthSettings Auth { get; set; } = new();
    public AdminSettings Admin { get; set; } = new();
    public SeedSettings Seed { get; set; } = new();
    public LimitSettings Limits { get; set; } = new();
    public MassUpdateSettings MassUpdate { get; set; } = new();
    public JobSettings Jobs { get; set; } = new();
    public JournalSettings Journal { get; set; } = new();
    public LoggingSettings Logging { get; set; } = new();
    public MetricsSettings Metrics { get; set; } = new();
    public NotificationSettings Notifications { get; set; } = new();
    public IdempotencySettings Idempotency { get; set; } = new();
    public ApiDocsSettings ApiDocs { get; set; } = new();

    /// <summary>The settings, or a <see cref="StartupException"/> naming the first key that is unknown or wrong.</summary>
    public static OpenLeadsSettings Load(IConfiguration configuration) =>
        TryLoad(configuration, out var settings, out var problem) ? settings : throw new StartupException(problem);

    public static bool TryLoad(IConfiguration configuration, [NotNullWhen(true)] out OpenLeadsSettings? settings, [NotNullWhen(false)] out string? problem)
    {
        settings = null;
        // Before binding: the binder ignores keys it does not know, so a typo would silently leave a default in place.
        problem = SettingsCatalogue.UnknownKeyProblem(configuration);
        if (problem is not null) return false;
        try
        {
            settings = configuration.GetSection(SectionName).Get<OpenLeadsSettings>() ?? new OpenLeadsSettings();
        }
        catch (InvalidOperationException e)
        {
            // The binder names the key and the type it wanted.
            problem = e.InnerException is null ? e.Message : $"{e.Message} {e.InnerException.Message}";
            return false;
        }
        problem = settings.Validate();
        return problem is null;
    }

    private string? Validate()
    {
        if (!StorageSettings.Providers.Contains(Storage.Provider))
        {
            return $"OpenLeads:Storage:Provider is '{Storage.Provider}'; it must be one of: {string.Join(", ", StorageSettings.Providers)}.";
        }
        if (string.IsNullOrWhiteSpace(Storage.ConnectionString))
        {
            return "OpenLeads:Storage:ConnectionString is empty; give a connection string or leave it out for the default.";
        }
        return (Storage.Provider == StorageSettings.Postgres ? ValidatePostgres() : ValidateSqlite()) ?? ValidateValues();
    }

    private string? ValidatePostgres()
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(Storage.ConnectionString);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException)
        {
            // appsettings.json and the built-in default carry the SQLite file's connection string.
            return Storage.ConnectionString == StorageSettings.SqliteDefault
                ? NoPostgresConnectionString
                : ConnectionStrings.Scrub($"OpenLeads:Storage:ConnectionString is not a valid PostgreSQL (Npgsql) connection string: {e.Message}", Storage);
        }
        return string.IsNullOrWhiteSpace(builder.Host) ? NoPostgresConnectionString : null;
    }

    private const string NoPostgresConnectionString =
        "OpenLeads:Storage:Provider is postgres, which needs a PostgreSQL connection string: set OpenLeads:Storage:ConnectionString " +
        "(environment variable OpenLeads__Storage__ConnectionString), e.g. Host=db;Database=openleads;Username=openleads;Password=….";

    private string? ValidateSqlite()
    {
        if (OpenLeads.Server.Storage.Sqlite.SqliteDatabase.InMemory(Storage.ConnectionString)) return null;
        try
        {
            _ = new SqliteConnectionStringBuilder(Storage.ConnectionString);
            return null;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException)
        {
            return ConnectionStrings.Scrub($"OpenLeads:Storage:ConnectionString is not a valid SQLite connection string: {e.Message}", Storage);
        }
    }

    private string? ValidateValues()
    {
        if (Seed.DemoLeads is < 0 or > 100_000)
        {
            return $"OpenLeads:Seed:DemoLeads is {Seed.DemoLeads}; it must be between 0 and 100000.";
        }
        if (Auth.AccessTokenSeconds is < 1 or > 86_400)
        {
            return $"OpenLeads:Auth:AccessTokenSeconds is {Auth.AccessTokenSeconds}; it must be between 1 and 86400.";
        }
        if (Journal.Capacity is < 0 or > 100_000)
        {
            return $"OpenLeads:Journal:Capacity is {Journal.Capacity}; it must be between 0 and 100000.";
        }
        if (Journal.MaxBodyBytes is < 0 or > 4 * 1024 * 1024)
        {
            return $"OpenLeads:Journal:MaxBodyBytes is {Journal.MaxBodyBytes}; it must be between 0 and 4194304.";
        }
        if (Idempotency.RetentionHours is < 1 or > 8_760)
        {
            return $"OpenLeads:Idempotency:RetentionHours is {Idempotency.RetentionHours}; it must be between 1 and 8760.";
        }
        if (Limits.MaxBodyBytes < 1024)
        {
            return $"OpenLeads:Limits:MaxBodyBytes is {Limits.MaxBodyBytes}; it must be at least 1024.";
        }
        if (Limits.Edition is { } edition && !OpenLeads.Server.Limits.ApiLimits.Editions.Contains(edition.ToLowerInvariant()))
        {
            return $"OpenLeads:Limits:Edition is '{edition}'; it must be one of: {string.Join(", ", OpenLeads.Server.Limits.ApiLimits.Editions)}.";
        }
        if (Limits.Concurrency is < 1 or > 10_000)
        {
            return $"OpenLeads:Limits:Concurrency is {Limits.Concurrency}; it must be between 1 and 10000.";
        }
        if (Limits.HeavyConcurrency is < 1 or > 10_000)
        {
            return $"OpenLeads:Limits:HeavyConcurrency is {Limits.HeavyConcurrency}; it must be between 1 and 10000.";
        }
        if (Limits.Credits is < 1)
        {
            return $"OpenLeads:Limits:Credits is {Limits.Credits}; it must be at least 1.";
        }
        if (MassUpdate.MaxJobRecords < 1)
        {
            return $"OpenLeads:MassUpdate:MaxJobRecords is {MassUpdate.MaxJobRecords}; it must be at least 1.";
        }
        if (!JobSettings.Progressions.Contains(Jobs.Progression))
        {
            return $"OpenLeads:Jobs:Progression is '{Jobs.Progression}'; it must be one of: {string.Join(", ", JobSettings.Progressions)}.";
        }
        if (Jobs.BatchSize is < 1 or > 100_000)
        {
            return $"OpenLeads:Jobs:BatchSize is {Jobs.BatchSize}; it must be between 1 and 100000.";
        }
        if (Jobs.LeaseSeconds is < 1 or > 3600)
        {
            return $"OpenLeads:Jobs:LeaseSeconds is {Jobs.LeaseSeconds}; it must be between 1 and 3600.";
        }
        if (Jobs.PollMilliseconds is < 1 or > 60_000)
        {
            return $"OpenLeads:Jobs:PollMilliseconds is {Jobs.PollMilliseconds}; it must be between 1 and 60000.";
        }
        if (Notifications.TimeoutSeconds is < 1 or > 600)
        {
            return $"OpenLeads:Notifications:TimeoutSeconds is {Notifications.TimeoutSeconds}; it must be between 1 and 600.";
        }
        if (Notifications.MaxAttempts is < 1 or > 100)
        {
            return $"OpenLeads:Notifications:MaxAttempts is {Notifications.MaxAttempts}; it must be between 1 and 100.";
        }
        if (string.IsNullOrWhiteSpace(Notifications.AllowedHosts))
        {
            return "OpenLeads:Notifications:AllowedHosts is empty; give `loopback`, host names separated by commas, or `*`.";
        }
        return null;
    }
}

public sealed class StorageSettings
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";
    public static readonly IReadOnlyList<string> Providers = [Sqlite, Postgres];

    /// <summary>The built-in connection string: a SQLite file under the working directory, created on first start.</summary>
    public const string SqliteDefault = "Data Source=data/openleads.db";

    [Description("The database: `sqlite` or `postgres`.")]
    public string Provider { get; set; } = Sqlite;

    [Description("SQLite connection string (relative paths are under the working directory; `:memory:` for a database in memory, " +
                 "gone when the server stops), or an Npgsql one for `postgres` (needed then), e.g. " +
                 "`Host=db;Database=openleads;Username=openleads;Password=…`. Passwords are never shown.")]
    public string ConnectionString { get; set; } = SqliteDefault;
}

public sealed class OrgSettings
{
    [Description("A folder of Zoho's metadata answers (as `openleads org export` writes it) defining the org's modules, fields, " +
                 "users, views and territories; empty: the built-in demo org.")]
    public string? Path { get; set; }
}

public sealed class AuthSettings
{
    public const string Generate = "auto";

    [Description("A development token with every scope: `auto` makes a new one at each start, any other value is the token, " +
                 "empty turns it off. An earlier start's token stops working.")]
    public string? DevToken { get; set; } = Generate;

    // One hour, as Zoho's are.
    [Description("How long an access token from `POST /oauth/v2/token` lasts, in seconds (1 to 86400).")]
    public int AccessTokenSeconds { get; set; } = 3600;
}

public sealed class AdminSettings
{
    [Description("Enables the control API under `/__admin`; every call must send it as `X-OpenLeads-Admin-Key`.")]
    public string? Key { get; set; }

    public bool Enabled => !string.IsNullOrEmpty(Key);
}

public sealed class SeedSettings
{
    [Description("Demo Leads created on the first start of an empty database (0 to 100000); every other module of the org gets a third of that number (at least one), its lookups pointing at the records made before it.")]
    public int DemoLeads { get; set; } = 300;
}

public sealed class LimitSettings
{
    [Description("Largest request body in bytes (at least 1024); larger bodies get a Zoho-shaped 413.")]
    public long MaxBodyBytes { get; set; } = 4 * 1024 * 1024;

    [Description("Zoho's API limits (calls in flight, credits): `false` turns them all off.")]
    public bool Enabled { get; set; } = true;

    [Description("The edition whose limits apply: `free`, `standard`, `professional`, `enterprise` or `ultimate`; unset: Enterprise's calls in flight " +
                 "and no credit budget. Set, it also sets the edition's 24-hour credits (50,000 plus so many per user of the org, Zoho's figures).")]
    public string? Edition { get; set; }

    [Description("Calls in flight at once per org (1 to 10000); unset: the edition's (Free 5, Standard 10, Professional 15, Enterprise 20, Ultimate 25). " +
                 "One more answers 429 `TOO_MANY_REQUESTS`.")]
    public int? Concurrency { get; set; }

    [Description("Heavy calls in flight at once (mass update, search, upsert, lead conversion, COQL; 1 to 10000); unset: Zoho's 10.")]
    public int? HeavyConcurrency { get; set; }

    [Description("Credits per rolling 24 hours (at least 1; each call 1, a lead conversion 5); unset: none unless an edition is set. Spent, calls answer 429.")]
    public long? Credits { get; set; }
}

public sealed class NotificationSettings
{
    [Description("Hosts a watch's `notify_url` may name, separated by commas: `loopback` (127.0.0.0/8, ::1 and localhost), " +
                 "host names or addresses, or `*` for any; a watch naming another host is refused when it is made.")]
    public string AllowedHosts { get; set; } = "loopback";

    [Description("How long a callback may take to answer, in seconds (1 to 600); a slower answer counts as a failed attempt.")]
    public int TimeoutSeconds { get; set; } = 10;

    [Description("Attempts per callback (1 to 100), retried with backoff (1 s, 2 s, 4 s, … up to 5 min) while the receiver fails.")]
    public int MaxAttempts { get; set; } = 5;
}

public sealed class JournalSettings
{
    [Description("Requests to `/crm`, `/oauth` and `/openleads` the journal keeps (`GET /__admin/requests`), the oldest dropped first; 0 keeps none (0 to 100000).")]
    public int Capacity { get; set; } = 1000;

    [Description("Bytes of each request's body the journal keeps (0 to 4194304).")]
    public int MaxBodyBytes { get; set; } = 64 * 1024;
}

public sealed class LoggingSettings
{
    [Description("Log as JSON, one object per line (the console logger's `json` formatter; `Logging:Console:FormatterName=json` does the same).")]
    public bool Json { get; set; }
}

public sealed class MetricsSettings
{
    [Description("Serve the metrics at `/metrics` in Prometheus's text format (no token needed; keep the port private). OTLP export is on when `OTEL_EXPORTER_OTLP_ENDPOINT` is set.")]
    public bool Prometheus { get; set; }
}

public sealed class IdempotencySettings
{
    [Description("Hours the first answer to a write sent with an `Idempotency-Key` header is kept and replayed to a repeat of it (1 to 8760).")]
    public int RetentionHours { get; set; } = 24;
}

public sealed class ApiDocsSettings
{
    [Description("Serve the OpenAPI document at `/openapi/v1.json` and its reference page at `/docs` (no token needed; neither holds a secret); " +
                 "unset: on when the server listens on loopback only, off otherwise. `false` turns both off.")]
    public bool? Enabled { get; set; }

    /// <summary>Whether the document and page are served, for a server listening on <paramref name="urls"/>.</summary>
    public bool IsOn(string urls) => Enabled ?? ListenUrls.LoopbackOnly(urls);
}

public sealed class MassUpdateSettings
{
    [Description("Most records a scheduled (cvid) mass update may cover (Zoho's cap); more answers `LIMIT_EXCEEDED` \"Record count exceeded\".")]
    public int MaxJobRecords { get; set; } = 50_000;
}

public sealed class JobSettings
{
    public const string Background = "background";
    public const string Manual = "manual";
    public static readonly IReadOnlyList<string> Progressions = [Background, Manual];

    [Description("`background`: jobs run as soon as they are scheduled; `manual`: they wait for `POST /__admin/jobs/{id}/run`, " +
                 "so polling code can be tested step by step.")]
    public string Progression { get; set; } = Background;

    // Large batches amortize index maintenance (a batch rewrites each index page it touches once);
    // 20,000 keeps a batch well under a second.
    [Description("Records per batch (1 to 100000); each batch is one transaction (records, audit rows and checkpoint together).")]
    public int BatchSize { get; set; } = 20_000;

    [Description("How long a claim on a job lasts unless a batch renews it, in seconds (1 to 3600); after a crash, another " +
                 "server (or the restarted one) resumes the job once it lapses.")]
    public int LeaseSeconds { get; set; } = 30;

    [Description("How often an idle runner looks for jobs scheduled by another instance, in milliseconds (1 to 60000).")]
    public int PollMilliseconds { get; set; } = 500;
}

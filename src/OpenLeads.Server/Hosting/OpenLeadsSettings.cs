using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace OpenLeads.Server.Hosting;

/// <summary>
/// Everything under the <c>OpenLeads</c> configuration section, with its documented defaults.
/// Set through appsettings.json, <c>OpenLeads__Section__Key</c> environment variables or
/// <c>--OpenLeads:Section:Key=value</c>; a bad value stops start-up with a message naming it.
/// </summary>
public sealed class OpenLeadsSettings
{
    public const string SectionName = "OpenLeads";

    public StorageSettings Storage { get; set; } = new();
    public AuthSettings Auth { get; set; } = new();
    public AdminSettings Admin { get; set; } = new();
    public SeedSettings Seed { get; set; } = new();
    public LimitSettings Limits { get; set; } = new();
    public MassUpdateSettings MassUpdate { get; set; } = new();
    public JobSettings Jobs { get; set; } = new();

    public static bool TryLoad(IConfiguration configuration, [NotNullWhen(true)] out OpenLeadsSettings? settings, [NotNullWhen(false)] out string? problem)
    {
        settings = null;
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
        try
        {
            _ = Storage.Provider == "postgres"
                ? new NpgsqlConnectionStringBuilder(Storage.ConnectionString)
                : (System.Data.Common.DbConnectionStringBuilder)new SqliteConnectionStringBuilder(Storage.ConnectionString);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException)
        {
            return $"OpenLeads:Storage:ConnectionString is not a valid {Storage.Provider} connection string: {e.Message}";
        }
        if (Seed.DemoLeads is < 0 or > 100_000)
        {
            return $"OpenLeads:Seed:DemoLeads is {Seed.DemoLeads}; it must be between 0 and 100000.";
        }
        if (Auth.AccessTokenSeconds is < 1 or > 86_400)
        {
            return $"OpenLeads:Auth:AccessTokenSeconds is {Auth.AccessTokenSeconds}; it must be between 1 and 86400.";
        }
        if (Limits.MaxBodyBytes < 1024)
        {
            return $"OpenLeads:Limits:MaxBodyBytes is {Limits.MaxBodyBytes}; it must be at least 1024.";
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
        return null;
    }
}

public static class ListenDefaults
{
    /// <summary>Loopback only: a fresh install is not reachable from other machines until told so.</summary>
    public const string Url = "http://127.0.0.1:5180";

    /// <summary>Listens on <see cref="Url"/> unless <c>--urls</c>, <c>ASPNETCORE_URLS</c> or <c>Urls</c> in settings say otherwise.</summary>
    public static IWebHostBuilder UseDefaultUrlUnlessConfigured(this IWebHostBuilder builder) =>
        string.IsNullOrEmpty(builder.GetSetting(WebHostDefaults.ServerUrlsKey)) ? builder.UseUrls(Url) : builder;
}

public sealed class StorageSettings
{
    public static readonly IReadOnlyList<string> Providers = ["sqlite", "postgres"];

    /// <summary><c>sqlite</c> (default) or <c>postgres</c>.</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>Default: a file under the working directory, created on first start.</summary>
    public string ConnectionString { get; set; } = "Data Source=data/openleads.db";
}

public sealed class AuthSettings
{
    public const string Generate = "auto";

    /// <summary>
    /// A development token with every scope: <c>auto</c> (default) makes a new one at each start,
    /// any other value is used as the token, an empty value turns it off. Printed at start-up.
    /// </summary>
    public string? DevToken { get; set; } = Generate;

    /// <summary>How long an access token from <c>POST /oauth/v2/token</c> lasts: one hour, as Zoho's do.</summary>
    public int AccessTokenSeconds { get; set; } = 3600;
}

public sealed class AdminSettings
{
    /// <summary>The control API (<c>/__admin</c>) exists only when a key is set.</summary>
    public string? Key { get; set; }

    public bool Enabled => !string.IsNullOrEmpty(Key);
}

public sealed class SeedSettings
{
    /// <summary>Demo Leads generated on the first start of an empty database.</summary>
    public int DemoLeads { get; set; } = 300;
}

public sealed class LimitSettings
{
    /// <summary>Largest request body read (bytes); larger bodies get a Zoho-shaped 413.</summary>
    public long MaxBodyBytes { get; set; } = 4 * 1024 * 1024;
}

public sealed class MassUpdateSettings
{
    /// <summary>Most records one scheduled (cvid) mass update may cover: Zoho's cap by default.</summary>
    public int MaxJobRecords { get; set; } = 50_000;
}

public sealed class JobSettings
{
    public const string Background = "background";
    public const string Manual = "manual";
    public static readonly IReadOnlyList<string> Progressions = [Background, Manual];

    /// <summary><c>background</c>: jobs run as soon as scheduled; <c>manual</c>: they wait for <c>POST /__admin/jobs/{id}/run</c>.</summary>
    public string Progression { get; set; } = Background;

    /// <summary>
    /// Records per batch; each batch is one transaction. Large batches amortize index maintenance (a
    /// batch rewrites each index page it touches once); 20,000 keeps a batch well under a second.
    /// </summary>
    public int BatchSize { get; set; } = 20_000;

    /// <summary>How long a claim on a job lasts without a batch renewing it; a crashed runner's job resumes after it.</summary>
    public int LeaseSeconds { get; set; } = 30;

    /// <summary>How often an idle runner looks for work scheduled by another instance.</summary>
    public int PollMilliseconds { get; set; } = 500;
}

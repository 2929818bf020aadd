using Microsoft.Extensions.Logging;

namespace OpenLeads.Testing;

/// <summary>
/// How <see cref="OpenLeadsTestServer.StartAsync"/> starts its server. The defaults suit a unit-test run: an
/// in-memory database holding the demo org and no records, a random token and admin key, the server's log
/// kept quiet (warnings and errors go to <see cref="Log"/> when it is set).
/// </summary>
public sealed class OpenLeadsTestOptions
{
    private readonly Dictionary<string, string?> _settings = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// A folder of the org's Zoho metadata (<c>OpenLeads:Org:Path</c>, as <c>openleads org export</c> writes it);
    /// null serves the built-in demo org (Leads, Accounts, Contacts, Deals, Projects).
    /// </summary>
    public string? OrgPath { get; set; }

    /// <summary>How many demo Leads the server creates at start (<c>OpenLeads:Seed:DemoLeads</c>). Default 0: a test seeds what it needs.</summary>
    public int DemoLeads { get; set; }

    /// <summary>The API version of <see cref="OpenLeadsTestServer.Client"/> (<c>v2</c> … <c>v8</c>). Default <c>v8</c>.</summary>
    public string ApiVersion { get; set; } = "v8";

    /// <summary>
    /// A PostgreSQL database to hold the test's data instead of memory: an <c>Npgsql</c> connection string whose
    /// user may create schemas there. The server gets a new schema of its own, dropped when it is disposed.
    /// </summary>
    public string? PostgresServer { get; set; }

    /// <summary>Where the server's warnings and errors go (an xunit <c>ITestOutputHelper.WriteLine</c>, say); null drops them.</summary>
    public Action<string>? Log { get; set; }

    /// <summary>The least severe server log entry passed to <see cref="Log"/>. Default <see cref="LogLevel.Warning"/>.</summary>
    public LogLevel LogLevel { get; set; } = LogLevel.Warning;

    /// <summary>
    /// Sets any server setting by its configuration name, as on the server's command line:
    /// <c>o.Set("OpenLeads:Limits:Edition", "free")</c>. It wins over what this class sets.
    /// </summary>
    public OpenLeadsTestOptions Set(string key, string? value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        _settings[key] = value;
        return this;
    }

    /// <summary>Uses <paramref name="connectionString"/>'s PostgreSQL server (see <see cref="PostgresServer"/>).</summary>
    public OpenLeadsTestOptions UsePostgres(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        PostgresServer = connectionString;
        return this;
    }

    internal IReadOnlyDictionary<string, string?> Settings => _settings;
}

using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace OpenLeads.Tests.Infrastructure;

/// <summary>
/// A real OpenLeads server for one test: Kestrel on a free loopback port, a fresh SQLite file in a
/// temporary directory, a known development token and admin key, and no demo Leads.
/// </summary>
public sealed class OpenLeadsServer : WebApplicationFactory<Program>
{
    public const string DevToken = "1000.test-dev-token";
    public const string AdminKey = "test-admin-key";

    private readonly Dictionary<string, string?> _settings;

    public OpenLeadsServer(IReadOnlyDictionary<string, string?>? settings = null)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("openleads-test-").FullName;
        DatabasePath = Path.Combine(Directory, "openleads.db");
        _settings = new Dictionary<string, string?>
        {
            ["OpenLeads:Storage:ConnectionString"] = $"Data Source={DatabasePath}",
            ["OpenLeads:Auth:DevToken"] = DevToken,
            ["OpenLeads:Admin:Key"] = AdminKey,
            ["OpenLeads:Seed:DemoLeads"] = "0",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) _settings[key] = value;
        UseKestrel(0);
    }

    public string Directory { get; }

    public string DatabasePath { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
    }

    /// <summary>A client on the real socket, signed in with the development token.</summary>
    public ZohoClient Zoho()
    {
        var http = CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Zoho-oauthtoken", DevToken);
        http.DefaultRequestHeaders.Add("X-OpenLeads-Admin-Key", AdminKey);
        return new ZohoClient(http);
    }

    /// <summary>A client with no credentials at all.</summary>
    public HttpClient Anonymous() => CreateClient();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}

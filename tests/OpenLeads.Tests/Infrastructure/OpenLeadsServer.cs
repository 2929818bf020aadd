using System.Net.Http.Headers;
using System.Text;
using Npgsql;
using OpenLeads.Server.Storage.Postgres;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Mvc.Testing;

namespace OpenLeads.Tests.Infrastructure;

/// <summary>
/// A real OpenLeads server for one test: Kestrel on a free loopback port, a fresh database of its
/// own, a known development token and admin key, and no demo Leads. The database is a SQLite file
/// in a temporary directory, or, when <c>OPENLEADS_TEST_PROVIDER=postgres</c> (./test.sh's second
/// pass), a new database on <see cref="PostgresCluster"/>: every server test runs on both.
/// </summary>
public sealed class OpenLeadsServer : WebApplicationFactory<Program>
{
    public const string DevToken = "1000.test-dev-token";
    public const string AdminKey = "test-admin-key";

    private readonly Dictionary<string, string?> _settings;
    private readonly string? _postgres;

    public OpenLeadsServer(IReadOnlyDictionary<string, string?>? settings = null)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("openleads-test-").FullName;
        DatabasePath = Path.Combine(Directory, "openleads.db");
        _postgres = Provider == "postgres" ? PostgresCluster.Instance.CreateDatabase() : null;
        _settings = new Dictionary<string, string?>
        {
            ["OpenLeads:Storage:Provider"] = Provider,
            ["OpenLeads:Storage:ConnectionString"] = _postgres ?? $"Data Source={DatabasePath}",
            ["OpenLeads:Auth:DevToken"] = DevToken,
            ["OpenLeads:Admin:Key"] = AdminKey,
            ["OpenLeads:Seed:DemoLeads"] = "0",
            // Port 0 through the server's own --urls rather than UseKestrel(0): the factory rewrites the
            // addresses after the app has started binding, a race Kestrel sometimes wins (dotnet/aspnetcore#67714).
            ["urls"] = "http://127.0.0.1:0",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) _settings[key] = value;
        UseKestrel();
    }

    /// <summary>The storage provider every server test runs on in this test run.</summary>
    public static string Provider => Environment.GetEnvironmentVariable("OPENLEADS_TEST_PROVIDER") is { Length: > 0 } p ? p : "sqlite";

    public string Directory { get; }

    /// <summary>The SQLite file (when the provider is SQLite).</summary>
    public string DatabasePath { get; }

    /// <summary>The PostgreSQL database's connection string, when the provider is PostgreSQL.</summary>
    public string? PostgresConnectionString => _postgres;

    /// <summary>How the storage names its database in <see cref="OpenLeads.Server.Storage.StorageMetrics"/>.</summary>
    public string StorageName => _postgres is null ? Path.GetFullPath(DatabasePath) : PgDatabase.NameOf(_postgres);

    /// <summary>Everything the database holds about tokens, as text: the SQLite file and its log, or PostgreSQL's tokens and OAuth clients.</summary>
    public async Task<string> StoredTokensTextAsync()
    {
        var text = new StringBuilder();
        if (_postgres is null)
        {
            foreach (var path in new[] { DatabasePath, DatabasePath + "-wal" }.Where(File.Exists))
            {
                await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var reader = new StreamReader(stream, Encoding.Latin1);
                text.Append(await reader.ReadToEndAsync());
            }
            return text.ToString();
        }
        await using var connection = new NpgsqlConnection(_postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT t::text FROM tokens t UNION ALL SELECT c::text FROM oauth_clients c", connection);
        await using var rows = await command.ExecuteReaderAsync();
        while (await rows.ReadAsync()) text.AppendLine(rows.GetString(0));
        return text.ToString();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
    }

    /// <summary>Where Kestrel listens, as it reports it once bound (the port it was given for port 0).</summary>
    public Uri Address
    {
        get
        {
            StartServer();
            var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            // No bound port means Program returned before running the host: start-up failed (its message is on stderr).
            return addresses.Select(a => new Uri(a)).FirstOrDefault(a => a.Port != 0)
                   ?? throw new InvalidOperationException($"The server did not start listening (addresses: {string.Join(", ", addresses)}).");
        }
    }

    private HttpClient NewClient() => new() { BaseAddress = Address };

    /// <summary>A client on the real socket, signed in with the development token.</summary>
    public ZohoClient Zoho()
    {
        var http = NewClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Zoho-oauthtoken", DevToken);
        http.DefaultRequestHeaders.Add("X-OpenLeads-Admin-Key", AdminKey);
        return new ZohoClient(http);
    }

    /// <summary>A client with no credentials at all.</summary>
    public HttpClient Anonymous() => NewClient();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_postgres is not null) PostgresCluster.Instance.DropDatabase(_postgres);
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}

using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using OpenLeads.Client;
using OpenLeads.Server.Hosting;

namespace OpenLeads.Testing;

/// <summary>
/// An OpenLeads server inside the test's own process: real Kestrel on a free loopback port, its own database
/// (in memory unless <see cref="OpenLeadsTestOptions.PostgresServer"/> is set), the org's modules and fields.
/// Point the code under test at <see cref="ApiDomain"/> with <see cref="Token"/>; the control helpers
/// (<see cref="SeedAsync"/>, <see cref="LockAsync"/>, <see cref="Journal"/>, <see cref="StartReceiverAsync"/>) set the scene and check what happened. Dispose it to stop the server
/// and drop its database.
/// </summary>
/// <example>
/// <code>
/// await using var crm = await OpenLeadsTestServer.StartAsync();
/// var ids = await crm.SeedAsync("Leads", 3);
/// var result = await crm.Client.MassUpdateAsync("Leads", "Lead_Status", "Contacted", ids);
/// </code>
/// </example>
public sealed class OpenLeadsTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ThrowawayPostgres? _postgres;
    private readonly ControlApi _control;
    private readonly List<NotificationReceiver> _receivers = [];
    private int _disposed;

    private OpenLeadsTestServer(WebApplication app, ThrowawayPostgres? postgres, Uri apiDomain, string token, string adminKey, string apiVersion)
    {
        (_app, _postgres, ApiDomain, Token, AdminKey) = (app, postgres, apiDomain, token, adminKey);
        Http = new HttpClient { BaseAddress = apiDomain };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Zoho-oauthtoken", token);
        Client = new ZohoCrmClient(new ZohoCrmClientOptions
        {
            ApiDomain = apiDomain,
            AccessToken = token,
            ApiVersion = apiVersion,
            // A test that wants to see a 429 or an injected 500 should see it promptly.
            RetryDelay = TimeSpan.FromMilliseconds(50),
        });
        _control = new ControlApi(apiDomain, adminKey);
        Journal = new TestJournal(_control);
        Snapshots = new TestSnapshots(_control);
        Faults = new TestFaults(_control);
    }

    /// <summary>Where the server listens, e.g. <c>http://127.0.0.1:41234</c>: the API domain and the accounts server (<c>/oauth/v2/token</c>) both.</summary>
    public Uri ApiDomain { get; }

    /// <summary>An access token with every scope, for <c>Authorization: Zoho-oauthtoken …</c>.</summary>
    public string Token { get; }

    /// <summary>The control API's key (header <c>X-OpenLeads-Admin-Key</c>), for calling <c>/__admin</c> directly.</summary>
    public string AdminKey { get; }

    /// <summary>An <see cref="HttpClient"/> on <see cref="ApiDomain"/> that sends <see cref="Token"/>.</summary>
    public HttpClient Http { get; }

    /// <summary>A ready <see cref="ZohoCrmClient"/> on <see cref="ApiDomain"/> with <see cref="Token"/>, retrying 429 and 5xx after 50 ms.</summary>
    public ZohoCrmClient Client { get; }

    /// <summary>What each call to <c>/crm</c>, <c>/oauth</c> and <c>/openleads</c> sent and was answered.</summary>
    public TestJournal Journal { get; }

    /// <summary>Named snapshots of the whole state: take one after set-up, restore it between tests.</summary>
    public TestSnapshots Snapshots { get; }

    /// <summary>Faults injected into the calls a test names: Zoho's errors, delays, dropped connections, expired tokens, failing jobs.</summary>
    public TestFaults Faults { get; }

    /// <summary>The server's services, for what the helpers do not reach.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>Starts a server; <paramref name="configure"/> changes the defaults of <see cref="OpenLeadsTestOptions"/>.</summary>
    /// <exception cref="InvalidOperationException">The server could not start (a bad setting, a broken org folder): the message says why in one line.</exception>
    public static async Task<OpenLeadsTestServer> StartAsync(Action<OpenLeadsTestOptions>? configure = null, CancellationToken cancellationToken = default)
    {
        var options = new OpenLeadsTestOptions();
        configure?.Invoke(options);
        var token = "1000." + RandomNumberGenerator.GetHexString(32, lowercase: true);
        var adminKey = RandomNumberGenerator.GetHexString(32, lowercase: true);
        var postgres = options.PostgresServer is { } server ? await ThrowawayPostgres.CreateAsync(server, cancellationToken).ConfigureAwait(false) : null;
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["OpenLeads:Storage:Provider"] = postgres is null ? StorageSettings.Sqlite : StorageSettings.Postgres,
            ["OpenLeads:Storage:ConnectionString"] = postgres?.ConnectionString ?? ":memory:",
            ["OpenLeads:Auth:DevToken"] = token,
            ["OpenLeads:Admin:Key"] = adminKey,
            ["OpenLeads:Seed:DemoLeads"] = options.DemoLeads.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (options.OrgPath is { } org) settings["OpenLeads:Org:Path"] = Path.GetFullPath(org);
        foreach (var (key, value) in options.Settings) settings[key] = value;

        WebApplication? app = null;
        try
        {
            // No watcher on appsettings.json: a test server lives for one test, and a watcher costs its start.
            app = Program.Build(["--urls=http://127.0.0.1:0", "--hostBuilder:reloadConfigOnChange=false"], builder =>
            {
                builder.Configuration.AddInMemoryCollection(settings);
                builder.Logging.ClearProviders();
                if (options.Log is { } log) builder.Logging.AddProvider(new CallbackLoggerProvider(log, options.LogLevel));
            });
            await app.StartOpenLeadsAsync(banner: false).ConfigureAwait(false);
            var address = new Uri(app.Urls.First());
            return new OpenLeadsTestServer(app, postgres, address, settings["OpenLeads:Auth:DevToken"]!, settings["OpenLeads:Admin:Key"]!, options.ApiVersion);
        }
        catch (Exception e) when (e is StartupException or OpenLeads.Server.Metadata.OrgFolderException)
        {
            if (postgres is not null) await postgres.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"OpenLeads cannot start: {e.Message}", e);
        }
        catch
        {
            if (app is not null) await app.DisposeAsync().ConfigureAwait(false);
            if (postgres is not null) await postgres.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// <paramref name="count"/> generated records of <paramref name="module"/> in one transaction (their lookups pointing at
    /// records already there); <paramref name="seed"/> makes them the same every run. Answers their ids.
    /// </summary>
    public async Task<IReadOnlyList<string>> SeedAsync(string module, int count, int? seed = null, CancellationToken cancellationToken = default)
    {
        var body = new System.Text.Json.Nodes.JsonObject { ["module"] = module, ["count"] = count };
        if (seed is { } s) body["seed"] = s;
        var answer = await _control.SendAsync(HttpMethod.Post, "seed", body, cancellationToken).ConfigureAwait(false);
        return [.. answer["ids"]!.AsArray().Select(id => id!.GetValue<string>())];
    }

    /// <summary>Sets a record's approval (<c>approved</c>, <c>pending</c>, <c>in_review</c>) and lock (<c>null</c>, or an action such as <c>record_locking</c>).</summary>
    public Task SetStateAsync(string module, string id, string approval = "approved", string? lockAction = null, CancellationToken cancellationToken = default) =>
        _control.SendAsync(HttpMethod.Put, $"records/{Uri.EscapeDataString(module)}/{Uri.EscapeDataString(id)}/state",
            new System.Text.Json.Nodes.JsonObject { ["approval"] = approval, ["lock_action"] = lockAction }, cancellationToken);

    /// <summary>Locks a record as Zoho's record locking does: a mass update answers <c>RECORD_LOCKED</c> for it.</summary>
    public Task LockAsync(string module, string id, CancellationToken cancellationToken = default) =>
        SetStateAsync(module, id, "approved", "record_locking", cancellationToken);

    /// <summary>Deletes every record, audit row and job of every module (users, views, fields and tokens stay).</summary>
    public Task ResetAsync(CancellationToken cancellationToken = default) => _control.SendAsync(HttpMethod.Post, "reset", null, cancellationToken);

    /// <summary>A new access token with only <paramref name="scopes"/>; a <paramref name="lifetime"/> of zero or less mints one already expired.</summary>
    public async Task<string> MintTokenAsync(IEnumerable<string> scopes, TimeSpan? lifetime = null, CancellationToken cancellationToken = default)
    {
        var body = new System.Text.Json.Nodes.JsonObject
        {
            ["scopes"] = new System.Text.Json.Nodes.JsonArray([.. scopes.Select(s => (System.Text.Json.Nodes.JsonNode?)s)]),
            ["expires_in"] = (long)(lifetime ?? TimeSpan.FromHours(1)).TotalSeconds,
        };
        var answer = await _control.SendAsync(HttpMethod.Post, "tokens", body, cancellationToken).ConfigureAwait(false);
        return answer["access_token"]!.GetValue<string>();
    }

    /// <summary>
    /// A loopback receiver for Zoho's notification callbacks; give its <see cref="NotificationReceiver.Url"/> as a watch's
    /// <c>notify_url</c>. It stops with this server.
    /// </summary>
    public async Task<NotificationReceiver> StartReceiverAsync(CancellationToken cancellationToken = default)
    {
        var receiver = await NotificationReceiver.StartAsync(cancellationToken).ConfigureAwait(false);
        lock (_receivers) _receivers.Add(receiver);
        return receiver;
    }

    /// <summary>Stops the server and drops its database.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        Client.Dispose();
        Http.Dispose();
        _control.Dispose();
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        if (_postgres is not null) await _postgres.DisposeAsync().ConfigureAwait(false);
        NotificationReceiver[] receivers;
        lock (_receivers) receivers = [.. _receivers];
        foreach (var receiver in receivers) await receiver.DisposeAsync().ConfigureAwait(false);
    }
}

using OpenLeads.Server.Admin;
using OpenLeads.Server.ApiDocs;
using OpenLeads.Server.Auth;
using OpenLeads.Server.WebConsole;
using OpenLeads.Server.Faults;
using OpenLeads.Server.Hosting;
using OpenLeads.Server.Idempotency;
using OpenLeads.Server.Jobs;
using OpenLeads.Server.Journal;
using OpenLeads.Server.Limits;
using OpenLeads.Server.MassUpdate;
using OpenLeads.Server.Metrics;
using OpenLeads.Server.Notifications;
using OpenLeads.Server.Metadata;
using OpenLeads.Server.Operations;
using OpenLeads.Server.Records;
using OpenLeads.Server.Search;
using OpenLeads.Server.Storage;
using OpenLeads.Server.Views;
using OpenLeads.Server.Zoho;

if (ServerCommandLine.TryAnswer(args, Console.Out)) return 0;                 // --help, -h, -?, --version: no database, no Kestrel
NativeHeap.Tend();                                                            // glibc: two malloc arenas, trimmed: native memory stays flat

WebApplication app;
try
{
    app = Build(args);
    await app.StartOpenLeadsAsync();                                          // migrations, dev token, demo Leads; then Kestrel and the banner
}
catch (Exception e)
{
    return ServerStart.Report(e);                                             // one line on stderr and exit code 1, never a stack trace
}
await app.WaitForShutdownAsync();
await app.DisposeAsync();
return 0;

public partial class Program
{
    /// <summary>
    /// The whole server, built but not started (<c>StartOpenLeadsAsync</c> starts it): what <c>openleads-server</c> runs,
    /// and what <c>OpenLeads.Testing</c> starts inside a test's own process, where <paramref name="configure"/> quiets its log.
    /// </summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args);                      // no IIS, QUIC or data protection key ring: a leaner, faster start
        builder.WebHost.UseKestrelHttpsConfiguration();                           // https:// in --urls still listens
        builder.Configuration.AddShippedSettings();                               // appsettings.json beside the server, under the working directory's
        configure?.Invoke(builder);
        var settings = OpenLeadsSettings.Load(builder.Configuration);             // OpenLeads:* settings: an unknown key or bad value stops here

        if (settings.Logging.Json) builder.Logging.AddJsonConsole();              // OpenLeads:Logging:Json
        builder.WebHost.UseOpenLeadsUrls();                                       // http://127.0.0.1:5180 unless --urls; a bad --urls stops here
        var apiDocs = settings.ApiDocs.IsOn(ListenUrls.Of(builder.Configuration));  // OpenLeads:ApiDocs:Enabled, else on for loopback only
        builder.HoldHostLogUntilListening();                                      // a failed start is reported once, in one line
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddOpenLeadsOrg(settings.Org.Path);                      // the org's modules and fields: a folder, or the demo org
        builder.Services.AddOpenLeadsStorage(settings.Storage);                   // SQLite by default
        builder.Services.AddZohoAuth();                                           // Zoho-oauthtoken/Bearer tokens, scopes
        builder.Services.AddMassUpdateJobs(settings.Jobs);                        // scheduled (cvid) mass updates
        builder.Services.AddOperations();                                         // every mass update is an operation: undone, its records listed
        builder.Services.AddHealthChecks().AddCheck<StorageHealthCheck>("storage");
        builder.Services.Configure<RouteOptions>(o => o.SetParameterPolicy<ApiVersionRouteConstraint>(ApiVersion.RouteConstraint));
        builder.Services.AddSingleton<StartupTasks>();
        builder.Services.AddSingleton(new RequestJournal(settings.Journal.Capacity));    // the last requests, for /__admin/requests
        builder.Services.AddApiLimits(settings.Storage);                         // Zoho's calls in flight and credits, per org
        builder.Services.AddOpenLeadsMetrics(settings.Metrics, builder.Configuration); // OpenTelemetry: OTLP, and /metrics when asked
        builder.Services.AddFaults();                                             // faults of /__admin/faults, on every instance of one database
        builder.Services.AddNotifications(settings.Notifications);                // watches, the outbox every write fills, and its deliverer
        builder.Services.AddSingleton<IdempotencyStore>();                        // Idempotency-Key answers, kept in the database for every instance
        builder.Services.AddApiDocs(apiDocs);                                     // the OpenAPI document of every route
        builder.Services.WithoutDataProtectionKeyRing();                          // no cookies, nothing to protect: no key ring read or made at start

        var app = builder.Build();

        app.UseRequestLogging();                                                  // one log line per request
        app.UseRequestJournal(app.Services.GetRequiredService<RequestJournal>(), settings.Journal.MaxBodyBytes); // what each call sent and got
        app.UseZohoExceptionHandler();                                            // faults answer 500 INTERNAL_ERROR
        app.UseZohoConventions();                                                 // unknown path, wrong method: Zoho's errors
        app.UseZohoCodeOnRequestMetrics();                                        // the Zoho code on ASP.NET Core's request metrics
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseApiLimits();                                                       // over the edition's limits: Zoho's 429
        app.UseFaults();                                                          // the faults a request meets, after its token is known

        app.MapApiDocs(apiDocs);                                                  // /openapi/v1.json and /docs, no token
        app.MapHealthChecks("/health");
        app.MapOpenLeadsMetrics(settings.Metrics);                                // /metrics, Prometheus's text format, when enabled
        app.MapGroup($"/crm/{{version:{ApiVersion.RouteConstraint}}}")            // the Zoho CRM REST API
            .MapRecords()
            .MapMassUpdate()
            .MapSearch()
            .MapTimeline()
            .MapMetadata()
            .MapCustomFields()
            .MapViews()
            .MapWatch();
        app.MapOperations();                                                      // /openleads/v1/operations: undo, records
        app.MapConsole();                                                         // the web console at /
        app.MapOAuth();                                                           // POST /oauth/v2/token, Zoho's accounts server
        app.MapAdmin(settings.Admin);                                             // /__admin control API, when keyed
        return app;
    }
}

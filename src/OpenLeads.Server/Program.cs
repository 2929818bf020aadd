using OpenLeads.Server.Admin;
using OpenLeads.Server.Auth;
using OpenLeads.Server.WebConsole;
using OpenLeads.Server.Hosting;
using OpenLeads.Server.Jobs;
using OpenLeads.Server.MassUpdate;
using OpenLeads.Server.Metadata;
using OpenLeads.Server.Records;
using OpenLeads.Server.Search;
using OpenLeads.Server.Storage;
using OpenLeads.Server.Views;
using OpenLeads.Server.Zoho;

var builder = WebApplication.CreateBuilder(args);
if (!OpenLeadsSettings.TryLoad(builder.Configuration, out var settings, out var problem))
{
    Console.Error.WriteLine($"OpenLeads cannot start: {problem}");
    return 1;
}

builder.WebHost.UseDefaultUrlUnlessConfigured();                          // http://127.0.0.1:5180 unless --urls
builder.Services.AddSingleton(settings);                                  // OpenLeads:* settings, validated
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddOpenLeadsStorage(settings.Storage);                   // SQLite by default
builder.Services.AddZohoAuth();                                           // Zoho-oauthtoken/Bearer tokens, scopes
builder.Services.AddMassUpdateJobs(settings.Jobs);                        // scheduled (cvid) mass updates
builder.Services.AddHealthChecks().AddCheck<StorageHealthCheck>("storage");
builder.Services.Configure<RouteOptions>(o => o.SetParameterPolicy<ApiVersionRouteConstraint>(ApiVersion.RouteConstraint));
builder.Services.AddSingleton<StartupTasks>();

var app = builder.Build();

app.UseZohoExceptionHandler();                                            // faults answer 500 INTERNAL_ERROR
app.UseZohoConventions();                                                 // unknown path, wrong method: Zoho's errors
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();

app.MapHealthChecks("/health");
app.MapGroup($"/crm/{{version:{ApiVersion.RouteConstraint}}}")            // the Zoho CRM REST API
    .MapRecords()
    .MapMassUpdate()
    .MapSearch()
    .MapTimeline()
    .MapMetadata()
    .MapViews();
app.MapConsole();                                                         // the web console at /
app.MapOAuth();                                                           // POST /oauth/v2/token, Zoho's accounts server
app.MapAdmin(settings.Admin);                                             // /__admin control API, when keyed

var startup = app.Services.GetRequiredService<StartupTasks>();
try
{
    await startup.RunAsync(app.Lifetime.ApplicationStopping);             // migrations, dev token, demo Leads
}
catch (StartupException e)
{
    Console.Error.WriteLine($"OpenLeads cannot start: {e.Message}");
    return 1;
}
StartupBanner.PrintWhenStarted(app, startup, settings);
await app.RunAsync();
return 0;

public partial class Program;

using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace OpenLeads.Server.Hosting;

/// <summary>
/// Once the server listens: where, on what storage, the API reference, the development token, and a curl that
/// performs the seed's mass update on three real Leads.
/// </summary>
public static class StartupBanner
{
    public const string LastLine = "Press Ctrl+C to stop.";

    public static void PrintWhenStarted(WebApplication app, StartupTasks startup, OpenLeadsSettings settings) =>
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                          ?? ListenUrls.Default;
            Console.WriteLine(Text(address.Replace("0.0.0.0", "127.0.0.1").Replace("[::]", "localhost"), startup.DevToken, settings,
                startup.SampleIds, settings.ApiDocs.IsOn(ListenUrls.Of(app.Configuration))));
        });

    internal static string Text(string address, string? token, OpenLeadsSettings settings, IReadOnlyList<long> ids, bool apiDocs)
    {
        var lines = new List<string>
        {
            "",
            $"OpenLeads is listening on {address}",
            $"  console:  {address}/   (open it in a browser and paste the token)",
            $"  storage:  {settings.Storage.Provider} ({ConnectionStrings.Redact(settings.Storage)})",
            $"  health:   {address}/health",
            $"  API docs: {(apiDocs ? $"{address}/docs   (try the calls from the page; OpenAPI at {address}/openapi/v1.json)" : "off (OpenLeads:ApiDocs:Enabled)")}",
            $"  control:  {(settings.Admin.Enabled ? $"{address}/__admin (header X-OpenLeads-Admin-Key)" : "off (set OpenLeads:Admin:Key to enable)")}",
        };
        if (token is null)
        {
            lines.Add("  token:    no development token (OpenLeads:Auth:DevToken is empty)");
        }
        else
        {
            lines.Add($"  token:    {token}   (every scope; OpenLeads:Auth:DevToken)");
            var idList = ids.Count > 0 ? string.Join(",", ids.Select(id => $"\"{id}\"")) : "\"RECORD_ID\"";
            lines.Add("");
            lines.Add("Try the mass update (sets No_of_Employees to 1000 on three Leads):");
            lines.Add($"  curl -X POST {address}/crm/v2/Leads/actions/mass_update \\");
            lines.Add($"    -H \"Authorization: Zoho-oauthtoken {token}\" \\");
            lines.Add($"    -d '{{\"data\":[{{\"No_of_Employees\":1000}}],\"over_write\":true,\"ids\":[{idList}]}}'");
        }
        lines.Add("");
        lines.Add(LastLine);
        return string.Join(Environment.NewLine, lines);
    }
}

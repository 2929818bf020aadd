using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;
using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.Hosting;

/// <summary>
/// The server published with Native AOT (<c>dotnet publish -r RID -p:PublishAot=true</c>, docs/DEPLOYMENT.md), started as the
/// native program it makes, answering over real HTTP: the paths where reflection or runtime code would break in a trimmed,
/// ahead-of-time build (the settings catalogue, the metadata answers, JSON both ways, the job worker, a refusal). The rest of
/// the suite runs the JIT build; this keeps the published one honest.
/// </summary>
public sealed class NativeAotTests : IDisposable
{
    private const string Token = "aot-test-token";
    private readonly string _directory = Directory.CreateTempSubdirectory("openleads-aot-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task PublishedWithNativeAot_TheNativeServerStarts_AnswersMetadata_MassUpdatesByIdsAndByView_AndRefusesBadInput()
    {
        var output = Path.Combine(_directory, "publish");
        var build = Path.Combine(_directory, "build");
        // Its build and intermediate files in a folder of its own, not the project's obj/ and bin/ that the suite's build uses.
        await Commands.RunAsync("dotnet", ["publish", Path.Combine(Repository.Root, "src", "OpenLeads.Server"), "-c", "Release",
            "-r", RuntimeInformation.RuntimeIdentifier, "-p:PublishAot=true",
            $"-p:IntermediateOutputPath={build}/obj/", $"-p:OutputPath={build}/bin/", "-o", output, "--nologo", "-v", "q"]);
        var command = Path.Combine(output, "OpenLeads.Server");
        Assert.True(File.Exists(command), $"no native program at {command}");
        Assert.False(File.Exists(Path.Combine(output, "OpenLeads.Server.dll")), "a Native AOT publish has no managed OpenLeads.Server.dll");

        // The settings catalogue reads OpenLeadsSettings's sections by reflection: trimmed away, --help would list none.
        Assert.Contains("OpenLeads:Storage:ConnectionString", await Commands.RunAsync(command, ["--help"]), StringComparison.Ordinal);

        var work = Directory.CreateDirectory(Path.Combine(_directory, "work")).FullName;
        await using var server = ServerProcess.StartInstalled(command, work, [$"--OpenLeads:Auth:DevToken={Token}", "--OpenLeads:Seed:DemoLeads=30"]);
        using var http = new HttpClient { BaseAddress = new Uri(await server.WaitUntilListeningAsync()) };
        Assert.Equal("Healthy", await http.GetStringAsync("/health"));
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Zoho-oauthtoken", Token);

        var fields = (await http.GetFromJsonAsync<JsonObject>("/crm/v8/settings/fields?module=Deals"))!["fields"]!.AsArray();
        Assert.Contains(fields, f => f!["api_name"]!.GetValue<string>() == "Stage" && f["pick_list_values"]!.AsArray().Count > 0);
        var layout = (await http.GetFromJsonAsync<JsonObject>("/crm/v8/settings/layouts?module=Leads"))!["layouts"]![0]!;
        Assert.NotEmpty(layout["sections"]![0]!["fields"]!.AsArray());

        var ids = (await http.GetFromJsonAsync<JsonObject>("/crm/v8/Leads?fields=Last_Name&per_page=3"))!["data"]!.AsArray()
            .Select(r => r!["id"]!.GetValue<string>()).ToArray();
        using (var byIds = await PostAsync(http, "/crm/v8/Leads/actions/mass_update",
            $$"""{"data":[{"No_of_Employees":42}],"ids":[{{string.Join(',', ids.Select(id => $"\"{id}\""))}}]}"""))
        {
            var entries = (await byIds.Content.ReadFromJsonAsync<JsonObject>())!["data"]!.AsArray();
            Assert.Equal(3, entries.Count);
            Assert.All(entries, e => Assert.Equal("SUCCESS", e!["code"]!.GetValue<string>()));
        }
        var record = (await http.GetFromJsonAsync<JsonObject>($"/crm/v8/Leads/{ids[0]}?fields=No_of_Employees"))!["data"]![0]!;
        Assert.Equal(42, record["No_of_Employees"]!.GetValue<int>());

        var view = (await http.GetFromJsonAsync<JsonObject>("/crm/v8/settings/custom_views?module=Leads"))!["custom_views"]![0]!["id"]!.GetValue<string>();
        using var scheduled = await PostAsync(http, "/crm/v8/Leads/actions/mass_update", $$"""{"data":[{"Lead_Status":"Contacted"}],"cvid":"{{view}}"}""");
        var job = (await scheduled.Content.ReadFromJsonAsync<JsonObject>())!["data"]![0]!["details"]!["job_id"]!.GetValue<string>();
        JsonNode? status = null;
        for (var clock = Stopwatch.StartNew(); clock.Elapsed < TimeSpan.FromSeconds(30); await Task.Delay(50))
        {
            status = (await http.GetFromJsonAsync<JsonObject>($"/crm/v8/Leads/actions/mass_update?job_id={job}"))!["data"]![0];
            if (status!["Status"]!.GetValue<string>() == "COMPLETED") break;
        }
        Assert.Equal("COMPLETED", status!["Status"]!.GetValue<string>());
        Assert.Equal(30, status["Updated_Count"]!.GetValue<int>());

        using var bad = await PostAsync(http, "/crm/v8/Leads/actions/mass_update", "{not json");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("INVALID_DATA", (await bad.Content.ReadFromJsonAsync<JsonObject>())!["code"]!.GetValue<string>());
        Assert.DoesNotContain("Unhandled", server.Output, StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, string path, string body) =>
        http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
}

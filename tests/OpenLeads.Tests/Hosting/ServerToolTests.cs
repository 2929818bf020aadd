using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.Hosting;

/// <summary>
/// The server as a .NET tool, as a user installs it from the packed folder: <c>dotnet pack</c>, then
/// <c>dotnet tool install --tool-path … --add-source …</c>, then <c>openleads-server</c> in a fresh directory.
/// </summary>
public sealed partial class ServerToolTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("openleads-tool-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task PackedAndInstalled_TheCommandStarts_ReadsTheWorkingDirectorysSettings_KeepsItsDatabaseThere_AndMassUpdates()
    {
        var packages = Path.Combine(_directory, "packages");
        var tools = Path.Combine(_directory, "tools");
        var work = Directory.CreateDirectory(Path.Combine(_directory, "work")).FullName;
        // The build the suite already made, packed as it is (the configuration the tests were built in).
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        await Commands.RunAsync("dotnet", ["pack", Path.Combine(Repository.Root, "src", "OpenLeads.Server"), "-c", configuration, "--no-build", "-o", packages, "--nologo"]);
        // Its own package cache, so that a package of the same version cached by an earlier run is not used instead.
        await Commands.RunAsync("dotnet", ["tool", "install", "--tool-path", tools, "--add-source", packages, "OpenLeads.Server"],
            ("NUGET_PACKAGES", Path.Combine(_directory, "nuget")));
        var command = Path.Combine(tools, "openleads-server");

        var project = File.ReadAllText(Path.Combine(Repository.Root, "src", "OpenLeads.Server", "OpenLeads.Server.csproj"));
        Assert.StartsWith(VersionElement().Match(project).Groups[1].Value, await Commands.RunAsync(command, ["--version"]), StringComparison.Ordinal);
        // The working directory's appsettings.json wins over the one the tool shipped with (300 demo Leads).
        File.WriteAllText(Path.Combine(work, "appsettings.json"), """{ "OpenLeads": { "Seed": { "DemoLeads": 3 } } }""");
        await using var server = ServerProcess.StartInstalled(command, work);
        var address = await server.WaitUntilListeningAsync();

        Assert.True(File.Exists(Path.Combine(work, "data", "openleads.db")), server.Output);
        using var http = new HttpClient { BaseAddress = new Uri(address) };
        Assert.Equal("Healthy", await http.GetStringAsync("/health"));
        // The installed tool serves its API reference too, without a token: the page and the document it reads.
        Assert.Contains("openapi/v1.json", await http.GetStringAsync("/docs/"), StringComparison.Ordinal);
        Assert.Contains("/crm/{version}/{module}/actions/mass_update", await http.GetStringAsync("/openapi/v1.json"), StringComparison.Ordinal);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Zoho-oauthtoken", TokenLine().Match(server.Output).Groups[1].Value);
        var ids = (await http.GetFromJsonAsync<JsonObject>("/crm/v8/Leads?fields=Last_Name"))!["data"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()).ToArray();
        using var answer = await http.PostAsJsonAsync("/crm/v8/Leads/actions/mass_update",
            new JsonObject { ["data"] = new JsonArray(new JsonObject { ["Lead_Status"] = "Contacted" }), ["ids"] = new JsonArray([.. ids.Select(id => JsonValue.Create(id))]) });
        var entries = (await answer.Content.ReadFromJsonAsync<JsonObject>())!["data"]!.AsArray();
        Assert.Equal(3, entries.Count);
        Assert.All(entries, e => Assert.Equal("SUCCESS", e!["code"]!.GetValue<string>()));
    }

    [GeneratedRegex("<Version>([^<]+)</Version>")]
    private static partial Regex VersionElement();

    [GeneratedRegex(@"token:\s+(\S+)")]
    private static partial Regex TokenLine();
}

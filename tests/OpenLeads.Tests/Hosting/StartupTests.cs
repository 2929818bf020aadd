using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.Hosting;

/// <summary>
/// The server started as a user starts it: a separate process, a fresh working directory, the
/// default database location, settings from the command line or environment.
/// </summary>
public sealed partial class StartupTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("openleads-process-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static async Task<JsonNode?> GetAsync(string address, string path, string token)
    {
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Zoho-oauthtoken", token);
        var text = await http.GetStringAsync(address + path);
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }

    private static string Token(string output) => TokenLine().Match(output).Groups[1].Value;

    [Fact]
    public async Task FirstStart_CreatesTheDatabase_SeedsEveryModule_AndPrintsACurlThatPerformsTheSeedsMassUpdate()
    {
        await using var server = ServerProcess.Start(_directory);
        var address = await server.WaitUntilListeningAsync();

        Assert.True(File.Exists(Path.Combine(_directory, "data", "openleads.db")));
        var curl = CurlCommand().Match(server.Output);
        Assert.True(curl.Success, server.Output);
        var run = Process.Start(new ProcessStartInfo("bash", ["-c", curl.Value.Replace("\\\n", " ")]) { RedirectStandardOutput = true })!;
        var answer = JsonNode.Parse(await run.StandardOutput.ReadToEndAsync())!;
        await run.WaitForExitAsync();

        var entries = answer["data"]!.AsArray();
        Assert.Equal(3, entries.Count);
        Assert.All(entries, e => Assert.Equal(("SUCCESS", "record updated"), (e!["code"]!.GetValue<string>(), e["message"]!.GetValue<string>())));
        var lead = await GetAsync(address, $"/crm/v2/Leads/{entries[0]!["details"]!["id"]}", Token(server.Output));
        Assert.Equal(1000, lead!["data"]![0]!["No_of_Employees"]!.GetValue<int>());
        var list = await GetAsync(address, "/crm/v2/Leads?per_page=200&page=2", Token(server.Output));
        Assert.Equal(100, list!["info"]!["count"]!.GetValue<int>());
        // A third of the Leads in every other module, their lookups pointing at the records made before them.
        foreach (var module in new[] { "Accounts", "Contacts", "Deals", "Projects" })
        {
            var records = await GetAsync(address, $"/crm/v2/{module}?per_page=200", Token(server.Output));
            Assert.Equal(100, records!["info"]!["count"]!.GetValue<int>());
        }
        var deals = (await GetAsync(address, "/crm/v2/Deals?per_page=200", Token(server.Output)))!["data"]!.AsArray();
        Assert.Contains(deals, d => d!["Account_Name"] is not null && d["Contact_Name"] is not null);
    }

    [Fact]
    public async Task SecondStart_KeepsTheData_DoesNotSeedAgain_AndRevokesTheEarlierDevToken()
    {
        string firstToken;
        await using (var first = ServerProcess.Start(_directory, ["--OpenLeads:Seed:DemoLeads=5"]))
        {
            await first.WaitUntilListeningAsync();
            firstToken = Token(first.Output);
        }

        await using var second = ServerProcess.Start(_directory, ["--OpenLeads:Seed:DemoLeads=50"]);
        var address = await second.WaitUntilListeningAsync();

        var list = await GetAsync(address, "/crm/v2/Leads", Token(second.Output));
        Assert.Equal(5, list!["info"]!["count"]!.GetValue<int>());
        Assert.NotEqual(firstToken, Token(second.Output));
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Zoho-oauthtoken", firstToken);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(address + "/crm/v2/Leads")).StatusCode);
    }

    [Fact]
    public async Task AFieldCreatedThroughTheApi_IsThereAfterARestart_WithItsValues()
    {
        string id;
        await using (var first = ServerProcess.Start(_directory, ["--OpenLeads:Seed:DemoLeads=2"]))
        {
            var address = await first.WaitUntilListeningAsync();
            using var http = new HttpClient { BaseAddress = new Uri(address) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Zoho-oauthtoken", Token(first.Output));
            var created = await http.PostAsync("/crm/v8/settings/fields?module=Leads",
                new StringContent("""{"fields":[{"field_label":"Region Code","data_type":"text"}]}"""));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            id = (await GetAsync(address, "/crm/v2/Leads", Token(first.Output)))!["data"]![0]!["id"]!.GetValue<string>();
            var update = await http.PutAsync($"/crm/v2/Leads/{id}", new StringContent("""{"data":[{"Region_Code":"EU-7"}]}"""));
            Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        }

        await using var second = ServerProcess.Start(_directory, []);
        var again = await second.WaitUntilListeningAsync();
        var lead = await GetAsync(again, $"/crm/v2/Leads/{id}", Token(second.Output));
        Assert.Equal("EU-7", lead!["data"]![0]!["Region_Code"]!.GetValue<string>());
    }

    [Fact]
    public async Task AnInMemoryDatabase_ServesTheWholeOrg_AndLeavesNoFile()
    {
        await using var server = ServerProcess.Start(_directory, ["--OpenLeads:Storage:ConnectionString=:memory:", "--OpenLeads:Seed:DemoLeads=6"]);
        var address = await server.WaitUntilListeningAsync();

        var leads = await GetAsync(address, "/crm/v2/Leads/actions/count", Token(server.Output));
        var deals = await GetAsync(address, "/crm/v2/Deals/actions/count", Token(server.Output));

        Assert.Equal((6, 2), (leads!["count"]!.GetValue<int>(), deals!["count"]!.GetValue<int>()));
        Assert.Contains("storage:  sqlite (:memory:)", server.Output);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_directory, "*.db*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Settings_ComeFromEnvironmentVariables_AndTheCommandLine()
    {
        await using var server = ServerProcess.Start(_directory,
            ["--OpenLeads:Auth:DevToken=1000.from-the-command-line"],
            new Dictionary<string, string>
            {
                ["OpenLeads__Seed__DemoLeads"] = "4",
                ["OpenLeads__Storage__ConnectionString"] = "Data Source=elsewhere/leads.db",
            });
        var address = await server.WaitUntilListeningAsync();

        var list = await GetAsync(address, "/crm/v2/Leads", "1000.from-the-command-line");
        Assert.Equal(4, list!["info"]!["count"]!.GetValue<int>());
        Assert.True(File.Exists(Path.Combine(_directory, "elsewhere", "leads.db")));
    }

    [GeneratedRegex(@"curl -X POST .*(\n.*){2}")]
    private static partial Regex CurlCommand();

    [GeneratedRegex(@"token:\s+(\S+)")]
    private static partial Regex TokenLine();
}

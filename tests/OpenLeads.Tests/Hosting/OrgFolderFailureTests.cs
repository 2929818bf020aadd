using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using OpenLeads.Tests.Infrastructure;
using OpenLeads.Tests.Metadata;

namespace OpenLeads.Tests.Hosting;

/// <summary>
/// A broken org folder stops the server process at start-up with one line naming the file and the
/// problem (exit code 1, nothing opened); a lookup to a module the folder does not serve is no error:
/// the field is kept, answered null, and named at start-up.
/// </summary>
public sealed class OrgFolderFailureTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("openleads-orgfail-").FullName;
    private readonly SmallOrg _org = new();

    public void Dispose()
    {
        _org.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private ServerProcess Start() => ServerProcess.Start(_directory, [$"--OpenLeads:Org:Path={_org.Path}", "--OpenLeads:Auth:DevToken=1000.org-folder-test"]);

    private async Task<string> FailureAsync()
    {
        await using var server = Start();
        var line = await server.FailureLineAsync();
        Assert.False(Directory.Exists(Path.Combine(_directory, "data")), "a database was made");
        return line;
    }

    private string File(string relative) => Path.Combine(_org.Path, relative);

    [Fact]
    public async Task MissingModulesJson_NamesTheFile()
    {
        _org.Delete("modules.json");

        Assert.Equal($"OpenLeads cannot start: the org folder (OpenLeads:Org:Path) is broken: {File("modules.json")}: the file is missing", await FailureAsync());
    }

    [Fact]
    public async Task InvalidJson_NamesTheFileTheLineAndTheByte()
    {
        _org.Write("fields/Projects.json", "{\"fields\": [\n  {\"api_name\": \"Name\",\n   \"data_type\" \"text\"}\n]}");

        Assert.Equal($"OpenLeads cannot start: the org folder (OpenLeads:Org:Path) is broken: {File("fields/Projects.json")}: not valid JSON (line 3, byte 16)",
            await FailureAsync());
    }

    [Fact]
    public async Task FieldWithoutDataType_NamesTheFileAndTheField()
    {
        _org.Edit("fields/Projects.json", json => json["fields"]![2]!.AsObject().Remove("data_type"));

        Assert.Equal($"OpenLeads cannot start: the org folder (OpenLeads:Org:Path) is broken: {File("fields/Projects.json")}: the field Budget has no \"data_type\"",
            await FailureAsync());
    }

    [Fact]
    public async Task BadApiName_NamesTheFileAndTheName()
    {
        _org.Edit("fields/Tasks.json", json => json["fields"]![0]!["api_name"] = "Sub ject; DROP TABLE");

        Assert.Equal($"OpenLeads cannot start: the org folder (OpenLeads:Org:Path) is broken: {File("fields/Tasks.json")}: " +
                     "\"api_name\" 'Sub ject; DROP TABLE' is not an api name (a letter, then letters, digits and underscores)", await FailureAsync());
    }

    [Fact]
    public async Task LookupToAModuleTheFolderDoesNotServe_IsKept_AnsweredNull_AndNamedAtStartUp()
    {
        _org.Edit("fields/Tasks.json", json => json["fields"]![1]!["lookup"] = new JsonObject
        {
            ["module"] = new JsonObject { ["api_name"] = "Campaigns", ["id"] = "555000000000001099" },
        });
        await using var server = Start();
        var address = await server.WaitUntilListeningAsync();

        Assert.Contains("Tasks.Project looks up Campaigns, which the org folder does not serve: kept in the metadata, answered as null.", server.Output);
        using var http = new HttpClient { BaseAddress = new Uri(address) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Zoho-oauthtoken", "1000.org-folder-test");
        var fields = JsonNode.Parse(await http.GetStringAsync("/crm/v8/settings/fields?module=Tasks"))!["fields"]!.AsArray();
        var project = fields.Single(f => f!["api_name"]!.GetValue<string>() == "Project")!;
        Assert.Equal(("lookup", "Campaigns", true), (project["data_type"]!.GetValue<string>(), project["lookup"]!["module"]!["api_name"]!.GetValue<string>(),
            project["read_only"]!.GetValue<bool>()));
        var insert = await http.PostAsync("/crm/v8/Tasks", new StringContent("""{"data":[{"Subject":"Call back","Project":{"id":"1"}}]}"""));
        var id = JsonNode.Parse(await insert.Content.ReadAsStringAsync())!["data"]![0]!["details"]!["id"]!.GetValue<string>();
        var record = JsonNode.Parse(await http.GetStringAsync($"/crm/v8/Tasks/{id}"))!["data"]![0]!;
        Assert.Equal("Call back", record["Subject"]!.GetValue<string>());
        Assert.Null(record["Project"]);
        Assert.True(record.AsObject().ContainsKey("Project"));
    }
}

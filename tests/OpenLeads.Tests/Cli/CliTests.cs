using System.Text.Json.Nodes;
using OpenLeads.Server.Storage;
using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.Cli;

/// <summary>
/// The <c>openleads</c> command line run against a real server: its output, its exit code (0 all
/// updated, 2 some not, 1 the request or the arguments failed), and what it changed.
/// </summary>
public sealed class CliTests : CliTest
{
    [Fact]
    public async Task MassUpdate_FromA1200IdFile_TakesThreeCalls_ListsWhatFailed_AndExits2()
    {
        var seeded = await Zoho.SeedLeadsAsync(1199);
        var file = WriteFile("ids.txt", [.. seeded[..900], "738964000009999999", .. seeded[900..]]);

        var run = await RunAsync(["mass-update", "Leads", "--set", "No_of_Employees=1000", "--ids-file", file, .. Connection]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("1,199 of 1,200 records updated, 1 not (3 calls).", run.Out);
        Assert.Contains("738964000009999999", run.Out);
        Assert.Contains("the id given seems to be invalid", run.Out);
        Assert.DoesNotContain(seeded[5], run.Out);
        Assert.Equal(1000, (await Zoho.GetLeadAsync(seeded[1198]))["No_of_Employees"]!.GetValue<int>());
    }

    [Fact]
    public async Task MassUpdate_OfAFewIds_ListsEachOutcome_AndExits0()
    {
        var seeded = await Zoho.SeedLeadsAsync(3);

        var run = await RunAsync(["mass-update", "Leads", "--set", "City=Lagos", "--ids", string.Join(',', seeded), .. Connection]);

        Assert.Equal(0, run.ExitCode);
        Assert.All(seeded, id => Assert.Contains(id, run.Out));
        Assert.Contains("3 of 3 records updated, 0 not (1 call).", run.Out);
        Assert.Equal("Lagos", (await Zoho.GetLeadAsync(seeded[2]))["City"]!.GetValue<string>());
    }

    [Fact]
    public async Task OutputJson_IsZohosAnswer_MergedAcrossCalls()
    {
        var seeded = await Zoho.SeedLeadsAsync(600);

        var run = await RunAsync(["mass-update", "Leads", "--set", "No_of_Employees=7", "--ids", string.Join(',', seeded), "--output", "json", .. Connection]);

        var data = JsonNode.Parse(run.Out)!["data"]!.AsArray();
        Assert.Equal(600, data.Count);
        Assert.Equal(seeded, data.Select(e => e!["details"]!["id"]!.GetValue<string>()));
        Assert.All(data, e => Assert.Equal("SUCCESS", e!["code"]!.GetValue<string>()));
    }

    [Fact]
    public async Task IdsFromACsvOnStandardInput_AreReadFromItsIdColumn()
    {
        var seeded = await Zoho.SeedLeadsAsync(2);
        var csv = $"name,id\nfirst,{seeded[0]}\n\"second\",\"{seeded[1]}\"\n";

        var run = await RunWithInputAsync(csv, false, ["mass-update", "Leads", "--set", "No_of_Employees=3", "--ids-file", "-", .. Connection]);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("2 of 2 records updated", run.Out);
    }

    [Theory]
    [InlineData("No_of_Employees=1", "ids-bad.txt", "ids-bad.txt line 2: 'abc' is not a record id")]
    [InlineData("No_of_Employees=1", "missing.txt", "cannot read --ids-file")]
    [InlineData("=1", "ids-good.txt", "--set '=1' is not Field=Value")]
    public async Task BadArguments_AreRefusedBeforeAnyRequest_WithExit1(string set, string file, string message)
    {
        WriteFile("ids-bad.txt", ["738964000003000001", "abc"]);
        WriteFile("ids-good.txt", ["738964000003000001"]);

        // Nothing listens on port 9: a request would fail with a connection error, not this message.
        var run = await RunAsync("mass-update", "Leads", "--set", set, "--ids-file", Path.Combine(Work, file), "--api-domain", "http://127.0.0.1:9",
            "--token", "1000.any");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(message, run.Error);
    }

    [Fact]
    public async Task Cvid_WithWait_FollowsTheJobToItsEnd_AndJobStatusReportsIt()
    {
        await Zoho.SeedLeadsAsync(40);

        var run = await RunAsync(["mass-update", "Leads", "--set", "No_of_Employees=41", "--cvid", DemoOrganisation.AllLeadsView.ToString(), "--wait", .. Connection]);
        var jobId = System.Text.RegularExpressions.Regex.Match(run.Out, @"Scheduled job (\d+)").Groups[1].Value;
        var status = await RunAsync(["job", "status", "Leads", jobId, "--output", "json", .. Connection]);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"Job {jobId}: COMPLETED, 40 of 40 updated, 0 not updated, 0 failed.", run.Out);
        Assert.Equal(("COMPLETED", 40), (JsonNode.Parse(status.Out)!["Status"]!.GetValue<string>(), JsonNode.Parse(status.Out)!["Updated_Count"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Records_InsertGetAndDelete_FromTheCommandLine()
    {
        var file = WriteFile("records.json", ["""{"data":[{"Last_Name":"Okafor","City":"Lagos"},{"City":"Nowhere"}]}"""]);

        var insert = await RunAsync(["records", "insert", "Leads", "--file", file, "--output", "json", .. Connection]);
        var id = JsonNode.Parse(insert.Out)!["data"]![0]!["details"]!["id"]!.GetValue<string>();
        var get = await RunAsync(["records", "get", "Leads", id, .. Connection]);
        var delete = await RunAsync(["records", "delete", "Leads", "--ids", id, .. Connection]);
        var gone = await RunAsync(["records", "get", "Leads", id, .. Connection]);

        Assert.Equal(2, insert.ExitCode);
        Assert.Equal("MANDATORY_NOT_FOUND", JsonNode.Parse(insert.Out)!["data"]![1]!["code"]!.GetValue<string>());
        Assert.Equal(("Okafor", 0), (JsonNode.Parse(get.Out)!["Last_Name"]!.GetValue<string>(), get.ExitCode));
        Assert.Equal(0, delete.ExitCode);
        Assert.Contains("1 of 1 records deleted, 0 not.", delete.Out);
        Assert.Equal(1, gone.ExitCode);
        Assert.Contains($"no record {id}", gone.Error);
    }

    [Fact]
    public async Task DamagedSavedLogin_SaysToLogInAgain()
    {
        Directory.CreateDirectory(Path.Combine(Work, "config"));
        await File.WriteAllTextAsync(Path.Combine(Work, "config", "credentials.json"), "{ not json");

        var run = await RunAsync("fields", "Leads", "--api-domain", Server.Address.ToString());

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("run 'openleads login' again", run.Error);
    }

    [Fact]
    public async Task WithoutTokenOrLogin_SaysHowToSignIn()
    {
        var run = await RunAsync("fields", "Leads", "--api-domain", Server.Address.ToString());

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("not signed in: run 'openleads login'", run.Error);
    }
}

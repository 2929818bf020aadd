using System.Text.Json.Nodes;
using OpenLeads.Tests.Infrastructure;
using OpenLeads.Tests.Metadata;

namespace OpenLeads.Tests.Cli;

/// <summary>
/// <c>openleads org export</c>: the folder it writes from one OpenLeads, served by a second one, gives the
/// same metadata answers, ids, order and keys included; and it holds no record and no secret.
/// </summary>
public sealed class OrgExportTests : CliTest
{
    /// <summary>Every metadata answer, by address: each endpoint, for every module the server serves.</summary>
    private static async Task<SortedDictionary<string, string>> AnswersAsync(ZohoClient zoho)
    {
        var answers = new SortedDictionary<string, string>(StringComparer.Ordinal);
        async Task<JsonNode?> GetAsync(string url)
        {
            var response = await zoho.GetAsync(url);
            answers[url] = $"{response.Code} {response.Body?.ToJsonString()}";
            return response.Body;
        }

        await GetAsync("/crm/v8/org");
        foreach (var type in new[] { "AllUsers", "ActiveUsers", "AdminUsers", "CurrentUser" }) await GetAsync($"/crm/v8/users?type={type}");
        foreach (var user in (await GetAsync("/crm/v8/users"))!["users"]!.AsArray()) await GetAsync($"/crm/v8/users/{user!["id"]}");
        await GetAsync("/crm/v8/settings/territories");
        await GetAsync("/crm/v2/settings/modules");
        foreach (var module in (await GetAsync("/crm/v8/settings/modules"))!["modules"]!.AsArray())
        {
            var name = module!["api_name"]!.GetValue<string>();
            await GetAsync($"/crm/v8/settings/modules/{name}");
            if ((await GetAsync($"/crm/v8/settings/fields?module={name}"))?["fields"] is not JsonArray fields) continue;
            await GetAsync($"/crm/v2/settings/fields?module={name}");
            foreach (var field in fields) await GetAsync($"/crm/v8/settings/fields/{field!["id"]}?module={name}");
            foreach (var layout in (await GetAsync($"/crm/v8/settings/layouts?module={name}"))!["layouts"]!.AsArray())
            {
                await GetAsync($"/crm/v8/settings/layouts/{layout!["id"]}?module={name}");
            }
            foreach (var view in (await GetAsync($"/crm/v8/settings/custom_views?module={name}"))!["custom_views"]!.AsArray())
            {
                await GetAsync($"/crm/v8/settings/custom_views/{view!["id"]}?module={name}");
            }
        }
        return answers;
    }

    [Fact]
    public async Task Export_OfTheDemoOrg_ServedByASecondServer_GivesTheSameMetadataAnswers_AndHoldsNoRecordOrSecret()
    {
        await Zoho.PostAsync("/__admin/custom_views", new { module = "Leads", name = "Hot Leads", criteria = "(Rating:equals:Hot)" });
        var lead = await Zoho.PostAsync("/crm/v8/Leads", new { data = new[] { new { Last_Name = "Quetzalcoatl-Record", Company = "Nowhere" } } });
        Assert.Equal(201, lead.Code);
        var folder = Path.Combine(Work, "org");

        var run = await RunAsync(["org", "export", "--out", folder, .. Connection]);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("  fields/Leads.json: ", run.Error);
        Assert.Contains("Exported ", run.Error);
        foreach (var file in new[] { "org.json", "users.json", "modules.json", "territories.json", "fields/Leads.json", "layouts/Leads.json", "custom_views/Leads.json" })
        {
            Assert.True(File.Exists(Path.Combine(folder, file)), file);
        }
        var text = string.Join('\n', Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Select(File.ReadAllText));
        Assert.DoesNotContain("Quetzalcoatl-Record", text);
        Assert.DoesNotContain(OpenLeadsServer.DevToken, text);
        Assert.DoesNotContain(OpenLeadsServer.AdminKey, text);

        await using var second = new OpenLeadsServer(new Dictionary<string, string?> { ["OpenLeads:Org:Path"] = folder });
        using var secondZoho = second.Zoho();
        var expected = await AnswersAsync(Zoho);
        var actual = await AnswersAsync(secondZoho);

        Assert.Equal(expected.Keys, actual.Keys);
        Assert.All(expected, e => Assert.Equal(e.Value, actual[e.Key]));
    }

    [Fact]
    public async Task Export_OfAHandWrittenOrg_RoundTrips_AndLeavesOutModulesWithoutFields()
    {
        using var small = new SmallOrg();
        await using var first = new OpenLeadsServer(small.Settings);
        var folder = Path.Combine(Work, "small");

        var run = await RunAsync("org", "export", "--out", folder, "--api-domain", first.Address.ToString(), "--token", OpenLeadsServer.DevToken);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(["Projects.json", "Tasks.json"], Directory.GetFiles(Path.Combine(folder, "fields")).Select(Path.GetFileName).Order());
        Assert.False(File.Exists(Path.Combine(folder, "territories.json")));
        await using var second = new OpenLeadsServer(new Dictionary<string, string?> { ["OpenLeads:Org:Path"] = folder });
        using var firstZoho = first.Zoho();
        using var secondZoho = second.Zoho();
        var expected = await AnswersAsync(firstZoho);
        var actual = await AnswersAsync(secondZoho);
        Assert.All(expected, e => Assert.Equal(e.Value, actual[e.Key]));
    }

    [Fact]
    public async Task Export_IntoAFolderThatIsNotEmpty_IsRefused_UnlessForced_AndKeepsTheFoldersOwnRules()
    {
        var folder = Path.Combine(Work, "busy");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "openleads.json"), """{"modules":{"Leads":{"mass_update_max_fields":2}}}""");

        var refused = await RunAsync(["org", "export", "--out", folder, .. Connection]);
        var forced = await RunAsync(["org", "export", "--out", folder, "--force", .. Connection]);

        Assert.Equal(1, refused.ExitCode);
        Assert.Equal($"openleads: --out: {folder} is not empty; give --force to replace an earlier export there.", refused.Error.Trim());
        Assert.Equal(0, forced.ExitCode);
        Assert.True(File.Exists(Path.Combine(folder, "openleads.json")));
        Assert.True(File.Exists(Path.Combine(folder, "fields", "Leads.json")));
    }

    [Fact]
    public async Task Export_WithATokenThatMayNotReadTheMetadata_FailsWithTheRefusal()
    {
        var token = await Zoho.MintTokenAsync(["ZohoCRM.modules.ALL"]);

        var run = await RunAsync(["org", "export", "--out", Path.Combine(Work, "no"), .. WithToken(token)]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("OAUTH_SCOPE_MISMATCH", run.Error);
    }
}

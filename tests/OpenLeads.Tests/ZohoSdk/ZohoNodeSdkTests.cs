using System.Text.Json.Nodes;
using OpenLeads.Tests.DemoOrg;
using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.ZohoSdk;

/// <summary>
/// Zoho's official Node.js SDK for API v8 (<c>@zohocrm/nodejs-sdk-8.0</c>, tests/zoho-sdk) against a real
/// server: initialised as a user would (an Environment naming the server, an OAuthToken from a refresh token
/// of a registered client, a FileStore, <c>autoRefreshFields(true)</c>), then records and mass update on Leads
/// and Deals, and a custom field created through the API a moment before. Every request it makes is checked
/// in the request journal: none is refused.
/// </summary>
public sealed class ZohoNodeSdkTests : ServerTest
{
    private const string AllLeads = "738964000000087501";

    private static readonly string[] Scopes =
        ["ZohoCRM.modules.ALL", "ZohoCRM.settings.ALL", "ZohoCRM.users.READ", "ZohoCRM.org.READ", "ZohoCRM.mass_update.ALL"];

    private async Task<SdkRun> RunAsync(string script, string[] args, string? secret = null)
    {
        var client = await Zoho.PostAsync("/__admin/oauth_clients", new { scopes = Scopes });
        Assert.True(client.Code == 200, client.ToString());
        var sdkDirectory = Directory.CreateDirectory(Path.Combine(Server.Directory, "zoho-sdk")).FullName;
        return await NodeSdk.RunAsync(script, new Dictionary<string, string>
        {
            ["OPENLEADS_URL"] = Server.Address.GetLeftPart(UriPartial.Authority),
            ["OPENLEADS_CLIENT_ID"] = client.Body!["client_id"]!.GetValue<string>(),
            ["OPENLEADS_CLIENT_SECRET"] = secret ?? client.Body!["client_secret"]!.GetValue<string>(),
            ["OPENLEADS_REFRESH_TOKEN"] = client.Body!["refresh_token"]!.GetValue<string>(),
            ["OPENLEADS_SDK_DIR"] = sdkDirectory,
        }, args);
    }

    /// <summary>The SDK's requests as the journal kept them: "METHOD path status".</summary>
    private async Task<string[]> JournalAsync()
    {
        var journal = await Zoho.GetAsync("/__admin/requests");
        return [.. journal.Body!["requests"]!.AsArray().Select(r => $"{r!["method"]} {r["path"]} {r["status"]}")];
    }

    private async Task AssertNothingRefusedAsync()
    {
        var refused = (await JournalAsync()).Where(r => !r.EndsWith(" 200", StringComparison.Ordinal) && !r.EndsWith(" 201", StringComparison.Ordinal) && !r.EndsWith(" 204", StringComparison.Ordinal));
        Assert.Empty(refused);
    }

    private static void AssertSucceeded(SdkRun run) => Assert.True(run.ExitCode == 0, run.ToString());

    private static string[] Strings(JsonNode? array) => [.. array!.AsArray().Select(n => n!.GetValue<string>())];

    [Fact]
    public async Task StartUp_RefreshesTheToken_FindsTheUserAndOrg_AndCachesEveryModulesFields()
    {
        await Zoho.SeedLeadsAsync(2);
        var user = (await Zoho.GetAsync("/crm/v8/users?type=CurrentUser")).Body!["users"]![0]!["email"]!.GetValue<string>();
        var zgid = (await Zoho.GetAsync("/crm/v8/org")).Body!["org"]![0]!["zgid"]!.GetValue<string>();
        var modules = (await Zoho.GetAsync("/crm/v8/settings/modules")).Body!["modules"]!.AsArray()
            .Where(m => m!["api_supported"]!.GetValue<bool>()).Select(m => m!["api_name"]!.GetValue<string>()).Order(StringComparer.Ordinal).ToArray();
        await Zoho.DeleteAsync("/__admin/requests");

        var run = await RunAsync("startup.mjs", []);
        var journal = await JournalAsync();

        AssertSucceeded(run);
        string[] expected =
        [
            "POST /oauth/v2/token 200", "GET /crm/v8/users 200", "GET /crm/v8/org 200", "GET /crm/v8/settings/modules 200",
            .. modules.Select(_ => "GET /crm/v8/settings/fields 200"), "GET /crm/v8/Leads 200",
        ];
        Assert.Equal(expected, journal);
        Assert.Equal($"{user}:{zgid}", run["token"]["user"]!.GetValue<string>());
        Assert.Equal(Server.Address.GetLeftPart(UriPartial.Authority), run["token"]["api_domain"]!.GetValue<string>());
        Assert.Equal(2, run["getRecords"]["count"]!.GetValue<int>());
        Assert.Equal(["Accounts:default", "Contacts:default", "Deals:default", "Leads:default", "Projects:custom"], Strings(run["metadata"]["modules"]));
        foreach (var module in modules)
        {
            // The SDK caches every field but the five it leaves out by name (its Constants.KEYS_TO_SKIP).
            var fields = (await Zoho.GetAsync($"/crm/v8/settings/fields?module={module}")).Body!["fields"]!.AsArray()
                .Select(f => f!["api_name"]!.GetValue<string>()).Except(["Created_Time", "Modified_Time", "Created_By", "Modified_By", "Tag"]);
            Assert.True(fields.Count() == run["metadata"]["fields"]![module]!.GetValue<int>(), $"{module}: {run}");
        }
    }

    [Fact]
    public async Task StartUp_WithAWrongClientSecret_FailsWithTheAccountsServersInvalidClient()
    {
        var run = await RunAsync("startup.mjs", [], secret: "not-the-secret");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("FAIL INVALID TOKEN ERROR: invalid_client", run.Errors, StringComparison.Ordinal);
        Assert.Equal(["POST /oauth/v2/token 200"], await JournalAsync());
    }

    [Fact]
    public async Task Leads_AreReadAndMassUpdated_ByIdsAndByTheirViewsJob()
    {
        var ids = (await Zoho.SeedLeadsAsync(3)).Order(StringComparer.Ordinal).ToArray();

        var run = await RunAsync("mass-update.mjs", ["Leads", AllLeads, """{"No_of_Employees":4321}""", $"{ids[0]},{ids[1]}"]);

        AssertSucceeded(run);
        Assert.Equal(ids, Strings(run["getRecords"]["ids"]));
        AssertMassUpdated(run, byIds: ids[..2], inView: ids.Length, holding: ids);
        foreach (var id in ids) Assert.Equal(4321, (await Zoho.GetLeadAsync(id))["No_of_Employees"]!.GetValue<int>());
        await AssertNothingRefusedAsync();
    }

    [Fact]
    public async Task Deals_TakeThreeFieldsInOneMassUpdate_ByIdsAndByTheOpenDealsView()
    {
        var won = await InsertDealAsync("Atlas expansion", "Closed Won");
        var lost = await InsertDealAsync("Beacon trial", "Closed Lost");
        string[] open = [await InsertDealAsync("Kestrel renewal", "Qualification"), await InsertDealAsync("Lumen pilot", "Value Proposition")];

        var run = await RunAsync("mass-update.mjs",
            ["Deals", DemoOrgCalls.OpenDeals, """{"Stage":"Negotiation/Review","Amount":48000.5,"Closing_Date":"2027-01-15"}""", string.Join(",", open)]);

        AssertSucceeded(run);
        AssertMassUpdated(run, byIds: open, inView: open.Length, holding: [.. open.Order(StringComparer.Ordinal)]);
        foreach (var id in open)
        {
            var deal = await Zoho.GetRecordAsync("Deals", id);
            Assert.Equal("Negotiation/Review 48000.5 2027-01-15", $"{deal["Stage"]} {deal["Amount"]} {deal["Closing_Date"]}");
        }
        // The view's job left the closed deals alone.
        Assert.Equal("Closed Won Closed Lost", $"{(await Zoho.GetRecordAsync("Deals", won))["Stage"]} {(await Zoho.GetRecordAsync("Deals", lost))["Stage"]}");
        await AssertNothingRefusedAsync();
    }

    [Fact]
    public async Task ACustomFieldCreatedThroughTheApi_IsRefreshedIntoTheSdk_AndMassUpdated()
    {
        var ids = (await Zoho.SeedLeadsAsync(3)).Order(StringComparer.Ordinal).ToArray();

        var run = await RunAsync("custom-field.mjs",
            ["Leads", AllLeads, """{"field_label":"Renewal Score","data_type":"integer"}""", "77", $"{ids[1]},{ids[2]}"]);

        AssertSucceeded(run);
        Assert.Equal("""{"status":201,"api_name":"Renewal_Score","data_type":"integer"}""", run["createField"].ToJsonString());
        Assert.Equal("""{"cached":{"type":"Integer","name":"Renewal_Score"}}""", run["refreshFields"].ToJsonString());
        AssertMassUpdated(run, byIds: ids[1..], inView: ids.Length, holding: ids);
        foreach (var id in ids) Assert.Equal(77, (await Zoho.GetLeadAsync(id))["Renewal_Score"]!.GetValue<int>());
        await AssertNothingRefusedAsync();
    }

    private Task<string> InsertDealAsync(string name, string stage) =>
        Zoho.InsertAsync("Deals", new { Deal_Name = name, Stage = stage, Closing_Date = "2026-12-31", Amount = 1000 });

    /// <summary>Each id SUCCESS at once; the view's job COMPLETED over its <paramref name="inView"/> records; then <paramref name="holding"/> hold the values.</summary>
    private static void AssertMassUpdated(SdkRun run, string[] byIds, int inView, string[] holding)
    {
        var results = string.Join(",", byIds.Select(id => $$"""{"code":"SUCCESS","id":"{{id}}"}"""));
        Assert.Equal($$"""{"status":200,"results":[{{results}}]}""", run["massUpdateRecords.ids"].ToJsonString());
        Assert.Equal("""{"status":200,"code":"SUCCESS","message":"mass update scheduled successfully","job_id":"string"}""",
            run["massUpdateRecords.cvid"].ToJsonString());
        Assert.Equal($$"""{"status":"COMPLETED","total":{{inView}},"updated":{{inView}},"not_updated":0,"failed":0}""",
            run["getMassUpdateStatus"].ToJsonString());
        Assert.Equal(holding, Strings(run["values"]["holding"]));
    }
}

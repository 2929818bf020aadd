using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.DemoOrg;

/// <summary>
/// <c>POST /__admin/seed</c> on every module of the demo org, and the control API's record state and
/// territory on modules other than Leads.
/// </summary>
public sealed class DemoSeedTests : ServerTest
{
    private const string Europe = "738964000000400013";
    private const string NorthAmerica = "738964000000400009";

    // Zoho's standard stages and their probabilities (the demo org's fields/Deals.json).
    private static readonly Dictionary<string, int> StageProbability = new()
    {
        ["Qualification"] = 10, ["Needs Analysis"] = 20, ["Value Proposition"] = 40, ["Id. Decision Makers"] = 60,
        ["Proposal/Price Quote"] = 75, ["Negotiation/Review"] = 90, ["Closed Won"] = 100, ["Closed Lost"] = 0, ["Closed Lost to Competition"] = 0,
    };

    /// <summary>The lookup points at a record of the module given, and names it by that record's name.</summary>
    private static void PointsAt(System.Text.Json.Nodes.JsonNode? lookup, Dictionary<string, System.Text.Json.Nodes.JsonObject> records, string nameField)
    {
        if (lookup is null) return;
        var id = lookup["id"]!.GetValue<string>();
        Assert.True(records.ContainsKey(id), $"{lookup.ToJsonString()} points at no record");
        Assert.Equal(records[id][nameField]!.GetValue<string>(), lookup["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Seed_OfEveryModule_MakesRecordsWhoseLookupsPointAtTheRecordsMadeBefore()
    {
        await Zoho.SeedAsync("Accounts", 4, seed: 1);
        await Zoho.SeedAsync("Contacts", 12, seed: 2);
        await Zoho.SeedAsync("Deals", 12, seed: 3);
        await Zoho.SeedAsync("Projects", 3, seed: 4);
        await Zoho.SeedAsync("Leads", 2, seed: 5);

        var (accounts, contacts, deals, projects) = (await Zoho.ListAsync("Accounts"), await Zoho.ListAsync("Contacts"),
            await Zoho.ListAsync("Deals"), await Zoho.ListAsync("Projects"));
        Assert.Equal((4, 12, 12, 3, 2), (accounts.Count, contacts.Count, deals.Count, projects.Count, (await Zoho.ListAsync("Leads")).Count));
        Assert.Contains(contacts.Values, c => c["Account_Name"] is not null);
        Assert.All(contacts.Values, c => PointsAt(c["Account_Name"], accounts, "Account_Name"));
        Assert.All(projects.Values, p => PointsAt(p["Account"], accounts, "Account_Name"));
        Assert.Contains(deals.Values, d => d["Contact_Name"] is not null);
        Assert.All(deals.Values, d =>
        {
            PointsAt(d["Account_Name"], accounts, "Account_Name");
            PointsAt(d["Contact_Name"], contacts, "Full_Name");
            Assert.Equal(StageProbability[d["Stage"]!.GetValue<string>()], d["Probability"]!.GetValue<int>());
            Assert.False(string.IsNullOrEmpty(d["Deal_Name"]!.GetValue<string>()));
        });
    }

    [Fact]
    public async Task Seed_WithTheSameSeed_MakesTheSameRecordsAgain()
    {
        await Zoho.SeedAsync("Accounts", 3, seed: 1);
        var first = await Zoho.SeedAsync("Deals", 4, seed: 9);
        var second = await Zoho.SeedAsync("Deals", 4, seed: 9);

        var deals = await Zoho.ListAsync("Deals");
        Assert.Equal(first.Select(id => DemoOrgCalls.WithoutStamps(deals[id])), second.Select(id => DemoOrgCalls.WithoutStamps(deals[id])));
    }

    [Theory]
    [InlineData("Contacts", DemoOrgCalls.AllContacts, "Lead_Source", "Chat")]
    [InlineData("Deals", DemoOrgCalls.AllDeals, "Stage", "Closed Won")]
    public async Task StateAndTerritory_OfOtherModules_AreWhatTheirMassUpdatesSee(string module, string allView, string field, string value)
    {
        var ids = await Zoho.SeedAsync(module, 3);
        var state = await Zoho.PutAsync($"/__admin/records/{module}/{ids[0]}/state", new { approval = "pending" });
        Assert.True(state.Code == 200, state.ToString());
        foreach (var (id, territory) in new[] { (ids[0], NorthAmerica), (ids[1], Europe), (ids[2], NorthAmerica) })
        {
            var set = await Zoho.PutAsync($"/__admin/records/{module}/{id}/territory", new { territory_id = territory });
            Assert.True(set.Code == 200, set.ToString());
        }

        var refused = await Zoho.MassUpdateAsync(module, new { data = new[] { new Dictionary<string, object> { [field] = value } }, ids = new[] { ids[0] } });
        var scheduled = await Zoho.MassUpdateAsync(module, new
        {
            data = new[] { new Dictionary<string, object> { [field] = value } }, cvid = allView, territory = new { id = Europe },
        });
        var job = await Zoho.WaitUntilCompletedAsync(scheduled.Data.Single()!["details"]!["job_id"]!.GetValue<string>(), module);

        Assert.Equal("NOT_APPROVED", refused.Data.Single()!["code"]!.GetValue<string>());
        Assert.Equal("approval_process_pending", (await Zoho.GetRecordAsync(module, ids[0]))["$approval_state"]!.GetValue<string>());
        Assert.Equal((1, 1), (job["Total_Count"]!.GetValue<int>(), job["Updated_Count"]!.GetValue<int>()));
        Assert.Equal(value, (await Zoho.GetRecordAsync(module, ids[1]))[field]!.GetValue<string>());
    }
}

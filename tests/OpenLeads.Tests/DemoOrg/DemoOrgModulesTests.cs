using System.Text.Json.Nodes;
using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.DemoOrg;

/// <summary>
/// The demo org's modules (Leads, Accounts, Contacts, Deals and the custom Projects) each served whole by
/// the same API, and the lookups between them answered <c>{"name","id"}</c> with the record's name.
/// </summary>
public sealed class DemoOrgModulesTests : ServerTest
{
    public static TheoryData<string, string, string, string, string, string, string> Modules => new()
    {
        // module, its "All" view, a record to insert, a change to it, the criteria that find it, a field to mass update, and two values
        { "Leads", "738964000000087501", """{"Last_Name":"Zephyr","Company":"Kestrel Analytics"}""", """{"City":"Lisbon"}""",
            "(Last_Name:equals:Zephyr)", "Lead_Status", "Contacted|Junk Lead" },
        { "Accounts", DemoOrgCalls.AllAccounts, """{"Account_Name":"Zephyr Holdings"}""", """{"Billing_City":"Lisbon"}""",
            "(Account_Name:equals:Zephyr Holdings)", "Account_Type", "Customer|Partner" },
        { "Contacts", DemoOrgCalls.AllContacts, """{"Last_Name":"Zephyr","First_Name":"Ada"}""", """{"Mailing_City":"Lisbon"}""",
            "(Last_Name:equals:Zephyr)", "Lead_Source", "Chat|Trade Show" },
        { "Deals", DemoOrgCalls.AllDeals, """{"Deal_Name":"Zephyr renewal","Stage":"Qualification","Closing_Date":"2026-12-31"}""",
            """{"Next_Step":"Lisbon"}""", "(Deal_Name:equals:Zephyr renewal)", "Stage", "Closed Won|Closed Lost" },
        { "Projects", DemoOrgCalls.AllProjects, """{"Name":"Zephyr rollout"}""", """{"Budget":5000}""",
            "(Name:equals:Zephyr rollout)", "Project_Status", "Completed|On Hold" },
    };

    [Theory]
    [MemberData(nameof(Modules))]
    public async Task EveryModule_ListsCountsGetsInsertsUpdatesSearchesMassUpdatesAndDeletes(string module, string allView, string insert,
        string change, string criteria, string field, string values)
    {
        var (byIds, byView) = (values.Split('|')[0], values.Split('|')[1]);
        var seeded = await Zoho.SeedAsync(module, 2);
        var id = await Zoho.InsertAsync(module, JsonNode.Parse(insert)!);

        Assert.Equal([.. seeded, id], (await Zoho.ListAsync(module)).Keys.Order());
        ResponseAssert.Is(200, """{"count":3}""", await Zoho.GetAsync($"/crm/v8/{module}/actions/count"));
        var inserted = await Zoho.GetRecordAsync(module, id);
        Assert.All(JsonNode.Parse(insert)!.AsObject(), p => Assert.Equal(p.Value!.ToJsonString(), inserted[p.Key]!.ToJsonString()));

        var update = JsonNode.Parse(change)!.AsObject();
        var updated = await Zoho.PutAsync($"/crm/v8/{module}/{id}", new { data = new[] { update } });
        Assert.True(updated.Code == 200, updated.ToString());
        var (key, value) = update.Single();
        Assert.Equal(value!.ToJsonString(), (await Zoho.GetRecordAsync(module, id))[key]!.ToJsonString());

        var found = await Zoho.GetAsync($"/crm/v8/{module}/search?criteria={Uri.EscapeDataString(criteria)}");
        Assert.True(found.Code == 200, found.ToString());
        Assert.Equal(id, found.Data.Single()!["id"]!.GetValue<string>());

        var massUpdate = await Zoho.MassUpdateAsync(module, new { data = new[] { new Dictionary<string, object> { [field] = byIds } }, ids = new[] { seeded[0], id } });
        Assert.True(massUpdate.Code == 200, massUpdate.ToString());
        Assert.All(massUpdate.Data, e => Assert.Equal("SUCCESS", e!["code"]!.GetValue<string>()));
        Assert.Equal(byIds, (await Zoho.GetRecordAsync(module, id))[field]!.GetValue<string>());

        var job = await Zoho.MassUpdateViewAsync(module, allView, new() { [field] = byView });
        Assert.Equal((3, 3), (job["Total_Count"]!.GetValue<int>(), job["Updated_Count"]!.GetValue<int>()));
        Assert.All((await Zoho.ListAsync(module)).Values, r => Assert.Equal(byView, r[field]!.GetValue<string>()));

        var deleted = await Zoho.DeleteAsync($"/crm/v8/{module}?ids={id}");
        Assert.True(deleted.Code == 200, deleted.ToString());
        ResponseAssert.NoContent(await Zoho.GetAsync($"/crm/v2/{module}/{id}"));
        Assert.Equal(seeded, (await Zoho.ListAsync(module)).Keys.Order());
    }

    [Fact]
    public async Task Lookups_AreAnsweredWithTheNameOfTheRecordTheyPointAt_AsItIsNow()
    {
        var account = await Zoho.InsertAsync("Accounts", new { Account_Name = "Kestrel Analytics" });
        var contact = await Zoho.InsertAsync("Contacts", new { First_Name = "Amara", Last_Name = "Okafor", Account_Name = new { id = account } });
        var deal = await Zoho.InsertAsync("Deals", new
        {
            Deal_Name = "Kestrel renewal", Stage = "Needs Analysis", Closing_Date = "2026-12-31",
            Account_Name = new { id = account }, Contact_Name = new { id = contact },
        });

        Assert.Equal($$"""{"id":"{{account}}","name":"Kestrel Analytics"}""",
            ResponseAssert.Canonical((await Zoho.GetRecordAsync("Contacts", contact))["Account_Name"]));
        var answered = await Zoho.GetRecordAsync("Deals", deal);
        Assert.Equal(($$"""{"id":"{{account}}","name":"Kestrel Analytics"}""", $$"""{"id":"{{contact}}","name":"Amara Okafor"}"""),
            (ResponseAssert.Canonical(answered["Account_Name"]), ResponseAssert.Canonical(answered["Contact_Name"])));

        await Zoho.PutAsync($"/crm/v8/Accounts/{account}", new { data = new[] { new { Account_Name = "Kestrel Labs" } } });
        Assert.Equal($$"""{"id":"{{account}}","name":"Kestrel Labs"}""",
            ResponseAssert.Canonical((await Zoho.ListAsync("Contacts"))[contact]["Account_Name"]));
    }
}

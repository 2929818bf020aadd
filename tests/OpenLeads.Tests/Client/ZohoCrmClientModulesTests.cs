using System.Text.Json.Nodes;
using OpenLeads.Client;
using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.Client;

/// <summary>
/// The .NET client on modules other than Leads: the org's modules and fields typed (a lookup's target
/// module in v2's string form and v8's object form), records of Deals and Contacts as
/// <see cref="ZohoRecord"/> with lookups as <c>{id, name}</c>, and a three-field Deals mass update.
/// </summary>
public sealed class ZohoCrmClientModulesTests : ServerTest
{
    private ZohoCrmClient NewClient(string version = "v2") =>
        new(new ZohoCrmClientOptions { ApiDomain = Server.Address, AccessToken = OpenLeadsServer.DevToken, ApiVersion = version });

    [Theory]
    [InlineData("v2")]
    [InlineData("v8")]
    public async Task ModulesAndFields_AreTyped_InEitherVersionsShape(string version)
    {
        using var client = NewClient(version);

        var modules = await client.GetModulesAsync();
        var deals = await client.Module("Deals").GetFieldsAsync();
        var contacts = await client.GetFieldDefinitionsAsync("Contacts");

        Assert.Equal(["Leads", "Accounts", "Contacts", "Deals", "Projects"], modules.Select(m => m.ApiName));
        var deal = modules.Single(m => m.ApiName == "Deals");
        Assert.Equal(("Deal", "Deal_Name", true, "default"), (deal.SingularLabel, deal.DisplayField?.ApiName, deal.ApiSupported, deal.GeneratedType));
        Assert.Equal("custom", modules.Single(m => m.ApiName == "Projects").GeneratedType);
        Assert.Equal(("lookup", "Accounts", false), (deals.Single(f => f.ApiName == "Account_Name").DataType,
            deals.Single(f => f.ApiName == "Account_Name").LookupModule, deals.Single(f => f.ApiName == "Account_Name").MassUpdate));
        Assert.Equal("Contacts", deals.Single(f => f.ApiName == "Contact_Name").LookupModule);
        var stage = deals.Single(f => f.ApiName == "Stage");
        Assert.Equal(("picklist", true, null), (stage.DataType, stage.MassUpdate, stage.LookupModule));
        Assert.Contains("Closed Won", stage.PickListValues.Select(v => v.ActualValue));
        Assert.Equal(("Accounts", true), (contacts.Single(f => f.ApiName == "Account_Name").LookupModule, contacts.Single(f => f.ApiName == "Last_Name").SystemMandatory));
    }

    [Fact]
    public async Task Deals_InsertedWithLookups_ReadBackTyped_TheirLookupsAsIdAndName_AndFollowed()
    {
        using var client = NewClient();
        var accountOutcome = await client.Module("Accounts").InsertAsync(new ZohoRecord().Set("Account_Name", "Kestrel Analytics"));
        var account = accountOutcome.Details["id"]!.GetValue<string>();
        var contactOutcome = await client.Module("Contacts").InsertAsync(new ZohoRecord().Set("First_Name", "Amara").Set("Last_Name", "Okafor").SetLookup("Account_Name", account));
        var contact = contactOutcome.Details["id"]!.GetValue<string>();
        var dealOutcome = await client.Module("Deals").InsertAsync(new ZohoRecord()
            .Set("Deal_Name", "Kestrel renewal").Set("Stage", "Qualification").Set("Amount", 1250.5m).Set("Closing_Date", "2026-12-31")
            .SetLookup("Account_Name", account).SetLookup("Contact_Name", contact));

        var deal = (await client.Module("Deals").GetAsync(dealOutcome.Details["id"]!.GetValue<string>()))!;
        var followed = await client.Module("Deals").FollowAsync(deal, "Account_Name");
        var person = (await client.Module("Contacts").GetAsync(contact))!;

        Assert.Equal(("SUCCESS", "SUCCESS", "SUCCESS"), (accountOutcome.Code, contactOutcome.Code, dealOutcome.Code));
        Assert.Equal((dealOutcome.Details["id"]!.GetValue<string>(), "Kestrel renewal", "Qualification"), (deal.Id, deal.GetString("Deal_Name"), deal.GetString("Stage")));
        Assert.Equal((1250.5m, new DateOnly(2026, 12, 31)), (deal.GetDecimal("Amount"), deal.GetDate("Closing_Date")));
        Assert.Equal(new ZohoLookup(account, "Kestrel Analytics"), deal.GetLookup("Account_Name"));
        Assert.Equal(new ZohoLookup(contact, "Amara Okafor"), deal.GetLookup("Contact_Name"));
        Assert.NotNull(deal.GetLookup("Owner")?.Name);
        Assert.Equal((account, "Kestrel Analytics"), (followed?.Id, followed?.GetString("Account_Name")));
        Assert.Equal(("Amara Okafor", new ZohoLookup(account, "Kestrel Analytics")), (person.GetString("Full_Name"), person.GetLookup("Account_Name")));
        Assert.Null(person.GetLookup("Reporting_To"));
    }

    [Fact]
    public async Task Deals_MassUpdateOfThreeFields_IsOneCall_AndContactsAreListedAndUpdatedTyped()
    {
        using var client = NewClient("v8");
        var deals = client.Module("Deals");
        string[] ids = [.. await Task.WhenAll(new[] { "Kestrel renewal", "Lumen pilot" }.Select(async name =>
            (await deals.InsertAsync(new ZohoRecord().Set("Deal_Name", name).Set("Stage", "Qualification").Set("Closing_Date", "2026-12-31"))).Details["id"]!.GetValue<string>()))];

        var result = await deals.MassUpdateAsync(new Dictionary<string, JsonNode?> { ["Stage"] = "Negotiation/Review", ["Amount"] = 48000, ["Closing_Date"] = "2027-01-15" }, ids);
        var contacts = client.Module("Contacts");
        var contact = (await contacts.InsertAsync(new ZohoRecord().Set("Last_Name", "Okafor").Set("Email_Opt_Out", true))).Details["id"]!.GetValue<string>();
        var updated = await contacts.UpdateAsync([new ZohoRecord().Set("id", contact).Set("Title", "CTO")]);
        var listed = new List<ZohoRecord>();
        await foreach (var record in contacts.ListAsync()) listed.Add(record);

        Assert.Equal((1, 2), (result.Calls, result.Succeeded));
        foreach (var id in ids)
        {
            var deal = (await deals.GetAsync(id))!;
            Assert.Equal(("Negotiation/Review", 48000m, new DateOnly(2027, 1, 15)), (deal.GetString("Stage"), deal.GetDecimal("Amount"), deal.GetDate("Closing_Date")));
        }
        Assert.Equal("SUCCESS", updated.Single().Code);
        var read = listed.Single(r => r.Id == contact);
        Assert.Equal(("CTO", true, "Okafor"), (read.GetString("Title"), read.GetBoolean("Email_Opt_Out"), read.GetString("Last_Name")));
        Assert.NotNull(read.GetDateTime("Created_Time"));
    }
}

using System.Text.Json.Nodes;
using OpenLeads.Tests.DemoOrg;

namespace OpenLeads.Tests.Cli;

/// <summary>
/// <c>openleads … MODULE</c> on modules other than Leads: the module checked against the org's
/// modules, its own fields checked and shown, its own mass update rule (Deals: three fields at once).
/// </summary>
public sealed class CliModulesTests : CliTest
{
    private Task<string> InsertDealAsync(string name, string stage) =>
        Zoho.InsertAsync("Deals", new { Deal_Name = name, Stage = stage, Closing_Date = "2026-12-31", Amount = 1000 });

    private static readonly string[] ThreeDealFields = ["--set", "Stage=Negotiation/Review", "--set", "Amount=48000", "--set", "Closing_Date=2027-01-15"];

    private static string DealFields(JsonObject deal) => $"{deal["Stage"]} {deal["Amount"]} {deal["Closing_Date"]}";

    [Fact]
    public async Task MassUpdate_OfDeals_SetsThreeFieldsInOneCall()
    {
        string[] ids = [await InsertDealAsync("Kestrel renewal", "Qualification"), await InsertDealAsync("Lumen pilot", "Needs Analysis")];
        using var sent = new RequestCounter(Server, "POST", "/actions/mass_update");

        var run = await RunAsync(["mass-update", "Deals", .. ThreeDealFields, "--ids", string.Join(',', ids), .. Connection]);

        Assert.Equal((0, ""), (run.ExitCode, run.Error));
        Assert.Contains("2 of 2 records updated, 0 not (1 call).", run.Out);
        Assert.Equal(1, sent.Count);
        foreach (var id in ids) Assert.Equal("Negotiation/Review 48000 2027-01-15", DealFields(await Zoho.GetRecordAsync("Deals", id)));
    }

    [Fact]
    public async Task MassUpdate_OfADealsView_SetsThreeFieldsByAJob_OnItsRecordsOnly()
    {
        var open = await InsertDealAsync("Kestrel renewal", "Qualification");
        var won = await InsertDealAsync("Atlas expansion", "Closed Won");

        var run = await RunAsync(["mass-update", "Deals", .. ThreeDealFields, "--cvid", DemoOrgCalls.OpenDeals, "--wait", .. Connection]);

        Assert.Equal(0, run.ExitCode);
        Assert.Matches(@"Job \d+: COMPLETED, 1 of 1 updated, 0 not updated, 0 failed\.", run.Out);
        Assert.Equal("Negotiation/Review 48000 2027-01-15", DealFields(await Zoho.GetRecordAsync("Deals", open)));
        Assert.Equal("Closed Won 1000 2026-12-31", DealFields(await Zoho.GetRecordAsync("Deals", won)));
    }

    [Theory]
    [InlineData("Satge=Closed Won", "Amount=1", "--set: Deals has no field 'Satge'; the nearest is 'Stage'.")]
    [InlineData("Stage=Won", "Amount=5", "--set: 'Won' is not a value of the picklist 'Stage' of Deals; allowed: ")]
    [InlineData("Account_Name={\"id\":\"1\"}", "Amount=5", "--set: the field 'Account_Name' of Deals cannot be mass updated.")]
    [InlineData("Amount=5", "Amount=6", "--set: the field 'Amount' is given twice.")]
    public async Task MassUpdate_OfDeals_ChecksEverySetAgainstItsFields_BeforeSendingAny(string first, string second, string message)
    {
        var id = await InsertDealAsync("Kestrel renewal", "Qualification");
        using var sent = new RequestCounter(Server, "POST", "/actions/mass_update");

        var run = await RunAsync(["mass-update", "Deals", "--set", first, "--set", second, "--ids", id, .. Connection]);

        Assert.Equal((1, ""), (run.ExitCode, run.Out));
        Assert.StartsWith($"openleads: {message}", run.Error);
        Assert.Equal(0, sent.Count);
    }

    [Fact]
    public async Task MassUpdate_OfContacts_TwoFields_IsRefusedAsAWholeByItsOneFieldRule()
    {
        var contact = await Zoho.InsertAsync("Contacts", new { Last_Name = "Okafor" });

        var run = await RunAsync(["mass-update", "Contacts", "--set", "Title=CTO", "--set", "Department=Research", "--ids", contact, .. Connection]);
        var one = await RunAsync(["mass-update", "Contacts", "--set", "Title=CTO", "--ids", contact, .. Connection]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("INVALID_DATA\tMax field limit exceeded\t{\"limit\":1}", run.Out);
        Assert.Equal(0, one.ExitCode);
        Assert.Equal("CTO", (await Zoho.GetRecordAsync("Contacts", contact))["Title"]!.GetValue<string>());
    }

    [Fact]
    public async Task RecordsList_OfContacts_ShowsItsOwnFields_AndTheAccountLookupByName()
    {
        var account = await Zoho.InsertAsync("Accounts", new { Account_Name = "Kestrel Analytics" });
        var contact = await Zoho.InsertAsync("Contacts", new { First_Name = "Amara", Last_Name = "Okafor", Email = "amara@kestrel.example", Account_Name = new { id = account } });

        var run = await RunAsync(["records", "list", "Contacts", .. Connection]);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["id\tFull_Name\tLead_Source\tAccount_Name\tEmail\tPhone", $"{contact}\tAmara Okafor\t\tKestrel Analytics\tamara@kestrel.example\t", "1 records."],
            Lines(run.Out));
    }

    [Fact]
    public async Task RecordsInsertAndGet_OfContacts_TakeALookupAsAnId_AndAnswerItWithItsName()
    {
        var account = await Zoho.InsertAsync("Accounts", new { Account_Name = "Kestrel Analytics" });
        var file = WriteFile("contacts.json", [$$$"""[{"Last_Name":"Okafor","Account_Name":{"id":"{{{account}}}"}}]"""]);

        var insert = await RunAsync(["records", "insert", "contacts", "--file", file, "--output", "json", .. Connection]);
        var id = JsonNode.Parse(insert.Out)!["data"]![0]!["details"]!["id"]!.GetValue<string>();
        var get = await RunAsync(["records", "get", "Contacts", id, .. Connection]);
        var columns = await RunAsync(["records", "list", "Contacts", "--columns", "Last_Name,Account_Name", .. Connection]);

        Assert.Equal(0, insert.ExitCode);
        Assert.True(JsonNode.DeepEquals(new JsonObject { ["id"] = account, ["name"] = "Kestrel Analytics" }, JsonNode.Parse(get.Out)!["Account_Name"]), get.Out);
        Assert.Equal(["id\tLast_Name\tAccount_Name", $"{id}\tOkafor\tKestrel Analytics", "1 records."], Lines(columns.Out));
    }

    [Theory]
    [InlineData("records", "list", "Deal", "the org has no module 'Deal' (did you mean 'Deals'?); its modules are Leads, Accounts, Contacts, Deals, Projects.")]
    [InlineData("fields", "Invoices", null, "the org has no module 'Invoices'; its modules are Leads, Accounts, Contacts, Deals, Projects.")]
    public async Task AModuleTheOrgLacks_IsOneErrorListingItsModules(string command, string first, string? second, string message)
    {
        string[] args = second is null ? [command, first] : [command, first, second];

        var run = await RunAsync([.. args, .. Connection]);

        Assert.Equal((1, ""), (run.ExitCode, run.Out));
        Assert.Equal([$"openleads: {message}"], Lines(run.Error));
    }

    [Fact]
    public async Task Fields_OfDeals_AreItsOwn()
    {
        var fields = await RunAsync(["fields", "Deals", .. Connection]);

        Assert.Equal((0, ""), (fields.ExitCode, fields.Error));
        Assert.Contains("Stage\tpicklist\t120\ttrue\tfalse", Lines(fields.Out));
        Assert.Contains(Lines(fields.Out), l => l.StartsWith("Account_Name\tlookup\t", StringComparison.Ordinal));
    }
}

using Microsoft.Playwright;
using OpenLeads.Tests.DemoOrg;

namespace OpenLeads.Tests.WebConsole;

/// <summary>
/// The console on every module of the org, in a real browser: the module switcher, a module's own
/// columns, a lookup shown by name and linked to its record's page in its module, and a mass update.
/// </summary>
public sealed class ConsoleModulesTests : BrowserTest
{
    [Fact]
    public async Task SwitchToDeals_OpenOne_FollowItsAccountLookup_ThenMassUpdateADealsStage()
    {
        var account = await Zoho.InsertAsync("Accounts", new { Account_Name = "Kestrel Analytics" });
        var deal = await Zoho.InsertAsync("Deals", new { Deal_Name = "Kestrel renewal", Stage = "Qualification", Closing_Date = "2026-12-31", Account_Name = new { id = account } });
        var other = await Zoho.InsertAsync("Deals", new { Deal_Name = "Lumen pilot", Stage = "Qualification", Closing_Date = "2026-11-30" });
        await SignInAsync();
        await Assertions.Expect(Page.Locator("#list-title")).ToHaveTextAsync("Leads");

        await Page.GetByLabel("Module").SelectOptionAsync(new SelectOptionValue { Label = "Deals" });
        var rows = Page.Locator("#records tbody tr");
        await Assertions.Expect(Page.Locator("#list-title")).ToHaveTextAsync("Deals");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        Assert.EndsWith("#/Deals", Page.Url, StringComparison.Ordinal);
        await Assertions.Expect(Page.Locator("#records thead")).ToContainTextAsync("Deal Name");
        await Assertions.Expect(Page.Locator("#records thead")).ToContainTextAsync("Account Name");
        var listLookup = Page.Locator($"#records tr[data-id='{deal}'] a.lookup");
        await Assertions.Expect(listLookup).ToHaveTextAsync("Kestrel Analytics");
        await Assertions.Expect(listLookup).ToHaveAttributeAsync("href", $"#/Accounts/{account}");
        await ScreenshotAsync("1-deals");

        await Page.Locator($"#records tr[data-id='{deal}'] a.open").ClickAsync();
        await Assertions.Expect(Page.Locator("#record-title")).ToHaveTextAsync("Kestrel renewal");
        Assert.EndsWith($"#/Deals/{deal}", Page.Url, StringComparison.Ordinal);
        var lookup = Page.Locator("#record-fields dd[data-field='Account_Name'] a");
        await Assertions.Expect(lookup).ToHaveTextAsync("Kestrel Analytics");
        await ScreenshotAsync("2-deal");

        await lookup.ClickAsync();
        await Assertions.Expect(Page.Locator("#record-title")).ToHaveTextAsync("Kestrel Analytics");
        await Assertions.Expect(Page.Locator("#record-module")).ToHaveTextAsync("Account");
        Assert.EndsWith($"#/Accounts/{account}", Page.Url, StringComparison.Ordinal);
        await Assertions.Expect(Page.GetByLabel("Module")).ToHaveValueAsync("Accounts");
        await ScreenshotAsync("3-account");

        await Page.GoBackAsync();
        await Assertions.Expect(Page.Locator("#record-title")).ToHaveTextAsync("Kestrel renewal");
        await Page.GoBackAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await Page.Locator($"input[data-id='{deal}']").CheckAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Mass update…" }).ClickAsync();
        await Page.GetByLabel("Field").SelectOptionAsync(new SelectOptionValue { Label = "Stage" });
        await Page.GetByLabel("Value", new() { Exact = true }).SelectOptionAsync("Closed Won");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Update", Exact = true }).ClickAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Confirm update", Exact = true }).ClickAsync(); // after its preview

        await Assertions.Expect(Page.Locator("#outcome-summary")).ToHaveTextAsync("1 of 1 records updated.");
        await Assertions.Expect(ResultRow(deal)).ToContainTextAsync("SUCCESS");
        await Assertions.Expect(Page.Locator($"#records tr[data-id='{deal}']")).ToContainTextAsync("Closed Won");
        await ScreenshotAsync("4-mass-updated");
        Assert.Equal("Closed Won", (await Zoho.GetRecordAsync("Deals", deal))["Stage"]!.GetValue<string>());
        Assert.Equal("Qualification", (await Zoho.GetRecordAsync("Deals", other))["Stage"]!.GetValue<string>());
        Assert.Empty(BrowserErrors);
    }

    [Fact]
    public async Task AContactsPage_ReloadedFromItsAddress_ShowsItsModule_AndItsTimelineOfAMassUpdate()
    {
        var account = await Zoho.InsertAsync("Accounts", new { Account_Name = "Kestrel Analytics" });
        var contact = await Zoho.InsertAsync("Contacts", new { First_Name = "Amara", Last_Name = "Okafor", Account_Name = new { id = account } });
        await Zoho.MassUpdateAsync("Contacts", new { data = new[] { new { Title = "CTO" } }, ids = new[] { contact } });
        await Page.GotoAsync($"{Server.Address}#/Contacts/{contact}");
        await Page.GetByLabel("Access token").FillAsync(Infrastructure.OpenLeadsServer.DevToken);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Assertions.Expect(Page.Locator("#record-title")).ToHaveTextAsync("Amara Okafor");
        await Assertions.Expect(Page.GetByLabel("Module")).ToHaveValueAsync("Contacts");
        await Assertions.Expect(Page.Locator("#record-fields dd[data-field='Account_Name'] a")).ToHaveAttributeAsync("href", $"#/Accounts/{account}");
        await Assertions.Expect(Page.Locator("#timeline tbody")).ToContainTextAsync("CTO");
        await Assertions.Expect(Page.Locator("#timeline tbody")).ToContainTextAsync("mass update");

        await Page.GetByRole(AriaRole.Button, new() { Name = "← Back to the list" }).ClickAsync();
        await Assertions.Expect(Page.Locator("#list-title")).ToHaveTextAsync("Contacts");
        await Assertions.Expect(Page.Locator($"#records tr[data-id='{contact}'] a.lookup")).ToHaveTextAsync("Kestrel Analytics");
        await ScreenshotAsync("contacts");
        Assert.Empty(BrowserErrors);
    }
}

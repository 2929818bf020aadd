using Microsoft.Playwright;
using OpenLeads.Server.Storage;
using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.WebConsole;

/// <summary>
/// The console's pages in a real browser: a record's own address (reload, Back), who is signed in,
/// refusals read as sentences, and each view's record count.
/// </summary>
public sealed class ConsolePagesTests : BrowserTest
{
    private static readonly string AllLeads = DemoOrganisation.AllLeadsView.ToString();

    private async Task SearchAsync(string text)
    {
        await Page.GetByLabel("Search").FillAsync(text);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
    }

    [Fact]
    public async Task RecordPage_HasItsOwnAddress_SoReloadShowsItAgain_AndBackReturnsToTheSearchedView()
    {
        await Zoho.SeedLeadsAsync(8);
        var lead = (await Zoho.GetAsync("/crm/v2/Leads")).Data[2]!;
        var (id, word) = (lead["id"]!.GetValue<string>(), lead["Last_Name"]!.GetValue<string>());
        var found = (await Zoho.GetAsync($"/crm/v2/Leads/search?word={Uri.EscapeDataString(word)}")).Data.Count;
        await SignInAsync();
        var rows = Page.Locator("#records tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(8);
        await Page.GetByLabel("View").SelectOptionAsync(AllLeads);
        await SearchAsync(word);
        await Assertions.Expect(rows).ToHaveCountAsync(found);

        await Page.Locator($"#records tr[data-id='{id}'] a.open").ClickAsync();
        var fields = Page.Locator("#record-fields");
        await Assertions.Expect(fields).ToContainTextAsync(lead["Email"]!.GetValue<string>());
        Assert.EndsWith($"#/Leads/{id}", Page.Url, StringComparison.Ordinal);

        await Page.ReloadAsync();
        await Assertions.Expect(Page.Locator("#record-title")).ToHaveTextAsync(lead["Full_Name"]!.GetValue<string>());
        await Assertions.Expect(fields).ToContainTextAsync(lead["Email"]!.GetValue<string>());
        await ScreenshotAsync("reloaded");

        await Page.GoBackAsync();
        await Assertions.Expect(Page.Locator("#list")).ToBeVisibleAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(found);
        await Assertions.Expect(Page.GetByLabel("Search")).ToHaveValueAsync(word);
        await Assertions.Expect(Page.GetByLabel("View")).ToHaveValueAsync(AllLeads);
        Assert.Empty(BrowserErrors);
    }

    [Fact]
    public async Task Header_NamesTheTokensUser_AndATokenThatMayNotReadUsersStillSignsIn()
    {
        var user = (await Zoho.GetAsync("/crm/v2/users?type=CurrentUser")).Body!["users"]![0]!;
        var unnamed = await Zoho.MintTokenAsync(["ZohoCRM.modules.ALL", "ZohoCRM.settings.ALL"]);
        await SignInAsync();

        await Assertions.Expect(Page.Locator("#who"))
            .ToHaveTextAsync($"Signed in as {user["full_name"]!.GetValue<string>()} {user["email"]!.GetValue<string>()}");
        Assert.Equal("Patricia Boyle", user["full_name"]!.GetValue<string>());
        await ScreenshotAsync("header", fullPage: false);

        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Page.GetByLabel("Access token").FillAsync(unnamed);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(Page.Locator("#list")).ToBeVisibleAsync();
        await Assertions.Expect(Page.Locator("#who")).ToHaveTextAsync("Signed in");
    }

    [Fact]
    public async Task RefusedSearch_ReadsAsASentence_NotAsJson()
    {
        await Zoho.SeedLeadsAsync(3);
        await SignInAsync();
        await Assertions.Expect(Page.Locator("#records tbody tr")).ToHaveCountAsync(3);

        await SearchAsync("(No_of_Employees:between:5)");

        await Assertions.Expect(Page.Locator("#list-message")).ToHaveTextAsync(
            "INVALID_QUERY: invalid query formed (field No_of_Employees, operator between, between takes two values: low,high)");
        await ScreenshotAsync("refused");
        Assert.Empty(BrowserErrors);
    }

    [Fact]
    public async Task ViewPicker_ShowsHowManyRecordsTheViewOrSearchHas_WhereTheApiCanCount()
    {
        await Zoho.SeedLeadsAsync(12);
        var created = await Zoho.PostAsync("/__admin/custom_views", new { module = "Leads", name = "Large", criteria = "(No_of_Employees:greater_than:2500)" });
        var large = created.Body!["id"]!.GetValue<string>();
        var inLarge = await Zoho.GetAsync($"/crm/v2/Leads?cvid={large}");
        var largeCount = inLarge.Code == 204 ? 0 : inLarge.Data.Count;
        var word = (await Zoho.GetAsync("/crm/v2/Leads")).Data[0]!["Company"]!.GetValue<string>().Split(' ')[0];
        var byWord = (await Zoho.GetAsync($"/crm/v2/Leads/search?word={Uri.EscapeDataString(word)}")).Data.Count;
        string Records(int n) => $"{n} record{(n == 1 ? "" : "s")}";
        await SignInAsync();
        var count = Page.Locator("#record-count");

        await Assertions.Expect(count).ToHaveTextAsync("12 records");
        await Page.GetByLabel("View").SelectOptionAsync(AllLeads);
        await Assertions.Expect(count).ToHaveTextAsync("12 records");
        await Page.GetByLabel("View").SelectOptionAsync(large);
        await Assertions.Expect(count).ToHaveTextAsync(Records(largeCount));
        await ScreenshotAsync("view-count", fullPage: false);
        await SearchAsync(word);
        await Assertions.Expect(count).ToHaveTextAsync(Records(byWord));

        // Zoho's count takes no criteria on text fields: the list shows the search, and no count.
        await SearchAsync($"(Last_Name:starts_with:{word[..1]})");
        await Assertions.Expect(Page.Locator("#list-message")).ToHaveTextAsync("");
        await Assertions.Expect(count).ToHaveTextAsync("");
        Assert.Empty(BrowserErrors);
    }
}

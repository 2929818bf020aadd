using Microsoft.Playwright;
using OpenLeads.Server.Storage;
using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.WebConsole;

/// <summary>The console's mass update in a real browser: sign in, select, mass-update, read the results, watch a job.</summary>
public sealed class ConsoleBrowserTests : BrowserTest
{
    [Fact]
    public async Task SignIn_SelectThreeLeads_SetEmployees_ShowsThreeSuccessRows_AndTheApiHasTheNewValues()
    {
        var ids = await Zoho.SeedLeadsAsync(5);
        await SignInAsync();
        await Assertions.Expect(Page.Locator("#records tbody tr")).ToHaveCountAsync(5);
        await ScreenshotAsync("1-signed-in");

        foreach (var id in ids[..3]) await Page.Locator($"input[data-id='{id}']").CheckAsync();
        await Assertions.Expect(Page.Locator("#selection")).ToContainTextAsync("3 selected");
        await MassUpdateAsync("No. of Employees", "4242");
        await ScreenshotAsync("2-dialog");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Update", Exact = true }).ClickAsync();
        await Assertions.Expect(Page.Locator("#mass-update-preview")).ToHaveTextAsync("Preview: 3 of 3 records would be updated. Nothing has changed yet.");
        foreach (var id in ids[..3]) Assert.NotEqual("4242", (await Zoho.GetLeadAsync(id))["No_of_Employees"]?.ToString()); // not yet
        await Page.GetByRole(AriaRole.Button, new() { Name = "Confirm update", Exact = true }).ClickAsync(); // after its preview

        await Assertions.Expect(Page.Locator("#outcome-summary")).ToHaveTextAsync("3 of 3 records updated.");
        foreach (var id in ids[..3]) await Assertions.Expect(ResultRow(id)).ToContainTextAsync("SUCCESS");
        await ScreenshotAsync("3-results");
        foreach (var id in ids[..3]) Assert.Equal(4242, (await Zoho.GetLeadAsync(id))["No_of_Employees"]!.GetValue<int>());
        Assert.NotEqual(4242, (await Zoho.GetLeadAsync(ids[3]))["No_of_Employees"]?.GetValue<int>());

        // On a narrow window the page does not scroll sideways; only the tables do, inside their own boxes.
        await Page.SetViewportSizeAsync(420, 800);
        Assert.True(await Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"));
        await ScreenshotAsync("4-narrow");
        Assert.Empty(BrowserErrors);
    }

    [Theory]
    [InlineData(1280)]
    [InlineData(420)]
    public async Task MassUpdate_OfRowsFarDownTheList_ShowsItsSummaryInTheWindow(int width)
    {
        await Zoho.SeedLeadsAsync(60);
        await Page.SetViewportSizeAsync(width, 800);
        await SignInAsync();
        var rows = Page.Locator("#records tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(60);
        var lastThree = (await ShownIdsAsync(rows))[^3..];

        foreach (var id in lastThree) await Page.Locator($"input[data-id='{id}']").CheckAsync();
        await MassUpdateAsync("No. of Employees", "808");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Update", Exact = true }).ClickAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Confirm update", Exact = true }).ClickAsync(); // after its preview

        var summary = Page.Locator("#outcome-summary");
        await Assertions.Expect(summary).ToHaveTextAsync("3 of 3 records updated.");
        await ScreenshotAsync($"window-{width}", fullPage: false);
        Assert.True(await IsInViewAsync(summary), $"the summary is outside the {width}x800 window, at y={(await summary.BoundingBoxAsync())?.Y}");
        foreach (var id in lastThree) Assert.Equal(808, (await Zoho.GetLeadAsync(id))["No_of_Employees"]!.GetValue<int>());
        Assert.Empty(BrowserErrors);
    }

    [Fact]
    public async Task LockedRecord_ShowsRecordLocked_AndStaysUnchanged()
    {
        var ids = await Zoho.SeedLeadsAsync(2);
        await Zoho.SetStateAsync(ids[1], lockAction: "record_locking");
        var before = await Zoho.GetLeadAsync(ids[1]);
        await SignInAsync();
        await Assertions.Expect(Page.Locator($"#records tr[data-id='{ids[1]}']")).ToContainTextAsync("locked");

        foreach (var id in ids) await Page.Locator($"input[data-id='{id}']").CheckAsync();
        await MassUpdateAsync("No. of Employees", "77");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Update", Exact = true }).ClickAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Confirm update", Exact = true }).ClickAsync(); // after its preview

        await Assertions.Expect(ResultRow(ids[1])).ToContainTextAsync("RECORD_LOCKED");
        await Assertions.Expect(ResultRow(ids[0])).ToContainTextAsync("SUCCESS");
        await Assertions.Expect(Page.Locator("#outcome-summary")).ToHaveTextAsync("1 of 2 records updated; 1 not: RECORD_LOCKED (1).");
        await Assertions.Expect(ResultRow(ids[1]).Locator("td").Nth(2)).ToHaveTextAsync(
            "cannot update record that is not approved yet (locked by record locking)");
        await ScreenshotAsync("results");
        Assert.Equal(before.ToJsonString(), (await Zoho.GetLeadAsync(ids[1])).ToJsonString());
        Assert.Empty(BrowserErrors);
    }

    [Fact]
    public async Task EveryRecordOfAView_IsUpdatedByAJob_WhoseProgressBarReachesCompleted()
    {
        await Zoho.SeedLeadsAsync(30);
        await SignInAsync();
        await Page.GetByLabel("View").SelectOptionAsync(DemoOrganisation.AllLeadsView.ToString());
        await Page.GetByRole(AriaRole.Button, new() { Name = "Select all records in this view" }).ClickAsync();
        await MassUpdateAsync("No. of Employees", "31");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Update", Exact = true }).ClickAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Confirm update", Exact = true }).ClickAsync(); // after its preview

        await Assertions.Expect(Page.Locator("#outcome-summary")).ToContainTextAsync("COMPLETED, 30 of 30 updated, 0 not updated, 0 failed.");
        var bar = Page.Locator("#job-progress");
        Assert.Equal(await bar.GetAttributeAsync("max"), await bar.EvaluateAsync<string>("b => String(b.value)"));
        await ScreenshotAsync("job-completed");
        Assert.Empty(BrowserErrors);
    }

    [Fact]
    public async Task ValueTheFieldRefuses_IsExplainedBeforeSending()
    {
        var ids = await Zoho.SeedLeadsAsync(1);
        var before = await Zoho.GetLeadAsync(ids[0]);
        await SignInAsync();
        await Page.Locator($"input[data-id='{ids[0]}']").CheckAsync();

        await MassUpdateAsync("No. of Employees", "12.5");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Update", Exact = true }).ClickAsync();

        await Assertions.Expect(Page.Locator("#mass-update-message")).ToHaveTextAsync("No. of Employees takes a whole number.");
        await Assertions.Expect(Page.Locator("#mass-update")).ToBeVisibleAsync();
        Assert.Equal(before.ToJsonString(), (await Zoho.GetLeadAsync(ids[0])).ToJsonString());
    }

    [Fact]
    public async Task RecordPage_ShowsItsFields_AndTheTimelineNamesTheMassUpdateThatChangedIt()
    {
        var ids = await Zoho.SeedLeadsAsync(1);
        var before = (await Zoho.GetLeadAsync(ids[0]))["No_of_Employees"]!.ToJsonString();
        await Zoho.MassUpdateAsync(new { data = new[] { new { No_of_Employees = 5150 } }, ids });
        var lead = await Zoho.GetLeadAsync(ids[0]);
        await SignInAsync();

        await Page.GetByRole(AriaRole.Link, new() { Name = $"Open {lead["Full_Name"]!.GetValue<string>()}" }).ClickAsync();

        await Assertions.Expect(Page.Locator("#record-fields")).ToContainTextAsync(lead["Email"]!.GetValue<string>());
        var change = Page.Locator("#timeline tbody tr").Filter(new() { HasText = "No. of Employees" });
        await Assertions.Expect(change).ToContainTextAsync("mass update");
        await Assertions.Expect(change.Locator("td").Nth(4)).ToHaveTextAsync(before);
        await Assertions.Expect(change.Locator("td").Nth(5)).ToHaveTextAsync("5150");
        await ScreenshotAsync("record");
        await Page.GetByRole(AriaRole.Button, new() { Name = "← Back to the list" }).ClickAsync();
        await Assertions.Expect(Page.Locator("#records tbody tr")).ToHaveCountAsync(1);
        Assert.Empty(BrowserErrors);
    }

    [Fact]
    public async Task List_SortsByAColumn_AndSearchesByWordAndByCriteria_AsTheApiDoes()
    {
        await Zoho.SeedLeadsAsync(12);
        var sorted = (await Zoho.GetAsync("/crm/v2/Leads?sort_by=Last_Name&sort_order=desc")).Data.Select(r => r!["id"]!.GetValue<string>()).ToList();
        var city = (await Zoho.GetAsync("/crm/v2/Leads")).Data[0]!["City"]!.GetValue<string>();
        var found = (await Zoho.GetAsync($"/crm/v2/Leads/search?criteria=(City:equals:{Uri.EscapeDataString(city)})")).Data
            .Select(r => r!["id"]!.GetValue<string>()).Order().ToList();
        await SignInAsync();
        var rows = Page.Locator("#records tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(12);

        await Page.GetByRole(AriaRole.Button, new() { Name = "Last Name" }).ClickAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Last Name ▲" }).ClickAsync();
        await Assertions.Expect(Page.Locator("th[aria-sort='descending']")).ToHaveCountAsync(1);
        Assert.Equal(sorted, await ShownIdsInOrderAsync(rows, sorted));

        await Page.GetByLabel("Search").FillAsync($"(City:equals:{city})");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(found.Count);
        Assert.Equal(found, await ShownIdsOnceAsync(rows, found));
        await ScreenshotAsync("searched");

        var word = (await Zoho.GetAsync("/crm/v2/Leads")).Data[0]!["Last_Name"]!.GetValue<string>();
        var byWord = (await Zoho.GetAsync($"/crm/v2/Leads/search?word={Uri.EscapeDataString(word)}")).Data.Select(r => r!["id"]!.GetValue<string>()).Order().ToList();
        await Page.GetByLabel("Search").FillAsync(word);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(byWord.Count);
        Assert.Equal(byWord, await ShownIdsOnceAsync(rows, byWord));
        Assert.Empty(BrowserErrors);
    }

    [Fact]
    public async Task WrongToken_ShowsWhy_AndAsksForAnother()
    {
        await SignInAsync("1000.not.a-token");

        await Assertions.Expect(Page.Locator("#sign-in-message")).ToContainTextAsync("AUTHENTICATION_FAILURE: Authentication failed");
        await Assertions.Expect(Page.GetByLabel("Access token")).ToBeVisibleAsync();
        await ScreenshotAsync("refused");
        Assert.Null(await Page.EvaluateAsync<string?>("() => sessionStorage.getItem('openleads.token')"));
    }
}

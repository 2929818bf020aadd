using Microsoft.Playwright;
using OpenLeads.Server.Storage;
using OpenLeads.Tests.Jobs;
using OpenLeads.Tests.WebConsole;

namespace OpenLeads.Tests.Operations;

/// <summary>The console's Undo and Show records on the mass update panel, in a real browser: after a call by ids and after a job.</summary>
public sealed class ConsoleUndoTests : BrowserTest
{
    [Fact]
    public async Task Undo_OnTheResultPanel_RestoresTheRecords_AndShowRecordsListsWhatTheUndoDid()
    {
        var ids = await Zoho.InsertLeadsAsync(4);
        await SignInAsync();
        foreach (var id in ids[..3]) await Page.Locator($"input[data-id='{id}']").CheckAsync();
        await MassUpdateAsync("No. of Employees", "4242");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Update", Exact = true }).ClickAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Confirm update", Exact = true }).ClickAsync(); // after its preview
        await Assertions.Expect(Page.Locator("#outcome-summary")).ToHaveTextAsync("3 of 3 records updated.");

        await Page.GetByRole(AriaRole.Button, new() { Name = "Undo", Exact = true }).ClickAsync();

        await Assertions.Expect(Page.Locator("#outcome-summary")).ToHaveTextAsync("Undone: 3 records restored, 0 left alone (changed since, or locked), 0 failed.");
        Assert.Equal(["10", "10", "10"], await Zoho.ValuesAsync("No_of_Employees", ids[..3]));
        await Page.GetByRole(AriaRole.Button, new() { Name = "Show records" }).ClickAsync();
        await Assertions.Expect(Page.Locator("#results tbody tr")).ToHaveCountAsync(3);
        await Assertions.Expect(Page.Locator($"#results tbody tr[data-id='{ids[0]}']")).ToContainTextAsync("SUCCESS");
        await ScreenshotAsync("undone");
        Assert.Empty(BrowserErrors);
    }

    [Fact]
    public async Task Undo_OfAJob_FromItsView_RestoresEveryRecordOfIt()
    {
        var ids = await Zoho.InsertLeadsAsync(6);
        await SignInAsync();
        await Page.GetByLabel("View").SelectOptionAsync(DemoOrganisation.AllLeadsView.ToString());
        await Page.GetByRole(AriaRole.Button, new() { Name = "Select all records in this view" }).ClickAsync();
        await MassUpdateAsync("No. of Employees", "31");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Update", Exact = true }).ClickAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Confirm update", Exact = true }).ClickAsync(); // after its preview
        await Assertions.Expect(Page.Locator("#outcome-summary")).ToContainTextAsync("COMPLETED, 6 of 6 updated");

        await Page.GetByRole(AriaRole.Button, new() { Name = "Undo", Exact = true }).ClickAsync();

        await Assertions.Expect(Page.Locator("#outcome-summary")).ToHaveTextAsync("Undone: 6 records restored, 0 left alone (changed since, or locked), 0 failed.");
        Assert.All(await Zoho.ValuesAsync("No_of_Employees", ids), v => Assert.Equal("10", v));
        Assert.Empty(BrowserErrors);
    }
}

using Microsoft.Playwright;
using OpenLeads.Server.Storage;
using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.WebConsole;

/// <summary>
/// The web console in a real browser (Debian's Chromium, headless, driven by Playwright) against a
/// real server on a loopback port: sign in, select, mass-update, read the results, watch a job. Each
/// step's screenshot is kept under TestResults/console-screenshots.
/// </summary>
public sealed class ConsoleBrowserTests : ServerTest, IAsyncLifetime
{
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;
    private IPage _page = null!;
    private readonly List<string> _browserErrors = [];

    /// <summary>Debian's Chromium unless OPENLEADS_CHROMIUM names another; ./test.sh installs it when missing.</summary>
    private static string Chromium => Environment.GetEnvironmentVariable("OPENLEADS_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        Assert.True(File.Exists(Chromium), $"The browser tests need Chromium at {Chromium} (apt-get install chromium, or set OPENLEADS_CHROMIUM).");
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox"] });
        _page = await _browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 } });
        // A Content-Security-Policy the console breaks, or a script error, shows up here.
        _page.Console += (_, message) => { if (message.Type == "error") _browserErrors.Add(message.Text); };
        _page.PageError += (_, error) => _browserErrors.Add(error);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await DisposeAsync();
    }

    private async Task ScreenshotAsync(string step, [System.Runtime.CompilerServices.CallerMemberName] string test = "")
    {
        var directory = Path.Combine(RepositoryRoot(), "TestResults", "console-screenshots");
        Directory.CreateDirectory(directory);
        await _page.ScreenshotAsync(new() { Path = Path.Combine(directory, $"{test}-{OpenLeadsServer.Provider}-{step}.png"), FullPage = true });
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "OpenLeads.slnx"))) directory = directory.Parent;
        return directory?.FullName ?? AppContext.BaseDirectory;
    }

    private async Task SignInAsync(string token = OpenLeadsServer.DevToken)
    {
        await _page.GotoAsync(Server.Address.ToString());
        await _page.GetByLabel("Access token").FillAsync(token);
        await _page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    private async Task MassUpdateAsync(string fieldLabel, string value)
    {
        await _page.GetByRole(AriaRole.Button, new() { Name = "Mass update…" }).ClickAsync();
        await _page.GetByLabel("Field").SelectOptionAsync(new SelectOptionValue { Label = fieldLabel });
        await _page.GetByLabel("Value", new() { Exact = true }).FillAsync(value);
    }

    private static async Task<List<string>> ShownIdsAsync(ILocator rows) =>
        [.. (await rows.EvaluateAllAsync<string>("rows => rows.map(r => r.dataset.id).join(',')")).Split(',')];

    private ILocator ResultRow(string id) => _page.Locator($"#results tbody tr[data-id='{id}']");

    [Fact]
    public async Task SignIn_SelectThreeLeads_SetEmployees_ShowsThreeSuccessRows_AndTheApiHasTheNewValues()
    {
        var ids = await Zoho.SeedLeadsAsync(5);
        await SignInAsync();
        await Assertions.Expect(_page.Locator("#records tbody tr")).ToHaveCountAsync(5);
        await ScreenshotAsync("1-signed-in");

        foreach (var id in ids[..3]) await _page.Locator($"input[data-id='{id}']").CheckAsync();
        await Assertions.Expect(_page.Locator("#selection")).ToContainTextAsync("3 selected");
        await MassUpdateAsync("No. of Employees", "4242");
        await ScreenshotAsync("2-dialog");
        await _page.GetByRole(AriaRole.Button, new() { Name = "Update", Exact = true }).ClickAsync();

        await Assertions.Expect(_page.Locator("#outcome-summary")).ToHaveTextAsync("3 of 3 records updated.");
        foreach (var id in ids[..3]) await Assertions.Expect(ResultRow(id)).ToContainTextAsync("SUCCESS");
        await ScreenshotAsync("3-results");
        foreach (var id in ids[..3]) Assert.Equal(4242, (await Zoho.GetLeadAsync(id))["No_of_Employees"]!.GetValue<int>());
        Assert.NotEqual(4242, (await Zoho.GetLeadAsync(ids[3]))["No_of_Employees"]?.GetValue<int>());

        // On a narrow window the page does not scroll sideways; only the tables do, inside their own boxes.
        await _page.SetViewportSizeAsync(420, 800);
        Assert.True(await _page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"));
        await ScreenshotAsync("4-narrow");
        Assert.Empty(_browserErrors);
    }

    [Fact]
    public async Task LockedRecord_ShowsRecordLocked_AndStaysUnchanged()
    {
        var ids = await Zoho.SeedLeadsAsync(2);
        await Zoho.SetStateAsync(ids[1], lockAction: "record_locking");
        var before = await Zoho.GetLeadAsync(ids[1]);
        await SignInAsync();
        await Assertions.Expect(_page.Locator($"#records tr[data-id='{ids[1]}']")).ToContainTextAsync("locked");

        foreach (var id in ids) await _page.Locator($"input[data-id='{id}']").CheckAsync();
        await MassUpdateAsync("No. of Employees", "77");
        await _page.GetByRole(AriaRole.Button, new() { Name = "Update", Exact = true }).ClickAsync();

        await Assertions.Expect(ResultRow(ids[1])).ToContainTextAsync("RECORD_LOCKED");
        await Assertions.Expect(ResultRow(ids[0])).ToContainTextAsync("SUCCESS");
        await Assertions.Expect(_page.Locator("#outcome-summary")).ToHaveTextAsync("1 of 2 records updated.");
        await ScreenshotAsync("results");
        Assert.Equal(before.ToJsonString(), (await Zoho.GetLeadAsync(ids[1])).ToJsonString());
        Assert.Empty(_browserErrors);
    }

    [Fact]
    public async Task EveryRecordOfAView_IsUpdatedByAJob_WhoseProgressBarReachesCompleted()
    {
        await Zoho.SeedLeadsAsync(30);
        await SignInAsync();
        await _page.GetByLabel("View").SelectOptionAsync(DemoOrganisation.AllLeadsView.ToString());
        await _page.GetByRole(AriaRole.Button, new() { Name = "Select all records in this view" }).ClickAsync();
        await MassUpdateAsync("No. of Employees", "31");
        await _page.GetByRole(AriaRole.Button, new() { Name = "Update", Exact = true }).ClickAsync();

        await Assertions.Expect(_page.Locator("#outcome-summary")).ToContainTextAsync("COMPLETED, 30 of 30 updated, 0 not updated, 0 failed.");
        var bar = _page.Locator("#job-progress");
        Assert.Equal(await bar.GetAttributeAsync("max"), await bar.EvaluateAsync<string>("b => String(b.value)"));
        await ScreenshotAsync("job-completed");
        Assert.Empty(_browserErrors);
    }

    [Fact]
    public async Task ValueTheFieldRefuses_IsExplainedBeforeSending()
    {
        var ids = await Zoho.SeedLeadsAsync(1);
        var before = await Zoho.GetLeadAsync(ids[0]);
        await SignInAsync();
        await _page.Locator($"input[data-id='{ids[0]}']").CheckAsync();

        await MassUpdateAsync("No. of Employees", "12.5");
        await _page.GetByRole(AriaRole.Button, new() { Name = "Update", Exact = true }).ClickAsync();

        await Assertions.Expect(_page.Locator("#mass-update-message")).ToHaveTextAsync("No. of Employees takes a whole number.");
        await Assertions.Expect(_page.Locator("#mass-update")).ToBeVisibleAsync();
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

        await _page.GetByRole(AriaRole.Button, new() { Name = $"Open {lead["Last_Name"]!.GetValue<string>()}" }).ClickAsync();

        await Assertions.Expect(_page.Locator("#record-fields")).ToContainTextAsync(lead["Email"]!.GetValue<string>());
        var change = _page.Locator("#timeline tbody tr").Filter(new() { HasText = "No. of Employees" });
        await Assertions.Expect(change).ToContainTextAsync("mass update");
        await Assertions.Expect(change.Locator("td").Nth(4)).ToHaveTextAsync(before);
        await Assertions.Expect(change.Locator("td").Nth(5)).ToHaveTextAsync("5150");
        await ScreenshotAsync("record");
        await _page.GetByRole(AriaRole.Button, new() { Name = "← Back to the list" }).ClickAsync();
        await Assertions.Expect(_page.Locator("#records tbody tr")).ToHaveCountAsync(1);
        Assert.Empty(_browserErrors);
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
        var rows = _page.Locator("#records tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(12);

        await _page.GetByRole(AriaRole.Button, new() { Name = "Last Name" }).ClickAsync();
        await _page.GetByRole(AriaRole.Button, new() { Name = "Last Name ▲" }).ClickAsync();
        await Assertions.Expect(_page.Locator("th[aria-sort='descending']")).ToHaveCountAsync(1);
        Assert.Equal(sorted, await ShownIdsAsync(rows));

        await _page.GetByLabel("Search").FillAsync($"(City:equals:{city})");
        await _page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(found.Count);
        Assert.Equal(found, (await ShownIdsAsync(rows)).Order().ToList());
        await ScreenshotAsync("searched");

        var word = (await Zoho.GetAsync("/crm/v2/Leads")).Data[0]!["Last_Name"]!.GetValue<string>();
        var byWord = (await Zoho.GetAsync($"/crm/v2/Leads/search?word={Uri.EscapeDataString(word)}")).Data.Select(r => r!["id"]!.GetValue<string>()).Order().ToList();
        await _page.GetByLabel("Search").FillAsync(word);
        await _page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(byWord.Count);
        Assert.Equal(byWord, (await ShownIdsAsync(rows)).Order().ToList());
        Assert.Empty(_browserErrors);
    }

    [Fact]
    public async Task WrongToken_ShowsWhy_AndAsksForAnother()
    {
        await SignInAsync("1000.not.a-token");

        await Assertions.Expect(_page.Locator("#sign-in-message")).ToContainTextAsync("AUTHENTICATION_FAILURE: Authentication failed");
        await Assertions.Expect(_page.GetByLabel("Access token")).ToBeVisibleAsync();
        await ScreenshotAsync("refused");
        Assert.Null(await _page.EvaluateAsync<string?>("() => sessionStorage.getItem('openleads.token')"));
    }
}

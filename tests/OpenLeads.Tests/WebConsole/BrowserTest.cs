using Microsoft.Playwright;
using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.WebConsole;

/// <summary>
/// The web console in a real browser (Debian's Chromium, headless, driven by Playwright) against a
/// real server on a loopback port, one browser and one server per test. Each step's screenshot is
/// kept under TestResults/console-screenshots.
/// </summary>
public abstract class BrowserTest(IReadOnlyDictionary<string, string?>? settings = null) : ServerTest(settings), IAsyncLifetime
{
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;
    protected IPage Page { get; private set; } = null!;

    /// <summary>Script errors and console errors (a Content-Security-Policy the console breaks shows up here).</summary>
    protected List<string> BrowserErrors { get; } = [];

    /// <summary>Debian's Chromium unless OPENLEADS_CHROMIUM names another; ./test.sh installs it when missing.</summary>
    private static string Chromium => Environment.GetEnvironmentVariable("OPENLEADS_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        Assert.True(File.Exists(Chromium), $"The browser tests need Chromium at {Chromium} (apt-get install chromium, or set OPENLEADS_CHROMIUM).");
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox"] });
        Page = await _browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 } });
        // A refusal the console shows (a 4xx it reads) is logged by Chromium too; it is no fault of the page.
        Page.Console += (_, message) =>
        {
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource: the server responded with a status of 4", StringComparison.Ordinal))
            {
                BrowserErrors.Add(message.Text);
            }
        };
        Page.PageError += (_, error) => BrowserErrors.Add(error);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await DisposeAsync();
    }

    /// <summary>The whole page, or with <paramref name="fullPage"/> false only what the window shows.</summary>
    protected async Task ScreenshotAsync(string step, bool fullPage = true, [System.Runtime.CompilerServices.CallerMemberName] string test = "")
    {
        var directory = Path.Combine(Repository.Root, "TestResults", "console-screenshots");
        Directory.CreateDirectory(directory);
        await Page.ScreenshotAsync(new() { Path = Path.Combine(directory, $"{test}-{OpenLeadsServer.Provider}-{step}.png"), FullPage = fullPage });
    }

    protected async Task SignInAsync(string token = OpenLeadsServer.DevToken)
    {
        await Page.GotoAsync(Server.Address.ToString());
        await Page.GetByLabel("Access token").FillAsync(token);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    protected async Task MassUpdateAsync(string fieldLabel, string value)
    {
        await Page.GetByRole(AriaRole.Button, new() { Name = "Mass update…" }).ClickAsync();
        await Page.GetByLabel("Field").SelectOptionAsync(new SelectOptionValue { Label = fieldLabel });
        await Page.GetByLabel("Value", new() { Exact = true }).FillAsync(value);
    }

    protected static async Task<List<string>> ShownIdsAsync(ILocator rows) =>
        [.. (await rows.EvaluateAllAsync<string>("rows => rows.map(r => r.dataset.id).join(',')")).Split(',')];

    /// <summary>
    /// The ids the list shows once it shows <paramref name="expected"/> (in any order), or what it shows after 10 s: a new
    /// search may answer as many rows as the one before, so a row count alone does not say the list has changed.
    /// </summary>
    protected static async Task<List<string>> ShownIdsOnceAsync(ILocator rows, IReadOnlyList<string> expected)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var shown = (await ShownIdsAsync(rows)).Order().ToList();
            if (shown.SequenceEqual(expected.Order()) || clock.Elapsed > TimeSpan.FromSeconds(10)) return shown;
            await Task.Delay(50);
        }
    }

    /// <summary>
    /// The ids the list shows once it shows <paramref name="expected"/> in that order, or what it shows after 10 s: the
    /// sorted column's header changes as the sort is asked for, before the sorted page has arrived.
    /// </summary>
    protected static async Task<List<string>> ShownIdsInOrderAsync(ILocator rows, IReadOnlyList<string> expected)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var shown = await ShownIdsAsync(rows);
            if (shown.SequenceEqual(expected) || clock.Elapsed > TimeSpan.FromSeconds(10)) return shown;
            await Task.Delay(50);
        }
    }

    protected ILocator ResultRow(string id) => Page.Locator($"#results tbody tr[data-id='{id}']");

    /// <summary>Whether the element is wholly inside the window, as the user sees it without scrolling.</summary>
    protected async Task<bool> IsInViewAsync(ILocator locator)
    {
        var box = await locator.BoundingBoxAsync();
        var window = Page.ViewportSize!;
        return box is not null && box.Height > 0 && box.Y >= 0 && box.Y + box.Height <= window.Height && box.X >= 0 && box.X + box.Width <= window.Width;
    }
}

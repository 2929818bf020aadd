using Microsoft.Playwright;
using OpenLeads.Tests.Infrastructure;
using OpenLeads.Tests.WebConsole;

namespace OpenLeads.Tests.ApiDocs;

/// <summary>/docs in a real browser that can reach nothing but the server: the page renders, and its mass update can be tried as it stands.</summary>
public sealed class ApiReferenceBrowserTests() : BrowserTest(new Dictionary<string, string?> { ["OpenLeads:Seed:DemoLeads"] = "3" })
{
    [Fact]
    public async Task MassUpdate_TriedFromTheReferencePage_UpdatesTheExamplesLeads()
    {
        // The three demo Leads are the example's; one is set apart first, so that the page's call is seen to change it.
        var leads = (await Zoho.GetAsync("/crm/v2/Leads?fields=No_of_Employees")).Data.Select(l => l!["id"]!.GetValue<string>()).ToArray();
        Assert.Equal(3, leads.Length);
        Assert.Equal(200, (await Zoho.PutAsync($"/crm/v2/Leads/{leads[0]}", new { data = new[] { new { No_of_Employees = 7 } } })).Code);
        var elsewhere = new List<string>();
        await Page.RouteAsync("**/*", async route =>
        {
            if (new Uri(route.Request.Url).Authority == Server.Address.Authority) await route.ContinueAsync();
            else
            {
                elsewhere.Add(route.Request.Url);
                await route.AbortAsync();
            }
        });

        await Page.GotoAsync(new Uri(Server.Address, "/docs").ToString());
        await Page.GetByText("Mass update records").First.ClickAsync();   // the sidebar's entry
        await ScreenshotAsync("1-operation", fullPage: false);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Test Request (post /crm/{version}/{module}/actions/mass_update)" }).ClickAsync();
        await Page.GetByPlaceholder("Token").First.FillAsync(OpenLeadsServer.DevToken);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Send" }).First.ClickAsync();
        await Assertions.Expect(Page.GetByText("record updated").First).ToBeVisibleAsync();
        await ScreenshotAsync("2-answer", fullPage: false);

        foreach (var id in leads) Assert.Equal(1000, (await Zoho.GetLeadAsync(id))["No_of_Employees"]!.GetValue<int>());
        Assert.Empty(elsewhere);
        Assert.Empty(BrowserErrors);
    }
}

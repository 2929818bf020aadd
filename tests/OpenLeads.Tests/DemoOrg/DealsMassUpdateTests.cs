using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.DemoOrg;

/// <summary>
/// Zoho's rule that a Deals mass update sets up to three fields (every other module one, see
/// <c>MassUpdateTests.MoreThanOneField_AnswersMaxFieldLimitExceeded</c>), by ids and by custom view.
/// </summary>
public sealed class DealsMassUpdateTests : ServerTest
{
    private static readonly Dictionary<string, object?> ThreeFields = new()
    {
        ["Stage"] = "Negotiation/Review", ["Amount"] = 48000, ["Closing_Date"] = "2027-01-15",
    };

    private static string Fields(System.Text.Json.Nodes.JsonObject deal) =>
        $"{deal["Stage"]} {deal["Amount"]} {deal["Closing_Date"]}";

    private Task<string> InsertDealAsync(string name, string stage) =>
        Zoho.InsertAsync("Deals", new { Deal_Name = name, Stage = stage, Closing_Date = "2026-12-31", Amount = 1000 });

    [Fact]
    public async Task ThreeFields_ByIds_AreAllSet_AndAuditedEach()
    {
        string[] ids = [await InsertDealAsync("Kestrel renewal", "Qualification"), await InsertDealAsync("Lumen pilot", "Needs Analysis")];

        var response = await Zoho.MassUpdateAsync("Deals", new { data = new[] { ThreeFields }, ids });

        Assert.True(response.Code == 200, response.ToString());
        Assert.All(response.Data, e => Assert.Equal("SUCCESS", e!["code"]!.GetValue<string>()));
        foreach (var id in ids) Assert.Equal("Negotiation/Review 48000 2027-01-15", Fields(await Zoho.GetRecordAsync("Deals", id)));
        var timeline = await Zoho.GetAsync($"/crm/v8/Deals/{ids[0]}/__timeline");
        Assert.Equal(["Amount", "Closing_Date", "Stage"], timeline.Body!["__timeline"]![0]!["field_history"]!.AsArray()
            .Select(f => f!["api_name"]!.GetValue<string>()).Order());
    }

    [Fact]
    public async Task FourFields_AreRefusedWithTheLimitOfDeals_AndChangeNothing()
    {
        var id = await InsertDealAsync("Kestrel renewal", "Qualification");
        var before = await Zoho.GetRecordAsync("Deals", id);

        var response = await Zoho.MassUpdateAsync("Deals", new
        {
            data = new[] { new Dictionary<string, object?>(ThreeFields) { ["Probability"] = 90 } }, ids = new[] { id },
        });

        ResponseAssert.Is(400, """{"data":[{"code":"INVALID_DATA","details":{"limit":3},"message":"Max field limit exceeded","status":"error"}]}""", response);
        Assert.Equal(before.ToJsonString(), (await Zoho.GetRecordAsync("Deals", id)).ToJsonString());
    }

    [Fact]
    public async Task ThreeFields_ByView_AreAllSetByTheJob_OnTheViewsRecordsOnly()
    {
        string[] open = [await InsertDealAsync("Kestrel renewal", "Qualification"), await InsertDealAsync("Lumen pilot", "Value Proposition")];
        var won = await InsertDealAsync("Atlas expansion", "Closed Won");

        var job = await Zoho.MassUpdateViewAsync("Deals", DemoOrgCalls.OpenDeals, ThreeFields);

        Assert.Equal((2, 2), (job["Total_Count"]!.GetValue<int>(), job["Updated_Count"]!.GetValue<int>()));
        foreach (var id in open) Assert.Equal("Negotiation/Review 48000 2027-01-15", Fields(await Zoho.GetRecordAsync("Deals", id)));
        Assert.Equal("Closed Won 1000 2026-12-31", Fields(await Zoho.GetRecordAsync("Deals", won)));
    }
}

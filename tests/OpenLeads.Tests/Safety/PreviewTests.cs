using System.Text.Json.Nodes;
using OpenLeads.Tests.DemoOrg;
using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.Safety;

/// <summary>
/// <c>X-OpenLeads-Preview: true</c> on the mass update: the answer the update would give (per id; for a cvid the counts its job
/// would reach), the header echoed, and not a row of the database changed; a bad header value is refused naming it.
/// </summary>
public sealed class PreviewTests : ServerTest
{
    private async Task<ZohoResponse> PostAsync(string path, object body, string? preview)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(ZohoClient.Json(body), System.Text.Encoding.UTF8, "application/json") };
        if (preview is not null) request.Headers.TryAddWithoutValidation("X-OpenLeads-Preview", preview);
        var response = await Zoho.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new ZohoResponse(response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text), response);
    }

    private static string WithoutModifiedTime(JsonNode? body)
    {
        var copy = body!.DeepClone();
        foreach (var entry in copy["data"]!.AsArray()) (entry!["details"] as JsonObject)?.Remove("Modified_Time");
        return copy.ToJsonString();
    }

    [Fact]
    public async Task ByIds_AnswersWhatTheUpdateAnswers_EchoesTheHeader_AndChangesNothing()
    {
        string[] deals = [await Zoho.InsertAsync("Deals", new { Deal_Name = "Kestrel", Stage = "Qualification", Closing_Date = "2026-12-31" }),
            await Zoho.InsertAsync("Deals", new { Deal_Name = "Lumen", Stage = "Qualification", Closing_Date = "2026-12-31" })];
        Assert.Equal(200, (await Zoho.PutAsync($"/__admin/records/Deals/{deals[1]}/state", new { approval = "approved", lock_action = "record_locking" })).Code);
        var body = new { data = new[] { new { Stage = "Closed Won", Closing_Date = "2026-12-31" } }, ids = new[] { deals[0], deals[1], "738964000009999999", deals[0] } };
        var before = await DatabaseDigest.OfAsync(Server);

        var preview = await PostAsync("/crm/v8/Deals/actions/mass_update", body, "true");

        Assert.Equal(before, await DatabaseDigest.OfAsync(Server));
        Assert.Equal("true", preview.Message.Headers.GetValues("X-OpenLeads-Preview").Single());
        Assert.Equal(["SUCCESS", "RECORD_LOCKED", "INVALID_DATA", "SUCCESS"], preview.Data.Select(e => e!["code"]!.GetValue<string>()));
        var real = await PostAsync("/crm/v8/Deals/actions/mass_update", body, null);
        Assert.Equal(((int)real.Status, WithoutModifiedTime(real.Body)), ((int)preview.Status, WithoutModifiedTime(preview.Body)));
        Assert.False(real.Message.Headers.Contains("X-OpenLeads-Preview"));
        Assert.Equal("Closed Won", (await Zoho.GetRecordAsync("Deals", deals[0]))["Stage"]!.GetValue<string>());
    }

    [Fact]
    public async Task ByCvid_AnswersTheCountsItsJobWouldReach_ByRefusal_AndMakesNoJob()
    {
        string[] open = [.. await Task.WhenAll(Enumerable.Range(0, 5).Select(i => Zoho.InsertAsync("Deals", new { Deal_Name = $"D{i}", Stage = "Qualification", Closing_Date = "2026-12-31" })))];
        await Zoho.InsertAsync("Deals", new { Deal_Name = "Won", Stage = "Closed Won", Closing_Date = "2026-12-31" }); // outside the view
        await Zoho.PutAsync($"/__admin/records/Deals/{open[0]}/state", new { approval = "approved", lock_action = "record_locking" });
        await Zoho.PutAsync($"/__admin/records/Deals/{open[1]}/state", new { approval = "pending" });
        await Zoho.PutAsync($"/__admin/records/Deals/{open[2]}/state", new { approval = "in_review" });
        var body = new { data = new[] { new { Stage = "Negotiation/Review" } }, cvid = DemoOrgCalls.OpenDeals };
        var before = await DatabaseDigest.OfAsync(Server);

        var preview = await PostAsync("/crm/v8/Deals/actions/mass_update", body, "TRUE");

        ResponseAssert.Is(200, """
            {"data":[{"Status":"PREVIEW","Failed_Count":0,"Updated_Count":2,"Not_Updated_Count":3,"Total_Count":5,
              "Locked_Count":1,"Not_Approved_Count":1,"In_Review_Count":1,"Converted_Count":0}]}
            """, preview);
        Assert.Equal(before, await DatabaseDigest.OfAsync(Server));
        var job = await Zoho.MassUpdateViewAsync("Deals", DemoOrgCalls.OpenDeals, new() { ["Stage"] = "Negotiation/Review" });
        Assert.Equal((5, 2, 3), (job["Total_Count"]!.GetValue<int>(), job["Updated_Count"]!.GetValue<int>(), job["Not_Updated_Count"]!.GetValue<int>()));
    }

    [Fact]
    public async Task ByCvid_OfAViewWithNoRecords_AnswersWhatSchedulingWould()
    {
        var preview = await PostAsync("/crm/v2/Leads/actions/mass_update",
            new { data = new[] { new { City = "Lyon" } }, cvid = await Jobs.JobCalls.CreateViewAsync(Zoho, "Nowhere", "(City:equals:Nowhere)") }, "true");

        ResponseAssert.Is(200, """{"data":[{"code":"NO_RECORDS_FOUND","details":{},"message":"no record found to update","status":"error"}]}""", preview);
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("")]
    public async Task ABadHeaderValue_IsRefusedNamingTheHeader_AndChangesNothing(string value)
    {
        var id = (await Zoho.SeedLeadsAsync(1))[0];
        var before = await DatabaseDigest.OfAsync(Server);

        var response = await PostAsync("/crm/v2/Leads/actions/mass_update", new { data = new[] { new { City = "Lyon" } }, ids = new[] { id } }, value);

        ResponseAssert.IsError(400, "INVALID_DATA", "the X-OpenLeads-Preview header must be true or false",
            """{"header":"X-OpenLeads-Preview","expected_data_type":"boolean"}""", response);
        Assert.Equal(before, await DatabaseDigest.OfAsync(Server));
    }

    [Fact]
    public async Task APreviewOf500Ids_RunsNoMoreStatementsThanTheUpdate()
    {
        var ids = await Zoho.SeedLeadsAsync(500);
        var body = new { data = new[] { new { City = "Lyon" } }, ids };

        async Task<long> StatementsAsync(string? preview)
        {
            var counts = new List<long>();
            for (var i = 0; i < 3; i++) // the fewest of three: a background checkpoint may land in one
            {
                using var counter = new StatementCounter(Server.StorageName);
                Assert.Equal(200, (int)(await PostAsync("/crm/v2/Leads/actions/mass_update", body, preview)).Status);
                counts.Add(counter.Count);
            }
            return counts.Min();
        }

        var previewed = await StatementsAsync("true");
        var updated = await StatementsAsync(null);
        Assert.True(previewed <= updated, $"a preview ran {previewed} statements, the update {updated}");
    }
}

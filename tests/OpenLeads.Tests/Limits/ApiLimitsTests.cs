using OpenLeads.Client;
using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.Limits;

/// <summary>
/// Zoho's API limits, on by default at Enterprise's figures: more heavy calls in flight than 10 answer 429 TOO_MANY_REQUESTS,
/// which OpenLeads.Client backs off from until every call is served. (A delay fault holds each call open so that they overlap.)
/// </summary>
public sealed class ApiLimitsTests : ServerTest
{
    private const string MassUpdatePath = "/crm/*/Leads/actions/mass_update";

    private async Task HoldMassUpdatesAsync(int milliseconds)
    {
        var added = await Zoho.PostAsync("/__admin/faults", new { method = "POST", path = MassUpdatePath, delay_ms = milliseconds });
        Assert.True(added.Code == 201, added.ToString());
    }

    [Fact]
    public async Task MoreParallelMassUpdatesThanTen_AnswerZohos429_WhileOtherCallsAreServed()
    {
        var id = (await Zoho.SeedLeadsAsync(1))[0];
        await HoldMassUpdatesAsync(1500);
        var body = new { data = new[] { new { City = "Oslo" } }, ids = new[] { id } };

        var updates = Enumerable.Range(0, 14).Select(_ => Zoho.MassUpdateAsync(body)).ToArray();
        await Task.Delay(700);
        var light = await Zoho.GetAsync($"/crm/v2/Leads/{id}"); // 10 heavy of Enterprise's 20 in flight: room for more
        var answers = await Task.WhenAll(updates);

        Assert.Equal(200, light.Code);
        Assert.InRange(answers.Count(a => a.Code == 200), 1, 10);
        var refused = answers.Where(a => a.Code == 429).ToArray();
        Assert.NotEmpty(refused);
        Assert.Equal(14, answers.Length);
        ResponseAssert.IsError(429, "TOO_MANY_REQUESTS", "Number of API requests has exceeded the concurrency limit", """{"limit":10}""", refused[0]);
        ResponseAssert.IsZohoJson(refused[0]);
    }

    [Fact]
    public async Task TheClient_BacksOffFrom429_UntilEveryParallelMassUpdateIsServed()
    {
        var ids = await Zoho.SeedLeadsAsync(12);
        await HoldMassUpdatesAsync(300);
        await Zoho.SendAsync(HttpMethod.Delete, "/__admin/requests");
        using var client = new ZohoCrmClient(new ZohoCrmClientOptions
        {
            ApiDomain = Server.Address, AccessToken = OpenLeadsServer.DevToken, RetryDelay = TimeSpan.FromMilliseconds(100), MaxRetries = 8,
        });

        var results = await Task.WhenAll(ids.Select(id => client.MassUpdateAsync("Leads", "No_of_Employees", 77, [id])));

        Assert.All(results, r => Assert.Equal(1, r.Succeeded));
        var journal = (await Zoho.GetAsync("/__admin/requests?method=POST&path=/crm/*/mass_update")).Body!["requests"]!.AsArray();
        Assert.Contains(journal, e => e!["status"]!.GetValue<int>() == 429);
        Assert.Equal(12, journal.Count(e => e!["status"]!.GetValue<int>() == 200));
    }
}

/// <summary>A credit budget (<c>OpenLeads:Limits:Credits</c>): spent, each call answers 429 until the 24-hour window frees some.</summary>
public sealed class ApiCreditsTests() : ServerTest(new Dictionary<string, string?> { ["OpenLeads:Limits:Credits"] = "3" })
{
    [Fact]
    public async Task OnceTheCreditsAreSpent_CallsAnswer429_AndTheControlApiStillWorks()
    {
        var answers = new List<int>();
        for (var i = 0; i < 3; i++) answers.Add((await Zoho.GetAsync("/crm/v2/Leads")).Code);
        var spent = await Zoho.GetAsync("/crm/v2/Leads");

        Assert.Equal([204, 204, 204], answers);
        ResponseAssert.IsError(429, "TOO_MANY_REQUESTS", "API credits of the last 24 hours are exhausted", """{"credits":3}""", spent);
        Assert.Equal(200, (await Zoho.GetAsync("/__admin/faults")).Code);
    }
}

/// <summary><c>OpenLeads:Limits:Enabled=false</c> turns every limit off, whatever else is set.</summary>
public sealed class ApiLimitsDisabledTests() : ServerTest(new Dictionary<string, string?>
{
    ["OpenLeads:Limits:Enabled"] = "false",
    ["OpenLeads:Limits:Concurrency"] = "1",
    ["OpenLeads:Limits:Credits"] = "1",
})
{
    [Fact]
    public async Task WithLimitsOff_ParallelCallsPastTheLimitsAreAllServed()
    {
        Assert.Equal(201, (await Zoho.PostAsync("/__admin/faults", new { path = "/crm/v2/Leads", delay_ms = 400 })).Code);

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Zoho.GetAsync("/crm/v2/Leads")));

        Assert.All(answers, a => Assert.Equal(204, a.Code));
    }
}

/// <summary>v8 lists: by <c>page</c> only the first 2,000 records; past them by <c>page_token</c>, as Zoho documents.</summary>
public sealed class DiscretePagingTests : ServerTest
{
    [Fact]
    public async Task PagingPast2000_IsRefusedInV8_ButServedInV2_AndPageTokensWalkEveryRecordOnce()
    {
        var seeded = await Zoho.SeedLeadsAsync(2001);

        ResponseAssert.IsError(400, "DISCRETE_PAGINATION_LIMIT_EXCEEDED", "You can only get the first 2000 records without using page_token param.",
            """{"limit":2000}""", await Zoho.GetAsync("/crm/v8/Leads?fields=Last_Name&per_page=200&page=11"));
        Assert.Single((await Zoho.GetAsync("/crm/v2/Leads?per_page=200&page=11")).Data);

        var walked = new List<string>();
        string? token = null;
        for (var pages = 0; pages < 20; pages++)
        {
            var page = await Zoho.GetAsync($"/crm/v8/Leads?fields=Last_Name&per_page=200{(token is null ? "" : $"&page_token={token}")}");
            Assert.True(page.Code == 200, page.ToString());
            walked.AddRange(page.Data.Select(r => r!["id"]!.GetValue<string>()));
            token = page.Body!["info"]!["next_page_token"]?.GetValue<string>();
            Assert.Equal(token is not null, page.Body!["info"]!["more_records"]!.GetValue<bool>());
            if (token is null) break;
        }

        Assert.Equal(seeded.Order(), walked.Order());
    }

    [Fact]
    public async Task APageToken_OfAListInIdOrder_StartsPastItsLastId_SoRecordsDeletedBeforeItShiftNothing()
    {
        var seeded = (await Zoho.SeedLeadsAsync(6)).Order().ToArray();
        var first = await Zoho.GetAsync("/crm/v8/Leads?fields=Last_Name&per_page=2&sort_order=asc");
        Assert.Equal(seeded[..2], first.Data.Select(r => r!["id"]!.GetValue<string>()));
        Assert.Equal(200, (await Zoho.DeleteAsync($"/crm/v8/Leads?ids={seeded[0]},{seeded[1]}")).Code);

        var token = first.Body!["info"]!["next_page_token"]!.GetValue<string>();
        var second = await Zoho.GetAsync($"/crm/v8/Leads?fields=Last_Name&per_page=2&sort_order=asc&page_token={token}");

        Assert.Equal(seeded[2..4], second.Data.Select(r => r!["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task PageTokens_OfAListSortedByAField_WalkEveryRecordOnce()
    {
        var seeded = await Zoho.SeedLeadsAsync(5);
        var walked = new List<string>();
        string? token = null;
        for (var pages = 0; pages < 5; pages++)
        {
            var page = await Zoho.GetAsync($"/crm/v8/Leads?fields=Last_Name&per_page=2&sort_by=Last_Name{(token is null ? "" : $"&page_token={token}")}");
            walked.AddRange(page.Data.Select(r => r!["id"]!.GetValue<string>()));
            token = page.Body!["info"]!["next_page_token"]?.GetValue<string>();
            if (token is null) break;
        }

        Assert.Equal(seeded.Order(), walked.Order());
    }

    [Fact]
    public async Task APageTokenWithAPage_OrOneNotOurs_IsRefused()
    {
        await Zoho.SeedLeadsAsync(3);
        var first = await Zoho.GetAsync("/crm/v8/Leads?fields=Last_Name&per_page=2");
        var token = first.Body!["info"]!["next_page_token"]!.GetValue<string>();

        ResponseAssert.IsError(400, "AMBIGUITY_DURING_PROCESSING", "Ambiguity while processing",
            """{"ambiguity_due_to":[{"param_name":"page"},{"param_name":"page_token"}]}""",
            await Zoho.GetAsync($"/crm/v8/Leads?fields=Last_Name&per_page=2&page=2&page_token={token}"));
        ResponseAssert.IsError(400, "INVALID_DATA", "Please check whether the input values are correct", """{"param_name":"page_token"}""",
            await Zoho.GetAsync("/crm/v8/Leads?fields=Last_Name&page_token=not-a-token"));
        Assert.Single((await Zoho.GetAsync($"/crm/v8/Leads?fields=Last_Name&per_page=2&page_token={token}")).Data);
    }
}

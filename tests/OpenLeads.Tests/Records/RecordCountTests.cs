using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.Records;

/// <summary>
/// <c>GET /crm/{version}/Leads/actions/count</c>, Zoho's "Record Count in a Module": every record,
/// a custom view's (<c>cvid</c>) or one search's (<c>criteria</c>, <c>email</c>, <c>phone</c>, <c>word</c>).
/// </summary>
public sealed class RecordCountTests : ServerTest
{
    private const string AllLeads = "738964000000087501";

    /// <summary>Four Leads that differ where the counts look.</summary>
    private async Task InsertLeadsAsync()
    {
        object[] leads =
        [
            new { Last_Name = "Okafor", Lead_Status = "Contacted", No_of_Employees = 250, Email = "amara@lumen.example", Phone = "+234 1 555 0100" },
            new { Last_Name = "Brandt", Lead_Status = "Contacted", No_of_Employees = 40, Company = "Lumen Health" },
            new { Last_Name = "Chen", Lead_Status = "Junk Lead", No_of_Employees = 12, Email = "chen@harbour.example" },
            new { Last_Name = "Diaz", Company = "lumen labs" },
        ];
        var response = await Zoho.PostAsync("/crm/v2/Leads", new { data = leads });
        Assert.True(response.Code == 201, response.ToString());
    }

    private Task<ZohoResponse> CountAsync(string query = "", string version = "v2") =>
        Zoho.GetAsync($"/crm/{version}/Leads/actions/count{(query.Length > 0 ? "?" + query : "")}");

    private async Task<string> CreateViewAsync(string criteria)
    {
        var response = await Zoho.PostAsync("/__admin/custom_views", new { module = "Leads", name = "Counted", criteria });
        Assert.True(response.Code == 200, response.ToString());
        return response.Body!["id"]!.GetValue<string>();
    }

    [Theory]
    [InlineData("v2")]
    [InlineData("v8")]
    public async Task Count_OfTheModule_AnswersTheNumberOfItsRecords_ZeroWhenEmpty(string version)
    {
        ResponseAssert.Answer(200, """{"count":0}""", await CountAsync(version: version));

        await InsertLeadsAsync();

        ResponseAssert.Answer(200, """{"count":4}""", await CountAsync(version: version));
    }

    [Fact]
    public async Task Count_ByCvid_IsTheNumberOfRecordsTheViewSelects()
    {
        await InsertLeadsAsync();
        var contacted = await CreateViewAsync("(Lead_Status:equals:Contacted)");
        var none = await CreateViewAsync("(Lead_Status:equals:Lost Lead)");

        ResponseAssert.Answer(200, """{"count":4}""", await CountAsync($"cvid={AllLeads}"));
        ResponseAssert.Answer(200, """{"count":2}""", await CountAsync($"cvid={contacted}"));
        ResponseAssert.Answer(200, """{"count":0}""", await CountAsync($"cvid={none}"));
    }

    [Theory]
    [InlineData("criteria=(No_of_Employees:greater_equal:40)", 2)]
    [InlineData("criteria=((Lead_Status:equals:Contacted)and(No_of_Employees:less_than:100))or(Lead_Status:equals:Junk Lead)", 2)]
    [InlineData("criteria=(Email:starts_with:amara)", 1)]
    [InlineData("email=chen@harbour.example", 1)]
    [InlineData("phone=%2B234 1 555 0100", 1)]
    [InlineData("word=lumen", 3)]
    public async Task Count_BySearch_IsTheNumberOfRecordsTheSearchFinds(string query, int expected)
    {
        await InsertLeadsAsync();

        ResponseAssert.Answer(200, $$"""{"count":{{expected}}}""", await CountAsync(query));
        var search = await Zoho.GetAsync($"/crm/v2/Leads/search?{query}");
        Assert.Equal(expected, search.Code == 204 ? 0 : search.Data.Count);
    }

    [Theory]
    [InlineData("criteria=(Lead_Status:equals:Contacted)", """[{"param_name":"cvid"},{"param_name":"criteria"}]""")]
    [InlineData("word=lumen&email=x@y.example", """[{"param_name":"cvid"},{"param_name":"email"},{"param_name":"word"}]""")]
    public async Task Count_WithCvidAndASearch_IsAmbiguous(string search, string ambiguity)
    {
        await InsertLeadsAsync();

        var response = await CountAsync($"cvid={AllLeads}&{search}");

        ResponseAssert.IsError(400, "AMBIGUITY_DURING_PROCESSING", "Ambiguity while processing", $$"""{"ambiguity_due_to":{{ambiguity}}}""", response);
        ResponseAssert.IsZohoJson(response);
    }

    [Theory]
    [InlineData("(Lead_Status:equals:Contacted", """{"reason":"expected ')' but the criteria ended"}""")]
    [InlineData("(Last_Name:equals:Okafor)",
        """{"api_name":"Last_Name","operator":"equals","reason":"the record count does not take criteria on a text field"}""")]
    [InlineData("(Lead_Status:equals:Contacted)and(Email:contains:lumen)",
        """{"api_name":"Email","operator":"contains","reason":"the record count does not take the contains operator"}""")]
    [InlineData("(No_of_Employees:starts_with:4)", """{"api_name":"No_of_Employees","operator":"starts_with","reason":"starts_with cannot be used on a integer field"}""")]
    public async Task Count_ByCriteriaItDoesNotTake_AnswersInvalidQueryNamingThePart(string criteria, string details)
    {
        await InsertLeadsAsync();

        var response = await CountAsync("criteria=" + Uri.EscapeDataString(criteria));

        ResponseAssert.IsError(400, "INVALID_QUERY", "invalid query formed", details, response);
    }

    [Fact]
    public async Task Count_OfAnUnknownViewOrModule_OrWithoutTheScope_IsRefused()
    {
        await InsertLeadsAsync();
        var token = await Zoho.MintTokenAsync(["ZohoCRM.settings.ALL"]);
        using var http = Server.Anonymous();
        http.DefaultRequestHeaders.Add("Authorization", $"Zoho-oauthtoken {token}");
        using var withoutScope = new ZohoClient(http);

        ResponseAssert.IsError(400, "INVALID_DATA", "the given custom view id seems to be invalid", """{"param_name":"cvid"}""",
            await CountAsync("cvid=738964000009999999"));
        ResponseAssert.IsError(400, "INVALID_MODULE", "the module name given seems to be invalid", """{"resource_path_index":0}""",
            await Zoho.GetAsync("/crm/v2/Leadz/actions/count"));
        ResponseAssert.IsError(400, "INVALID_DATA", "the word must have at least 2 characters", """{"param_name":"word"}""", await CountAsync("word=l"));
        ResponseAssert.IsError(401, "OAUTH_SCOPE_MISMATCH", "invalid oauth scope to access this URL", "{}",
            await withoutScope.GetAsync("/crm/v2/Leads/actions/count"));
    }
}

using System.Text.Json.Nodes;
using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.Search;

/// <summary>
/// <c>GET /crm/v2/Leads/search</c> by criteria, email, phone and word over five Leads made for it:
/// which records each operator finds, paging, and the errors naming what is wrong.
/// </summary>
public sealed class SearchApiTests : ServerTest
{
    private const string Kai = "738964000000291017";
    private const string Patricia = "738964000000291009";

    /// <summary>Five Leads, inserted in this order (so ids rise from Okafor to Evans); each differs where the searches look.</summary>
    private async Task InsertLeadsAsync()
    {
        object[] leads =
        [
            new
            {
                Last_Name = "Okafor", Company = "Lumen Health", City = "Lagos", Lead_Status = "Contacted", Products_of_Interest = new[] { "CRM", "Desk" },
                No_of_Employees = 250, Annual_Revenue = 1250000.5, Next_Follow_Up = "2025-07-01", Last_Contacted = "2025-06-30T09:15:00+05:30",
                Email_Opt_Out = true, Owner = new { id = Kai }, Email = "amara@lumen.example", Phone = "+234 1 555 0100",
            },
            new
            {
                Last_Name = "Brandt", Company = "Nordwind GmbH", City = "Berlin", Lead_Status = "Not Contacted", Products_of_Interest = new[] { "Books" },
                No_of_Employees = 40, Annual_Revenue = 90000, Next_Follow_Up = "2025-08-15", Last_Contacted = "2025-06-30T04:00:00+00:00",
                Secondary_Email = "Amara@Lumen.Example", Mobile = "+234 1 555 0100",
            },
            new { Last_Name = "Chen", Company = "Harbour 50% Ltd", Lead_Status = "Junk Lead" },
            new
            {
                Last_Name = "Diaz", Company = "lumen labs", City = "Madrid", Products_of_Interest = new[] { "Desk" }, No_of_Employees = 100,
                Annual_Revenue = 1250000, Email = "diaz@labs.example",
            },
            new { Last_Name = "Evans", Company = "Evans_Co", City = "", Lead_Status = "Pre-Qualified", No_of_Employees = 10 },
        ];
        var response = await Zoho.PostAsync("/crm/v2/Leads", new { data = leads });
        Assert.True(response.Code == 201, response.ToString());
    }

    private Task<ZohoResponse> SearchAsync(string query) => Zoho.GetAsync("/crm/v2/Leads/search?" + query);

    private static string Criteria(string criteria) => "criteria=" + Uri.EscapeDataString(criteria);

    /// <summary>The Last_Names found, sorted and comma-joined; "" when the answer is 204 with no body.</summary>
    private async Task<string> FoundAsync(string query)
    {
        var response = await SearchAsync(query);
        if (response.Code == 204)
        {
            ResponseAssert.NoContent(response);
            return "";
        }
        Assert.True(response.Code == 200, response.ToString());
        return string.Join(",", response.Data.Select(r => r!["Last_Name"]!.GetValue<string>()).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("(Company:equals:LUMEN HEALTH)", "Okafor")]
    [InlineData("(Company:equals:lumen)", "")]
    [InlineData("(Company:starts_with:LUMEN)", "Diaz,Okafor")]
    [InlineData("(Company:ends_with:GMBH)", "Brandt")]
    [InlineData("(Company:contains:UMEN)", "Diaz,Okafor")]
    [InlineData("(Company:contains:%)", "Chen")]
    [InlineData("(Company:contains:_)", "Evans")]
    [InlineData("(Company:not_contains:lumen)", "Brandt,Chen,Evans")]
    [InlineData("(City:not_contains:LAG)", "Brandt,Chen,Diaz,Evans")]
    [InlineData("(City:not_equal:LAGOS)", "Brandt,Chen,Diaz,Evans")]
    [InlineData("(City:in:lagos,BERLIN)", "Brandt,Okafor")]
    [InlineData("(City:not_in:lagos,BERLIN)", "Chen,Diaz,Evans")]
    public async Task TextOperators_IgnoreCase_AndNegationsMatchEmpty(string criteria, string found)
    {
        await InsertLeadsAsync();

        Assert.Equal(found, await FoundAsync(Criteria(criteria)));
    }

    [Theory]
    [InlineData("(City:equals:${EMPTY})", "Chen,Evans")]
    [InlineData("(City:not_equal:${EMPTY})", "Brandt,Diaz,Okafor")]
    [InlineData("(Lead_Status:equals:${EMPTY})", "Diaz")]
    [InlineData("(No_of_Employees:equals:${EMPTY})", "Chen")]
    [InlineData("(Next_Follow_Up:not_equal:${EMPTY})", "Brandt,Okafor")]
    [InlineData("(Products_of_Interest:equals:${EMPTY})", "Chen,Evans")]
    public async Task Empty_MatchesRecordsWithoutAValue(string criteria, string found)
    {
        await InsertLeadsAsync();

        Assert.Equal(found, await FoundAsync(Criteria(criteria)));
    }

    [Theory]
    [InlineData("(Lead_Status:equals:Contacted)", "Okafor")]
    [InlineData("(Lead_Status:not_equal:Contacted)", "Brandt,Chen,Diaz,Evans")]
    [InlineData("(Lead_Status:in:Contacted,Junk Lead)", "Chen,Okafor")]
    [InlineData("(Lead_Status:not_in:Contacted,Junk Lead)", "Brandt,Diaz,Evans")]
    [InlineData("(Products_of_Interest:equals:Desk)", "Diaz,Okafor")]
    [InlineData("(Products_of_Interest:in:Books,CRM)", "Brandt,Okafor")]
    [InlineData("(Products_of_Interest:not_equal:Desk)", "Brandt,Chen,Evans")]
    public async Task PickLists_MatchTheirValues(string criteria, string found)
    {
        await InsertLeadsAsync();

        Assert.Equal(found, await FoundAsync(Criteria(criteria)));
    }

    [Theory]
    [InlineData("(No_of_Employees:equals:40)", "Brandt")]
    [InlineData("(No_of_Employees:not_equal:40)", "Chen,Diaz,Evans,Okafor")]
    [InlineData("(No_of_Employees:greater_than:100)", "Okafor")]
    [InlineData("(No_of_Employees:greater_equal:100)", "Diaz,Okafor")]
    [InlineData("(No_of_Employees:less_than:40)", "Evans")]
    [InlineData("(No_of_Employees:less_equal:40)", "Brandt,Evans")]
    [InlineData("(No_of_Employees:between:40,100)", "Brandt,Diaz")]
    [InlineData("(No_of_Employees:in:10,250)", "Evans,Okafor")]
    [InlineData("(Annual_Revenue:greater_than:1250000)", "Okafor")]
    [InlineData("(Annual_Revenue:greater_equal:1250000)", "Diaz,Okafor")]
    [InlineData("(Annual_Revenue:equals:1250000.50)", "Okafor")]
    [InlineData("(Annual_Revenue:between:90000,1250000)", "Brandt,Diaz")]
    public async Task Numbers_CompareAsNumbers(string criteria, string found)
    {
        await InsertLeadsAsync();

        Assert.Equal(found, await FoundAsync(Criteria(criteria)));
    }

    [Theory]
    [InlineData("(Next_Follow_Up:equals:2025-08-15)", "Brandt")]
    [InlineData("(Next_Follow_Up:less_than:2025-08-15)", "Okafor")]
    [InlineData("(Next_Follow_Up:greater_equal:2025-07-01)", "Brandt,Okafor")]
    [InlineData("(Next_Follow_Up:between:2025-07-01,2025-08-14)", "Okafor")]
    [InlineData("(Last_Contacted:less_than:2025-06-30T09:20:00+05:30)", "Okafor")]
    [InlineData("(Last_Contacted:equals:2025-06-30T06:00:00+02:00)", "Brandt")]
    [InlineData("(Last_Contacted:greater_equal:2025-06-30T03:45:00Z)", "Brandt,Okafor")]
    [InlineData("(Last_Contacted:greater_than:2025-06-30T03:45:00Z)", "Brandt")]
    public async Task DatesAndTimes_CompareAsInstants(string criteria, string found)
    {
        await InsertLeadsAsync();

        Assert.Equal(found, await FoundAsync(Criteria(criteria)));
    }

    [Theory]
    [InlineData("(Email_Opt_Out:equals:true)", "Okafor")]
    [InlineData("(Email_Opt_Out:equals:false)", "Brandt,Chen,Diaz,Evans")]
    [InlineData("(Email_Opt_Out:not_equal:true)", "Brandt,Chen,Diaz,Evans")]
    [InlineData("(Owner:equals:" + Kai + ")", "Okafor")]
    [InlineData("(Owner:equals:" + Patricia + ")", "Brandt,Chen,Diaz,Evans")]
    [InlineData("(Owner:not_equal:" + Patricia + ")", "Okafor")]
    [InlineData("(Owner:equals:738964000000291033)", "")]
    public async Task BooleansAndOwner_MatchExactly(string criteria, string found)
    {
        await InsertLeadsAsync();

        Assert.Equal(found, await FoundAsync(Criteria(criteria)));
    }

    [Theory]
    [InlineData("((Lead_Status:equals:Contacted)or(Lead_Status:equals:Not Contacted))and(No_of_Employees:less_than:100)", "Brandt")]
    [InlineData("(Lead_Status:equals:Contacted)or(Lead_Status:equals:Not Contacted)and(No_of_Employees:less_than:100)", "Brandt,Okafor")]
    [InlineData("(Company:starts_with:lumen)and(City:equals:${EMPTY})", "")]
    [InlineData(@"(Company:in:Harbour 50% Ltd,Evans_Co)or(Company:equals:Lumen Health)", "Chen,Evans,Okafor")]
    public async Task Groups_CombineAsWritten(string criteria, string found)
    {
        await InsertLeadsAsync();

        Assert.Equal(found, await FoundAsync(Criteria(criteria)));
    }

    [Theory]
    [InlineData("email=AMARA%40LUMEN.EXAMPLE", "Brandt,Okafor")]
    [InlineData("email=diaz%40labs.example", "Diaz")]
    [InlineData("email=amara%40lumen", "")]
    [InlineData("phone=%2B234%201%20555%200100", "Brandt,Okafor")]
    [InlineData("phone=555%200100", "")]
    [InlineData("word=LUMEN", "Brandt,Diaz,Okafor")]
    [InlineData("word=50%25", "Chen")]
    [InlineData("word=%20labs%20", "Diaz")]
    [InlineData("word=zz", "")]
    public async Task EmailPhoneAndWord_SearchTheirFields(string query, string found)
    {
        await InsertLeadsAsync();

        Assert.Equal(found, await FoundAsync(query));
    }

    [Theory]
    [InlineData(1, "Evans,Diaz", true)]
    [InlineData(2, "Chen,Brandt", true)]
    [InlineData(3, "Okafor", false)]
    public async Task Paging_GivesPagesNewestFirst_WithInfo(int page, string found, bool more)
    {
        await InsertLeadsAsync();

        var response = await SearchAsync(Criteria("(Last_Name:not_equal:nobody)") + $"&per_page=2&page={page}");

        Assert.True(response.Code == 200, response.ToString());
        Assert.Equal(["data", "info"], ResponseAssert.Keys(response.Body));
        Assert.Equal(found, string.Join(",", response.Data.Select(r => r!["Last_Name"]!.GetValue<string>())));
        Assert.Equal($$"""{"count":{{found.Split(',').Length}},"more_records":{{(more ? "true" : "false")}},"page":{{page}},"per_page":2}""",
            ResponseAssert.Canonical(response.Body!["info"]));
        ResponseAssert.IsZohoJson(response);
    }

    [Fact]
    public async Task TextCompare_IgnoresTheCaseOfNonAsciiLettersToo()
    {
        var response = await Zoho.PostAsync("/crm/v2/Leads", new { data = new[] { new { Last_Name = "Öztürk", City = "München" } } });
        Assert.True(response.Code == 201, response.ToString());

        Assert.Equal("Öztürk", await FoundAsync(Criteria("(City:equals:MÜNCHEN)")));
        Assert.Equal("Öztürk", await FoundAsync(Criteria("(Last_Name:starts_with:öZ)")));
    }

    [Fact]
    public async Task Found_Records_AreWholeRecordsAsTheRecordApiReadsThem()
    {
        await InsertLeadsAsync();

        var response = await SearchAsync(Criteria("(Last_Name:equals:Okafor)"));

        var found = Assert.Single(response.Data)!;
        var read = await Zoho.GetLeadAsync(found["id"]!.GetValue<string>());
        Assert.Equal(ResponseAssert.Canonical(read), ResponseAssert.Canonical(found));
    }

    [Fact]
    public async Task NothingMatching_Answers204WithNoBody()
    {
        await InsertLeadsAsync();

        ResponseAssert.NoContent(await SearchAsync(Criteria("(Last_Name:equals:Nobody)")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("?criteria=")]
    [InlineData("?page=1")]
    public async Task NoSearchParameter_AnswersRequiredParamMissing(string query) =>
        ResponseAssert.IsError(400, "REQUIRED_PARAM_MISSING", "One of the expected parameter is missing", """{"param_name":"criteria"}""",
            await Zoho.GetAsync("/crm/v2/Leads/search" + query));

    [Theory]
    [InlineData("word=a")]
    [InlineData("word=%20a%20")]
    public async Task WordOfOneCharacter_IsRefused(string query) =>
        ResponseAssert.IsError(400, "INVALID_DATA", "the word must have at least 2 characters", """{"param_name":"word"}""",
            await SearchAsync(query));

    [Theory]
    [InlineData("(No_of_Employees:equals:many)", """{"api_name":"No_of_Employees","operator":"equals","reason":"'many' is not a valid integer value"}""")]
    [InlineData("(Nickname:equals:x)", """{"api_name":"Nickname","reason":"Nickname is not a field of Leads that can be searched"}""")]
    [InlineData("(Last_Name:equals:a)junk", """{"reason":"expected 'and' or 'or' at position 21"}""")]
    public async Task InvalidCriteria_AnswersInvalidQueryNamingThePart(string criteria, string details)
    {
        await InsertLeadsAsync();

        var response = await SearchAsync(Criteria(criteria));

        ResponseAssert.IsError(400, "INVALID_QUERY", "invalid query formed", details, response);
        ResponseAssert.IsZohoJson(response);
    }

    [Theory]
    [InlineData("(Last_Name:equals:x' OR '1'='1)")]
    [InlineData(@"(Last_Name:equals:x'\); DROP TABLE ""Leads""; --)")]
    [InlineData("(Company:contains:' OR 1=1 --)")]
    [InlineData("(Last_Name:in:a','b)")]
    public async Task SqlLookingValues_AreData_AndMatchNothing(string criteria)
    {
        await InsertLeadsAsync();

        ResponseAssert.NoContent(await SearchAsync(Criteria(criteria)));

        var all = await Zoho.GetAsync("/crm/v2/Leads");
        Assert.Equal(5, all.Data.Count);
    }

    [Fact]
    public async Task SqlLookingValue_FindsTheRecordThatHoldsItLiterally()
    {
        await InsertLeadsAsync();
        var response = await Zoho.PostAsync("/crm/v2/Leads", new { data = new[] { new { Last_Name = "x' OR '1'='1" } } });
        Assert.True(response.Code == 201, response.ToString());

        Assert.Equal("x' OR '1'='1", await FoundAsync(Criteria("(Last_Name:equals:x' OR '1'='1)")));
        Assert.Equal("x' OR '1'='1", await FoundAsync("word=" + Uri.EscapeDataString("' OR '")));
    }
}

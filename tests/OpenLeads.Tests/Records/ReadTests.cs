using System.Globalization;
using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.Records;

/// <summary><c>GET /crm/{version}/Leads</c> and <c>GET /crm/{version}/Leads/{id}</c>.</summary>
public sealed class ReadTests : ServerTest
{
    private const string UnknownId = "738964000009999999";

    /// <summary>The standard Leads fields Zoho returns on every record (ZOHO_API_NOTES.md).</summary>
    private static readonly string[] StandardFields =
    [
        "Owner", "Company", "Email", "Description", "Rating", "Website", "Twitter", "Salutation", "First_Name", "Full_Name",
        "Last_Name", "Lead_Status", "Industry", "Phone", "Mobile", "Fax", "Street", "City", "State", "Zip_Code", "Country",
        "Email_Opt_Out", "Designation", "No_of_Employees", "Annual_Revenue", "Lead_Source", "Secondary_Email", "Skype_ID",
        "Tag", "Created_Time", "Modified_Time", "Created_By", "Modified_By", "Last_Activity_Time", "Record_Image", "id",
    ];

    private async Task<string> InsertAsync(object record)
    {
        var response = await Zoho.PostAsync("/crm/v2/Leads", new { data = new[] { record } });
        Assert.True(response.Code == 201, response.ToString());
        return response.Data[0]!["details"]!["id"]!.GetValue<string>();
    }

    private static string[] Ids(ZohoResponse list) => [.. list.Data.Select(r => r!["id"]!.GetValue<string>())];

    [Fact]
    public async Task Get_OfOneLead_AnswersADataArrayOfThatRecordWithEveryField()
    {
        var id = await InsertAsync(new { Last_Name = "Boyle", Company = "Zylker" });

        var response = await Zoho.GetAsync($"/crm/v2/Leads/{id}");

        Assert.True(response.Code == 200, response.ToString());
        Assert.Equal(["data"], ResponseAssert.Keys(response.Body));
        var lead = Assert.Single(response.Data)!.AsObject();
        string[] missing = [.. StandardFields.Where(f => !lead.ContainsKey(f))];
        Assert.True(missing.Length == 0, $"missing: {string.Join(", ", missing)}");
        var fields = await Zoho.GetAsync("/crm/v2/settings/fields?module=Leads");
        string[] unlisted = [.. fields.Body!["fields"]!.AsArray().Select(f => f!["api_name"]!.GetValue<string>()).Where(f => !lead.ContainsKey(f))];
        Assert.True(unlisted.Length == 0, $"metadata fields missing from the record: {string.Join(", ", unlisted)}");

        Assert.Equal(id, lead["id"]!.GetValue<string>());
        Assert.Equal("Boyle", lead["Last_Name"]!.GetValue<string>());
        Assert.Equal("Boyle", lead["Full_Name"]!.GetValue<string>());
        Assert.All(["First_Name", "Email", "Phone", "Description", "Lead_Status", "No_of_Employees", "Annual_Revenue", "Record_Image"],
            f => Assert.True(lead[f] is null, $"{f} is {lead[f]?.ToJsonString()}"));
        Assert.False(lead["Email_Opt_Out"]?.GetValue<bool>(), $"Email_Opt_Out is {lead["Email_Opt_Out"]?.ToJsonString() ?? "null"}");
        Assert.Equal("[]", lead["Tag"]!.ToJsonString());
        Assert.Equal("""{"email":"patricia.boyle@zylker.example","id":"738964000000291009","name":"Patricia Boyle"}""",
            ResponseAssert.Canonical(lead["Owner"]));
        Assert.Equal("""{"id":"738964000000291009","name":"Patricia Boyle"}""", ResponseAssert.Canonical(lead["Created_By"]));
        Assert.True(lead["$approved"]!.GetValue<bool>());
        Assert.Equal("approved", lead["$approval_state"]!.GetValue<string>());
        Assert.True(lead["$editable"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Get_OfLeadAwaitingApproval_SaysItIsNotApproved()
    {
        var ids = await Zoho.SeedLeadsAsync(1);
        await Zoho.SetStateAsync(ids[0], approval: "pending");

        var lead = await Zoho.GetLeadAsync(ids[0]);

        Assert.False(lead["$approved"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData(UnknownId)]
    [InlineData("abc")]
    public async Task Get_OfIdThatNamesNoLead_AnswersNoContentInV2(string id)
    {
        await Zoho.SeedLeadsAsync(1);

        ResponseAssert.NoContent(await Zoho.GetAsync($"/crm/v2/Leads/{id}"));
    }

    [Theory]
    [InlineData(UnknownId)]
    [InlineData("abc")]
    public async Task Get_OfIdThatNamesNoLead_AnswersInvalidRecordIdInV8(string id)
    {
        await Zoho.SeedLeadsAsync(1);

        var response = await Zoho.GetAsync($"/crm/v8/Leads/{id}");

        ResponseAssert.Answer(400,
            """{"code":"INVALID_DATA","details":{"resource_path_index":1},"message":"invalid record id","status":"error"}""", response);
    }

    [Fact]
    public async Task List_InPagesOfTwo_WalksEveryLeadOnceAndSaysWhenMoreRemain()
    {
        var seeded = await Zoho.SeedLeadsAsync(5);

        var pages = new[]
        {
            await Zoho.GetAsync("/crm/v2/Leads?per_page=2&page=1"),
            await Zoho.GetAsync("/crm/v2/Leads?per_page=2&page=2"),
            await Zoho.GetAsync("/crm/v2/Leads?per_page=2&page=3"),
        };

        Assert.Equal(
            [
                """{"count":2,"more_records":true,"page":1,"per_page":2}""",
                """{"count":2,"more_records":true,"page":2,"per_page":2}""",
                """{"count":1,"more_records":false,"page":3,"per_page":2}""",
            ],
            pages.Select(p => ResponseAssert.Canonical(p.Body!["info"])));
        Assert.Equal(seeded.Order(), pages.SelectMany(Ids).Order());
        ResponseAssert.NoContent(await Zoho.GetAsync("/crm/v2/Leads?per_page=2&page=4"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("?per_page=500")]
    public async Task List_WithoutPerPageOrAbove200_ServesAtMost200APage(string query)
    {
        await Zoho.SeedLeadsAsync(3);

        var response = await Zoho.GetAsync($"/crm/v2/Leads{query}");

        Assert.True(response.Code == 200, response.ToString());
        Assert.Equal(["data", "info"], ResponseAssert.Keys(response.Body));
        Assert.Equal("""{"count":3,"more_records":false,"page":1,"per_page":200}""", ResponseAssert.Canonical(response.Body!["info"]));
    }

    [Fact]
    public async Task List_WithNoLeads_AnswersNoContentWithoutBody()
    {
        var response = await Zoho.GetAsync("/crm/v2/Leads");

        ResponseAssert.NoContent(response);
        Assert.Empty(await response.Message.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task List_SortedByCreatedTime_FollowsTheRequestedOrder()
    {
        await Zoho.SeedLeadsAsync(5);

        var ascending = await Zoho.GetAsync("/crm/v2/Leads?sort_by=Created_Time&sort_order=asc");
        var descending = await Zoho.GetAsync("/crm/v2/Leads?sort_by=Created_Time&sort_order=desc");

        static DateTimeOffset[] Times(ZohoResponse list) =>
            [.. list.Data.Select(r => DateTimeOffset.Parse(r!["Created_Time"]!.GetValue<string>(), CultureInfo.InvariantCulture))];
        var up = Times(ascending);
        var down = Times(descending);
        Assert.Equal(5, up.Length);
        Assert.Equal(up.Order(), up);
        Assert.Equal(up.Reverse(), down);
        Assert.NotEqual(up.First(), up.Last());
    }

    [Fact]
    public async Task List_WithFields_AnswersOnlyThoseFieldsAndTheId()
    {
        await Zoho.SeedLeadsAsync(2);

        var response = await Zoho.GetAsync("/crm/v2/Leads?fields=Last_Name,Company");

        Assert.True(response.Code == 200, response.ToString());
        Assert.All(response.Data, r => Assert.Equal(["Company", "Last_Name", "id"],
            ResponseAssert.Keys(r).Where(k => !k.StartsWith('$'))));
    }

    [Fact]
    public async Task List_WithIds_AnswersOnlyThoseLeads()
    {
        var seeded = await Zoho.SeedLeadsAsync(4);

        var response = await Zoho.GetAsync($"/crm/v2/Leads?ids={seeded[0]},{seeded[2]}");

        Assert.True(response.Code == 200, response.ToString());
        Assert.Equal(new[] { seeded[0], seeded[2] }.Order(), Ids(response).Order());
        Assert.Equal(2, response.Body!["info"]!["count"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("page", "0")]
    [InlineData("page", "abc")]
    [InlineData("page", "-1")]
    [InlineData("per_page", "0")]
    [InlineData("per_page", "abc")]
    public async Task List_WithPagingParameterThatIsNoPositiveNumber_AnswersInvalidDataNamingIt(string param, string value)
    {
        await Zoho.SeedLeadsAsync(1);

        var response = await Zoho.GetAsync($"/crm/v2/Leads?{param}={value}");

        Assert.True(response.Code == 400, response.ToString());
        Assert.Equal("INVALID_DATA", response.Body!["code"]!.GetValue<string>());
        Assert.Equal("error", response.Body!["status"]!.GetValue<string>());
        Assert.Equal(param, response.Body!["details"]!["param_name"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("GET", "/crm/v2/Foo")]
    [InlineData("GET", "/crm/v2/Foo/738964000003000001")]
    [InlineData("POST", "/crm/v2/Foo")]
    [InlineData("DELETE", "/crm/v2/Foo?ids=738964000003000001")]
    public async Task Request_ForUnknownModule_AnswersInvalidModule(string method, string path)
    {
        var response = await Zoho.SendAsync(new HttpMethod(method), path, method == "POST" ? """{"data":[{"Last_Name":"X"}]}""" : null);

        ResponseAssert.Answer(400,
            """{"code":"INVALID_MODULE","details":{"resource_path_index":0},"message":"the module name given seems to be invalid","status":"error"}""",
            response);
    }

    [Fact]
    public async Task Request_WithModuleNameInAnotherCase_ReachesLeads()
    {
        var response = await Zoho.PostAsync("/crm/v2/leads", new { data = new[] { new { Last_Name = "Okafor" } } });
        Assert.True(response.Code == 201, response.ToString());
        var id = response.Data[0]!["details"]!["id"]!.GetValue<string>();

        var one = await Zoho.GetAsync($"/crm/v2/LEADS/{id}");
        var list = await Zoho.GetAsync("/crm/v2/leads");

        Assert.Equal("Okafor", one.Data[0]!["Last_Name"]!.GetValue<string>());
        Assert.Equal([id], Ids(list));
    }
}

using System.Text.Json.Nodes;
using OpenLeads.Server.Metadata;
using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.Views;

/// <summary>
/// Custom views (<c>/crm/v2/settings/custom_views</c>, <c>GET /crm/v2/Leads?cvid=</c>, <c>POST /__admin/custom_views</c>)
/// and territories (<c>/crm/v2/settings/territories</c>, <c>PUT /__admin/records/Leads/{id}/territory</c>).
/// </summary>
public sealed class ViewsApiTests : ServerTest
{
    private const string AllLeads = "738964000000087501";
    private const string NotContacted = "738964000000087503";
    private const string JunkLeads = "738964000000087505";
    private const string Emea = "738964000000400005";
    private const string Europe = "738964000000400013";
    private const string NorthAmerica = "738964000000400009";
    private const string UnknownId = "738964000009999999";
    private const string Patricia = """{"id":"738964000000291009","name":"Patricia Boyle"}""";

    /// <summary>Every key custom_views.json requires of a view.</summary>
    private static readonly string[] ViewKeys =
    [
        "access_type", "category", "created_by", "created_time", "criteria", "default", "display_value", "favorite", "fields", "id",
        "last_accessed_time", "locked", "modified_by", "modified_time", "module", "name", "offline", "shared_to", "sort_by",
        "sort_order", "system_defined", "system_name",
    ];

    private static string Field(string apiName) => $$"""{"api_name":"{{apiName}}","id":"{{OrgFolder.Demo.Module("Leads").Field(apiName).Id}}"}""";

    private static string Canonical(string json) => ResponseAssert.Canonical(JsonNode.Parse(json));

    private static JsonArray Views(ZohoResponse response)
    {
        Assert.True(response.Code == 200, response.ToString());
        return response.Body!["custom_views"]!.AsArray();
    }

    private async Task<string[]> InsertAsync(params object[] leads)
    {
        var response = await Zoho.PostAsync("/crm/v2/Leads", new { data = leads });
        Assert.True(response.Code == 201, response.ToString());
        return [.. response.Data.Select(e => e!["details"]!["id"]!.GetValue<string>())];
    }

    private Task<ZohoResponse> CreateViewAsync(string name, string criteria) =>
        Zoho.PostAsync("/__admin/custom_views", new { module = "Leads", name, criteria });

    /// <summary>The Last_Names a cvid lists, sorted; "" for 204.</summary>
    private async Task<string> ListedAsync(string cvid)
    {
        var response = await Zoho.GetAsync($"/crm/v2/Leads?cvid={cvid}");
        if (response.Code == 204)
        {
            ResponseAssert.NoContent(response);
            return "";
        }
        Assert.True(response.Code == 200, response.ToString());
        return string.Join(",", response.Data.Select(r => r!["Last_Name"]!.GetValue<string>()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ListViews_OfLeads_AnswersTheThreeSystemViewsInZohosShape()
    {
        var response = await Zoho.GetAsync("/crm/v2/settings/custom_views?module=Leads");

        var views = Views(response);
        ResponseAssert.IsZohoJson(response);
        Assert.Equal(["custom_views", "info"], ResponseAssert.Keys(response.Body));
        Assert.Equal(
            [(AllLeads, "All Leads", "ALLVIEWS", true), (NotContacted, "Not Contacted Leads", "NOTCONTACTED", false), (JunkLeads, "Junk Leads", "JUNKLEADS", false)],
            views.Select(v => (v!["id"]!.GetValue<string>(), v["name"]!.GetValue<string>(), v["system_name"]!.GetValue<string>(), v["default"]!.GetValue<bool>())));
        Assert.All(views, v =>
        {
            Assert.Equal(ViewKeys, ResponseAssert.Keys(v));
            Assert.Equal(v!["name"]!.GetValue<string>(), v["display_value"]!.GetValue<string>());
            Assert.Equal(("public_views", true, "public"),
                (v["category"]!.GetValue<string>(), v["system_defined"]!.GetValue<bool>(), v["access_type"]!.GetValue<string>()));
            Assert.Equal(Canonical(Patricia), ResponseAssert.Canonical(v["created_by"]));
        });
        Assert.Null(views[0]!["criteria"]);
        Assert.Equal(Canonical($$"""{"comparator":"equal","field":{{Field("Lead_Status")}},"value":"Not Contacted"}"""), ResponseAssert.Canonical(views[1]!["criteria"]));
        Assert.Equal(Canonical($$"""{"comparator":"equal","field":{{Field("Lead_Status")}},"value":"Junk Lead"}"""), ResponseAssert.Canonical(views[2]!["criteria"]));
        var info = response.Body!["info"]!;
        Assert.Equal((200, 3, 1, false, AllLeads), (info["per_page"]!.GetValue<int>(), info["count"]!.GetValue<int>(), info["page"]!.GetValue<int>(),
            info["more_records"]!.GetValue<bool>(), info["default"]!.GetValue<string>()));
    }

    [Fact]
    public async Task ListViews_Info_HasEveryKeyTheOasRequires_WithTheTranslations()
    {
        var info = (await Zoho.GetAsync("/crm/v2/settings/custom_views?module=Leads")).Body!["info"];

        Assert.Equal(["count", "default", "more_records", "page", "per_page", "translation"], ResponseAssert.Keys(info));
        Assert.Equal(["created_by_me", "other_users_views", "public_views", "shared_with_me"], ResponseAssert.Keys(info!["translation"]));
    }

    [Fact]
    public async Task GetView_ById_AnswersThatOneView()
    {
        var listed = Views(await Zoho.GetAsync("/crm/v2/settings/custom_views?module=Leads"))[2]!;

        var response = await Zoho.GetAsync($"/crm/v2/settings/custom_views/{JunkLeads}?module=Leads");

        Assert.Equal(ResponseAssert.Canonical(listed), ResponseAssert.Canonical(Assert.Single(Views(response))));
    }

    [Theory]
    [InlineData(UnknownId)]
    [InlineData("abc")]
    [InlineData("0")]
    public async Task GetView_OfNoSuchView_Answers204(string id) =>
        ResponseAssert.NoContent(await Zoho.GetAsync($"/crm/v2/settings/custom_views/{id}?module=Leads"));

    [Theory]
    [InlineData("/crm/v2/settings/custom_views", "REQUIRED_PARAM_MISSING", "One of the expected parameter is missing")]
    [InlineData("/crm/v2/settings/custom_views?module=", "REQUIRED_PARAM_MISSING", "One of the expected parameter is missing")]
    [InlineData("/crm/v2/settings/custom_views?module=Vendors", "INVALID_MODULE", "the module name given seems to be invalid")]
    [InlineData("/crm/v2/settings/custom_views/" + AllLeads, "REQUIRED_PARAM_MISSING", "One of the expected parameter is missing")]
    [InlineData("/crm/v2/settings/custom_views/" + AllLeads + "?module=Vendors", "INVALID_MODULE", "the module name given seems to be invalid")]
    public async Task Views_WithoutAKnownModule_AreRefusedNamingTheParam(string path, string code, string message) =>
        ResponseAssert.IsError(400, code, message, """{"param_name":"module"}""", await Zoho.GetAsync(path));

    [Fact]
    public async Task CreateView_AnswersItsId_AndTheViewComesBackWithStructuredCriteria()
    {
        const string criteria = "((City:equals:Lagos)or(City:in:Berlin,Madrid))and(No_of_Employees:greater_equal:100)and(Lead_Status:not_equal:${EMPTY})";

        var created = await CreateViewAsync("Big city leads", criteria);

        Assert.True(created.Code == 200, created.ToString());
        Assert.Equal(["id"], ResponseAssert.Keys(created.Body));
        var id = created.Body!["id"]!.GetValue<string>();
        var view = Assert.Single(Views(await Zoho.GetAsync($"/crm/v2/settings/custom_views/{id}?module=Leads")))!;
        Assert.Equal(ViewKeys, ResponseAssert.Keys(view));
        Assert.Equal((id, "Big city leads", "Big city leads", "created_by_me", false, false),
            (view["id"]!.GetValue<string>(), view["name"]!.GetValue<string>(), view["display_value"]!.GetValue<string>(),
             view["category"]!.GetValue<string>(), view["default"]!.GetValue<bool>(), view["system_defined"]!.GetValue<bool>()));
        Assert.Null(view["system_name"]);
        Assert.Equal(Canonical($$"""
            {"group_operator":"and","group":[
              {"group_operator":"or","group":[
                {"comparator":"equal","field":{{Field("City")}},"value":"Lagos"},
                {"comparator":"in","field":{{Field("City")}},"value":["Berlin","Madrid"]}]},
              {"comparator":"greater_equal","field":{{Field("No_of_Employees")}},"value":100},
              {"comparator":"not_equal","field":{{Field("Lead_Status")}},"value":"${EMPTY}"}]}
            """), ResponseAssert.Canonical(view["criteria"]));
        var listed = Views(await Zoho.GetAsync("/crm/v2/settings/custom_views?module=Leads"));
        Assert.Equal([AllLeads, NotContacted, JunkLeads, id], listed.Select(v => v!["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task CreateView_WithBadCriteria_AnswersInvalidQuery_AndCreatesNothing()
    {
        var response = await CreateViewAsync("Broken", "(No_of_Employees:equals:many)");

        ResponseAssert.IsError(400, "INVALID_QUERY", "invalid query formed",
            """{"api_name":"No_of_Employees","operator":"equals","reason":"'many' is not a valid integer value"}""", response);
        Assert.Equal(3, Views(await Zoho.GetAsync("/crm/v2/settings/custom_views?module=Leads")).Count);
    }

    [Fact]
    public async Task ListByCvid_ListsExactlyTheViewsRecords()
    {
        await InsertAsync(
            new { Last_Name = "Ames", Lead_Status = "Not Contacted", City = "Lagos", No_of_Employees = 250 },
            new { Last_Name = "Bell", Lead_Status = "Junk Lead", City = "Lagos", No_of_Employees = 5 },
            new { Last_Name = "Cole", Lead_Status = "Not Contacted", City = "Berlin", No_of_Employees = 40 },
            new { Last_Name = "Dunn", Lead_Status = "Contacted", City = "madrid", No_of_Employees = 100 });
        var bigCity = (await CreateViewAsync("Big", "((City:equals:Lagos)or(City:equals:Madrid))and(No_of_Employees:greater_equal:100)")).Body!["id"]!.GetValue<string>();
        var none = (await CreateViewAsync("None", "(City:equals:Oslo)")).Body!["id"]!.GetValue<string>();

        Assert.Equal("Ames,Bell,Cole,Dunn", await ListedAsync(AllLeads));
        Assert.Equal("Ames,Cole", await ListedAsync(NotContacted));
        Assert.Equal("Bell", await ListedAsync(JunkLeads));
        Assert.Equal("Ames,Dunn", await ListedAsync(bigCity));
        Assert.Equal("", await ListedAsync(none));
    }

    [Theory]
    [InlineData(UnknownId)]
    [InlineData("abc")]
    public async Task ListByUnknownCvid_IsRefused(string cvid)
    {
        await InsertAsync(new { Last_Name = "Ames" });

        ResponseAssert.IsError(400, "INVALID_DATA", "the given custom view id seems to be invalid", """{"param_name":"cvid"}""",
            await Zoho.GetAsync($"/crm/v2/Leads?cvid={cvid}"));
    }

    [Fact]
    public async Task Territories_InV2_NameTheirParentByParentId_AsTheV2SdkReadsIt()
    {
        var territories = (await Zoho.GetAsync("/crm/v2/settings/territories")).Body!["territories"]!.AsArray();
        var americas = territories.Single(t => t!["name"]!.GetValue<string>() == "Americas")!.AsObject();
        var root = territories.Single(t => t!["name"]!.GetValue<string>() == "Zylker")!.AsObject();

        Assert.Equal("738964000000400001", americas["parent_id"]!.GetValue<string>());
        Assert.False(americas.ContainsKey("reporting_to"));
        Assert.Null(root["parent_id"]);
        Assert.True((await Zoho.GetAsync("/crm/v2.1/settings/territories")).Body!["territories"]![0]!.AsObject().ContainsKey("reporting_to"));
    }

    [Fact]
    public async Task Territories_ListTheTreeWithWhomEachReportsTo()
    {
        var response = await Zoho.GetAsync("/crm/v8/settings/territories");

        Assert.True(response.Code == 200, response.ToString());
        Assert.Equal(["info", "territories"], ResponseAssert.Keys(response.Body));
        var tree = response.Body!["territories"]!.AsArray()
            .Select(t => $"{t!["id"]} {t["name"]} -> {t["reporting_to"]?["name"]} {t["reporting_to"]?["id"]}".Replace("\"", "", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        Assert.Equal(
        [
            "738964000000400001 Zylker ->  ",
            "738964000000400003 Americas -> Zylker 738964000000400001",
            "738964000000400005 EMEA -> Zylker 738964000000400001",
            "738964000000400007 APAC -> Zylker 738964000000400001",
            "738964000000400009 North America -> Americas 738964000000400003",
            "738964000000400011 South America -> Americas 738964000000400003",
            "738964000000400013 Europe -> EMEA 738964000000400005",
            "738964000000400015 Middle East and Africa -> EMEA 738964000000400005",
        ], tree);
        Assert.Equal(8, response.Body!["info"]!["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task SetTerritory_PutsTheRecordInIt_AndNullTakesItOut()
    {
        var ids = await InsertAsync(new { Last_Name = "Ames", City = "Cork" }, new { Last_Name = "Bell", City = "Boston" });
        var inEmea = new { data = new[] { new { City = "Dublin" } }, cvid = AllLeads, territory = new { id = Emea, include_child = true } };

        var set = await Zoho.PutAsync($"/__admin/records/Leads/{ids[0]}/territory", new { territory_id = Europe });
        await Zoho.PutAsync($"/__admin/records/Leads/{ids[1]}/territory", new { territory_id = NorthAmerica });
        var (job, _) = await Zoho.ScheduleAsync(inEmea);
        var status = await Zoho.WaitUntilCompletedAsync(job);
        var cleared = await Zoho.PutAsync($"/__admin/records/Leads/{ids[0]}/territory", new { territory_id = (string?)null });
        var afterClearing = await Zoho.MassUpdateAsync(inEmea);

        ResponseAssert.Is(200, $$"""{"id":"{{ids[0]}}","territory_id":"{{Europe}}"}""", set);
        Assert.Equal((1, 1), (status["Total_Count"]!.GetValue<int>(), status["Updated_Count"]!.GetValue<int>()));
        Assert.Equal("Dublin", (await Zoho.GetLeadAsync(ids[0]))["City"]!.GetValue<string>());
        Assert.Equal("Boston", (await Zoho.GetLeadAsync(ids[1]))["City"]!.GetValue<string>());
        ResponseAssert.Is(200, $$"""{"id":"{{ids[0]}}","territory_id":null}""", cleared);
        Assert.Equal(Canonical("""{"code":"NO_RECORDS_FOUND","details":{},"message":"no record found to update","status":"error"}"""),
            ResponseAssert.Canonical(afterClearing.Data.Single()));
    }

    [Theory]
    [InlineData("\"738964000000499999\"", "738964000000499999")]
    [InlineData("\"Europe\"", "Europe")]
    [InlineData("738964000000499999", "738964000000499999")]
    public async Task SetTerritory_ToNoSuchTerritory_IsRefused(string territoryJson, string echoed)
    {
        var ids = await InsertAsync(new { Last_Name = "Ames" });

        var response = await Zoho.SendAsync(HttpMethod.Put, $"/__admin/records/Leads/{ids[0]}/territory", $$"""{"territory_id":{{territoryJson}}}""");

        ResponseAssert.IsError(400, "INVALID_DATA", "the given territory id seems to be invalid",
            $$"""{"api_name":"territory","id":"{{echoed}}"}""", response);
    }

    [Fact]
    public async Task SetTerritory_OfNoSuchRecord_Answers404() =>
        ResponseAssert.IsError(404, "INVALID_DATA", "the id given seems to be invalid", $$"""{"id":"{{UnknownId}}"}""",
            await Zoho.PutAsync($"/__admin/records/Leads/{UnknownId}/territory", new { territory_id = Europe }));
}

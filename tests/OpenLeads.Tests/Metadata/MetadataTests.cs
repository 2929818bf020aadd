using System.Text.Json.Nodes;
using OpenLeads.Tests.Infrastructure;
using OpenLeads.Tests.Records;

namespace OpenLeads.Tests.Metadata;

/// <summary><c>GET /crm/v2/settings/fields?module=Leads</c> and <c>GET /crm/v2/users</c>.</summary>
public sealed class MetadataTests : ServerTest
{
    private const string PatriciaId = "738964000000291009";

    private async Task<Dictionary<string, JsonNode>> FieldsAsync()
    {
        var response = await Zoho.GetAsync("/crm/v2/settings/fields?module=Leads");
        Assert.True(response.Code == 200, response.ToString());
        Assert.Equal(["fields"], ResponseAssert.Keys(response.Body));
        return response.Body!["fields"]!.AsArray().ToDictionary(f => f!["api_name"]!.GetValue<string>(), f => f!);
    }

    [Fact]
    public async Task Fields_OfLeads_ListEveryStandardLeadsField()
    {
        string[] standard =
        [
            "Owner", "Company", "Email", "Description", "Rating", "Website", "Twitter", "Salutation", "First_Name", "Full_Name",
            "Last_Name", "Lead_Status", "Industry", "Phone", "Mobile", "Fax", "Street", "City", "State", "Zip_Code", "Country",
            "Email_Opt_Out", "Designation", "No_of_Employees", "Annual_Revenue", "Lead_Source", "Secondary_Email", "Skype_ID",
            "Tag", "Created_Time", "Modified_Time", "Created_By", "Modified_By", "Last_Activity_Time", "Record_Image",
        ];

        var fields = await FieldsAsync();

        string[] missing = [.. standard.Where(f => !fields.ContainsKey(f))];
        Assert.True(missing.Length == 0, $"missing: {string.Join(", ", missing)}");
        Assert.All(fields.Values, f => Assert.Matches(@"^\d{18,19}$", f["id"]!.GetValue<string>()));
        Assert.Equal(fields.Count, fields.Values.Select(f => f["id"]!.GetValue<string>()).Distinct().Count());
    }

    [Theory]
    [InlineData("Last_Name", "text", "string")]
    [InlineData("Email", "email", "string")]
    [InlineData("Phone", "phone", "string")]
    [InlineData("Website", "website", "string")]
    [InlineData("Description", "textarea", "string")]
    [InlineData("No_of_Employees", "integer", "integer")]
    [InlineData("Annual_Revenue", "currency", "double")]
    [InlineData("Email_Opt_Out", "boolean", "boolean")]
    [InlineData("Lead_Status", "picklist", "string")]
    [InlineData("Owner", "ownerlookup", "jsonobject")]
    [InlineData("Created_Time", "datetime", "string")]
    public async Task Fields_NameEachDataTypeAsZohoDoes(string apiName, string dataType, string jsonType)
    {
        var field = (await FieldsAsync())[apiName];

        Assert.Equal((dataType, jsonType), (field["data_type"]!.GetValue<string>(), field["json_type"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Fields_CoverEveryDataTypeOfTheLeadsModule()
    {
        string[] types =
        [
            "text", "email", "phone", "integer", "currency", "double", "boolean", "picklist", "multiselectpicklist", "textarea",
            "website", "datetime", "date", "ownerlookup", "lookup",
        ];

        var present = (await FieldsAsync()).Values.Select(f => f["data_type"]!.GetValue<string>()).ToHashSet();

        string[] missing = [.. types.Where(t => !present.Contains(t))];
        Assert.True(missing.Length == 0, $"missing: {string.Join(", ", missing)}");
    }

    [Fact]
    public async Task Fields_DescribeLastNameAsMandatoryTextOf80()
    {
        var field = (await FieldsAsync())["Last_Name"];

        Assert.Equal((true, 80, "text", false), (field["system_mandatory"]!.GetValue<bool>(), field["length"]!.GetValue<int>(),
            field["data_type"]!.GetValue<string>(), field["read_only"]!.GetValue<bool>()));
        Assert.False((await FieldsAsync())["First_Name"]["system_mandatory"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Fields_ListPickListValuesWithDisplayActualIdAndSequence()
    {
        var values = (await FieldsAsync())["Lead_Status"]["pick_list_values"]!.AsArray();

        Assert.Contains(values, v => v!["actual_value"]!.GetValue<string>() == "Not Contacted");
        Assert.All(values, v =>
        {
            Assert.False(string.IsNullOrEmpty(v!["display_value"]!.GetValue<string>()));
            Assert.False(string.IsNullOrEmpty(v["actual_value"]!.GetValue<string>()));
            Assert.Matches(@"^\d{18,19}$", v["id"]!.GetValue<string>());
        });
        Assert.Equal(Enumerable.Range(1, values.Count), values.Select(v => v!["sequence_number"]!.GetValue<int>()));
    }

    [Theory]
    [InlineData("Email", false)]
    [InlineData("Description", false)]
    [InlineData("Full_Name", false)]
    [InlineData("Created_Time", false)]
    [InlineData("Referred_By", false)]
    [InlineData("Owner", false)]
    [InlineData("No_of_Employees", true)]
    [InlineData("Lead_Status", true)]
    public async Task Fields_SayWhetherTheFieldCanBeMassUpdated(string apiName, bool massUpdate)
    {
        var field = (await FieldsAsync())[apiName];

        Assert.Equal(massUpdate, field["mass_update"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Fields_WithoutModule_AnswersRequiredParamMissing()
    {
        var response = await Zoho.GetAsync("/crm/v2/settings/fields");

        ResponseAssert.Answer(400,
            """{"code":"REQUIRED_PARAM_MISSING","details":{"param_name":"module"},"message":"One of the expected parameter is missing","status":"error"}""",
            response);
    }

    [Fact]
    public async Task Fields_OfUnknownModule_AnswersInvalidModule()
    {
        var response = await Zoho.GetAsync("/crm/v2/settings/fields?module=Foo");

        Assert.True(response.Code == 400, response.ToString());
        Assert.Equal(("INVALID_MODULE", "the module name given seems to be invalid", "error"), (response.Body!["code"]!.GetValue<string>(),
            response.Body!["message"]!.GetValue<string>(), response.Body!["status"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Users_ListTheOrganisationsUsersWithPagingInfo()
    {
        var response = await Zoho.GetAsync("/crm/v2/users");

        Assert.True(response.Code == 200, response.ToString());
        Assert.Equal(["info", "users"], ResponseAssert.Keys(response.Body));
        var users = response.Body!["users"]!.AsArray();
        var info = response.Body!["info"]!;
        Assert.Equal($$"""{"count":{{users.Count}},"more_records":false,"page":1,"per_page":200}""", ResponseAssert.Canonical(info));
        var patricia = Assert.Single(users, u => u!["id"]!.GetValue<string>() == PatriciaId)!;
        Assert.Equal(("Patricia Boyle", "active"), (patricia["full_name"]!.GetValue<string>(), patricia["status"]!.GetValue<string>()));
        Assert.Equal("Administrator", patricia["profile"]!["name"]!.GetValue<string>());
        Assert.All(users, u => Assert.Matches(@"^\d{18,19}$", u!["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Users_IncludeEveryOwnerAndCreatorOfTheLeads()
    {
        await Zoho.SeedLeadsAsync(20);
        var users = (await Zoho.GetAsync("/crm/v2/users")).Body!["users"]!.AsArray()
            .ToDictionary(u => u!["id"]!.GetValue<string>(), u => u!["full_name"]!.GetValue<string>());

        var leads = (await Zoho.GetAsync("/crm/v2/Leads")).Data;

        Assert.Equal(20, leads.Count);
        Assert.All(leads, lead =>
        {
            foreach (var field in new[] { "Owner", "Created_By", "Modified_By" })
            {
                var user = lead![field]!;
                Assert.True(users.TryGetValue(user["id"]!.GetValue<string>(), out var name), $"{field} {user.ToJsonString()} is no user");
                Assert.Equal(name, user["name"]!.GetValue<string>());
            }
        });
    }

    [Fact]
    public async Task Users_OfTypeCurrentUser_AnswersOnlyTheCaller()
    {
        var response = await Zoho.GetAsync("/crm/v2/users?type=CurrentUser");

        Assert.True(response.Code == 200, response.ToString());
        var user = Assert.Single(response.Body!["users"]!.AsArray())!;
        Assert.Equal((PatriciaId, "Patricia Boyle"), (user["id"]!.GetValue<string>(), user["full_name"]!.GetValue<string>()));
        Assert.Equal(1, response.Body!["info"]!["count"]!.GetValue<int>());
    }
}

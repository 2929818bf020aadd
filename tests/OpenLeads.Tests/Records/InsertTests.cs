using System.Text.Json.Nodes;
using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.Records;

/// <summary><c>POST /crm/v2/Leads</c>: what is stored, what each record's entry says, and what is refused.</summary>
public sealed class InsertTests : ServerTest
{
    private const string PatriciaId = "738964000000291009";
    private const string Patricia = $$"""{"name":"Patricia Boyle","id":"{{PatriciaId}}"}""";

    private Task<ZohoResponse> InsertAsync(params object[] records) => Zoho.PostAsync("/crm/v2/Leads", new { data = records });

    private static string Error(string code, string details, string message = "invalid data") =>
        $$"""{"code":"{{code}}","details":{{details}},"message":"{{message}}","status":"error"}""";

    private async Task AssertNoLeadsAsync() => ResponseAssert.NoContent(await Zoho.GetAsync("/crm/v2/Leads"));

    [Fact]
    public async Task Insert_OfOneLead_AnswersRecordAddedWithTheStampsOfTheNewRecord()
    {
        var response = await InsertAsync(new { Last_Name = "Okafor", Company = "Lumen Health" });

        Assert.True(response.Code == 201, response.ToString());
        var entry = Assert.Single(response.Data)!;
        Assert.Equal(["code", "details", "message", "status"], ResponseAssert.Keys(entry));
        Assert.Equal(("SUCCESS", "record added", "success"),
            (entry["code"]!.GetValue<string>(), entry["message"]!.GetValue<string>(), entry["status"]!.GetValue<string>()));
        var details = entry["details"]!;
        Assert.Equal(["Created_By", "Created_Time", "Modified_By", "Modified_Time", "id"], ResponseAssert.Keys(details));
        Assert.Matches(@"^\d{18,19}$", details["id"]!.GetValue<string>());
        Assert.Equal(ResponseAssert.Canonical(JsonNode.Parse(Patricia)), ResponseAssert.Canonical(details["Created_By"]));
        Assert.Equal(ResponseAssert.Canonical(JsonNode.Parse(Patricia)), ResponseAssert.Canonical(details["Modified_By"]));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$", details["Created_Time"]!.GetValue<string>());
        Assert.Equal(details["Created_Time"]!.GetValue<string>(), details["Modified_Time"]!.GetValue<string>());

        var lead = await Zoho.GetLeadAsync(details["id"]!.GetValue<string>());
        Assert.Equal("Okafor", lead["Last_Name"]!.GetValue<string>());
        Assert.Equal(details["Created_Time"]!.GetValue<string>(), lead["Created_Time"]!.GetValue<string>());
    }

    [Fact]
    public async Task Insert_WithValuesOfEveryKind_StoresThemAsZohoReturnsThem()
    {
        var response = await InsertAsync(new Dictionary<string, object>
        {
            ["Last_Name"] = "Okafor",
            ["First_Name"] = "Amara",
            ["Owner"] = new { id = "738964000000291017" },
            ["No_of_Employees"] = 250,
            ["Annual_Revenue"] = 1250000.5,
            ["Conversion_Probability"] = 42.75,
            ["Email_Opt_Out"] = true,
            ["Lead_Status"] = "Contacted",
            ["Products_of_Interest"] = new[] { "CRM", "Desk" },
            ["Next_Follow_Up"] = "2025-07-01",
            ["Last_Contacted"] = "2025-06-30T09:15:00+05:30",
            ["Email"] = "amara.okafor@lumen.example",
            ["Website"] = "www.lumen.example",
            ["Description"] = "Met at the trade show.\nWants a demo.",
        });
        Assert.True(response.Code == 201, response.ToString());

        var lead = await Zoho.GetLeadAsync(response.Data[0]!["details"]!["id"]!.GetValue<string>());

        string[] shown =
        [
            "Last_Name", "First_Name", "Full_Name", "Owner", "No_of_Employees", "Annual_Revenue", "Conversion_Probability",
            "Email_Opt_Out", "Lead_Status", "Products_of_Interest", "Next_Follow_Up", "Last_Contacted", "Email", "Website",
            "Description",
        ];
        var actual = new JsonObject(shown.Select(k => KeyValuePair.Create(k, lead[k]?.DeepClone())));
        const string expected = """
            {"Last_Name":"Okafor","First_Name":"Amara","Full_Name":"Amara Okafor",
             "Owner":{"name":"Kai Tanaka","id":"738964000000291017","email":"kai.tanaka@zylker.example"},
             "No_of_Employees":250,"Annual_Revenue":1250000.5,"Conversion_Probability":42.75,"Email_Opt_Out":true,
             "Lead_Status":"Contacted","Products_of_Interest":["CRM","Desk"],"Next_Follow_Up":"2025-07-01",
             "Last_Contacted":"2025-06-30T03:45:00+00:00","Email":"amara.okafor@lumen.example","Website":"www.lumen.example",
             "Description":"Met at the trade show.\nWants a demo."}
            """;
        Assert.Equal(ResponseAssert.Canonical(JsonNode.Parse(expected)), ResponseAssert.Canonical(actual));
    }

    [Theory]
    [InlineData("""{"Company":"Zylker"}""")]
    [InlineData("""{"Company":"Zylker","Last_Name":null}""")]
    [InlineData("""{"Company":"Zylker","Last_Name":""}""")]
    public async Task Insert_WithoutLastName_AnswersMandatoryNotFound(string record)
    {
        var response = await Zoho.SendAsync(HttpMethod.Post, "/crm/v2/Leads", $$"""{"data":[{{record}}]}""");

        ResponseAssert.Answer(400, $$"""{"data":[{{Error("MANDATORY_NOT_FOUND", """{"api_name":"Last_Name"}""", "required field not found")}}]}""", response);
        await AssertNoLeadsAsync();
    }

    [Theory]
    [InlineData("No_of_Employees", "\"abc\"", "integer")]
    [InlineData("No_of_Employees", "12.5", "integer")]
    [InlineData("Email", "\"not-an-email\"", "email")]
    [InlineData("Email_Opt_Out", "\"maybe\"", "boolean")]
    [InlineData("Next_Follow_Up", "\"01/07/2025\"", "date")]
    [InlineData("Last_Contacted", "\"yesterday\"", "datetime")]
    public async Task Insert_WithValueOfTheWrongType_AnswersInvalidDataNamingTheExpectedType(string field, string value, string expectedType)
    {
        var response = await Zoho.SendAsync(HttpMethod.Post, "/crm/v2/Leads", $$"""{"data":[{"Last_Name":"Okafor","{{field}}":{{value}}}]}""");

        var details = $$"""{"expected_data_type":"{{expectedType}}","api_name":"{{field}}"}""";
        ResponseAssert.Answer(400, $$"""{"data":[{{Error("INVALID_DATA", details)}}]}""", response);
        await AssertNoLeadsAsync();
    }

    [Theory]
    [InlineData("Lead_Status", "\"Hot Prospect\"")]
    [InlineData("Salutation", "\"Sir\"")]
    [InlineData("Products_of_Interest", """["CRM","Spaceships"]""")]
    public async Task Insert_WithPickListValueNotListed_AnswersInvalidDataNamingTheField(string field, string value)
    {
        var response = await Zoho.SendAsync(HttpMethod.Post, "/crm/v2/Leads", $$"""{"data":[{"Last_Name":"Okafor","{{field}}":{{value}}}]}""");

        ResponseAssert.Answer(400, $$"""{"data":[{{Error("INVALID_DATA", $$"""{"api_name":"{{field}}"}""")}}]}""", response);
        await AssertNoLeadsAsync();
    }

    [Theory]
    [InlineData("First_Name", 40)]
    [InlineData("Last_Name", 80)]
    [InlineData("Company", 200)]
    public async Task Insert_WithTextLongerThanTheField_AnswersInvalidDataWithTheMaximumLength(string field, int maximum)
    {
        var record = new Dictionary<string, string> { ["Last_Name"] = "Okafor", [field] = new string('x', maximum + 1) };

        var response = await InsertAsync(record);

        var details = $$"""{"maximum_length":{{maximum}},"api_name":"{{field}}"}""";
        ResponseAssert.Answer(400, $$"""{"data":[{{Error("INVALID_DATA", details)}}]}""", response);
        await AssertNoLeadsAsync();
    }

    [Fact]
    public async Task Insert_WithTextOfExactlyTheFieldLength_IsAccepted()
    {
        var response = await InsertAsync(new { Last_Name = "Okafor", First_Name = new string('x', 40) });

        Assert.True(response.Code == 201, response.ToString());
    }

    [Fact]
    public async Task Insert_WithOwnerThatIsNoUser_AnswersInvalidDataNamingOwner()
    {
        var response = await InsertAsync(new { Last_Name = "Okafor", Owner = new { id = "738964000000999999" } });

        Assert.True(response.Code == 400, response.ToString());
        var entry = Assert.Single(response.Data)!;
        Assert.Equal("INVALID_DATA", entry["code"]!.GetValue<string>());
        Assert.Equal("error", entry["status"]!.GetValue<string>());
        Assert.Equal("Owner", entry["details"]!["api_name"]!.GetValue<string>());
        await AssertNoLeadsAsync();
    }

    [Fact]
    public async Task Insert_OfMixedBatch_Answers207WithOutcomesInOrder_AndAddsOnlyTheValidRecords()
    {
        var response = await InsertAsync(new { Last_Name = "First" }, new { Company = "No last name" }, new { Last_Name = "Third" });

        Assert.True(response.Code == 207, response.ToString());
        Assert.Equal(["SUCCESS", "MANDATORY_NOT_FOUND", "SUCCESS"], response.Data.Select(d => d!["code"]!.GetValue<string>()));
        var refused = Error("MANDATORY_NOT_FOUND", """{"api_name":"Last_Name"}""", "required field not found");
        Assert.Equal(ResponseAssert.Canonical(JsonNode.Parse(refused)), ResponseAssert.Canonical(response.Data[1]));
        var added = new[] { response.Data[0]!, response.Data[2]! }.Select(d => d["details"]!["id"]!.GetValue<string>()).ToArray();

        var list = await Zoho.GetAsync("/crm/v2/Leads?sort_by=Last_Name&sort_order=asc");
        Assert.Equal(["First", "Third"], list.Data.Select(r => r!["Last_Name"]!.GetValue<string>()));
        Assert.Equal(added, list.Data.Select(r => r!["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Insert_WhereEveryRecordFails_Answers400WithOneErrorPerRecordInOrder()
    {
        var response = await InsertAsync(new { Company = "No last name" }, new { Last_Name = "Okafor", No_of_Employees = "many" });

        var errors = string.Join(',',
            Error("MANDATORY_NOT_FOUND", """{"api_name":"Last_Name"}""", "required field not found"),
            Error("INVALID_DATA", """{"expected_data_type":"integer","api_name":"No_of_Employees"}"""));
        ResponseAssert.Answer(400, $$"""{"data":[{{errors}}]}""", response);
        await AssertNoLeadsAsync();
    }

    [Fact]
    public async Task Insert_OfExactly100Records_AddsThemAll()
    {
        var response = await InsertAsync([.. Enumerable.Range(1, 100).Select(i => new { Last_Name = $"Lead {i}" })]);

        Assert.True(response.Code == 201, response.ToString());
        Assert.Equal(100, response.Data.Count);
        Assert.All(response.Data, d => Assert.Equal("SUCCESS", d!["code"]!.GetValue<string>()));
        Assert.Equal(100, (await Zoho.GetAsync("/crm/v2/Leads")).Body!["info"]!["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task Insert_OfMoreThan100Records_AnswersLimitExceeded_AndAddsNothing()
    {
        var response = await InsertAsync([.. Enumerable.Range(1, 101).Select(i => new { Last_Name = $"Lead {i}" })]);

        var error = Error("LIMIT_EXCEEDED", """{"maximum_length":100,"api_name":"data"}""", "count of records in your request exceeds the limit");
        ResponseAssert.Answer(400, $$"""{"data":[{{error}}]}""", response);
        await AssertNoLeadsAsync();
    }

    [Fact]
    public async Task Insert_WithoutDataKey_AnswersBareMandatoryNotFound()
    {
        var response = await Zoho.SendAsync(HttpMethod.Post, "/crm/v2/Leads", """{"trigger":["workflow"]}""");

        ResponseAssert.Answer(400, Error("MANDATORY_NOT_FOUND", """{"api_name":"data"}""", "required field not found"), response);
        await AssertNoLeadsAsync();
    }

    [Theory]
    [InlineData("""{"data":[{"Last_Name":"Okafor"}""")]
    [InlineData("""[{"Last_Name":"Okafor"}]""")]
    [InlineData("")]
    public async Task Insert_WithBodyThatIsNotAJsonObject_AnswersInvalidDataBody(string body)
    {
        var response = await Zoho.SendAsync(HttpMethod.Post, "/crm/v2/Leads", body);

        ResponseAssert.Answer(400, Error("INVALID_DATA", """{"expected_data_type":"jsonobject"}""", "body"), response);
        await AssertNoLeadsAsync();
    }

    [Fact]
    public async Task Insert_SentWithFormContentType_IsReadAsJson()
    {
        var response = await Zoho.SendAsync(HttpMethod.Post, "/crm/v2/Leads", """{"data":[{"Last_Name":"Okafor"}]}""",
            "application/x-www-form-urlencoded");

        Assert.True(response.Code == 201, response.ToString());
        var lead = await Zoho.GetLeadAsync(response.Data[0]!["details"]!["id"]!.GetValue<string>());
        Assert.Equal("Okafor", lead["Last_Name"]!.GetValue<string>());
    }
}

using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OpenLeads.Server.Metadata;
using OpenLeads.Server.Storage;
using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.MassUpdate;

/// <summary>Mass update by ids beyond the recorded cases: ids, limits, types, versions, atomicity and audit.</summary>
/// <remarks>Jobs wait for a manual run here, so the idle job runner's polls stay out of the statement counts.</remarks>
public sealed class MassUpdateTests() : ServerTest(new Dictionary<string, string?> { ["OpenLeads:Jobs:Progression"] = "manual" })
{
    private static object Body(object? value, IEnumerable<object> ids, string field = "No_of_Employees", bool? overWrite = null) =>
        overWrite is null
            ? new Dictionary<string, object?> { ["data"] = new[] { new Dictionary<string, object?> { [field] = value } }, ["ids"] = ids }
            : new Dictionary<string, object?> { ["data"] = new[] { new Dictionary<string, object?> { [field] = value } }, ["ids"] = ids, ["over_write"] = overWrite };

    private static void AssertEntry(JsonNode entry, string code, string message, string detailsJson)
    {
        Assert.Equal(code, entry["code"]!.GetValue<string>());
        Assert.Equal(message, entry["message"]!.GetValue<string>());
        Assert.Equal(code == "SUCCESS" ? "success" : "error", entry["status"]!.GetValue<string>());
        Assert.Equal(JsonNode.Parse(detailsJson)!.ToJsonString(), entry["details"]!.ToJsonString());
    }

    private Task<IReadOnlyList<AuditEntry>> AuditAsync(string id) =>
        Server.Services.GetRequiredService<IRecordStore>().AuditAsync(OrgFolder.Demo.Module("Leads"), long.Parse(id), CancellationToken.None);

    [Fact]
    public async Task UnknownId_IsAnsweredInvalidData_WhileTheOtherIdsAreUpdated()
    {
        var ids = await Zoho.SeedLeadsAsync(2);

        var response = await Zoho.MassUpdateAsync(Body(42, [ids[0], "738964000009999999", ids[1]]));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(3, response.Data.Count);
        Assert.Equal("SUCCESS", response.Data[0]!["code"]!.GetValue<string>());
        AssertEntry(response.Data[1]!, "INVALID_DATA", "the id given seems to be invalid", """{"id":"738964000009999999"}""");
        Assert.Equal("SUCCESS", response.Data[2]!["code"]!.GetValue<string>());
        Assert.Equal(42, (await Zoho.GetLeadAsync(ids[1]))["No_of_Employees"]!.GetValue<int>());
    }

    [Fact]
    public async Task IdsAsJsonNumbers_AreAccepted_AndEchoedAsStrings()
    {
        var ids = await Zoho.SeedLeadsAsync(1);

        var response = await Zoho.MassUpdateAsync(Body(7, [long.Parse(ids[0]), "not-a-number", -5]));

        Assert.Equal(ids[0], response.Data[0]!["details"]!["id"]!.GetValue<string>());
        AssertEntry(response.Data[1]!, "INVALID_DATA", "the id given seems to be invalid", """{"id":"not-a-number"}""");
        AssertEntry(response.Data[2]!, "INVALID_DATA", "the id given seems to be invalid", """{"id":"-5"}""");
        Assert.Equal(7, (await Zoho.GetLeadAsync(ids[0]))["No_of_Employees"]!.GetValue<int>());
    }

    [Fact]
    public async Task MoreThan500Ids_AnswersLimitExceeded_AndChangesNothing()
    {
        var ids = await Zoho.SeedLeadsAsync(501);
        var before = await Zoho.SnapshotAsync(ids[..100]);

        var response = await Zoho.MassUpdateAsync(Body(1, ids));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        AssertEntry(response.Data.Single()!, "LIMIT_EXCEEDED", "limit exceeded", """{"maximum_length":500,"api_name":"ids"}""");
        Assert.Equal(before, await Zoho.SnapshotAsync(ids[..100]));
    }

    [Fact]
    public async Task MoreThanOneField_AnswersMaxFieldLimitExceeded()
    {
        var ids = await Zoho.SeedLeadsAsync(1);
        var before = await Zoho.SnapshotAsync(ids);

        var response = await Zoho.MassUpdateAsync(new { data = new[] { new { No_of_Employees = 5, Rating = "Active" } }, ids });

        AssertEntry(response.Data.Single()!, "INVALID_DATA", "Max field limit exceeded", """{"limit":1}""");
        Assert.Equal(before, await Zoho.SnapshotAsync(ids));
    }

    [Theory]
    [InlineData("No_of_Employees", "\"abc\"", """{"expected_data_type":"integer","api_name":"No_of_Employees"}""")]
    [InlineData("No_of_Employees", "12.5", """{"expected_data_type":"integer","api_name":"No_of_Employees"}""")]
    [InlineData("Annual_Revenue", "true", """{"expected_data_type":"currency","api_name":"Annual_Revenue"}""")]
    [InlineData("Email_Opt_Out", "\"maybe\"", """{"expected_data_type":"boolean","api_name":"Email_Opt_Out"}""")]
    [InlineData("Next_Follow_Up", "\"28/11/2026\"", """{"expected_data_type":"date","api_name":"Next_Follow_Up"}""")]
    [InlineData("Last_Contacted", "\"2026-11-28 10:00\"", """{"expected_data_type":"datetime","api_name":"Last_Contacted"}""")]
    [InlineData("Rating", "\"Lukewarm\"", """{"api_name":"Rating"}""")]
    [InlineData("First_Name", "\"ABCDEFGHIJABCDEFGHIJABCDEFGHIJABCDEFGHIJX\"", """{"maximum_length":40,"api_name":"First_Name"}""")]
    public async Task ValueOfTheWrongType_AnswersInvalidDataNamingTheField(string field, string valueJson, string details)
    {
        var ids = await Zoho.SeedLeadsAsync(1);
        var before = await Zoho.SnapshotAsync(ids);

        var response = await Zoho.MassUpdateAsync(Body(JsonNode.Parse(valueJson), ids, field));

        Assert.Equal(HttpStatusCode.OK, response.Status);
        AssertEntry(response.Data.Single()!, "INVALID_DATA", "invalid data", details);
        Assert.Equal(before, await Zoho.SnapshotAsync(ids));
    }

    [Theory]
    [InlineData("Email")]
    [InlineData("Secondary_Email")]
    [InlineData("Description")]
    [InlineData("Full_Name")]
    [InlineData("Owner")]
    [InlineData("Referred_By")]
    [InlineData("Created_Time")]
    [InlineData("Modified_By")]
    [InlineData("id")]
    [InlineData("Layout")]
    public async Task FieldsZohoDoesNotMassUpdate_AreRefusedByName(string field)
    {
        var ids = await Zoho.SeedLeadsAsync(1);

        var response = await Zoho.MassUpdateAsync(Body("x", ids, field));

        AssertEntry(response.Data.Single()!, "INVALID_DATA", "This field cannot be updated in the Mass Update", $$"""{"api_name":"{{field}}"}""");
    }

    [Fact]
    public async Task NullForTheMandatoryLastName_AnswersMandatoryNotFound()
    {
        var ids = await Zoho.SeedLeadsAsync(1);

        var response = await Zoho.MassUpdateAsync(Body(null, ids, "Last_Name"));

        AssertEntry(response.Data.Single()!, "MANDATORY_NOT_FOUND", "required field not found", """{"api_name":"Last_Name"}""");
    }

    [Fact]
    public async Task NullForAnOptionalField_ClearsIt()
    {
        var ids = await Zoho.SeedLeadsAsync(1);

        var response = await Zoho.MassUpdateAsync(Body(null, ids, "Rating"));

        Assert.Equal("SUCCESS", response.Data.Single()!["code"]!.GetValue<string>());
        Assert.Null((await Zoho.GetLeadAsync(ids[0]))["Rating"]);
    }

    [Fact]
    public async Task MultiSelect_OverWriteFalseAdds_AndTrueReplaces()
    {
        var ids = await Zoho.SeedLeadsAsync(1);
        await Zoho.MassUpdateAsync(Body(new[] { "CRM", "Desk" }, ids, "Products_of_Interest", overWrite: true));

        await Zoho.MassUpdateAsync(Body(new[] { "Desk", "Books" }, ids, "Products_of_Interest", overWrite: false));
        var added = (await Zoho.GetLeadAsync(ids[0]))["Products_of_Interest"]!.ToJsonString();
        await Zoho.MassUpdateAsync(Body(new[] { "Social" }, ids, "Products_of_Interest", overWrite: true));
        var replaced = (await Zoho.GetLeadAsync(ids[0]))["Products_of_Interest"]!.ToJsonString();
        await Zoho.MassUpdateAsync(Body(new[] { "Analytics" }, ids, "Products_of_Interest"));
        var addedByDefault = (await Zoho.GetLeadAsync(ids[0]))["Products_of_Interest"]!.ToJsonString();

        Assert.Equal("""["CRM","Desk","Books"]""", added);
        Assert.Equal("""["Social"]""", replaced);
        Assert.Equal("""["Social","Analytics"]""", addedByDefault);
    }

    [Fact]
    public async Task RepeatedId_IsUpdatedOnce_AndAnsweredAtEachPlaceAlike()
    {
        var ids = await Zoho.SeedLeadsAsync(2);

        var response = await Zoho.MassUpdateAsync(Body(11, [ids[0], ids[1], ids[0]]));

        Assert.Equal(3, response.Data.Count);
        Assert.Equal(response.Data[0]!.ToJsonString(), response.Data[2]!.ToJsonString());
        Assert.Single(await AuditAsync(ids[0]));
    }

    [Fact]
    public async Task InReviewRecord_AnswersNotReviewed_AndStaysUnchanged()
    {
        var ids = await Zoho.SeedLeadsAsync(1);
        await Zoho.SetStateAsync(ids[0], approval: "in_review");
        var before = await Zoho.SnapshotAsync(ids);

        var response = await Zoho.MassUpdateAsync(Body(3, ids));

        AssertEntry(response.Data.Single()!, "NOT_REVIEWED", "record in review", $$"""{"id":"{{ids[0]}}"}""");
        Assert.Equal(before, await Zoho.SnapshotAsync(ids));
    }

    [Fact]
    public async Task V8_AnswersRecordLockedWithItsOwnMessage()
    {
        var ids = await Zoho.SeedLeadsAsync(1);
        await Zoho.SetStateAsync(ids[0], lockAction: "record_locking");

        var response = await Zoho.MassUpdateAsync(Body(3, ids), "v8");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        AssertEntry(response.Data.Single()!, "RECORD_LOCKED", "Sorry, you cannot perform this operation as the record is locked.",
            $$"""{"action":"record_locking","id":"{{ids[0]}}"}""");
    }

    [Theory]
    [InlineData("v2", 200, 200, 200)]
    [InlineData("v2.1", 200, 200, 200)]
    [InlineData("v7", 200, 200, 200)]
    [InlineData("v8", 200, 207, 400)]
    public async Task HttpStatus_FollowsTheApiVersion(string version, int allSucceeded, int mixed, int allFailed)
    {
        var ids = await Zoho.SeedLeadsAsync(2);
        await Zoho.SetStateAsync(ids[1], approval: "pending");

        Assert.Equal(allSucceeded, (await Zoho.MassUpdateAsync(Body(1, [ids[0]]), version)).Code);
        Assert.Equal(mixed, (await Zoho.MassUpdateAsync(Body(1, ids), version)).Code);
        Assert.Equal(allFailed, (await Zoho.MassUpdateAsync(Body(1, [ids[1]]), version)).Code);
        Assert.Equal(allFailed, (await Zoho.MassUpdateAsync(new { data = new[] { new { } }, ids }, version)).Code);
    }

    [Fact]
    public async Task FormContentType_IsReadAsJson_AsTheSeedsCurlSendsIt()
    {
        var ids = await Zoho.SeedLeadsAsync(1);
        var body = ZohoClient.Json(Body(1000, ids));

        var response = await Zoho.SendAsync(HttpMethod.Post, "/crm/v2/Leads/actions/mass_update", body, "application/x-www-form-urlencoded");

        Assert.Equal("SUCCESS", response.Data.Single()!["code"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("{\"data\":[{\"No_of_Employees\":1}],")]
    [InlineData("[1,2,3]")]
    [InlineData("")]
    [InlineData("ids=1&data=2")]
    public async Task MalformedBody_AnswersInvalidDataBody_WithTheReasonInAHeader(string body)
    {
        var response = await Zoho.SendAsync(HttpMethod.Post, "/crm/v2/Leads/actions/mass_update", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("""{"code":"INVALID_DATA","details":{"expected_data_type":"jsonobject"},"message":"body","status":"error"}""",
            response.Body!.ToJsonString());
        Assert.True(response.Message.Headers.Contains("X-OpenLeads-Error"));
    }

    [Theory]
    [InlineData("""{"data":{"No_of_Employees":1},"ids":["1"]}""", "INVALID_DATA", """{"expected_data_type":"jsonarray","api_name":"data"}""")]
    [InlineData("""{"ids":["1"]}""", "MANDATORY_NOT_FOUND", """{"api_name":"data"}""")]
    [InlineData("""{"data":[{"No_of_Employees":1}],"ids":[]}""", "MANDATORY_NOT_FOUND", "{}")]
    [InlineData("""{"data":[{"No_of_Employees":1}],"ids":"1"}""", "INVALID_DATA", """{"expected_data_type":"jsonarray","api_name":"ids"}""")]
    [InlineData("""{"data":[{"No_of_Employees":1}],"ids":["1"],"over_write":"yes"}""", "INVALID_DATA", """{"expected_data_type":"boolean","api_name":"over_write"}""")]
    [InlineData("""{"data":[{"No_of_Employees":1}],"cvid":"738964000000000001"}""", "INVALID_DATA", """{"api_name":"cvid","id":"738964000000000001"}""")]
    public async Task MalformedParts_AnswerZohoShapedErrorsNamingThePart(string body, string code, string details)
    {
        var response = await Zoho.SendAsync(HttpMethod.Post, "/crm/v2/Leads/actions/mass_update", body);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var entry = response.Data.Single()!;
        Assert.Equal(code, entry["code"]!.GetValue<string>());
        Assert.Equal(JsonNode.Parse(details)!.ToJsonString(), entry["details"]!.ToJsonString());
    }

    [Fact]
    public async Task IdsWithCvid_UpdateTheIdsBeforeV8_AndAreRefusedInV8()
    {
        var ids = await Zoho.SeedLeadsAsync(1);
        var body = new { data = new[] { new { No_of_Employees = 9 } }, ids, cvid = "738964000000087501" };

        var v2 = await Zoho.MassUpdateAsync(body);
        var v8 = await Zoho.MassUpdateAsync(body, "v8");

        Assert.Equal("SUCCESS", v2.Data.Single()!["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, v8.Status);
        Assert.Equal("""{"api_name":"cvid"}""", v8.Data.Single()!["details"]!.ToJsonString());
    }

    [Fact]
    public async Task OnlyUpdatedRecords_GetANewModifiedTimeAndModifiedBy()
    {
        var ids = await Zoho.SeedLeadsAsync(2);
        await Zoho.SetStateAsync(ids[1], lockAction: "record_locking");
        var lockedBefore = await Zoho.GetLeadAsync(ids[1]);
        var updatedBefore = await Zoho.GetLeadAsync(ids[0]);

        var response = await Zoho.MassUpdateAsync(Body(77, ids));

        var updated = await Zoho.GetLeadAsync(ids[0]);
        var locked = await Zoho.GetLeadAsync(ids[1]);
        Assert.Equal(response.Data[0]!["details"]!["Modified_Time"]!.GetValue<string>(), updated["Modified_Time"]!.GetValue<string>());
        Assert.NotEqual(updatedBefore["Modified_Time"]!.GetValue<string>(), updated["Modified_Time"]!.GetValue<string>());
        Assert.Equal("Patricia Boyle", updated["Modified_By"]!["name"]!.GetValue<string>());
        Assert.Equal(lockedBefore.ToJsonString(), locked.ToJsonString());
    }

    [Fact]
    public async Task EachUpdatedRecord_GetsOneAuditRow_WithOldAndNewValue()
    {
        var ids = await Zoho.SeedLeadsAsync(2);
        await Zoho.SetStateAsync(ids[1], approval: "pending");
        var old = (await Zoho.GetLeadAsync(ids[0]))["No_of_Employees"]!.ToJsonString();

        var response = await Zoho.MassUpdateAsync(Body(1234, ids));

        var entry = Assert.Single(await AuditAsync(ids[0]));
        Assert.Equal(("No_of_Employees", old, "1234", "Patricia Boyle", "mass_update"),
            (entry.Field, entry.OldValue, entry.NewValue, entry.User.Name, entry.Source));
        Assert.Equal(response.Message.Headers.GetValues("X-Request-Id").Single(), entry.RequestId);
        Assert.Empty(await AuditAsync(ids[1]));
    }

    [Fact]
    public async Task StatementCount_DoesNotGrowWithTheNumberOfIds()
    {
        var ids = await Zoho.SeedLeadsAsync(500);

        long Measure(int count)
        {
            using var counter = new StatementCounter(Server.StorageName);
            var response = Zoho.MassUpdateAsync(Body(count, ids[..count])).GetAwaiter().GetResult();
            Assert.All(response.Data, e => Assert.Equal("SUCCESS", e!["code"]!.GetValue<string>()));
            return counter.Count;
        }

        var few = Measure(2);
        var many = Measure(500);

        Assert.InRange(many, 1, 8);
        Assert.Equal(few, many);
    }
}

/// <summary>A body over OpenLeads:Limits:MaxBodyBytes is refused before it is parsed.</summary>
public sealed class MassUpdateBodyLimitTests() : ServerTest(new Dictionary<string, string?> { ["OpenLeads:Limits:MaxBodyBytes"] = "2048" })
{
    [Fact]
    public async Task BodyOverTheLimit_Answers413LimitExceeded_AndChangesNothing()
    {
        var ids = await Zoho.SeedLeadsAsync(1);
        var before = await Zoho.SnapshotAsync(ids);
        var padding = Enumerable.Repeat(ids[0], 200).ToArray();

        var response = await Zoho.MassUpdateAsync(new { data = new[] { new { No_of_Employees = 1 } }, ids = padding });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.Status);
        Assert.Equal("""{"code":"LIMIT_EXCEEDED","details":{"maximum_length":2048,"api_name":"body"},"message":"the request body is larger than the server accepts","status":"error"}""",
            response.Body!.ToJsonString());
        Assert.Equal(before, await Zoho.SnapshotAsync(ids));
    }
}

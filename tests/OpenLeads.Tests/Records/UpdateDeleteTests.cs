using System.Globalization;
using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.Records;

/// <summary><c>PUT /crm/v2/Leads</c>, <c>PUT /crm/v2/Leads/{id}</c> and <c>DELETE /crm/v2/Leads</c>.</summary>
public sealed class UpdateDeleteTests : ServerTest
{
    private const string UnknownId = "738964000009999999";
    private const string Patricia = """{"id":"738964000000291009","name":"Patricia Boyle"}""";

    private static string Error(string code, string details, string message) =>
        $$"""{"code":"{{code}}","details":{{details}},"message":"{{message}}","status":"error"}""";

    private static string Deleted(string id) =>
        $$"""{"code":"SUCCESS","details":{"id":"{{id}}"},"message":"record deleted","status":"success"}""";

    private static DateTimeOffset Time(System.Text.Json.Nodes.JsonNode? node) =>
        DateTimeOffset.Parse(node!.GetValue<string>(), CultureInfo.InvariantCulture);

    private Task<ZohoResponse> UpdateAsync(params object[] records) => Zoho.PutAsync("/crm/v2/Leads", new { data = records });

    [Fact]
    public async Task Update_OfManyById_ChangesTheGivenValues_AndStampsModifiedTimeAndBy()
    {
        var ids = await Zoho.SeedLeadsAsync(2);
        var before = new[] { await Zoho.GetLeadAsync(ids[0]), await Zoho.GetLeadAsync(ids[1]) };

        var response = await UpdateAsync(
            new { id = ids[0], Company = "Acme Robotics", No_of_Employees = 42 },
            new { id = ids[1], Lead_Status = "Contacted" });

        Assert.True(response.Code == 200, response.ToString());
        Assert.Equal(2, response.Data.Count);
        for (var i = 0; i < 2; i++)
        {
            var entry = response.Data[i]!;
            Assert.Equal(("SUCCESS", "record updated", "success"),
                (entry["code"]!.GetValue<string>(), entry["message"]!.GetValue<string>(), entry["status"]!.GetValue<string>()));
            var details = entry["details"]!;
            Assert.Equal(["Created_By", "Created_Time", "Modified_By", "Modified_Time", "id"], ResponseAssert.Keys(details));
            Assert.Equal(ids[i], details["id"]!.GetValue<string>());
            Assert.Equal(before[i]["Created_Time"]!.GetValue<string>(), details["Created_Time"]!.GetValue<string>());
            Assert.Equal(ResponseAssert.Canonical(before[i]["Created_By"]), ResponseAssert.Canonical(details["Created_By"]));
            Assert.Equal(Patricia, ResponseAssert.Canonical(details["Modified_By"]));
            Assert.True(Time(details["Modified_Time"]) > Time(before[i]["Modified_Time"]), details.ToJsonString());

            var after = await Zoho.GetLeadAsync(ids[i]);
            Assert.Equal(details["Modified_Time"]!.GetValue<string>(), after["Modified_Time"]!.GetValue<string>());
            Assert.Equal(Patricia, ResponseAssert.Canonical(after["Modified_By"]));
            Assert.Equal(before[i]["Last_Name"]!.GetValue<string>(), after["Last_Name"]!.GetValue<string>());
        }
        var first = await Zoho.GetLeadAsync(ids[0]);
        var second = await Zoho.GetLeadAsync(ids[1]);
        Assert.Equal(("Acme Robotics", 42), (first["Company"]!.GetValue<string>(), first["No_of_Employees"]!.GetValue<int>()));
        Assert.Equal(before[0]["Lead_Status"]?.ToJsonString(), first["Lead_Status"]?.ToJsonString());
        Assert.Equal("Contacted", second["Lead_Status"]!.GetValue<string>());
        Assert.Equal(before[1]["Company"]!.GetValue<string>(), second["Company"]!.GetValue<string>());
    }

    [Fact]
    public async Task Update_OfOneByPathId_ChangesThatLead()
    {
        var ids = await Zoho.SeedLeadsAsync(2);
        var other = await Zoho.SnapshotAsync(ids[1]);

        var response = await Zoho.PutAsync($"/crm/v2/Leads/{ids[0]}", new { data = new[] { new { Designation = "Chief Robot" } } });

        Assert.True(response.Code == 200, response.ToString());
        var entry = Assert.Single(response.Data)!;
        Assert.Equal("record updated", entry["message"]!.GetValue<string>());
        Assert.Equal(ids[0], entry["details"]!["id"]!.GetValue<string>());
        Assert.Equal("Chief Robot", (await Zoho.GetLeadAsync(ids[0]))["Designation"]!.GetValue<string>());
        Assert.Equal(other, await Zoho.SnapshotAsync(ids[1]));
    }

    [Fact]
    public async Task Update_WithoutId_AnswersMandatoryNotFoundForId()
    {
        var ids = await Zoho.SeedLeadsAsync(1);
        var before = await Zoho.SnapshotAsync(ids);

        var response = await UpdateAsync(new { Company = "Acme Robotics" });

        ResponseAssert.Answer(400, $$"""{"data":[{{Error("MANDATORY_NOT_FOUND", """{"api_name":"id"}""", "required field not found")}}]}""", response);
        Assert.Equal(before, await Zoho.SnapshotAsync(ids));
    }

    [Fact]
    public async Task Update_OfUnknownId_AnswersInvalidDataNamingTheId()
    {
        var response = await UpdateAsync(new { id = UnknownId, Company = "Acme Robotics" });

        var error = Error("INVALID_DATA", $$"""{"id":"{{UnknownId}}"}""", "the id given seems to be invalid");
        ResponseAssert.Answer(400, $$"""{"data":[{{error}}]}""", response);
    }

    [Fact]
    public async Task Update_OfKnownAndUnknownIds_Answers207WithOutcomesInOrder()
    {
        var ids = await Zoho.SeedLeadsAsync(1);

        var response = await UpdateAsync(new { id = UnknownId, Company = "Nobody" }, new { id = ids[0], Company = "Acme Robotics" });

        Assert.True(response.Code == 207, response.ToString());
        Assert.Equal(["INVALID_DATA", "SUCCESS"], response.Data.Select(d => d!["code"]!.GetValue<string>()));
        Assert.Equal(ids[0], response.Data[1]!["details"]!["id"]!.GetValue<string>());
        Assert.Equal("Acme Robotics", (await Zoho.GetLeadAsync(ids[0]))["Company"]!.GetValue<string>());
    }

    [Fact]
    public async Task Update_OfLockedLead_AnswersRecordLocked_AndChangesNothing()
    {
        var ids = await Zoho.SeedLeadsAsync(1);
        await Zoho.SetStateAsync(ids[0], lockAction: "record_locking");
        var before = await Zoho.SnapshotAsync(ids);

        var response = await UpdateAsync(new { id = ids[0], Company = "Acme Robotics" });

        // v2 answers a lock with the approval wording, as the seed recorded for the mass update.
        var error = Error("RECORD_LOCKED", $$"""{"action":"record_locking","id":"{{ids[0]}}"}""", "cannot update record that is not approved yet");
        ResponseAssert.Answer(400, $$"""{"data":[{{error}}]}""", response);
        Assert.Equal(before, await Zoho.SnapshotAsync(ids));
    }

    [Fact]
    public async Task Update_OfLeadAwaitingApproval_AnswersNotApproved_AndChangesNothing()
    {
        var ids = await Zoho.SeedLeadsAsync(1);
        await Zoho.SetStateAsync(ids[0], approval: "pending");
        var before = await Zoho.SnapshotAsync(ids);

        var response = await UpdateAsync(new { id = ids[0], Company = "Acme Robotics" });

        var error = Error("NOT_APPROVED", $$"""{"id":"{{ids[0]}}"}""", "cannot update record that is not approved yet");
        ResponseAssert.Answer(400, $$"""{"data":[{{error}}]}""", response);
        Assert.Equal(before, await Zoho.SnapshotAsync(ids));
    }

    [Fact]
    public async Task Update_OfLeadInReview_AnswersNotReviewed_AndChangesNothing()
    {
        var ids = await Zoho.SeedLeadsAsync(1);
        await Zoho.SetStateAsync(ids[0], approval: "in_review");
        var before = await Zoho.SnapshotAsync(ids);

        var response = await Zoho.PutAsync($"/crm/v2/Leads/{ids[0]}", new { data = new[] { new { Company = "Acme Robotics" } } });

        // Zoho's update examples (crm-oas updateRecords.md) give NOT_REVIEWED with empty details.
        ResponseAssert.Answer(400, $$"""{"data":[{{Error("NOT_REVIEWED", "{}", "record in review")}}]}""", response);
        Assert.Equal(before, await Zoho.SnapshotAsync(ids));
    }

    [Fact]
    public async Task Update_SettingLastNameToNull_AnswersMandatoryNotFound_AndChangesNothing()
    {
        var ids = await Zoho.SeedLeadsAsync(1);
        var before = await Zoho.SnapshotAsync(ids);

        var response = await Zoho.SendAsync(HttpMethod.Put, "/crm/v2/Leads", $$"""{"data":[{"id":"{{ids[0]}}","Last_Name":null}]}""");

        var error = Error("MANDATORY_NOT_FOUND", """{"api_name":"Last_Name"}""", "required field not found");
        ResponseAssert.Answer(400, $$"""{"data":[{{error}}]}""", response);
        Assert.Equal(before, await Zoho.SnapshotAsync(ids));
    }

    [Fact]
    public async Task Update_WhereEveryRecordFailsValidation_ChangesNoLead()
    {
        var ids = await Zoho.SeedLeadsAsync(2);
        var before = await Zoho.SnapshotAsync(ids);

        var response = await UpdateAsync(new { id = ids[0], No_of_Employees = "many" }, new { id = ids[1], Email = "nope" });

        var errors = string.Join(',',
            Error("INVALID_DATA", """{"expected_data_type":"integer","api_name":"No_of_Employees"}""", "invalid data"),
            Error("INVALID_DATA", """{"expected_data_type":"email","api_name":"Email"}""", "invalid data"));
        ResponseAssert.Answer(400, $$"""{"data":[{{errors}}]}""", response);
        Assert.Equal(before, await Zoho.SnapshotAsync(ids));
    }

    [Fact]
    public async Task Update_OfMoreThan100Records_AnswersLimitExceeded_AndChangesNothing()
    {
        var ids = await Zoho.SeedLeadsAsync(1);
        var before = await Zoho.SnapshotAsync(ids);

        var response = await UpdateAsync([.. Enumerable.Range(0, 101).Select(i => new { id = ids[0], Company = $"Company {i}" })]);

        var error = Error("LIMIT_EXCEEDED", """{"maximum_length":100,"api_name":"data"}""", "count of records in your request exceeds the limit");
        ResponseAssert.Answer(400, $$"""{"data":[{{error}}]}""", response);
        Assert.Equal(before, await Zoho.SnapshotAsync(ids));
    }

    [Fact]
    public async Task Delete_OfIds_AnswersRecordDeletedForEach_AndTheyAreGone()
    {
        var ids = await Zoho.SeedLeadsAsync(3);

        var response = await Zoho.DeleteAsync($"/crm/v2/Leads?ids={ids[2]},{ids[0]}");

        ResponseAssert.Answer(200, $$"""{"data":[{{Deleted(ids[2])}},{{Deleted(ids[0])}}]}""", response);
        ResponseAssert.NoContent(await Zoho.GetAsync($"/crm/v2/Leads/{ids[0]}"));
        ResponseAssert.NoContent(await Zoho.GetAsync($"/crm/v2/Leads/{ids[2]}"));
        Assert.Equal([ids[1]], (await Zoho.GetAsync("/crm/v2/Leads")).Data.Select(r => r!["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Delete_ByPathId_DeletesThatLead()
    {
        var ids = await Zoho.SeedLeadsAsync(1);

        var response = await Zoho.DeleteAsync($"/crm/v2/Leads/{ids[0]}");

        ResponseAssert.Answer(200, $$"""{"data":[{{Deleted(ids[0])}}]}""", response);
        ResponseAssert.NoContent(await Zoho.GetAsync($"/crm/v2/Leads/{ids[0]}"));
    }

    [Fact]
    public async Task Delete_OfKnownAndUnknownIds_Answers207WithRecordNotDeletedForTheUnknown()
    {
        var ids = await Zoho.SeedLeadsAsync(1);

        var response = await Zoho.DeleteAsync($"/crm/v2/Leads?ids={ids[0]},{UnknownId}");

        var notDeleted = Error("INVALID_DATA", $$"""{"id":"{{UnknownId}}"}""", "record not deleted");
        ResponseAssert.Answer(207, $$"""{"data":[{{Deleted(ids[0])}},{{notDeleted}}]}""", response);
    }

    [Fact]
    public async Task Delete_OfOnlyUnknownIds_Answers400_AndDeletesNothing()
    {
        var ids = await Zoho.SeedLeadsAsync(1);

        var response = await Zoho.DeleteAsync($"/crm/v2/Leads?ids={UnknownId}");

        ResponseAssert.Answer(400, $$"""{"data":[{{Error("INVALID_DATA", $$"""{"id":"{{UnknownId}}"}""", "record not deleted")}}]}""", response);
        await Zoho.GetLeadAsync(ids[0]);
    }

    [Theory]
    [InlineData("/crm/v2/Leads")]
    [InlineData("/crm/v2/Leads?ids=")]
    public async Task Delete_WithoutIds_AnswersRequiredParamMissing(string path)
    {
        var response = await Zoho.DeleteAsync(path);

        ResponseAssert.Answer(400, Error("REQUIRED_PARAM_MISSING", """{"param_name":"ids"}""", "One of the expected parameter is missing"), response);
    }

    [Fact]
    public async Task Delete_OfMoreThan100Ids_AnswersLimitExceeded_AndDeletesNothing()
    {
        var ids = await Zoho.SeedLeadsAsync(1);
        var given = ids.Concat(Enumerable.Range(1, 100).Select(i => (738964000009000000L + i).ToString(CultureInfo.InvariantCulture)));

        var response = await Zoho.DeleteAsync($"/crm/v2/Leads?ids={string.Join(',', given)}");

        Assert.True(response.Code == 400, response.ToString());
        Assert.Equal("LIMIT_EXCEEDED", response.Body!["code"]!.GetValue<string>());
        Assert.Equal("error", response.Body!["status"]!.GetValue<string>());
        await Zoho.GetLeadAsync(ids[0]);
    }
}

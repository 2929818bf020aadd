using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.MassUpdate;

/// <summary>
/// Each of the eight responses the seed recorded from Zoho, reproduced from the recorded request:
/// same HTTP status, envelope, code, message, status and details keys. Record ids in the
/// recordings belong to Zoho's organisation; each test puts its own Leads in their place.
/// </summary>
public sealed class SeedCaseTests : ServerTest
{
    /// <summary>The recorded request body with the recorded ids (and placeholders) replaced by ours.</summary>
    private static string BodyWithIds(RecordedCase recorded, params string[] ids)
    {
        var body = JsonNode.Parse(recorded.Body!)!.AsObject();
        if (body["ids"] is JsonArray recordedIds)
        {
            Assert.Equal(recordedIds.Count, ids.Length);
            body["ids"] = new JsonArray([.. ids.Select(id => (JsonNode)id)]);
        }
        return body.ToJsonString();
    }

    private Task<ZohoResponse> ReplayAsync(RecordedCase recorded, string body, AuthenticationHeaderValue? authorization = null) =>
        Zoho.SendAsync(new HttpMethod(recorded.Method), "/crm/v2/Leads/actions/mass_update", body, "application/json", authorization);

    [Fact]
    public async Task Success_UpdatesEachRecord_AndAnswersOneEntryPerIdInRequestOrder()
    {
        var recorded = RecordedCases.Get("SUCCESS RESPONSE");
        var ids = await Zoho.SeedLeadsAsync(2);
        string[] order = [ids[1], ids[0]];

        var response = await ReplayAsync(recorded, BodyWithIds(recorded, order));

        RecordedCases.AssertSameShape(recorded, response);
        for (var i = 0; i < order.Length; i++)
        {
            var details = response.Data[i]!["details"]!;
            Assert.Equal(order[i], details["id"]!.GetValue<string>());
            Assert.Equal("Patricia Boyle", details["Modified_By"]!["name"]!.GetValue<string>());
            Assert.Equal("738964000000291009", details["Modified_By"]!["id"]!.GetValue<string>());
            Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$", details["Modified_Time"]!.GetValue<string>());
            var lead = await Zoho.GetLeadAsync(order[i]);
            Assert.Equal(1000, lead["No_of_Employees"]!.GetValue<int>());
            Assert.Equal(details["Modified_Time"]!.GetValue<string>(), lead["Modified_Time"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task InvalidDataNoField_AnswersNoFieldFound_AndChangesNothing()
    {
        var recorded = RecordedCases.Get("INVALID_DATA (no field)");
        var ids = await Zoho.SeedLeadsAsync(2);
        var before = await Zoho.SnapshotAsync(ids);

        var response = await ReplayAsync(recorded, BodyWithIds(recorded, ids));

        RecordedCases.AssertSameShape(recorded, response);
        Assert.Equal(before, await Zoho.SnapshotAsync(ids));
    }

    [Fact]
    public async Task InvalidDataField_NamesTheUnknownField_AndChangesNothing()
    {
        var recorded = RecordedCases.Get("INVALID_DATA (field)");
        var ids = await Zoho.SeedLeadsAsync(2);
        var before = await Zoho.SnapshotAsync(ids);

        var response = await ReplayAsync(recorded, BodyWithIds(recorded, ids));

        RecordedCases.AssertSameShape(recorded, response);
        Assert.Equal("No_of_Employees1", response.Data[0]!["details"]!["api_name"]!.GetValue<string>());
        Assert.Equal(before, await Zoho.SnapshotAsync(ids));
    }

    [Fact]
    public async Task MandatoryNotFound_WhenNoIdsAreGiven()
    {
        var recorded = RecordedCases.Get("MANDATORY_NOT_FOUND");

        var response = await ReplayAsync(recorded, recorded.Body!);

        RecordedCases.AssertSameShape(recorded, response);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task InvalidRequestMethod_IsAnsweredBeforeAuthentication(bool withToken)
    {
        var recorded = RecordedCases.Get("INVALID_REQUEST_METHOD");
        using var client = withToken ? Server.Zoho() : new ZohoClient(Server.Anonymous());

        var response = await client.SendAsync(new HttpMethod(recorded.Method), "/crm/v2/Leads/actions/mass_update", recorded.Body);

        RecordedCases.AssertSameShape(recorded, response);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Zoho-oauthtoken 1000.unknown.token")]
    [InlineData("Bearer 1000.unknown.token")]
    public async Task AuthenticationFailure_ForMissingOrUnknownToken(string? authorization)
    {
        var recorded = RecordedCases.Get("AUTHENTICATION_FAILURE");
        using var client = new ZohoClient(Server.Anonymous());
        var header = authorization is null ? null : AuthenticationHeaderValue.Parse(authorization);

        var response = await client.SendAsync(HttpMethod.Post, "/crm/v2/Leads/actions/mass_update", recorded.Body, authorization: header);

        RecordedCases.AssertSameShape(recorded, response);
    }

    [Fact]
    public async Task NotApproved_ForARecordAwaitingApproval_WhichStaysUnchanged()
    {
        var recorded = RecordedCases.Get("NOT_APPROVED");
        var ids = await Zoho.SeedLeadsAsync(1);
        await Zoho.SetStateAsync(ids[0], approval: "pending");
        var before = await Zoho.SnapshotAsync(ids);

        var response = await ReplayAsync(recorded, BodyWithIds(recorded, ids));

        RecordedCases.AssertSameShape(recorded, response);
        Assert.Equal(ids[0], response.Data[0]!["details"]!["id"]!.GetValue<string>());
        Assert.Equal(before, await Zoho.SnapshotAsync(ids));
    }

    [Fact]
    public async Task RecordLocked_NamesTheLockAction_AndTheRecordStaysUnchanged()
    {
        var recorded = RecordedCases.Get("RECORD_LOCKED");
        var ids = await Zoho.SeedLeadsAsync(1);
        await Zoho.SetStateAsync(ids[0], lockAction: "zia_vision_processing");
        var before = await Zoho.SnapshotAsync(ids);

        var response = await ReplayAsync(recorded, BodyWithIds(recorded, ids));

        RecordedCases.AssertSameShape(recorded, response);
        var details = response.Data[0]!["details"]!;
        Assert.Equal("zia_vision_processing", details["action"]!.GetValue<string>());
        Assert.Equal(ids[0], details["id"]!.GetValue<string>());
        Assert.Equal(before, await Zoho.SnapshotAsync(ids));
    }

    [Fact]
    public void EveryRecordedCase_HasATestHere()
    {
        string[] covered =
        [
            "SUCCESS RESPONSE", "INVALID_DATA (no field)", "INVALID_DATA (field)", "MANDATORY_NOT_FOUND",
            "INVALID_REQUEST_METHOD", "AUTHENTICATION_FAILURE", "NOT_APPROVED", "RECORD_LOCKED",
        ];
        Assert.Equal(covered.Order(), RecordedCases.Names.Order());
    }
}

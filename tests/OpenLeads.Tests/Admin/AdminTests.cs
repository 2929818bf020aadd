using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.Admin;

/// <summary>
/// The control API under <c>/__admin</c>: keyed access, seeding, reset, record state and token
/// minting, each seen through the Zoho API a client would use afterwards.
/// </summary>
public sealed class AdminTests : ServerTest
{
    private const string KeyHeader = "X-OpenLeads-Admin-Key";
    private const string KeyRequired = """{"header":"X-OpenLeads-Admin-Key"}""";

    /// <summary>An admin call with the given key header (none when null) and no Zoho token.</summary>
    private async Task<ZohoResponse> WithKeyAsync(string? key, HttpMethod method, string path, string body)
    {
        using var http = Server.Anonymous();
        if (key is not null) http.DefaultRequestHeaders.Add(KeyHeader, key);
        using var client = new ZohoClient(http);
        return await client.SendAsync(method, path, body);
    }

    private async Task<int> LeadCountAsync()
    {
        var response = await Zoho.GetAsync("/crm/v2/Leads?per_page=200");
        return response.Code == 204 ? 0 : response.Data.Count;
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("wrong-key")]
    [InlineData(OpenLeadsServer.AdminKey + "x")]
    public async Task WrongOrMissingKey_IsAnAuthenticationFailure_AndSeedsNothing(string? key)
    {
        var response = await WithKeyAsync(key, HttpMethod.Post, "/__admin/seed", """{"module":"Leads","count":2}""");

        ResponseAssert.IsError(401, "AUTHENTICATION_FAILURE", "Authentication failed", KeyRequired, response);
        ResponseAssert.IsZohoJson(response);
        Assert.Equal(0, await LeadCountAsync());
    }

    [Fact]
    public async Task WrongKey_CannotReset()
    {
        await Zoho.SeedLeadsAsync(2);

        var response = await WithKeyAsync("wrong-key", HttpMethod.Post, "/__admin/reset", "{}");

        ResponseAssert.IsError(401, "AUTHENTICATION_FAILURE", "Authentication failed", KeyRequired, response);
        Assert.Equal(2, await LeadCountAsync());
    }

    [Fact]
    public async Task ZohoToken_IsNoSubstituteForTheKey()
    {
        using var http = Server.Anonymous();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Zoho-oauthtoken", OpenLeadsServer.DevToken);
        using var client = new ZohoClient(http);

        var response = await client.PostAsync("/__admin/tokens", new { scopes = new[] { "ZohoCRM.modules.ALL" } });

        ResponseAssert.IsError(401, "AUTHENTICATION_FAILURE", "Authentication failed", KeyRequired, response);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(120)]
    public async Task Seed_CreatesThatManyLeads_WithDistinctZohoIds_ThatTheApiReads(int count)
    {
        var response = await Zoho.PostAsync("/__admin/seed", new { module = "Leads", count });

        Assert.Equal(200, response.Code);
        Assert.Equal(["count", "ids"], response.Body!.AsObject().Select(p => p.Key).Order());
        Assert.Equal(count, response.Body["count"]!.GetValue<int>());
        var ids = response.Body["ids"]!.AsArray().Select(id => id!.GetValue<string>()).ToArray();
        Assert.Equal(count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Matches(@"^[1-9]\d{17,18}$", id));
        var listed = await Zoho.GetAsync("/crm/v2/Leads?per_page=200");
        Assert.Equal(ids.Order(), listed.Data.Select(r => r!["id"]!.GetValue<string>()).Order());
        var first = await Zoho.GetLeadAsync(ids[0]);
        Assert.False(string.IsNullOrEmpty(first["Last_Name"]?.GetValue<string>()));
    }

    [Theory]
    [InlineData("""{"module":"Leads","count":0}""", 400, "INVALID_DATA", "invalid data", """{"expected_data_type":"integer from 1 to 1000000","api_name":"count"}""")]
    [InlineData("""{"module":"Leads","count":-3}""", 400, "INVALID_DATA", "invalid data", """{"expected_data_type":"integer from 1 to 1000000","api_name":"count"}""")]
    [InlineData("""{"module":"Leads","count":"x"}""", 400, "INVALID_DATA", "invalid data", """{"expected_data_type":"integer from 1 to 1000000","api_name":"count"}""")]
    [InlineData("""{"module":"Leads","count":2.5}""", 400, "INVALID_DATA", "invalid data", """{"expected_data_type":"integer from 1 to 1000000","api_name":"count"}""")]
    [InlineData("""{"module":"Leads"}""", 400, "INVALID_DATA", "invalid data", """{"expected_data_type":"integer from 1 to 1000000","api_name":"count"}""")]
    [InlineData("""{"module":"Leads","count":2,"seed":"x"}""", 400, "INVALID_DATA", "invalid data", """{"expected_data_type":"integer","api_name":"seed"}""")]
    [InlineData("""{"module":"Nope","count":2}""", 400, "INVALID_MODULE", "the module name given seems to be invalid", """{"param_name":"module"}""")]
    [InlineData("""{"count":2}""", 400, "MANDATORY_NOT_FOUND", "required field not found", """{"api_name":"module"}""")]
    [InlineData("""{"module":"Leads","count":2""", 400, "INVALID_DATA", "body", """{"expected_data_type":"jsonobject"}""")]
    [InlineData("""[{"module":"Leads","count":2}]""", 400, "INVALID_DATA", "body", """{"expected_data_type":"jsonobject"}""")]
    public async Task BadSeedBody_IsAZohoError_AndCreatesNothing(string body, int status, string code, string message, string details)
    {
        var response = await Zoho.SendAsync(HttpMethod.Post, "/__admin/seed", body);

        ResponseAssert.IsError(status, code, message, details, response);
        Assert.Equal(0, await LeadCountAsync());
    }

    [Fact]
    public async Task Reset_RemovesRecords_ButKeepsUsersAndTokens()
    {
        var ids = await Zoho.SeedLeadsAsync(3);
        var token = await Zoho.MintTokenAsync(["ZohoCRM.modules.ALL"]);
        var usersBefore = await Zoho.GetAsync("/crm/v2/users");

        var response = await Zoho.PostAsync("/__admin/reset", new { });

        ResponseAssert.Is(200, """{"status":"reset"}""", response);
        Assert.Equal(0, await LeadCountAsync());
        foreach (var id in ids) Assert.Equal(204, (await Zoho.GetAsync($"/crm/v2/Leads/{id}")).Code);
        var usersAfter = await Zoho.GetAsync("/crm/v2/users");
        Assert.Equal(200, usersAfter.Code);
        Assert.Equal(usersBefore.ToString(), usersAfter.ToString());
        var withMinted = await Zoho.SendAsync(HttpMethod.Get, "/crm/v2/Leads", authorization: new AuthenticationHeaderValue("Zoho-oauthtoken", token));
        Assert.Equal(204, withMinted.Code);
    }

    [Theory]
    [InlineData("pending", null, false, "approval_process_pending", false)]
    [InlineData("in_review", null, false, "review_process_pending", false)]
    [InlineData("approved", null, true, "approved", false)]
    [InlineData("approved", "record_locking", true, "approved", true)]
    [InlineData("pending", "zia_vision_processing", false, "approval_process_pending", true)]
    public async Task SetState_IsWhatTheRecordShows(string approval, string? lockAction, bool approved, string approvalState, bool locked)
    {
        var id = (await Zoho.SeedLeadsAsync(1))[0];

        var response = await Zoho.PutAsync($"/__admin/records/Leads/{id}/state", new { approval, lock_action = lockAction });

        var lockJson = lockAction is null ? "null" : $"\"{lockAction}\"";
        ResponseAssert.Is(200, $$"""{"id":"{{id}}","approval":"{{approval}}","lock_action":{{lockJson}}}""", response);
        var lead = await Zoho.GetLeadAsync(id);
        Assert.Equal((approved, approvalState, locked, !locked),
            (lead["$approved"]!.GetValue<bool>(), lead["$approval_state"]!.GetValue<string>(),
             lead["$locked_for_me"]!.GetValue<bool>(), lead["$editable"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task SetState_BackToApproved_ClearsTheLock()
    {
        var id = (await Zoho.SeedLeadsAsync(1))[0];
        await Zoho.SetStateAsync(id, approval: "pending", lockAction: "record_locking");

        await Zoho.SetStateAsync(id);

        var lead = await Zoho.GetLeadAsync(id);
        Assert.Equal((true, false), (lead["$approved"]!.GetValue<bool>(), lead["$locked_for_me"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task SetState_OfAnUnknownId_IsNotFound()
    {
        await Zoho.SeedLeadsAsync(1);
        const string unknown = "738964000000999999";

        var response = await Zoho.PutAsync($"/__admin/records/Leads/{unknown}/state", new { approval = "pending" });

        ResponseAssert.IsError(404, "INVALID_DATA", "the id given seems to be invalid", $$"""{"id":"{{unknown}}"}""", response);
    }

    [Theory]
    [InlineData("""{"approval":"rejected"}""", "approval", "approved|pending|in_review")]
    [InlineData("""{"approval":true}""", "approval", "approved|pending|in_review")]
    [InlineData("""{"approval":"pending","lock_action":"Record Locking"}""", "lock_action", "null or a snake_case action such as record_locking")]
    public async Task SetState_WithAnInvalidValue_IsRefused_AndLeavesTheRecordAlone(string body, string apiName, string expected)
    {
        var id = (await Zoho.SeedLeadsAsync(1))[0];
        var before = await Zoho.SnapshotAsync(id);

        var response = await Zoho.SendAsync(HttpMethod.Put, $"/__admin/records/Leads/{id}/state", body);

        ResponseAssert.IsError(400, "INVALID_DATA", "invalid data", $$"""{"expected_data_type":"{{expected}}","api_name":"{{apiName}}"}""", response);
        Assert.Equal(before, await Zoho.SnapshotAsync(id));
    }

    [Fact]
    public async Task MintedToken_CarriesOnlyItsScopes()
    {
        var id = (await Zoho.SeedLeadsAsync(1))[0];

        var minted = await Zoho.PostAsync("/__admin/tokens", new { scopes = new[] { "ZohoCRM.users.READ", "ZohoCRM.modules.leads.READ" }, expires_in = 600 });

        Assert.Equal(200, minted.Code);
        var token = minted.Body!["access_token"]!.GetValue<string>();
        Assert.Matches(@"^1000\.[0-9a-f]{32}\.[0-9a-f]{32}$", token);
        ResponseAssert.Is(200, $$"""{"access_token":"{{token}}","token_type":"Bearer","expires_in":600,"scope":"ZohoCRM.users.READ ZohoCRM.modules.leads.READ"}""", minted);
        var auth = new AuthenticationHeaderValue("Zoho-oauthtoken", token);
        Assert.Equal(200, (await Zoho.SendAsync(HttpMethod.Get, "/crm/v2/users", authorization: auth)).Code);
        Assert.Equal(200, (await Zoho.SendAsync(HttpMethod.Get, $"/crm/v2/Leads/{id}", authorization: auth)).Code);
        var massUpdate = await Zoho.SendAsync(HttpMethod.Post, "/crm/v2/Leads/actions/mass_update",
            ZohoClient.Json(new { data = new[] { new { Lead_Status = "Contacted" } }, ids = new[] { id } }), authorization: auth);
        ResponseAssert.IsError(401, "OAUTH_SCOPE_MISMATCH", "invalid oauth scope to access this URL", "{}", massUpdate);
        var fields = await Zoho.SendAsync(HttpMethod.Get, "/crm/v2/settings/fields?module=Leads", authorization: auth);
        ResponseAssert.IsError(401, "OAUTH_SCOPE_MISMATCH", "invalid oauth scope to access this URL", "{}", fields);
    }

    [Theory]
    [InlineData("""{"scopes":["ZohoCRM.users.READ"],"expires_in":"soon"}""", "expires_in", "integer of seconds, at most 315360000")]
    [InlineData("""{"scopes":["ZohoCRM.users.READ"],"expires_in":1.5}""", "expires_in", "integer of seconds, at most 315360000")]
    [InlineData("""{"scopes":"ZohoCRM.users.READ"}""", "scopes", "jsonarray of scope names")]
    [InlineData("""{"scopes":["ZohoCRM.users.READ",""]}""", "scopes", "jsonarray of scope names")]
    [InlineData("""{"expires_in":60}""", "scopes", "jsonarray of scope names")]
    public async Task BadMintBody_IsAZohoError(string body, string apiName, string expected)
    {
        var response = await Zoho.SendAsync(HttpMethod.Post, "/__admin/tokens", body);

        ResponseAssert.IsError(400, "INVALID_DATA", "invalid data", $$"""{"expected_data_type":"{{expected}}","api_name":"{{apiName}}"}""", response);
    }

    [Fact]
    public async Task MintedTokens_AreDistinct()
    {
        var first = await Zoho.MintTokenAsync(["ZohoCRM.users.READ"]);
        var second = await Zoho.MintTokenAsync(["ZohoCRM.users.READ"]);

        Assert.NotEqual(first, second);
    }
}

/// <summary>Without <c>OpenLeads:Admin:Key</c> the control API does not exist: its paths are unknown URLs.</summary>
public sealed class AdminDisabledTests() : ServerTest(new Dictionary<string, string?> { ["OpenLeads:Admin:Key"] = null })
{
    [Theory]
    [InlineData("POST", "/__admin/reset", "{}")]
    [InlineData("POST", "/__admin/seed", """{"module":"Leads","count":1}""")]
    [InlineData("POST", "/__admin/tokens", """{"scopes":["ZohoCRM.modules.ALL"]}""")]
    [InlineData("PUT", "/__admin/records/Leads/738964000000291009/state", """{"approval":"pending"}""")]
    public async Task AdminPaths_AreInvalidUrlPatterns_EvenWithTheTestKey(string method, string path, string body)
    {
        var response = await Zoho.SendAsync(new HttpMethod(method), path, body);

        ResponseAssert.IsError(404, "INVALID_URL_PATTERN", "Please check if the URL trying to access is a correct one", "{}", response);
        Assert.Equal(204, (await Zoho.GetAsync("/crm/v2/Leads")).Code);
    }
}

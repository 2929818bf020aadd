using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.Auth;

/// <summary>
/// Zoho's token authentication: the two header forms, the three 401 answers (missing or unknown
/// token, expired token, scope mismatch), the scope each endpoint needs, and how tokens are kept.
/// </summary>
public sealed class AuthTests : ServerTest
{
    private const string AuthenticationFailed = "Authentication failed";
    private const int NewEmployees = 4321;

    /// <summary>A call made with no credentials but the given Authorization header (none when null).</summary>
    private async Task<ZohoResponse> CallAsync(string? authorization, HttpMethod method, string path, string? body = null)
    {
        using var client = new ZohoClient(Server.Anonymous());
        return await client.SendAsync(method, path, body, authorization: authorization is null ? null : AuthenticationHeaderValue.Parse(authorization));
    }

    private Task<ZohoResponse> WithTokenAsync(string token, HttpMethod method, string path, string? body = null) =>
        CallAsync($"Zoho-oauthtoken {token}", method, path, body);

    private static string MassUpdateBody(string id) =>
        ZohoClient.Json(new { data = new[] { new { No_of_Employees = NewEmployees } }, ids = new[] { id } });

    private async Task<string> SeedLeadAsync()
    {
        var id = (await Zoho.SeedLeadsAsync(1))[0];
        Assert.NotEqual(NewEmployees, (await Zoho.GetLeadAsync(id))["No_of_Employees"]?.GetValue<int>());
        return id;
    }

    [Theory]
    [InlineData("Zoho-oauthtoken")]
    [InlineData("Bearer")]
    [InlineData("zoho-oauthtoken")]
    public async Task EitherHeaderForm_CarriesTheToken(string scheme)
    {
        var id = await SeedLeadAsync();

        var response = await CallAsync($"{scheme} {OpenLeadsServer.DevToken}", HttpMethod.Get, $"/crm/v2/Leads/{id}");

        Assert.Equal(200, response.Code);
        Assert.Equal(id, response.Data.Single()!["id"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Zoho-oauthtoken 1000.unknown.token")]
    [InlineData("Bearer 1000.unknown.token")]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Zoho-oauthtoken")]
    [InlineData("Token " + OpenLeadsServer.DevToken)]
    public async Task MissingUnknownOrMalformedCredentials_AreAnAuthenticationFailure(string? authorization)
    {
        var response = await CallAsync(authorization, HttpMethod.Get, "/crm/v2/Leads");

        ResponseAssert.IsError(401, "AUTHENTICATION_FAILURE", AuthenticationFailed, "{}", response);
        ResponseAssert.IsZohoJson(response);
    }

    [Fact]
    public async Task UnknownToken_OnMassUpdate_IsAnAuthenticationFailure_AndChangesNothing()
    {
        var id = await SeedLeadAsync();
        var before = await Zoho.SnapshotAsync(id);

        var response = await WithTokenAsync("1000.unknown.token", HttpMethod.Post, "/crm/v2/Leads/actions/mass_update", MassUpdateBody(id));

        ResponseAssert.IsError(401, "AUTHENTICATION_FAILURE", AuthenticationFailed, "{}", response);
        Assert.Equal(before, await Zoho.SnapshotAsync(id));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-60)]
    public async Task ExpiredToken_IsAnInvalidToken(long expiresIn)
    {
        var token = await Zoho.MintTokenAsync(["ZohoCRM.modules.ALL"], expiresIn);

        var response = await WithTokenAsync(token, HttpMethod.Get, "/crm/v2/Leads");

        ResponseAssert.IsError(401, "INVALID_TOKEN", "invalid oauth token", "{}", response);
    }

    [Fact]
    public async Task TokenWithoutTheScope_IsAnOAuthScopeMismatch()
    {
        var token = await Zoho.MintTokenAsync(["ZohoCRM.users.READ"]);

        var response = await WithTokenAsync(token, HttpMethod.Get, "/crm/v2/Leads");

        ResponseAssert.IsError(401, "OAUTH_SCOPE_MISMATCH", "invalid oauth scope to access this URL", "{}", response);
    }

    [Theory]
    [InlineData("GET", "/crm/v2/Leads", "ZohoCRM.modules.leads.READ")]
    [InlineData("POST", "/crm/v2/Leads/actions/mass_update", "ZohoCRM.mass_update.leads.UPDATE")]
    [InlineData("GET", "/crm/v2/settings/fields?module=Leads", "ZohoCRM.settings.fields.READ")]
    [InlineData("GET", "/crm/v8/users", "ZohoCRM.users.READ")]
    public async Task ScopeMismatch_NamesTheNeededScope_InAnExtensionHeader_WithZohosBodyUnchanged(string method, string path, string scope)
    {
        var id = await SeedLeadAsync();
        var token = await Zoho.MintTokenAsync(["ZohoCRM.org.READ"]);

        var response = await WithTokenAsync(token, new HttpMethod(method), path, method == "POST" ? MassUpdateBody(id) : null);

        ResponseAssert.IsError(401, "OAUTH_SCOPE_MISMATCH", "invalid oauth scope to access this URL", "{}", response);
        Assert.Equal([$"required-scope={scope}"], response.Message.Headers.GetValues("X-OpenLeads-Error"));
    }

    [Theory]
    [InlineData("ZohoCRM.mass_update.ALL")]
    [InlineData("ZohoCRM.mass_update.UPDATE")]
    [InlineData("ZohoCRM.mass_update.leads.UPDATE")]
    [InlineData("ZohoCRM.mass_update.Leads.ALL")]
    [InlineData("zohocrm.MASS_UPDATE.LEADS.update")]
    public async Task MassUpdate_IsAllowed_WithAMassUpdateScope(string scope)
    {
        var id = await SeedLeadAsync();
        var token = await Zoho.MintTokenAsync([scope]);

        var response = await WithTokenAsync(token, HttpMethod.Post, "/crm/v2/Leads/actions/mass_update", MassUpdateBody(id));

        Assert.Equal(200, response.Code);
        var outcome = response.Data.Single()!;
        Assert.Equal(("SUCCESS", "record updated", "success", id),
            (outcome["code"]!.GetValue<string>(), outcome["message"]!.GetValue<string>(), outcome["status"]!.GetValue<string>(),
             outcome["details"]!["id"]!.GetValue<string>()));
        Assert.Equal(NewEmployees, (await Zoho.GetLeadAsync(id))["No_of_Employees"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("ZohoCRM.modules.ALL")]
    [InlineData("ZohoCRM.mass_update.READ")]
    [InlineData("ZohoCRM.mass_update.contacts.UPDATE")]
    [InlineData("ZohoCRM.modules.leads.UPDATE")]
    public async Task MassUpdate_IsRefused_WithoutAMassUpdateScopeForLeads_AndChangesNothing(string scope)
    {
        var id = await SeedLeadAsync();
        var token = await Zoho.MintTokenAsync([scope]);
        var before = await Zoho.SnapshotAsync(id);

        var response = await WithTokenAsync(token, HttpMethod.Post, "/crm/v2/Leads/actions/mass_update", MassUpdateBody(id));

        ResponseAssert.IsError(401, "OAUTH_SCOPE_MISMATCH", "invalid oauth scope to access this URL", "{}", response);
        Assert.Equal(before, await Zoho.SnapshotAsync(id));
    }

    [Theory]
    [InlineData("/crm/v2/Leads/{id}", "data", "ZohoCRM.modules.READ")]
    [InlineData("/crm/v2/Leads/{id}", "data", "ZohoCRM.modules.leads.READ")]
    [InlineData("/crm/v2/Leads/{id}", "data", "ZohoCRM.modules.ALL")]
    [InlineData("/crm/v2/Leads", "data", "ZohoCRM.modules.Leads.READ")]
    [InlineData("/crm/v2/settings/fields?module=Leads", "fields", "ZohoCRM.settings.fields.READ")]
    [InlineData("/crm/v2/settings/fields?module=Leads", "fields", "ZohoCRM.settings.ALL")]
    [InlineData("/crm/v2/users", "users", "ZohoCRM.users.READ")]
    [InlineData("/crm/v2/users", "users", "ZohoCRM.users.ALL")]
    public async Task Read_IsAllowed_WithTheEndpointsScope(string path, string wrapper, string scope)
    {
        var id = await SeedLeadAsync();
        var token = await Zoho.MintTokenAsync([scope]);

        var response = await WithTokenAsync(token, HttpMethod.Get, path.Replace("{id}", id, StringComparison.Ordinal));

        Assert.Equal(200, response.Code);
        Assert.NotEmpty(response.Body![wrapper]!.AsArray());
    }

    [Theory]
    [InlineData("/crm/v2/Leads/{id}", "ZohoCRM.modules.leads.CREATE")]
    [InlineData("/crm/v2/Leads/{id}", "ZohoCRM.modules.contacts.READ")]
    [InlineData("/crm/v2/Leads", "ZohoCRM.mass_update.ALL")]
    [InlineData("/crm/v2/settings/fields?module=Leads", "ZohoCRM.modules.ALL")]
    [InlineData("/crm/v2/settings/fields?module=Leads", "ZohoCRM.settings.modules.READ")]
    [InlineData("/crm/v2/users", "ZohoCRM.modules.ALL")]
    [InlineData("/crm/v2/users", "ZohoCRM.settings.ALL")]
    public async Task Read_IsRefused_WithoutTheEndpointsScope(string path, string scope)
    {
        var id = await SeedLeadAsync();
        var token = await Zoho.MintTokenAsync([scope]);

        var response = await WithTokenAsync(token, HttpMethod.Get, path.Replace("{id}", id, StringComparison.Ordinal));

        ResponseAssert.IsError(401, "OAUTH_SCOPE_MISMATCH", "invalid oauth scope to access this URL", "{}", response);
    }

    [Theory]
    [InlineData("ZohoCRM.modules.leads.WRITE")]
    [InlineData("ZohoCRM.modules.leads.CREATE")]
    [InlineData("ZohoCRM.modules.WRITE")]
    public async Task Insert_IsAllowed_WithAWriteOrCreateScope(string scope)
    {
        var token = await Zoho.MintTokenAsync([scope]);

        var response = await WithTokenAsync(token, HttpMethod.Post, "/crm/v2/Leads", """{"data":[{"Last_Name":"Scoped"}]}""");

        Assert.Equal(201, response.Code);
        var outcome = response.Data.Single()!;
        Assert.Equal(("SUCCESS", "record added"), (outcome["code"]!.GetValue<string>(), outcome["message"]!.GetValue<string>()));
        var lead = await Zoho.GetLeadAsync(outcome["details"]!["id"]!.GetValue<string>());
        Assert.Equal("Scoped", lead["Last_Name"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("ZohoCRM.modules.leads.READ")]
    [InlineData("ZohoCRM.modules.leads.UPDATE")]
    [InlineData("ZohoCRM.modules.contacts.WRITE")]
    public async Task Insert_IsRefused_WithoutACreateScopeForLeads_AndCreatesNothing(string scope)
    {
        var token = await Zoho.MintTokenAsync([scope]);

        var response = await WithTokenAsync(token, HttpMethod.Post, "/crm/v2/Leads", """{"data":[{"Last_Name":"Scoped"}]}""");

        ResponseAssert.IsError(401, "OAUTH_SCOPE_MISMATCH", "invalid oauth scope to access this URL", "{}", response);
        Assert.Equal(204, (await Zoho.GetAsync("/crm/v2/Leads")).Code);
    }

    [Fact]
    public async Task Tokens_AreStoredOnlyAsHashes()
    {
        var token = await Zoho.MintTokenAsync(["ZohoCRM.modules.ALL"]);
        Assert.Equal(204, (await WithTokenAsync(token, HttpMethod.Get, "/crm/v2/Leads")).Code);

        var stored = await Server.StoredTokensTextAsync();

        Assert.DoesNotContain(token, stored, StringComparison.Ordinal);
        Assert.DoesNotContain(OpenLeadsServer.DevToken, stored, StringComparison.Ordinal);
        Assert.Contains(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token))), stored, StringComparison.Ordinal);
    }
}

/// <summary>With <c>OpenLeads:Auth:DevToken</c> empty there is no development token; minted tokens still work.</summary>
public sealed class NoDevTokenTests() : ServerTest(new Dictionary<string, string?> { ["OpenLeads:Auth:DevToken"] = "" })
{
    [Fact]
    public async Task TheTestDevToken_IsAnAuthenticationFailure()
    {
        var response = await Zoho.GetAsync("/crm/v2/users");

        ResponseAssert.IsError(401, "AUTHENTICATION_FAILURE", "Authentication failed", "{}", response);
    }

    [Fact]
    public async Task AMintedToken_StillWorks()
    {
        var token = await Zoho.MintTokenAsync(["ZohoCRM.users.READ"]);

        var response = await Zoho.SendAsync(HttpMethod.Get, "/crm/v2/users", authorization: new AuthenticationHeaderValue("Zoho-oauthtoken", token));

        Assert.Equal(200, response.Code);
        Assert.NotEmpty(response.Body!["users"]!.AsArray());
    }
}

/// <summary>A configured development token is the token that works, with every scope.</summary>
public sealed class ConfiguredDevTokenTests() : ServerTest(new Dictionary<string, string?> { ["OpenLeads:Auth:DevToken"] = ConfiguredToken })
{
    private const string ConfiguredToken = "1000.configured.dev";

    [Theory]
    [InlineData("/crm/v2/users")]
    [InlineData("/crm/v2/settings/fields?module=Leads")]
    public async Task TheConfiguredToken_Works(string path)
    {
        using var client = new ZohoClient(Server.Anonymous());

        var response = await client.SendAsync(HttpMethod.Get, path, authorization: new AuthenticationHeaderValue("Zoho-oauthtoken", ConfiguredToken));

        Assert.Equal(200, response.Code);
    }

    [Fact]
    public async Task TheTestDevToken_IsNotAccepted()
    {
        var response = await Zoho.GetAsync("/crm/v2/users");

        ResponseAssert.IsError(401, "AUTHENTICATION_FAILURE", "Authentication failed", "{}", response);
    }
}

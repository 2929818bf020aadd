using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.Auth;

/// <summary>
/// The accounts server's token endpoint: a client registered through the control API exchanges its
/// refresh token (or, as a self client, its credentials) for an access token that works on the CRM
/// API, lasts OpenLeads:Auth:AccessTokenSeconds and carries the client's scopes; refused grants
/// answer 200 {"error":…} as Zoho's accounts server does.
/// </summary>
public sealed class OAuthTests() : ServerTest(new Dictionary<string, string?> { ["OpenLeads:Auth:AccessTokenSeconds"] = "2" })
{
    private static readonly string[] LeadsScopes = ["ZohoCRM.modules.ALL", "ZohoCRM.mass_update.ALL"];

    private sealed record Client(string Id, string Secret, string RefreshToken);

    private async Task<Client> RegisterAsync(string[]? scopes = null)
    {
        var response = await Zoho.PostAsync("/__admin/oauth_clients", new { scopes = scopes ?? LeadsScopes });
        Assert.Equal(HttpStatusCode.OK, response.Status);
        var body = response.Body!;
        Assert.Equal(string.Join(' ', scopes ?? LeadsScopes), body["scope"]!.GetValue<string>());
        return new Client(body["client_id"]!.GetValue<string>(), body["client_secret"]!.GetValue<string>(),
            body["refresh_token"]!.GetValue<string>());
    }

    /// <summary>A token request as a form body (as Zoho's SDKs send it), with no Authorization header.</summary>
    private async Task<ZohoResponse> TokenAsync(params (string Name, string Value)[] parameters)
    {
        using var http = Server.Anonymous();
        using var content = new FormUrlEncodedContent(parameters.Select(p => KeyValuePair.Create(p.Name, p.Value)));
        using var response = await http.PostAsync("/oauth/v2/token", content);
        return new ZohoResponse(response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync()), response);
    }

    private Task<ZohoResponse> RefreshAsync(Client client, string? refreshToken = null, string? secret = null) =>
        TokenAsync(("grant_type", "refresh_token"), ("client_id", client.Id), ("client_secret", secret ?? client.Secret),
            ("refresh_token", refreshToken ?? client.RefreshToken));

    private async Task<ZohoResponse> CrmAsync(string accessToken, HttpMethod method, string path, string? body = null)
    {
        using var client = new ZohoClient(Server.Anonymous());
        return await client.SendAsync(method, path, body, authorization: new AuthenticationHeaderValue("Zoho-oauthtoken", accessToken));
    }

    private static void AssertRefused(string error, ZohoResponse response)
    {
        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(new JsonObject { ["error"] = error }.ToJsonString(), response.Body!.ToJsonString());
    }

    [Fact]
    public async Task RefreshGrant_IssuesAnAccessToken_InZohosShape_ThatMassUpdatesLeads()
    {
        var client = await RegisterAsync();
        var id = (await Zoho.SeedLeadsAsync(1))[0];

        var response = await RefreshAsync(client);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        var body = response.Body!.AsObject();
        Assert.Equal(["access_token", "scope", "api_domain", "token_type", "expires_in"], body.Select(p => p.Key));
        Assert.Matches(@"^1000\.[0-9a-f]{32}\.[0-9a-f]{32}$", body["access_token"]!.GetValue<string>());
        Assert.Equal("ZohoCRM.modules.ALL ZohoCRM.mass_update.ALL", body["scope"]!.GetValue<string>());
        Assert.Equal(Server.Address.GetLeftPart(UriPartial.Authority), body["api_domain"]!.GetValue<string>());
        Assert.Equal("Bearer", body["token_type"]!.GetValue<string>());
        Assert.Equal(2, body["expires_in"]!.GetValue<int>());

        var update = await CrmAsync(body["access_token"]!.GetValue<string>(), HttpMethod.Post, "/crm/v2/Leads/actions/mass_update",
            ZohoClient.Json(new { data = new[] { new { No_of_Employees = 808 } }, ids = new[] { id } }));
        Assert.Equal("SUCCESS", update.Data.Single()!["code"]!.GetValue<string>());
        Assert.Equal(808, (await Zoho.GetLeadAsync(id))["No_of_Employees"]!.GetValue<int>());
    }

    [Fact]
    public async Task RefreshGrant_TakesItsParametersFromTheQueryStringToo()
    {
        var client = await RegisterAsync();
        using var http = Server.Anonymous();

        using var response = await http.PostAsync($"/oauth/v2/token?grant_type=refresh_token&client_id={client.Id}" +
            $"&client_secret={client.Secret}&refresh_token={client.RefreshToken}", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["access_token"]);
    }

    [Fact]
    public async Task AccessToken_CarriesOnlyTheClientsScopes()
    {
        var client = await RegisterAsync(["ZohoCRM.users.READ"]);
        var token = (await RefreshAsync(client)).Body!["access_token"]!.GetValue<string>();

        Assert.Equal(200, (await CrmAsync(token, HttpMethod.Get, "/crm/v2/users")).Code);
        ResponseAssert.IsError(401, "OAUTH_SCOPE_MISMATCH", "invalid oauth scope to access this URL", "{}",
            await CrmAsync(token, HttpMethod.Get, "/crm/v2/Leads"));
    }

    [Fact]
    public async Task AccessToken_ExpiresAfterAccessTokenSeconds_AndTheRefreshTokenGivesANewOne()
    {
        var client = await RegisterAsync();
        var first = (await RefreshAsync(client)).Body!["access_token"]!.GetValue<string>();
        Assert.Equal(204, (await CrmAsync(first, HttpMethod.Get, "/crm/v2/Leads")).Code);

        await Task.Delay(TimeSpan.FromSeconds(2.5));

        ResponseAssert.IsError(401, "INVALID_TOKEN", "invalid oauth token", "{}", await CrmAsync(first, HttpMethod.Get, "/crm/v2/Leads"));
        var second = (await RefreshAsync(client)).Body!["access_token"]!.GetValue<string>();
        Assert.NotEqual(first, second);
        Assert.Equal(204, (await CrmAsync(second, HttpMethod.Get, "/crm/v2/Leads")).Code);
    }

    [Fact]
    public async Task ClientCredentialsGrant_IssuesTheRequestedScopes_AmongTheClientsOwn()
    {
        var client = await RegisterAsync();

        var narrowed = await TokenAsync(("grant_type", "client_credentials"), ("client_id", client.Id), ("client_secret", client.Secret),
            ("scope", "ZohoCRM.modules.ALL"), ("soid", "ZohoCRM.738964000000012345"));
        var all = await TokenAsync(("grant_type", "client_credentials"), ("client_id", client.Id), ("client_secret", client.Secret));
        var wider = await TokenAsync(("grant_type", "client_credentials"), ("client_id", client.Id), ("client_secret", client.Secret),
            ("scope", "ZohoCRM.modules.ALL,ZohoCRM.settings.ALL"));

        Assert.Equal("ZohoCRM.modules.ALL", narrowed.Body!["scope"]!.GetValue<string>());
        Assert.Equal(204, (await CrmAsync(narrowed.Body!["access_token"]!.GetValue<string>(), HttpMethod.Get, "/crm/v2/Leads")).Code);
        Assert.Equal("ZohoCRM.modules.ALL ZohoCRM.mass_update.ALL", all.Body!["scope"]!.GetValue<string>());
        AssertRefused("invalid_scope", wider);
    }

    [Fact]
    public async Task UnknownClient_OrWrongSecret_AnswersInvalidClient()
    {
        var client = await RegisterAsync();

        AssertRefused("invalid_client", await RefreshAsync(client with { Id = "1000.UNKNOWNCLIENT" }));
        AssertRefused("invalid_client", await RefreshAsync(client, secret: "0123456789abcdef"));
        AssertRefused("invalid_client", await RefreshAsync(client, secret: ""));
    }

    [Fact]
    public async Task WrongMissingOrAnotherClientsRefreshToken_AnswersInvalidCode()
    {
        var client = await RegisterAsync();
        var other = await RegisterAsync();

        AssertRefused("invalid_code", await RefreshAsync(client, refreshToken: "1000.0000.0000"));
        AssertRefused("invalid_code", await RefreshAsync(client, refreshToken: ""));
        AssertRefused("invalid_code", await RefreshAsync(client, refreshToken: other.RefreshToken));
        AssertRefused("invalid_code", await RefreshAsync(client, refreshToken: client.Secret));
    }

    [Theory]
    [InlineData("authorization_code")]
    [InlineData("password")]
    [InlineData("")]
    public async Task OtherGrantTypes_AnswerUnsupportedGrantType(string grantType)
    {
        var client = await RegisterAsync();

        AssertRefused("unsupported_grant_type", await TokenAsync(("grant_type", grantType), ("client_id", client.Id),
            ("client_secret", client.Secret), ("code", "1000.grant.code")));
    }

    [Fact]
    public async Task ClientSecretsAndRefreshTokens_AreStoredOnlyAsHashes()
    {
        var client = await RegisterAsync();
        var token = (await RefreshAsync(client)).Body!["access_token"]!.GetValue<string>();

        var stored = await Server.StoredTokensTextAsync();

        Assert.DoesNotContain(client.Secret, stored);
        Assert.DoesNotContain(client.RefreshToken, stored);
        Assert.DoesNotContain(token, stored);
    }

    [Fact]
    public async Task Registering_WithBadScopesOrAnUnknownUser_IsRefused_AndNamesTheKey()
    {
        var noScopes = await Zoho.PostAsync("/__admin/oauth_clients", new { scopes = "ZohoCRM.modules.ALL" });
        var unknownUser = await Zoho.PostAsync("/__admin/oauth_clients", new { scopes = LeadsScopes, user_id = "738964000000000001" });

        Assert.Equal(400, noScopes.Code);
        Assert.Equal("scopes", noScopes.Body!["details"]!["api_name"]!.GetValue<string>());
        Assert.Equal(400, unknownUser.Code);
        Assert.Equal("user_id", unknownUser.Body!["details"]!["api_name"]!.GetValue<string>());
    }
}

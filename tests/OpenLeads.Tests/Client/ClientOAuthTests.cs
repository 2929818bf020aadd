using OpenLeads.Client;
using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.Client;

/// <summary>
/// The client signing in with OAuth against OpenLeads' token endpoint: it fetches an access token with
/// the refresh token, and when the API calls that token invalid (it expired), fetches a new one and
/// makes the call again.
/// </summary>
public sealed class ClientOAuthTests() : ServerTest(new Dictionary<string, string?> { ["OpenLeads:Auth:AccessTokenSeconds"] = "1" })
{
    private async Task<ZohoCrmClientOptions> RegisteredClientAsync()
    {
        var registered = (await Zoho.PostAsync("/__admin/oauth_clients", new { scopes = new[] { "ZohoCRM.modules.ALL", "ZohoCRM.settings.ALL" } })).Body!;
        return new ZohoCrmClientOptions
        {
            ApiDomain = Server.Address,
            ClientId = registered["client_id"]!.GetValue<string>(),
            ClientSecret = registered["client_secret"]!.GetValue<string>(),
            RefreshToken = registered["refresh_token"]!.GetValue<string>(),
        };
    }

    [Fact]
    public async Task ExpiredAccessToken_IsRefreshed_AndTheCallMadeAgain()
    {
        // The client's clock stands still, so it keeps its token until the server calls it invalid.
        using var client = new ZohoCrmClient(await RegisteredClientAsync(), new FrozenClock(DateTimeOffset.UtcNow));
        Assert.NotEmpty(await client.GetFieldsAsync("Leads"));

        await Task.Delay(TimeSpan.FromSeconds(1.5));

        Assert.NotEmpty(await client.GetFieldsAsync("Leads"));
    }

    [Fact]
    public async Task SelfClient_SignsInWithClientCredentials()
    {
        var options = await RegisteredClientAsync();
        options.RefreshToken = null;
        options.Scope = "ZohoCRM.settings.ALL";
        using var client = new ZohoCrmClient(options);

        Assert.NotEmpty(await client.GetFieldsAsync("Leads"));
    }

    [Fact]
    public async Task WrongSecret_RaisesZohoApiException_NamingTheAccountsError()
    {
        var options = await RegisteredClientAsync();
        options.ClientSecret = "wrong";
        using var client = new ZohoCrmClient(options);

        var error = await Assert.ThrowsAsync<ZohoApiException>(() => client.GetFieldsAsync("Leads"));

        Assert.Equal("invalid_client", error.Code);
    }

    private sealed class FrozenClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.Routing;

/// <summary>
/// What Zoho answers before any endpoint does: unknown URLs, API versions, wrong methods and
/// unknown modules, always as Zoho's bare error object.
/// </summary>
public sealed class RoutingTests : ServerTest
{
    private const string InvalidUrlMessage = "Please check if the URL trying to access is a correct one";
    private const string InvalidMethodMessage = "The http request method type is not a valid one";

    [Theory]
    [InlineData("/nope")]
    [InlineData("/console/nope.js")]
    [InlineData("/crm")]
    [InlineData("/crm/v2")]
    [InlineData("/crm/v2/Leads/actions/nope")]
    [InlineData("/crm/v2/Leads/actions/mass_update/extra")]
    [InlineData("/crm/v9/Leads")]
    [InlineData("/crm/v1/Leads")]
    [InlineData("/crm/v2.5/Leads")]
    [InlineData("/crm/v3.1/Leads")]
    [InlineData("/crm/2/Leads")]
    [InlineData("/crm/vx/Leads")]
    public async Task UnknownPath_IsAnInvalidUrlPattern(string path)
    {
        await Zoho.SeedLeadsAsync(1);

        var response = await Zoho.GetAsync(path);

        ResponseAssert.IsError(404, "INVALID_URL_PATTERN", InvalidUrlMessage, "{}", response);
        ResponseAssert.IsZohoJson(response);
    }

    [Theory]
    [InlineData("POST", "/crm/v9/Leads/actions/mass_update")]
    [InlineData("PUT", "/crm/v2/nope/nope/nope")]
    [InlineData("DELETE", "/nope")]
    public async Task UnknownPath_IsAnInvalidUrlPattern_WhateverTheMethod_AndWithoutAToken(string method, string path)
    {
        using var anonymous = new ZohoClient(Server.Anonymous());

        var response = await anonymous.SendAsync(new HttpMethod(method), path, "{}");

        ResponseAssert.IsError(404, "INVALID_URL_PATTERN", InvalidUrlMessage, "{}", response);
        ResponseAssert.IsZohoJson(response);
    }

    [Theory]
    [InlineData("v2")]
    [InlineData("v2.1")]
    [InlineData("v3")]
    [InlineData("v4")]
    [InlineData("v5")]
    [InlineData("v6")]
    [InlineData("v7")]
    [InlineData("v8")]
    public async Task EveryServedVersion_Routes(string version)
    {
        var id = (await Zoho.SeedLeadsAsync(1))[0];

        var response = await Zoho.GetAsync($"/crm/{version}/Leads");

        Assert.Equal(200, response.Code);
        Assert.Equal(id, response.Data.Single()!["id"]!.GetValue<string>());
        ResponseAssert.Is(200, """{"per_page":200,"count":1,"page":1,"more_records":false}""",
            response with { Body = response.Body!["info"] });
        ResponseAssert.IsZohoJson(response);
    }

    [Theory]
    [InlineData("v2")]
    [InlineData("v2.1")]
    [InlineData("v8")]
    public async Task EveryServedVersion_RoutesMassUpdate(string version)
    {
        var id = (await Zoho.SeedLeadsAsync(1))[0];

        var response = await Zoho.MassUpdateAsync(new { data = new[] { new { Lead_Status = "Contacted" } }, ids = new[] { id } }, version);

        Assert.Equal(200, response.Code);
        Assert.Equal("SUCCESS", response.Data.Single()!["code"]!.GetValue<string>());
        Assert.Equal("Contacted", (await Zoho.GetLeadAsync(id))["Lead_Status"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("COPY", "/crm/v2/Leads/actions/mass_update")]
    [InlineData("PATCH", "/crm/v2/Leads/actions/mass_update")]
    [InlineData("DELETE", "/crm/v2/Leads/actions/mass_update")]
    [InlineData("PUT", "/crm/v2/Leads/actions/mass_update")]
    [InlineData("PATCH", "/crm/v2/Leads")]
    [InlineData("COPY", "/crm/v8/Leads")]
    [InlineData("POST", "/crm/v2/Leads/738964000000291009")]
    public async Task OtherMethod_OnAKnownPath_IsAnInvalidRequestMethod_EvenWithoutAToken(string method, string path)
    {
        using var anonymous = new ZohoClient(Server.Anonymous());

        var response = await anonymous.SendAsync(new HttpMethod(method), path, """{"data":[{"Lead_Status":"Contacted"}],"ids":["1"]}""");

        ResponseAssert.IsError(400, "INVALID_REQUEST_METHOD", InvalidMethodMessage, "{}", response);
        ResponseAssert.IsZohoJson(response);
        Assert.Empty(response.Message.Content.Headers.Allow); // the seed's recording has none
    }

    [Fact]
    public async Task OtherMethod_OnMassUpdate_ChangesNothing()
    {
        var ids = await Zoho.SeedLeadsAsync(2);
        var before = await Zoho.SnapshotAsync(ids);
        var body = ZohoClient.Json(new { data = new[] { new { Lead_Status = "Contacted" } }, ids });

        var response = await Zoho.SendAsync(new HttpMethod("PATCH"), "/crm/v2/Leads/actions/mass_update", body);

        ResponseAssert.IsError(400, "INVALID_REQUEST_METHOD", InvalidMethodMessage, "{}", response);
        Assert.Equal(before, await Zoho.SnapshotAsync(ids));
    }

    [Theory]
    [InlineData("GET", "/crm/v2/Nope")]
    [InlineData("GET", "/crm/v2/Nope/738964000000291009")]
    [InlineData("GET", "/crm/v8/Leadz")]
    [InlineData("POST", "/crm/v2/Nope")]
    [InlineData("POST", "/crm/v2/Nope/actions/mass_update")]
    [InlineData("DELETE", "/crm/v2/Nope?ids=738964000000291009")]
    public async Task UnknownModule_IsAnInvalidModule(string method, string path)
    {
        var response = await Zoho.SendAsync(new HttpMethod(method), path,
            method == "GET" ? null : """{"data":[{"Last_Name":"X"}],"ids":["738964000000291009"]}""");

        ResponseAssert.IsError(400, "INVALID_MODULE", "the module name given seems to be invalid", """{"resource_path_index":0}""", response);
        ResponseAssert.IsZohoJson(response);
    }

    [Fact]
    public async Task Health_IsOk_WithoutCredentials()
    {
        using var anonymous = Server.Anonymous();

        using var response = await anonymous.GetAsync(new Uri("/health", UriKind.Relative));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }
}

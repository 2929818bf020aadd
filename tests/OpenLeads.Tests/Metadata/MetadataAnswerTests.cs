using System.Net;
using System.Text.Json.Nodes;
using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.Metadata;

/// <summary>What differs between API versions in the metadata answers, 304 for If-Modified-Since, and Zoho's errors for bad parameters.</summary>
public sealed class MetadataAnswerTests() : ServerTest(Folder.Settings)
{
    private static readonly SmallOrg Folder = new();

    private async Task<JsonObject> FieldAsync(string version, string module, string apiName)
    {
        var response = await Zoho.GetAsync($"/crm/{version}/settings/fields?module={module}");
        Assert.True(response.Code == 200, response.ToString());
        return response.Body!["fields"]!.AsArray().Single(f => f!["api_name"]!.GetValue<string>() == apiName)!.AsObject();
    }

    [Fact]
    public async Task LookupModule_IsAnApiNameInV2_AndAnObjectInV8()
    {
        Assert.Equal("Projects", (await FieldAsync("v2", "Tasks", "Project"))["lookup"]!["module"]!.GetValue<string>());
        Assert.Equal("Projects", (await FieldAsync("v2.1", "Tasks", "Project"))["lookup"]!["module"]!.GetValue<string>());
        var v8 = (await FieldAsync("v8", "Tasks", "Project"))["lookup"]!["module"]!;
        Assert.Equal("""{"api_name":"Projects","id":"555000000000001001"}""", v8.ToJsonString());
        Assert.Equal(v8.ToJsonString(), (await FieldAsync("v3", "Tasks", "Project"))["lookup"]!["module"]!.ToJsonString());
    }

    [Fact]
    public async Task DisplayFieldAndLayoutStatus_FollowTheVersion()
    {
        var v2 = (await Zoho.GetAsync("/crm/v2/settings/modules/Projects")).Body!["modules"]![0]!;
        var v8 = (await Zoho.GetAsync("/crm/v8/settings/modules/Projects")).Body!["modules"]![0]!;
        Assert.Equal("Name", v2["display_field"]!.GetValue<string>());
        Assert.Equal("""{"api_name":"Name","id":"555000000000002001"}""", v8["display_field"]!.ToJsonString());
        Assert.Equal(0, (await Zoho.GetAsync("/crm/v2/settings/layouts?module=Projects")).Body!["layouts"]![0]!["status"]!.GetValue<int>());
        Assert.Equal("active", (await Zoho.GetAsync("/crm/v8/settings/layouts?module=Projects")).Body!["layouts"]![0]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task FieldAnswers_KeepTheOrgsIdsAndOrder_AndListAFieldOpenLeadsCannotStore_AsReadOnly()
    {
        var fields = (await Zoho.GetAsync("/crm/v8/settings/fields?module=Projects")).Body!["fields"]!.AsArray();

        Assert.Equal(["Name", "Stage", "Budget", "Health", "Created_By", "Modified_By", "Created_Time", "Modified_Time"],
            fields.Select(f => f!["api_name"]!.GetValue<string>()));
        Assert.Equal("555000000000002001", fields[0]!["id"]!.GetValue<string>());
        var health = fields[3]!;
        Assert.Equal(("formula", true, false), (health["data_type"]!.GetValue<string>(), health["read_only"]!.GetValue<bool>(), health["mass_update"]!.GetValue<bool>()));
        Assert.Equal(["Open", "Done"], fields[1]!["pick_list_values"]!.AsArray().Select(p => p!["actual_value"]!.GetValue<string>()));
    }

    [Fact]
    public async Task AModuleWithoutALayoutsFile_GetsOneStandardLayoutWithEveryField()
    {
        var layouts = (await Zoho.GetAsync("/crm/v8/settings/layouts?module=Tasks")).Body!["layouts"]!.AsArray();

        var layout = Assert.Single(layouts)!;
        Assert.Equal("Standard", layout["name"]!.GetValue<string>());
        var fields = layout["sections"]!.AsArray().SelectMany(s => s!["fields"]!.AsArray()).Select(f => f!["api_name"]!.GetValue<string>());
        Assert.Equal(["Subject", "Project", "Created_By", "Modified_By", "Created_Time", "Modified_Time"], fields);
        var byId = await Zoho.GetAsync($"/crm/v8/settings/layouts/{layout["id"]}?module=Tasks");
        Assert.Equal(layout.ToJsonString(), byId.Body!["layouts"]![0]!.ToJsonString());
    }

    [Theory]
    [InlineData("/crm/v8/settings/fields?module=Projects")]
    [InlineData("/crm/v8/settings/modules")]
    [InlineData("/crm/v8/settings/modules/Tasks")]
    [InlineData("/crm/v8/org")]
    [InlineData("/crm/v8/settings/layouts?module=Projects")]
    [InlineData("/crm/v8/users?type=AllUsers")]
    [InlineData("/crm/v8/settings/custom_views?module=Projects")]
    [InlineData("/crm/v2/settings/fields?module=Tasks")]
    public async Task IfModifiedSince_AfterTheLastChange_Answers304WithoutABody_AndBeforeIt200(string url)
    {
        async Task<HttpResponseMessage> SendAsync(string since)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.TryAddWithoutValidation("If-Modified-Since", since);
            return await Zoho.Http.SendAsync(request);
        }

        using var later = await SendAsync(DateTimeOffset.UtcNow.AddMinutes(1).ToString("yyyy-MM-ddTHH:mm:sszzz"));
        using var laterHttpDate = await SendAsync(DateTimeOffset.UtcNow.AddMinutes(1).ToString("R"));
        using var earlier = await SendAsync("2020-01-01T00:00:00+00:00");

        Assert.Equal(HttpStatusCode.NotModified, later.StatusCode);
        Assert.Empty(await later.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NotModified, laterHttpDate.StatusCode);
        Assert.Equal(HttpStatusCode.OK, earlier.StatusCode);
        Assert.False(earlier.Content.Headers.Contains("Last-Modified"));
    }

    [Theory]
    [InlineData("/crm/v8/settings/fields", 400, """{"code":"REQUIRED_PARAM_MISSING","details":{"param_name":"module"},"message":"One of the expected parameter is missing","status":"error"}""")]
    [InlineData("/crm/v8/settings/layouts", 400, """{"code":"REQUIRED_PARAM_MISSING","details":{"param_name":"module"},"message":"One of the expected parameter is missing","status":"error"}""")]
    [InlineData("/crm/v8/settings/custom_views", 400, """{"code":"REQUIRED_PARAM_MISSING","details":{"param_name":"module"},"message":"One of the expected parameter is missing","status":"error"}""")]
    [InlineData("/crm/v8/settings/fields?module=Nope", 400, """{"code":"INVALID_MODULE","details":{"param_name":"module"},"message":"the module name given seems to be invalid","status":"error"}""")]
    [InlineData("/crm/v8/settings/layouts?module=Home", 400, """{"code":"INVALID_MODULE","details":{"param_name":"module"},"message":"the module name given seems to be invalid","status":"error"}""")]
    [InlineData("/crm/v8/settings/modules/Nope", 400, """{"code":"INVALID_MODULE","details":{"resource_path_index":2},"message":"the module name given seems to be invalid","status":"error"}""")]
    [InlineData("/crm/v8/settings/modules/Home", 400, """{"code":"NOT_SUPPORTED","details":{"resource_path_index":2},"message":"the module is not supported","status":"error"}""")]
    [InlineData("/crm/v8/users?type=SomeUsers", 400, """{"code":"INVALID_DATA","details":{"param_name":"type"},"message":"Please check whether the input values are correct","status":"error"}""")]
    [InlineData("/crm/v8/settings/fields/1?module=Projects", 204, null)]
    [InlineData("/crm/v8/settings/layouts/1?module=Projects", 204, null)]
    [InlineData("/crm/v8/settings/custom_views/1?module=Projects", 204, null)]
    [InlineData("/crm/v8/users/1", 204, null)]
    public async Task BadParameters_GetZohosAnswers(string url, int status, string? body)
    {
        var response = await Zoho.GetAsync(url);

        Assert.Equal(status, response.Code);
        Assert.Equal(body, response.Body?.ToJsonString());
    }

    [Theory]
    [InlineData("/crm/v8/settings/modules", "ZohoCRM.settings.modules.READ")]
    [InlineData("/crm/v8/org", "ZohoCRM.org.READ")]
    [InlineData("/crm/v8/settings/layouts?module=Projects", "ZohoCRM.settings.layouts.READ")]
    [InlineData("/crm/v8/settings/fields?module=Projects", "ZohoCRM.settings.fields.READ")]
    public async Task EachAnswer_NeedsItsScope(string url, string scope)
    {
        var without = await Zoho.MintTokenAsync(["ZohoCRM.modules.ALL", "ZohoCRM.users.ALL"]);
        var with = await Zoho.MintTokenAsync([scope]);

        Assert.Equal(401, (await GetWithAsync(without, url)).Code);
        Assert.Equal(200, (await GetWithAsync(with, url)).Code);
    }

    private async Task<ZohoResponse> GetWithAsync(string token, string url)
    {
        using var client = Server.Zoho();
        client.Http.DefaultRequestHeaders.Authorization = new("Zoho-oauthtoken", token);
        return await client.GetAsync(url);
    }
}

using System.Globalization;
using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.Notifications;

/// <summary>
/// <c>/crm/{v}/actions/watch</c> in Zoho's shapes: enable, list, patch, replace, drop events and disable; the expiry's default and
/// maximum by version; bad bodies and callback targets refused with Zoho's errors, changing nothing.
/// </summary>
public sealed class WatchApiTests : ServerTest
{
    private const string Url = "http://127.0.0.1:9/callback?key1=val1";
    private const string Contacts = "738964000000002179";
    private const string Deals = "738964000000002181";

    private static DateTimeOffset InHours(double hours)
    {
        var at = DateTimeOffset.UtcNow.AddHours(hours);
        return new DateTimeOffset(at.Ticks - at.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
    }

    private static string Time(DateTimeOffset at) => at.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    private string Base(string version) => $"{Server.Address.ToString().TrimEnd('/')}/crm/{version}";

    private string Event(string version, string module, string id, string channel, DateTimeOffset expiry) =>
        $$"""{"channel_expiry":"{{Time(expiry)}}","resource_uri":"{{Base(version)}}/{{module}}","resource_id":"{{id}}","resource_name":"{{module}}","channel_id":"{{channel}}"}""";

    [Fact]
    public async Task AWatch_IsEnabledListedPatchedReplacedAndDisabled_InZohosShapes()
    {
        var expiry = InHours(5);
        var enabled = await Zoho.PostAsync("/crm/v8/actions/watch", new
        {
            watch = new[] { new { channel_id = 1000000068001, events = new[] { "Contacts.create", "Deals.all", "Contacts.edit" }, channel_expiry = Time(expiry),
                token = "TOKEN_1", notify_url = Url } },
        });
        ResponseAssert.Answer(201, $$"""
            {"watch":[{"code":"SUCCESS","details":{"events":[{{Event("v8", "Contacts", Contacts, "1000000068001", expiry)}},{{Event("v8", "Deals", Deals, "1000000068001", expiry)}}]},
              "message":"Successfully subscribed for actions-watch of the given module","status":"success"}]}
            """, enabled);

        ResponseAssert.Answer(200, $$"""
            {"watch":[{"notify_on_related_action":true,"channel_expiry":"{{Time(expiry)}}","resource_uri":"{{Base("v8")}}/Contacts","resource_id":"{{Contacts}}",
              "return_affected_field_values":false,"notify_url":"{{Url}}","resource_name":"Contacts","channel_id":"1000000068001",
              "events":["Contacts.create","Contacts.edit"],"token":"TOKEN_1"}],
             "info":{"per_page":200,"count":1,"page":1,"more_records":false} }
            """, await Zoho.GetAsync("/crm/v8/actions/watch?module=Contacts"));

        // PATCH keeps what it does not name; _delete_events drops events, and a module with none left goes.
        var patched = await Zoho.SendAsync(HttpMethod.Patch, "/crm/v8/actions/watch",
            """{"watch":[{"channel_id":"1000000068001","events":["Contacts.delete"],"token":"TOKEN_2"}]}""");
        Assert.Equal("Successfully updated the subscribe details", patched.Body!["watch"]![0]!["message"]!.GetValue<string>());
        var dropped = await Zoho.SendAsync(HttpMethod.Patch, "/crm/v8/actions/watch",
            """{"watch":[{"channel_id":1000000068001,"events":["Deals.all","Contacts.edit"],"_delete_events":true}]}""");
        ResponseAssert.Answer(200, $$"""
            {"watch":[{"code":"SUCCESS","details":{"events":[{{Event("v8", "Deals", Deals, "1000000068001", expiry)}},{{Event("v8", "Contacts", Contacts, "1000000068001", expiry)}}]},
              "message":"Successfully removed the subscribe details","status":"success"}]}
            """, dropped);
        var listed = (await Zoho.GetAsync("/crm/v8/actions/watch?channel_id=1000000068001")).Body!["watch"]!.AsArray();
        Assert.Equal("""[{"module":"Contacts","events":["Contacts.create","Contacts.delete"],"token":"TOKEN_2"}]""",
            new System.Text.Json.Nodes.JsonArray([.. listed.Select(w => (System.Text.Json.Nodes.JsonNode)new System.Text.Json.Nodes.JsonObject
            {
                ["module"] = w!["resource_name"]!.GetValue<string>(), ["events"] = w["events"]!.DeepClone(), ["token"] = w["token"]!.DeepClone(),
            })]).ToJsonString());

        // PUT replaces the channel: what it does not give is gone (the token too).
        var replaced = await Zoho.PutAsync("/crm/v2/actions/watch", new
        {
            watch = new[] { new { channel_id = "1000000068001", events = new[] { "Deals.edit" }, channel_expiry = Time(expiry), notify_url = Url } },
        });
        ResponseAssert.Answer(200, $$"""
            {"watch":[{"code":"SUCCESS","details":{"events":[{{Event("v2", "Deals", Deals, "1000000068001", expiry)}}]},
              "message":"Successfully updated the subscribe details","status":"success"}]}
            """, replaced);
        Assert.Null((await Zoho.GetAsync("/crm/v2/actions/watch")).Body!["watch"]![0]!["token"]);

        ResponseAssert.Answer(200, $$"""
            {"watch":[{"code":"SUCCESS","details":{"resource_uri":"{{Base("v2")}}/Deals","resource_id":"{{Deals}}","channel_id":"1000000068001"},
              "message":"Successfully un-subscribed from actions-watch","status":"success"},
             {"code":"NOT_SUBSCRIBED","details":{"channel_id":"42"},"message":"the channel is not subscribed for actions-watch","status":"error"}]}
            """, await Zoho.DeleteAsync("/crm/v2/actions/watch?channel_ids=1000000068001,42"));
        ResponseAssert.NoContent(await Zoho.GetAsync("/crm/v2/actions/watch"));
    }

    [Theory]
    [InlineData("v3", 20, 20)]   // within v3's day
    [InlineData("v3", 30, 1)]    // past v3's day: Zoho's default hour
    [InlineData("v8", 100, 100)] // within v4+'s week
    [InlineData("v8", 200, 1)]   // past the week
    public async Task TheExpiry_IsKeptUpToTheVersionsMaximum_ElseItIsAnHour(string version, double hours, double kept)
    {
        var before = InHours(kept).AddSeconds(-5);
        var answer = await Zoho.PostAsync($"/crm/{version}/actions/watch", new
        {
            watch = new[] { new { channel_id = 7, events = new[] { "Contacts.all" }, channel_expiry = Time(InHours(hours)), notify_url = Url } },
        });
        var expiry = DateTimeOffset.Parse(answer.Body!["watch"]![0]!["details"]!["events"]![0]!["channel_expiry"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        Assert.InRange(expiry, before, InHours(kept).AddSeconds(5));
    }

    [Fact]
    public async Task AWatchWithoutAnExpiry_LastsAnHour()
    {
        var answer = await Zoho.PostAsync("/crm/v2/actions/watch", new { watch = new[] { new { channel_id = 7, events = new[] { "Leads.create" }, notify_url = Url } } });
        var expiry = DateTimeOffset.Parse(answer.Body!["watch"]![0]!["details"]!["events"]![0]!["channel_expiry"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        Assert.InRange(expiry, InHours(1).AddSeconds(-5), InHours(1).AddSeconds(5));
    }

    [Theory]
    [InlineData("""{"watch":[{"events":["Leads.create"],"notify_url":"http://127.0.0.1/x"}]}""", "MANDATORY_NOT_FOUND", "required field not found", "channel_id")]
    [InlineData("""{"watch":[{"channel_id":"abc","events":["Leads.create"],"notify_url":"http://127.0.0.1/x"}]}""", "INVALID_DATA", "invalid data", "channel_id")]
    [InlineData("""{"watch":[{"channel_id":1,"notify_url":"http://127.0.0.1/x"}]}""", "MANDATORY_NOT_FOUND", "required field not found", "events")]
    [InlineData("""{"watch":[{"channel_id":1,"events":["Nowhere.create"],"notify_url":"http://127.0.0.1/x"}]}""", "INVALID_DATA", "invalid data", "events")]
    [InlineData("""{"watch":[{"channel_id":1,"events":["Leads.open"],"notify_url":"http://127.0.0.1/x"}]}""", "INVALID_DATA", "invalid data", "events")]
    [InlineData("""{"watch":[{"channel_id":1,"events":["Leads.create"]}]}""", "MANDATORY_NOT_FOUND", "required field not found", "notify_url")]
    [InlineData("""{"watch":[{"channel_id":1,"events":["Leads.create"],"notify_url":"not a url"}]}""", "INVALID_DATA", "invalid data", "notify_url")]
    [InlineData("""{"watch":[{"channel_id":1,"events":["Leads.create"],"notify_url":"http://127.0.0.1/x","channel_expiry":"yesterday"}]}""", "INVALID_DATA", "invalid data", "channel_expiry")]
    [InlineData("""{"watch":[{"channel_id":1,"events":["Leads.create"],"notify_url":"http://127.0.0.1/x","return_affected_field_values":"yes"}]}""", "INVALID_DATA", "invalid data", "return_affected_field_values")]
    // A host OpenLeads:Notifications:AllowedHosts does not list is refused now, not when a change fires.
    [InlineData("""{"watch":[{"channel_id":1,"events":["Leads.create"],"notify_url":"http://example.com/x"}]}""", "INVALID_DATA", "the notify_url's host is not one OpenLeads:Notifications:AllowedHosts allows", "notify_url")]
    [InlineData("""{"watch":[{"channel_id":1,"events":["Leads.create"],"notify_url":"http://10.0.0.1/x"}]}""", "INVALID_DATA", "the notify_url's host is not one OpenLeads:Notifications:AllowedHosts allows", "notify_url")]
    public async Task ABadItem_IsRefusedWithZohosError_AndNoWatchIsMade(string body, string code, string message, string apiName)
    {
        ResponseAssert.Answer(400, $$"""
            {"watch":[{"code":"{{code}}","details":{"api_name":"{{apiName}}","json_path":"$.watch[0].{{apiName}}"},"message":"{{message}}","status":"error"}]}
            """, await Zoho.SendAsync(HttpMethod.Post, "/crm/v8/actions/watch", body));
        ResponseAssert.NoContent(await Zoho.GetAsync("/crm/v8/actions/watch"));
    }

    [Fact]
    public async Task ATokenOverFiftyCharacters_AMissingWatch_AndAnUnknownChannel_AreRefused()
    {
        ResponseAssert.Answer(400, """
            {"watch":[{"code":"INVALID_DATA","details":{"api_name":"token","json_path":"$.watch[0].token","maximum_length":50},"message":"invalid data","status":"error"}]}
            """, await Zoho.PostAsync("/crm/v8/actions/watch",
            new { watch = new[] { new { channel_id = 1, events = new[] { "Leads.create" }, notify_url = Url, token = new string('t', 51) } } }));
        ResponseAssert.IsError(400, "MANDATORY_NOT_FOUND", "required field not found", """{"api_name":"watch"}""",
            await Zoho.PostAsync("/crm/v8/actions/watch", new { channel_id = 1 }));
        ResponseAssert.Answer(400, """
            {"watch":[{"code":"NOT_SUBSCRIBED","details":{"channel_id":"5"},"message":"the channel is not subscribed for actions-watch","status":"error"}]}
            """, await Zoho.PutAsync("/crm/v8/actions/watch", new { watch = new[] { new { channel_id = 5, events = new[] { "Leads.create" }, notify_url = Url } } }));
        ResponseAssert.IsError(400, "REQUIRED_PARAM_MISSING", "One of the expected parameter is missing", """{"param_name":"channel_ids"}""",
            await Zoho.DeleteAsync("/crm/v8/actions/watch"));
    }

    [Fact]
    public async Task ATokenWithoutTheNotificationsScope_CannotWatch()
    {
        var token = await Zoho.MintTokenAsync(["ZohoCRM.notifications.READ"]);
        var answer = await Zoho.SendAsync(HttpMethod.Post, "/crm/v8/actions/watch",
            ZohoClient.Json(new { watch = new[] { new { channel_id = 1, events = new[] { "Leads.create" }, notify_url = Url } } }),
            authorization: new System.Net.Http.Headers.AuthenticationHeaderValue("Zoho-oauthtoken", token));
        ResponseAssert.IsError(401, "OAUTH_SCOPE_MISMATCH", "invalid oauth scope to access this URL", "{}", answer);
        ResponseAssert.NoContent(await Zoho.SendAsync(HttpMethod.Get, "/crm/v8/actions/watch",
            authorization: new System.Net.Http.Headers.AuthenticationHeaderValue("Zoho-oauthtoken", token)));
    }
}

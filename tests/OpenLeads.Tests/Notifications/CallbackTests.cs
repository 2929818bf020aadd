using System.Net;
using System.Text.Json.Nodes;
using OpenLeads.Testing;
using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.Notifications;

/// <summary>
/// Every change a watch names is POSTed to its notify_url in Zoho's callback body, one callback per change set, after the
/// change commits: the records API, an upsert, a mass update by ids and a cvid job, on Contacts; a receiver that fails is
/// called again, one that hangs holds up no write; the control API shows each attempt's answer.
/// </summary>
public sealed class CallbackTests() : ServerTest(new Dictionary<string, string?> { ["OpenLeads:Notifications:TimeoutSeconds"] = "2" })
{
    private const string Channel = "1000000068001";

    private async Task WatchAsync(NotificationReceiver receiver, params string[] events)
    {
        var answer = await Zoho.PostAsync("/crm/v8/actions/watch", new
        {
            watch = new[] { new { channel_id = long.Parse(Channel), events, notify_url = receiver.Url + "?key1=val1", token = "TOKEN_1" } },
        });
        Assert.True(answer.Code == 201, answer.ToString());
    }

    private static string Ids(IEnumerable<string> ids) => new JsonArray([.. ids.Select(id => (JsonNode)id)]).ToJsonString();

    /// <summary>Zoho's callback body, its server_time taken from the callback (a time in milliseconds, checked near now).</summary>
    private string Callback(ReceivedNotification callback, string operation, IEnumerable<string> ids, string affectedFields)
    {
        var serverTime = callback.Json!["server_time"]!.GetValue<long>();
        Assert.InRange(DateTimeOffset.FromUnixTimeMilliseconds(serverTime), DateTimeOffset.UtcNow.AddMinutes(-2), DateTimeOffset.UtcNow.AddSeconds(5));
        return $$"""
            {"server_time":{{serverTime}},"query_params":{"key1":"val1"},"module":"Contacts",
             "resource_uri":"{{Server.Address.ToString().TrimEnd('/')}}/crm/v8/Contacts","ids":{{Ids(ids)}},"affected_fields":{{affectedFields}},
             "operation":"{{operation}}","channel_id":"{{Channel}}","token":"TOKEN_1"}
            """;
    }

    private static void SameJson(string expected, ReceivedNotification actual) =>
        Assert.Equal(ResponseAssert.Canonical(JsonNode.Parse(expected)), ResponseAssert.Canonical(actual.Json));

    [Fact]
    public async Task TheRecordsApi_CallsBackEachInsertUpdateAndDelete_InZohosBody()
    {
        await using var receiver = await NotificationReceiver.StartAsync();
        await WatchAsync(receiver, "Contacts.all", "Deals.create");

        var inserted = await Zoho.PostAsync("/crm/v8/Contacts", new { data = new[] { new { Last_Name = "Ada" }, new { Last_Name = "Bea" } } });
        string[] ids = [.. inserted.Data.Select(d => d!["details"]!["id"]!.GetValue<string>())];
        Assert.Equal(200, (await Zoho.PutAsync("/crm/v8/Contacts", new { data = new[] { new { id = ids[0], First_Name = "Ann", Title = "Chief" } } })).Code);
        Assert.Equal(200, (await Zoho.DeleteAsync($"/crm/v8/Contacts?ids={ids[1]}")).Code);

        var callbacks = (await receiver.WaitForAsync(3)).OrderBy(c => c.Json!["server_time"]!.GetValue<long>()).ThenBy(c => c.Operation).ToList();
        Assert.All(callbacks, c => Assert.Equal(("POST", "application/json; charset=utf-8"), (c.Method, c.Headers["Content-Type"])));
        var byOperation = callbacks.ToDictionary(c => c.Operation!);
        SameJson(Callback(byOperation["insert"], "insert", ids, "[]"), byOperation["insert"]);
        SameJson(Callback(byOperation["update"], "update", [ids[0]], $$"""[{"{{ids[0]}}":["First_Name","Title"]}]"""), byOperation["update"]);
        SameJson(Callback(byOperation["delete"], "delete", [ids[1]], "[]"), byOperation["delete"]);
    }

    [Fact]
    public async Task AnUpsert_AMassUpdateByIds_AndACvidJob_AreOneCallbackEach()
    {
        var seeded = await Zoho.PostAsync("/__admin/seed", new { module = "Contacts", count = 4, seed = 3 });
        string[] ids = [.. seeded.Body!["ids"]!.AsArray().Select(id => id!.GetValue<string>())];
        await using var receiver = await NotificationReceiver.StartAsync();
        await WatchAsync(receiver, "Contacts.edit", "Contacts.create");

        var upserted = await Zoho.PostAsync("/crm/v8/Contacts/upsert",
            new { data = new[] { new { Last_Name = "Upsert", Email = "upsert@example.com" } }, duplicate_check_fields = new[] { "Email" } });
        var upsertedId = upserted.Data[0]!["details"]!["id"]!.GetValue<string>();
        SameJson(Callback(await receiver.WaitForAsync(c => c.Operation == "insert"), "insert", [upsertedId], "[]"),
            await receiver.WaitForAsync(c => c.Operation == "insert"));

        var massUpdate = await Zoho.PostAsync("/crm/v8/Contacts/actions/mass_update", new { data = new[] { new { Title = "Chief" } }, ids });
        Assert.True(massUpdate.Code == 200, massUpdate.ToString());
        var byIds = await receiver.WaitForAsync(c => c.Operation == "update");
        SameJson(Callback(byIds, "update", ids, "[" + string.Join(',', ids.Select(id => $$"""{"{{id}}":["Title"]}""")) + "]"), byIds);

        var job = await Zoho.PostAsync("/crm/v8/Contacts/actions/mass_update", new { data = new[] { new { Department = "Sales" } }, cvid = "738964000000087511" });
        Assert.True(job.Code == 200, job.ToString());
        var batch = await receiver.WaitForAsync(c => c.Operation == "update" && c.Body.Contains("Department", StringComparison.Ordinal));
        string[] all = [.. ids.Append(upsertedId).Order(StringComparer.Ordinal)];
        SameJson(Callback(batch, "update", all, "[" + string.Join(',', all.Select(id => $$"""{"{{id}}":["Department"]}""")) + "]"), batch);
        Assert.Equal(3, receiver.Received.Count);
    }

    [Fact]
    public async Task AReceiverAnswering500_IsCalledAgain_AndTheControlApiShowsEachAnswer()
    {
        await using var receiver = await NotificationReceiver.StartAsync();
        receiver.RespondWith(HttpStatusCode.InternalServerError, times: 1);
        await WatchAsync(receiver, "Contacts.create");

        var inserted = await Zoho.PostAsync("/crm/v2/Contacts", new { data = new[] { new { Last_Name = "Retry" } } });
        Assert.Equal(201, inserted.Code);
        var callbacks = await receiver.WaitForAsync(2);
        Assert.Equal(callbacks[0].Body, callbacks[1].Body);

        JsonNode listed;
        var until = DateTime.UtcNow.AddSeconds(10);
        do
        {
            listed = (await Zoho.GetAsync("/__admin/notifications")).Body!["notifications"]![0]!;
        } while (listed["status"]!.GetValue<string>() != "delivered" && DateTime.UtcNow < until);
        Assert.Equal(("delivered", 2, "[500,200]"), (listed["status"]!.GetValue<string>(), listed["attempts"]!.GetValue<int>(),
            new JsonArray([.. listed["answers"]!.AsArray().Select(a => a!["status"]!.DeepClone())]).ToJsonString()));
        Assert.Equal(ResponseAssert.Canonical(callbacks[1].Json), ResponseAssert.Canonical(listed["body"]));

        Assert.Equal(1, (await Zoho.DeleteAsync("/__admin/notifications")).Body!["removed"]!.GetValue<int>());
        Assert.Empty((await Zoho.GetAsync("/__admin/notifications")).Body!["notifications"]!.AsArray());
    }

    [Fact]
    public async Task AReceiverThatHangs_HoldsUpNoWrite()
    {
        await using var receiver = await NotificationReceiver.StartAsync();
        receiver.RespondWith(HttpStatusCode.OK, delay: TimeSpan.FromMinutes(5));
        await WatchAsync(receiver, "Contacts.create");

        var first = Zoho.PostAsync("/crm/v8/Contacts", new { data = new[] { new { Last_Name = "One" } } });
        await receiver.WaitForAsync(1, TimeSpan.FromSeconds(30));
        // The receiver still holds the first callback: were the write waiting for it, it could not be answered now.
        Assert.Equal(201, (await first.WaitAsync(TimeSpan.FromSeconds(30))).Code);
        Assert.Equal(201, (await Zoho.PostAsync("/crm/v8/Contacts", new { data = new[] { new { Last_Name = "Two" } } })).Code);
    }
}

using System.Net;
using System.Text.Json.Nodes;
using OpenLeads.Testing;
using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.Notifications;

/// <summary>
/// A notification is never lost: the callback of a 1,000-record cvid mass update is in the outbox when its job's batch
/// commits, so a server killed (SIGKILL) before it could deliver it leaves it to the next server on the database, and the
/// receiver accepts it exactly once, with all 1,000 ids.
/// </summary>
public sealed class NotificationCrashTests
{
    private const int Records = 1000;

    // A short timeout makes a short lease: an attempt the kill cut short is taken over within seconds.
    private static readonly string[] QuickDeliveries = ["--OpenLeads:Notifications:TimeoutSeconds=1", "--OpenLeads:Notifications:MaxAttempts=50"];

    [Fact]
    public async Task TheCallbackOfAMassUpdate_OfAServerKilledBeforeDelivering_IsDeliveredByTheNext_ExactlyOnce()
    {
        using var scene = new CrashScene(OpenLeadsServer.Provider);
        await using var receiver = await NotificationReceiver.StartAsync();
        receiver.RespondWith(HttpStatusCode.ServiceUnavailable); // nothing is delivered while the first server lives
        string[] ids;
        await using (var first = scene.Start(QuickDeliveries))
        {
            using var http = CrashScene.Client(await first.WaitUntilListeningAsync());
            var seeded = await CrashScene.PostAsync(http, "/__admin/seed", $$"""{"module":"Contacts","count":{{Records}},"seed":9}""");
            ids = [.. seeded["ids"]!.AsArray().Select(id => id!.GetValue<string>()).Order(StringComparer.Ordinal)];
            var watch = await CrashScene.PostAsync(http, "/crm/v8/actions/watch",
                $$"""{"watch":[{"channel_id":"77","events":["Contacts.edit"],"notify_url":"{{receiver.Url}}","token":"crash"}]}""");
            Assert.Equal("SUCCESS", watch["watch"]![0]!["code"]!.GetValue<string>());
            var job = await CrashScene.PostAsync(http, "/crm/v8/Contacts/actions/mass_update", """{"data":[{"Title":"Survivor"}],"cvid":"738964000000087511"}""");
            Assert.Equal("SUCCESS", job["data"]![0]!["code"]!.GetValue<string>());

            await receiver.WaitForAsync(1, TimeSpan.FromSeconds(60)); // the batch committed; its callback was refused
            await first.KillAsync();
        }

        receiver.RespondWith(HttpStatusCode.OK);
        var refused = receiver.Received.Count;
        await using var second = scene.Start(QuickDeliveries);
        using var client = CrashScene.Client(await second.WaitUntilListeningAsync());
        JsonNode notification;
        var until = DateTime.UtcNow.AddSeconds(60);
        do
        {
            await Task.Delay(200);
            notification = JsonNode.Parse(await client.GetStringAsync("/__admin/notifications"))!["notifications"]![0]!;
        } while (notification["status"]!.GetValue<string>() != "delivered" && DateTime.UtcNow < until);

        Assert.Equal("delivered", notification["status"]!.GetValue<string>());
        var accepted = Assert.Single(receiver.Received.Skip(refused));
        Assert.Equal(ids, accepted.Ids.Order(StringComparer.Ordinal));
        Assert.Equal(("update", "77", "crash"), (accepted.Operation, accepted.ChannelId, accepted.Token));
        Assert.All(receiver.Received, callback => Assert.Equal(accepted.Body, callback.Body)); // every attempt sent the same body
        Assert.Equal(200, notification["answers"]!.AsArray()[^1]!["status"]!.GetValue<int>());
    }
}

using System.Net;
using OpenLeads.Testing;
using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.Notifications;

/// <summary>
/// Watches and the outbox live in the database: a watch made on one instance fires for writes on another, both instances'
/// deliverers take from one outbox and each notification is delivered once; a lead conversion and a snapshot restore too.
/// </summary>
public sealed class NotificationInstancesTests : ServerTest
{
    private static async Task WatchAsync(ZohoClient zoho, NotificationReceiver receiver, params string[] events)
    {
        var answer = await zoho.PostAsync("/crm/v8/actions/watch", new { watch = new[] { new { channel_id = 5, events, notify_url = receiver.Url } } });
        Assert.True(answer.Code == 201, answer.ToString());
    }

    [Fact]
    public async Task AWatchMadeOnOneInstance_FiresForTheOther_AndEachCallbackIsDeliveredOnce()
    {
        await using var second = new OpenLeadsServer(new Dictionary<string, string?>
        {
            ["OpenLeads:Storage:ConnectionString"] = Server.PostgresConnectionString ?? $"Data Source={Server.DatabasePath}",
        });
        using var other = second.Zoho();
        Assert.Equal(204, (await other.GetAsync("/crm/v2/Contacts")).Code); // the second instance knows of no watch yet
        await using var receiver = await NotificationReceiver.StartAsync();
        await WatchAsync(Zoho, receiver, "Contacts.create");

        var inserts = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            (i % 2 == 0 ? Zoho : other).PostAsync("/crm/v2/Contacts", new { data = new[] { new { Last_Name = $"Contact {i}" } } })));
        string[] ids = [.. inserts.Select(i => i.Data[0]!["details"]!["id"]!.GetValue<string>()).Order(StringComparer.Ordinal)];

        await receiver.WaitForAsync(20, TimeSpan.FromSeconds(30));
        int delivered;
        var until = DateTime.UtcNow.AddSeconds(10);
        do
        {
            // An attempt is kept just after its answer comes: the last few may still be on their way.
            var listed = (await other.GetAsync("/__admin/notifications")).Body!["notifications"]!.AsArray();
            delivered = listed.Count(n => n!["status"]!.GetValue<string>() == "delivered" && n["attempts"]!.GetValue<int>() == 1);
        } while (delivered < 20 && DateTime.UtcNow < until);
        Assert.Equal(20, delivered);
        Assert.Equal(ids, receiver.Received.SelectMany(c => c.Ids).Order(StringComparer.Ordinal)); // each once: none twice, none left out
    }

    [Fact]
    public async Task ALeadConversion_CallsBackTheLeadsUpdate_AndTheInsertsItMakes()
    {
        var lead = (await Zoho.PostAsync("/crm/v2/Leads", new { data = new[] { new { Last_Name = "Okafor", Company = "Lumen Health" } } }))
            .Data[0]!["details"]!["id"]!.GetValue<string>();
        await using var receiver = await NotificationReceiver.StartAsync();
        await WatchAsync(Zoho, receiver, "Leads.edit", "Contacts.create", "Accounts.create");

        var converted = await Zoho.PostAsync($"/crm/v2/Leads/{lead}/actions/convert", new { data = new[] { new { overwrite = true } } });
        Assert.True(converted.Code == 200, converted.ToString());

        var callbacks = await receiver.WaitForAsync(3);
        Assert.Equal([("Accounts", "insert", converted.Data[0]!["Accounts"]!.GetValue<string>()), ("Contacts", "insert", converted.Data[0]!["Contacts"]!.GetValue<string>()),
            ("Leads", "update", lead)], callbacks.Select(c => (c.Module!, c.Operation!, Assert.Single(c.Ids))).Order());
    }

    [Fact]
    public async Task ASnapshotRestore_BringsBackTheWatchesOfItsMoment()
    {
        await using var receiver = await NotificationReceiver.StartAsync();
        await WatchAsync(Zoho, receiver, "Contacts.create");
        Assert.Equal(201, (await Zoho.PostAsync("/__admin/snapshots", new { name = "watched" })).Code);
        Assert.Equal(200, (await Zoho.DeleteAsync("/crm/v8/actions/watch?channel_ids=5")).Code);

        Assert.Equal(200, (await Zoho.PostAsync("/__admin/snapshots/watched/restore", new { })).Code);
        var inserted = await Zoho.PostAsync("/crm/v2/Contacts", new { data = new[] { new { Last_Name = "Back" } } });

        var callback = (await receiver.WaitForAsync(1))[0];
        Assert.Equal(inserted.Data[0]!["details"]!["id"]!.GetValue<string>(), Assert.Single(callback.Ids));
    }
}

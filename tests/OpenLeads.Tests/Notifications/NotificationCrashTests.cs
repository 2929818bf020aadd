using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using OpenLeads.Testing;
using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.Notifications;

/// <summary>
/// A notification is never lost: the callback of a 1,000-record cvid mass update is in the outbox when its job's batch
/// commits, so a server killed (SIGKILL) before it could deliver it leaves it to the next server on the database, and the
/// receiver accepts it exactly once, with all 1,000 ids.
/// </summary>
public sealed class NotificationCrashTests : IDisposable
{
    private const string Token = "1000.notify-crash-token";
    private const string AdminKey = "notify-crash-admin-key";
    private const int Records = 1000;

    private readonly string _directory = Directory.CreateTempSubdirectory("openleads-notify-crash-").FullName;
    private readonly string? _postgres = OpenLeadsServer.Provider == "postgres" ? PostgresCluster.Instance.CreateDatabase() : null;

    public void Dispose()
    {
        if (_postgres is not null) PostgresCluster.Instance.DropDatabase(_postgres);
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private ServerProcess Start() => ServerProcess.Start(_directory,
    [
        $"--OpenLeads:Storage:Provider={OpenLeadsServer.Provider}",
        $"--OpenLeads:Storage:ConnectionString={_postgres ?? $"Data Source={Path.Combine(_directory, "crash.db")}"}",
        $"--OpenLeads:Auth:DevToken={Token}", $"--OpenLeads:Admin:Key={AdminKey}", "--OpenLeads:Seed:DemoLeads=0",
        // A short timeout makes a short lease: an attempt the kill cut short is taken over within seconds.
        "--OpenLeads:Notifications:TimeoutSeconds=1", "--OpenLeads:Notifications:MaxAttempts=50",
    ]);

    private static HttpClient Client(string address)
    {
        var http = new HttpClient { BaseAddress = new Uri(address) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Zoho-oauthtoken", Token);
        http.DefaultRequestHeaders.Add("X-OpenLeads-Admin-Key", AdminKey);
        return http;
    }

    private static async Task<JsonNode> PostAsync(HttpClient http, string path, string json)
    {
        var response = await http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    [Fact]
    public async Task TheCallbackOfAMassUpdate_OfAServerKilledBeforeDelivering_IsDeliveredByTheNext_ExactlyOnce()
    {
        await using var receiver = await NotificationReceiver.StartAsync();
        receiver.RespondWith(HttpStatusCode.ServiceUnavailable); // nothing is delivered while the first server lives
        string[] ids;
        await using (var first = Start())
        {
            using var http = Client(await first.WaitUntilListeningAsync());
            var seeded = await PostAsync(http, "/__admin/seed", $$"""{"module":"Contacts","count":{{Records}},"seed":9}""");
            ids = [.. seeded["ids"]!.AsArray().Select(id => id!.GetValue<string>()).Order(StringComparer.Ordinal)];
            var watch = await PostAsync(http, "/crm/v8/actions/watch",
                $$"""{"watch":[{"channel_id":"77","events":["Contacts.edit"],"notify_url":"{{receiver.Url}}","token":"crash"}]}""");
            Assert.Equal("SUCCESS", watch["watch"]![0]!["code"]!.GetValue<string>());
            var job = await PostAsync(http, "/crm/v8/Contacts/actions/mass_update", """{"data":[{"Title":"Survivor"}],"cvid":"738964000000087511"}""");
            Assert.Equal("SUCCESS", job["data"]![0]!["code"]!.GetValue<string>());

            await receiver.WaitForAsync(1, TimeSpan.FromSeconds(60)); // the batch committed; its callback was refused
            await first.KillAsync();
        }

        receiver.RespondWith(HttpStatusCode.OK);
        var refused = receiver.Received.Count;
        await using var second = Start();
        using var client = Client(await second.WaitUntilListeningAsync());
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

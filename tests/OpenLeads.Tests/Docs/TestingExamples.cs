using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OpenLeads.Client;
using OpenLeads.Testing;

namespace OpenLeads.Tests.Docs;

// The C# examples of docs/TESTING.md and the README, as tests: each region between "docs:begin NAME" and
// "docs:end" is the text of the example NAME there, word for word (TestingDocTests checks that it is).

// docs:begin fixture
public sealed class CrmFixture : IAsyncLifetime
{
    public OpenLeadsTestServer Crm { get; private set; } = null!;
    public IReadOnlyList<string> LeadIds { get; private set; } = [];

    public async Task InitializeAsync()
    {
        Crm = await OpenLeadsTestServer.StartAsync();          // in-memory database, free loopback port
        LeadIds = await Crm.SeedAsync("Leads", 20, seed: 1);    // the same 20 Leads every run
        await Crm.Snapshots.TakeAsync("seeded");
    }

    public async Task DisposeAsync() => await Crm.DisposeAsync();
}

public sealed class LeadSyncTests(CrmFixture fixture) : IClassFixture<CrmFixture>, IAsyncLifetime
{
    private OpenLeadsTestServer Crm => fixture.Crm;

    public async Task InitializeAsync()
    {
        await Crm.Snapshots.RestoreAsync("seeded");            // each test starts from the seeded state
        await Crm.Journal.ClearAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task MassUpdate_SendsOneCall_NamingEachId()
    {
        var ids = fixture.LeadIds.Take(3).ToList();
        await Crm.LockAsync("Leads", ids[2]);

        var result = await Crm.Client.MassUpdateAsync("Leads", "Lead_Status", JsonValue.Create("Contacted"), ids);

        Assert.Equal(["SUCCESS", "SUCCESS", "RECORD_LOCKED"], result.Outcomes.Select(o => o.Code));
        var sent = await Crm.Journal.SingleAsync("POST", "/crm/v8/Leads/actions/mass_update");
        Assert.Equal(ids, sent.Json!["ids"]!.AsArray().Select(id => id!.GetValue<string>()));
        Assert.Equal("Contacted", sent.Json["data"]![0]!["Lead_Status"]!.GetValue<string>());
    }
}
// docs:end

public sealed class SnapshotBetweenTests(CrmFixture fixture) : IClassFixture<CrmFixture>
{
    [Fact]
    public async Task ARestore_UndoesWhatTheTestBeforeDid()
    {
        await fixture.Crm.Client.DeleteRecordsAsync("Leads", fixture.LeadIds);
        await fixture.Crm.Snapshots.RestoreAsync("seeded");
        Assert.NotNull(await fixture.Crm.Client.GetRecordAsync("Leads", fixture.LeadIds[0]));
    }
}

// docs:begin faults
public sealed class FaultTests
{
    [Fact]
    public async Task AnInternalErrorOnTheThirdCall_IsTriedAgainByTheClient()
    {
        await using var crm = await OpenLeadsTestServer.StartAsync();
        var ids = await crm.SeedAsync("Leads", 3);
        await crm.Faults.ErrorAsync("GET", "/crm/v8/Leads/*", "INTERNAL_ERROR", times: 1, after: 2);

        foreach (var id in ids) Assert.NotNull(await crm.Client.GetRecordAsync("Leads", id));

        var calls = await crm.Journal.ListAsync("GET", "/crm/v8/Leads/*");
        Assert.Equal([200, 200, 500, 200], calls.Select(c => c.Status));
        Assert.Equal("INTERNAL_ERROR", calls[2].Code);
    }

    [Fact]
    public async Task TooManyParallelMassUpdates_Answer429_AndTheClientBacksOff()
    {
        await using var crm = await OpenLeadsTestServer.StartAsync(o => o.Set("OpenLeads:Limits:HeavyConcurrency", "2"));
        var ids = await crm.SeedAsync("Leads", 4);
        await crm.Faults.DelayAsync("POST", "/crm/v8/Leads/actions/mass_update", TimeSpan.FromMilliseconds(300), times: null);
        using var client = new ZohoCrmClient(new ZohoCrmClientOptions     // your code's client, with its own back-off
        {
            ApiDomain = crm.ApiDomain,
            AccessToken = crm.Token,
            ApiVersion = "v8",
            MaxRetries = 8,
            RetryDelay = TimeSpan.FromMilliseconds(50),
        });

        var results = await Task.WhenAll(ids.Select(id =>
            client.MassUpdateAsync("Leads", "Lead_Status", JsonValue.Create("Contacted"), [id])));

        Assert.All(results, r => Assert.Equal("SUCCESS", r.Outcomes.Single().Code));
        var calls = await crm.Journal.ListAsync("POST", "/crm/v8/Leads/actions/mass_update");
        Assert.Contains(calls, c => c.Status == 429 && c.Code == "TOO_MANY_REQUESTS");
    }
}
// docs:end

// docs:begin notifications
public sealed class LeadWatchTests
{
    [Fact]
    public async Task AMassUpdate_IsCalledBack_WithItsIds()
    {
        await using var crm = await OpenLeadsTestServer.StartAsync();
        var ids = await crm.SeedAsync("Leads", 3);
        var receiver = await crm.StartReceiverAsync();                 // a loopback URL that keeps every callback
        var watch = await crm.Http.PostAsJsonAsync("/crm/v8/actions/watch", new
        {
            watch = new[] { new { channel_id = 1000000068001, events = new[] { "Leads.edit" }, notify_url = receiver.Url, token = "verify-me" } },
        });
        Assert.Equal(System.Net.HttpStatusCode.Created, watch.StatusCode);

        await crm.Client.MassUpdateAsync("Leads", "Lead_Status", JsonValue.Create("Contacted"), ids);

        var callback = (await receiver.WaitForAsync(1))[0];            // Zoho's callback body, sent after the commit
        Assert.Equal(("update", "verify-me"), (callback.Operation, callback.Token));
        Assert.Equal(ids, callback.Ids);
    }
}
// docs:end

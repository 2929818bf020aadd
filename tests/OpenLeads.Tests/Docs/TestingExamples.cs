using System.Text.Json.Nodes;
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

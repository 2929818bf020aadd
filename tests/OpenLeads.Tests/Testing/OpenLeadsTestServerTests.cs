using System.Net;
using System.Text.Json.Nodes;
using OpenLeads.Testing;
using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.Testing;

/// <summary>
/// OpenLeads.Testing as a user's test suite uses it: a server in this process, on the database of this run
/// (in memory, or a schema of its own on the run's PostgreSQL), reached over a real socket.
/// </summary>
public sealed class OpenLeadsTestServerTests
{
    /// <summary>What ./test.sh's pass asks for: in memory on the SQLite pass, PostgreSQL on the other.</summary>
    internal static void OnThisRunsDatabase(OpenLeadsTestOptions o)
    {
        if (OpenLeadsServer.Provider == "postgres") o.UsePostgres(PostgresCluster.Instance.RunConnectionString);
    }

    [Fact]
    public async Task StartAsync_ServesTheDemoOrg_ToItsClient_AndJournalsWhatWasSent()
    {
        await using var crm = await OpenLeadsTestServer.StartAsync(OnThisRunsDatabase);
        Assert.Equal("127.0.0.1", crm.ApiDomain.Host);
        var ids = await crm.SeedAsync("Leads", 3, seed: 7);
        await crm.LockAsync("Leads", ids[2]);

        var result = await crm.Client.MassUpdateAsync("Leads", "Lead_Status", JsonValue.Create("Contacted"), ids);

        Assert.Equal(["SUCCESS", "SUCCESS", "RECORD_LOCKED"], result.Outcomes.Select(o => o.Code));
        var sent = await crm.Journal.SingleAsync("POST", "/crm/v8/Leads/actions/mass_update");
        Assert.Equal(207, sent.Status); // some succeeded, one did not: Zoho answers 207
        Assert.Equal("Contacted", sent.Json!["data"]![0]!["Lead_Status"]!.GetValue<string>());
        Assert.Equal(ids, sent.Json["ids"]!.AsArray().Select(id => id!.GetValue<string>()));
        Assert.DoesNotContain(crm.Token, sent.Headers["Authorization"]);
    }

    [Fact]
    public async Task TwoServers_InOneProcess_EachHaveTheirOwnPortAndRecords()
    {
        await using var first = await OpenLeadsTestServer.StartAsync(OnThisRunsDatabase);
        await using var second = await OpenLeadsTestServer.StartAsync(OnThisRunsDatabase);
        await first.SeedAsync("Contacts", 2);

        Assert.NotEqual(first.ApiDomain, second.ApiDomain);
        Assert.Equal(2, await CountAsync(first, "Contacts"));
        Assert.Equal(0, await CountAsync(second, "Contacts"));
        using var wrongToken = await second.Http.SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(first.ApiDomain, "/crm/v8/Contacts"))
        {
            Headers = { { "Authorization", $"Zoho-oauthtoken {second.Token}" } },
        });
        Assert.Equal(HttpStatusCode.Unauthorized, wrongToken.StatusCode);
    }

    [Fact]
    public async Task Snapshots_TakenAfterSetUp_BringTheStateBackBetweenTests()
    {
        await using var crm = await OpenLeadsTestServer.StartAsync(OnThisRunsDatabase);
        await crm.SeedAsync("Deals", 4, seed: 2);
        await crm.Snapshots.TakeAsync("set-up");
        await crm.SeedAsync("Deals", 6);
        await crm.ResetAsync();

        var took = await crm.Snapshots.RestoreAsync("set-up");

        Assert.Equal(4, await CountAsync(crm, "Deals"));
        Assert.True(took > TimeSpan.Zero);
        Assert.Equal(["set-up"], await crm.Snapshots.ListAsync());
        await crm.Snapshots.DeleteAsync("set-up");
        var gone = await Assert.ThrowsAsync<OpenLeadsControlException>(() => crm.Snapshots.RestoreAsync("set-up"));
        Assert.Equal((HttpStatusCode.NotFound, "INVALID_DATA"), (gone.Status, gone.Code));
    }

    [Fact]
    public async Task AMintedToken_HasOnlyItsScopes_AndAnExpiredOne_IsRefusedAsZohoDoes()
    {
        await using var crm = await OpenLeadsTestServer.StartAsync(OnThisRunsDatabase);
        var expired = await crm.MintTokenAsync(["ZohoCRM.modules.ALL"], TimeSpan.Zero);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/crm/v8/Leads?fields=Last_Name") { Headers = { { "Authorization", $"Zoho-oauthtoken {expired}" } } };
        using var http = new HttpClient { BaseAddress = crm.ApiDomain };
        using var answer = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
        Assert.Equal("INVALID_TOKEN", JsonNode.Parse(await answer.Content.ReadAsStringAsync())!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task ABadSetting_StopsTheStart_WithOneLineNamingIt()
    {
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            OpenLeadsTestServer.StartAsync(o => o.Set("OpenLeads:Jobs:BatchSzie", "10")));

        Assert.StartsWith("OpenLeads cannot start: ", e.Message);
        Assert.Contains("OpenLeads:Jobs:BatchSzie", e.Message);
        Assert.Contains("OpenLeads:Jobs:BatchSize", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public async Task AControlCallRefused_RaisesTheZohoError_ItWasAnswered()
    {
        await using var crm = await OpenLeadsTestServer.StartAsync(OnThisRunsDatabase);

        var e = await Assert.ThrowsAsync<OpenLeadsControlException>(() => crm.SeedAsync("Vendors", 1));

        Assert.Equal(HttpStatusCode.BadRequest, e.Status);
        Assert.Equal("INVALID_MODULE", e.Code);
    }

    private static async Task<int> CountAsync(OpenLeadsTestServer crm, string module)
    {
        var count = 0;
        await foreach (var _ in crm.Client.ListRecordsAsync(module)) count++;
        return count;
    }
}

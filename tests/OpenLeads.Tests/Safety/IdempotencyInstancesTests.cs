using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.Safety;

/// <summary>Two server processes on one PostgreSQL: a key sent to both at once is applied once, and each answers its answer.</summary>
public sealed class IdempotencyInstancesTests : IDisposable
{
    private const string Token = "1000.idempotency-instances-token";
    private readonly string _directory = Directory.CreateTempSubdirectory("openleads-idem-").FullName;
    private readonly string _database = PostgresCluster.Instance.CreateDatabase();

    public void Dispose()
    {
        PostgresCluster.Instance.DropDatabase(_database);
        Directory.Delete(_directory, recursive: true);
    }

    private ServerProcess Start(string name) => ServerProcess.Start(Directory.CreateDirectory(Path.Combine(_directory, name)).FullName,
    [
        "--OpenLeads:Storage:Provider=postgres", $"--OpenLeads:Storage:ConnectionString={_database}", $"--OpenLeads:Auth:DevToken={Token}",
        "--OpenLeads:Seed:DemoLeads=0",
    ]);

    private static async Task<(int Status, string Body, bool Replayed)> InsertAsync(string address, string key)
    {
        using var http = new HttpClient { BaseAddress = new Uri(address) };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/crm/v8/Accounts")
        {
            Content = new StringContent("""{"data":[{"Account_Name":"Zylker"}]}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Zoho-oauthtoken", Token);
        request.Headers.Add("Idempotency-Key", key);
        using var response = await http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.Contains("Idempotent-Replayed"));
    }

    [Fact]
    public async Task OneKey_SentToTwoInstancesAtOnce_IsAppliedOnce()
    {
        await using var first = Start("a");
        await using var second = Start("b");
        string[] addresses = await Task.WhenAll(first.WaitUntilListeningAsync(), second.WaitUntilListeningAsync());

        var answers = await Task.WhenAll(addresses.Select(a => InsertAsync(a, "zylker-once")));

        Assert.Equal((201, 201), (answers[0].Status, answers[1].Status));
        Assert.Equal(answers[0].Body, answers[1].Body);
        Assert.Single(answers, a => a.Replayed);
        using var http = new HttpClient { BaseAddress = new Uri(addresses[1]) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Zoho-oauthtoken", Token);
        var accounts = JsonNode.Parse(await http.GetStringAsync("/crm/v8/Accounts?fields=Account_Name"))!["data"]!.AsArray();
        Assert.Single(accounts);
    }
}

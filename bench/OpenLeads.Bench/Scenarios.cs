using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace OpenLeads.Bench;

/// <summary>One measured scenario, with its floor (ratio = seconds / floor_seconds).</summary>
public sealed record ScenarioResult(string Scenario, string Provider, int Records, double Seconds, double FloorSeconds, double PeakWorkingSetMb)
{
    public double RecordsPerSecond => Records / Seconds;
    public double FloorRecordsPerSecond => Records / FloorSeconds;
    public double Ratio => Seconds / FloorSeconds;
}

public static class Scenarios
{
    public const int IdsPerRequest = 500;
    public const int Clients = 4;
    private const string AllLeadsView = "738964000000087501";

    /// <summary>
    /// (a) ids mode: every Lead once, in 500-id mass update requests over real HTTP on loopback
    /// from 4 concurrent clients. The floor runs the same 500-id transactions with direct SQL
    /// (4 at once on PostgreSQL; one at a time on SQLite, whose single writer that suits best).
    /// </summary>
    public static async Task<ScenarioResult> IdsAsync(BenchDatabase database, long[] ids)
    {
        var chunks = ids.Chunk(IdsPerRequest).ToArray();
        var floor = await database.IdsFloorAsync(chunks, 101, database.Provider == "sqlite" ? 1 : Clients);

        await using var server = await ServerUnderTest.StartAsync(database, []);
        using var http = Client(server.Address);
        await MassUpdateAsync(http, chunks[0], 1); // warm-up: JIT and connection pool, not timed
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < chunks.Length; i = Interlocked.Increment(ref next))
            {
                await MassUpdateAsync(http, chunks[i], 202);
            }
        })));
        var seconds = clock.Elapsed.TotalSeconds;
        return new ScenarioResult("ids", database.Provider, ids.Length, seconds, floor, server.PeakWorkingSetMb());
    }

    /// <summary>
    /// (b) job mode: one cvid mass update over every Lead, from the POST to COMPLETED (the job's
    /// record set captured, then batches of updates, audit rows and checkpoints). The floor is
    /// one direct SQL transaction doing the same change.
    /// </summary>
    public static async Task<ScenarioResult> JobAsync(BenchDatabase database, int records, int? batchSize)
    {
        var floor = await database.JobFloorAsync(303);

        string[] settings = [$"--OpenLeads:MassUpdate:MaxJobRecords={Math.Max(records, 50_000)}", "--OpenLeads:Jobs:PollMilliseconds=50",
            .. batchSize is { } b ? [$"--OpenLeads:Jobs:BatchSize={b}"] : Array.Empty<string>()];
        await using var server = await ServerUnderTest.StartAsync(database, settings);
        using var http = Client(server.Address);
        var clock = Stopwatch.StartNew();
        var scheduled = await PostAsync(http, "/crm/v2/Leads/actions/mass_update",
            $$"""{"data":[{"No_of_Employees":404}],"cvid":"{{AllLeadsView}}"}""");
        var job = scheduled["data"]![0]!["details"]!["job_id"]!.GetValue<string>();
        JsonNode status;
        do
        {
            await Task.Delay(20);
            status = JsonNode.Parse(await http.GetStringAsync($"/crm/v2/Leads/actions/mass_update?job_id={job}"))!["data"]![0]!;
        } while (status["Status"]!.GetValue<string>() is "SCHEDULED" or "RUNNING");
        var seconds = clock.Elapsed.TotalSeconds;
        if (status["Updated_Count"]!.GetValue<long>() != records) throw new InvalidOperationException($"The job did not update every record: {status}");
        return new ScenarioResult("job", database.Provider, records, seconds, floor, server.PeakWorkingSetMb());
    }

    private static HttpClient Client(string address)
    {
        var http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromMinutes(5) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Zoho-oauthtoken", ServerUnderTest.Token);
        return http;
    }

    private static async Task MassUpdateAsync(HttpClient http, long[] ids, int value)
    {
        var body = $$"""{"data":[{"No_of_Employees":{{value}}}],"ids":[{{string.Join(',', ids.Select(id => $"\"{id}\""))}}]}""";
        var answer = await PostAsync(http, "/crm/v2/Leads/actions/mass_update", body);
        if (answer["data"]!.AsArray().Any(e => e!["code"]!.GetValue<string>() != "SUCCESS"))
        {
            throw new InvalidOperationException("A mass update did not succeed for every id: " + answer.ToJsonString()[..300]);
        }
    }

    private static async Task<JsonNode> PostAsync(HttpClient http, string path, string json)
    {
        using var response = await http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }
}

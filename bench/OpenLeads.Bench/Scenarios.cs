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

    public JsonObject ToJson() => new()
    {
        ["scenario"] = Scenario,
        ["provider"] = Provider,
        ["records"] = Records,
        ["seconds"] = Math.Round(Seconds, 3),
        ["records_per_second"] = Math.Round(RecordsPerSecond),
        ["floor_seconds"] = Math.Round(FloorSeconds, 3),
        ["ratio"] = Math.Round(Ratio, 3),
        ["peak_working_set_mb"] = Math.Round(PeakWorkingSetMb, 1),
    };
}

public static partial class Scenarios
{
    public const int IdsPerRequest = 500;
    public const int Clients = 4;

    /// <summary>The server's default OpenLeads:Jobs:BatchSize.</summary>
    public static readonly int DefaultBatchSize = new OpenLeads.Server.Hosting.JobSettings().BatchSize;
    private const string AllLeadsView = "738964000000087501";

    /// <summary>
    /// (a) ids mode: every Lead once, in 500-id mass update requests over real HTTP on loopback
    /// from 4 concurrent clients. The floor runs the same 500-id transactions with direct SQL
    /// (4 at once on PostgreSQL; one at a time on SQLite, whose single writer that suits best).
    /// </summary>
    public static async Task<ScenarioResult> IdsAsync(BenchDatabase seeded, long[] ids)
    {
        var chunks = ids.Chunk(IdsPerRequest).ToArray();
        double floor;
        await using (var copy = await seeded.CloneAsync())
        {
            floor = await copy.FloorAsync(chunks, 101, copy.Provider == "sqlite" ? 1 : Clients, "mass_update");
        }

        await using var database = await seeded.CloneAsync();
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
    /// record set captured, then batches of updates, audit rows and checkpoints). The floor does
    /// the same change by direct SQL in the same batches (by id, one transaction each), with no job
    /// bookkeeping: no record set, no lease, no checkpoint, no counts.
    /// </summary>
    public static async Task<ScenarioResult> JobAsync(BenchDatabase seeded, long[] ids, int? batchSize)
    {
        var records = ids.Length;
        double floor;
        await using (var copy = await seeded.CloneAsync())
        {
            floor = await copy.FloorAsync(ids.Order().Chunk(batchSize ?? DefaultBatchSize).ToArray(), 303, 1, "job");
        }

        await using var database = await seeded.CloneAsync();

        string[] settings = [$"--OpenLeads:MassUpdate:MaxJobRecords={Math.Max(records, 50_000)}", "--OpenLeads:Jobs:PollMilliseconds=50",
            .. batchSize is { } b ? [$"--OpenLeads:Jobs:BatchSize={b}"] : Array.Empty<string>()];
        await using var server = await ServerUnderTest.StartAsync(database, settings);
        using var http = Client(server.Address);
        // Warm-up, not timed: the request path and the job status call, on a view that does not exist.
        await PostAsync(http, "/crm/v2/Leads/actions/mass_update", """{"data":[{"No_of_Employees":1}],"cvid":"1"}""");
        await http.GetAsync("/crm/v2/Leads/actions/mass_update?job_id=1");
        var clock = Stopwatch.StartNew();
        var scheduled = await PostAsync(http, "/crm/v2/Leads/actions/mass_update",
            $$"""{"data":[{"No_of_Employees":404}],"cvid":"{{AllLeadsView}}"}""");
        var job = scheduled["data"]![0]!["details"]!["job_id"]!.GetValue<string>();
        Console.WriteLine($"  scheduled in {clock.Elapsed.TotalSeconds:F2} s");
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

    /// <summary>
    /// (c) Deals: every Deal once, three fields in each mass update (Zoho takes up to three in Deals), 500 ids a request from
    /// 4 clients, as the ids mode. It goes through the general write path (a value per field and record), not the
    /// one-value SQL of (a). The floor is the same three-field change by direct SQL.
    /// </summary>
    public static async Task<ScenarioResult> DealsAsync(BenchDatabase seeded, long[] ids)
    {
        var chunks = ids.Chunk(IdsPerRequest).ToArray();
        var change = new FloorChange("Deals", [new FloorChange.Field("Stage", "Negotiation/Review", IsText: true),
            new FloorChange.Field("Amount", 5000.0, IsText: false), new FloorChange.Field("Next_Step", "Send the contract", IsText: true)]);
        double floor;
        await using (var copy = await seeded.CloneAsync())
        {
            floor = await copy.FloorAsync(chunks, change, copy.Provider == "sqlite" ? 1 : Clients, "mass_update");
        }

        await using var database = await seeded.CloneAsync();
        await using var server = await ServerUnderTest.StartAsync(database, []);
        using var http = Client(server.Address);
        await MassUpdateAsync(http, chunks[0], 1, "Deals"); // warm-up, not timed
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < chunks.Length; i = Interlocked.Increment(ref next))
            {
                await MassUpdateAsync(http, chunks[i], 5000, "Deals");
            }
        })));
        var seconds = clock.Elapsed.TotalSeconds;
        return new ScenarioResult("deals", database.Provider, ids.Length, seconds, floor, server.PeakWorkingSetMb());
    }

    internal static HttpClient Client(string address)
    {
        var http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromMinutes(5) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Zoho-oauthtoken", ServerUnderTest.Token);
        return http;
    }

    private static readonly byte[] ErrorEntry = Encoding.UTF8.GetBytes("\"status\":\"error\"");
    private static readonly byte[] SuccessEntry = Encoding.UTF8.GetBytes("\"code\":\"SUCCESS\"");

    private static int Count(ReadOnlySpan<byte> text, ReadOnlySpan<byte> part)
    {
        var count = 0;
        for (int at; (at = text.IndexOf(part)) >= 0; text = text[(at + part.Length)..]) count++;
        return count;
    }

    /// <summary>
    /// One 500-id request. The answer is checked as cheaply as a load generator can (HTTP 200, one SUCCESS per
    /// id, no error entry), so that the 2 cores this runs on go to the server, not to parsing its answers.
    /// </summary>
    private static async Task MassUpdateAsync(HttpClient http, long[] ids, int value, string module = "Leads")
    {
        var values = module == "Deals"
            ? $$"""{"Stage":"Negotiation/Review","Amount":{{value}},"Next_Step":"Send the contract"}"""
            : $$"""{"No_of_Employees":{{value}}}""";
        var body = $$"""{"data":[{{values}}],"ids":[{{string.Join(',', ids.Select(id => $"\"{id}\""))}}]}""";
        using var response = await http.PostAsync($"/crm/v2/{module}/actions/mass_update", new StringContent(body, Encoding.UTF8, "application/json"));
        var answer = await response.Content.ReadAsByteArrayAsync();
        if ((int)response.StatusCode != 200 || answer.AsSpan().IndexOf(ErrorEntry) >= 0 || Count(answer, SuccessEntry) != ids.Length)
        {
            throw new InvalidOperationException("A mass update did not succeed for every id: " + Encoding.UTF8.GetString(answer)[..300]);
        }
    }

    private static async Task<JsonNode> PostAsync(HttpClient http, string path, string json)
    {
        using var response = await http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }
}

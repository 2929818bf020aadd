using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace OpenLeads.Bench;

/// <summary>
/// <c>--scenario soak --seconds 60</c>: 16 clients for the given seconds, each sending in turn a mass update of 500 ids drawn at
/// random, a list page (one of the first ten) and a search (a criteria search by email or a word search, of a Lead drawn at random).
/// Any answer but a 2xx, and any request that fails outright, is an error. The server's resident memory is sampled each second;
/// it is flat when the peak of the run's last window is within 10% of the first window's peak, a window being a fifth of the run
/// (12 s of a 60 s run) up to one minute (so a run of five minutes or more compares its first and its last minute).
/// </summary>
internal static class SoakScenario
{
    private const int SoakClients = 16;
    private static readonly string[] Kinds = ["mass_update", "list", "search"];

    public static async Task<JsonObject> RunAsync(BenchDatabase seeded, long[] ids, int seconds)
    {
        await using var database = await seeded.CloneAsync();
        await using var server = await ServerUnderTest.StartAsync(database, ServerUnderTest.RoomFor(SoakClients));
        using var http = Scenarios.Client(server.Address);
        var leads = await Scenarios.SearchableLeadsAsync(http, ids, 200);
        var latencies = Kinds.ToDictionary(k => k, _ => new Latencies());
        var errors = 0;
        var memory = new List<double>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var sampling = SampleAsync(server, memory, stop.Token);
        await Task.WhenAll(Enumerable.Range(0, SoakClients).Select(client => Task.Run(async () =>
        {
            var random = new Random(client);
            for (var turn = client; !stop.IsCancellationRequested; turn++)
            {
                var kind = Kinds[turn % Kinds.Length];
                var start = Stopwatch.GetTimestamp();
                if (await SendAsync(http, kind, random, ids, leads)) latencies[kind].Add(Stopwatch.GetElapsedTime(start));
                else Interlocked.Increment(ref errors);
            }
        })));
        await sampling;
        return Result(database.Provider, ids.Length, seconds, latencies, errors, memory);
    }

    /// <summary>One request of <paramref name="kind"/>; false when it failed (not a 2xx, or no answer).</summary>
    private static async Task<bool> SendAsync(HttpClient http, string kind, Random random, long[] ids, List<JsonNode> leads)
    {
        var lead = leads[random.Next(leads.Count)];
        try
        {
            using var response = kind switch
            {
                "mass_update" => await http.PostAsync("/crm/v2/Leads/actions/mass_update", new StringContent(
                    $$"""{"data":[{"No_of_Employees":{{random.Next(1, 1000)}}}],"ids":[{{string.Join(',', random.GetItems(ids, 500).Distinct().Select(id => $"\"{id}\""))}}]}""",
                    Encoding.UTF8, "application/json")),
                "list" => await http.GetAsync($"/crm/v8/Leads?fields=Last_Name,Company,Email&per_page=200&page={random.Next(1, 11)}"),
                _ => await http.GetAsync(random.Next(2) == 0
                    ? $"/crm/v8/Leads/search?criteria={Uri.EscapeDataString($"(Email:equals:{lead["Email"]})")}"
                    : $"/crm/v8/Leads/search?word={Uri.EscapeDataString(lead["Last_Name"]!.ToString())}"),
            };
            await response.Content.LoadIntoBufferAsync();
            if ((int)response.StatusCode is >= 200 and < 300) return true;
            var text = await response.Content.ReadAsStringAsync();
            Console.Error.WriteLine($"  {kind}: HTTP {(int)response.StatusCode} {text[..Math.Min(200, text.Length)]}");
            return false;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            Console.Error.WriteLine($"  {kind}: {e.Message}");
            return false;
        }
    }

    private static async Task SampleAsync(ServerUnderTest server, List<double> memory, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(stop)) memory.Add(server.WorkingSetMb());
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static JsonObject Result(string provider, int records, int seconds, Dictionary<string, Latencies> latencies, int errors, List<double> memory)
    {
        var window = Math.Clamp(seconds / 5, 1, 60); // samples, one a second
        var first = memory.Take(window).DefaultIfEmpty().Max();
        var last = memory.TakeLast(window).DefaultIfEmpty().Max();
        var flat = last <= first * 1.10;
        var requests = latencies.Values.Sum(l => l.Count) + errors;
        Console.WriteLine($"  soak of {seconds} s, {SoakClients} clients: {requests:N0} requests, {errors} errors");
        foreach (var (kind, l) in latencies) Console.WriteLine($"  {kind,-12}{l}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  memory: first {window} s peak {first:F0} MB, last {window} s peak {last:F0} MB: {(flat ? "flat" : "NOT flat")}"));
        return new JsonObject
        {
            ["scenario"] = "soak",
            ["provider"] = provider,
            ["records"] = records,
            ["seconds"] = seconds,
            ["clients"] = SoakClients,
            ["requests"] = requests,
            ["errors"] = errors,
            ["latency_ms"] = new JsonObject([.. latencies.Select(l => KeyValuePair.Create(l.Key, (JsonNode?)l.Value.ToJson()))]),
            ["memory_window_seconds"] = window,
            ["memory_first_peak_mb"] = Math.Round(first, 1),
            ["memory_last_peak_mb"] = Math.Round(last, 1),
            ["memory_flat"] = flat,
            ["memory_mb"] = new JsonArray([.. memory.Select(m => (JsonNode?)Math.Round(m, 1))]),
        };
    }
}

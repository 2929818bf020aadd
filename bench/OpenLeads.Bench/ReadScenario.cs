using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using OpenLeads.Server.Records;

namespace OpenLeads.Bench;

public static partial class Scenarios
{
    private const int ReadRounds = 100;
    private const int ReadWarmUps = 5;
    private const string ListFields = "fields=Last_Name,First_Name,Company,Email&per_page=200";

    /// <summary>
    /// (f) read: one client's reads of a table of N Leads, one request at a time, each kind <see cref="ReadRounds"/> times
    /// after <see cref="ReadWarmUps"/> untimed ones: a list's first page, a deep page (half-way down the table, reached by
    /// <c>page_token</c> as v8 requires past its 2,000-record discrete cap: once by an offset, once by the token the page
    /// before it answered), a get by id, a criteria search on an indexed
    /// field (Created_Time), one on a field without an index (Email), and a word search. Ids and searched values are those
    /// of Leads drawn at random, read before the timing starts; every search must find its Lead (HTTP 200).
    /// </summary>
    public static async Task<JsonObject> ReadAsync(BenchDatabase seeded, long[] ids)
    {
        await using var database = await seeded.CloneAsync(); // settled: checkpointed, and on PostgreSQL analysed
        await using var server = await ServerUnderTest.StartAsync(database, []);
        using var http = Client(server.Address);
        var samples = await SearchableLeadsAsync(http, ids, ReadWarmUps + ReadRounds);
        // Half-way down by an offset (a token of a sorted list, or one made without the page before), and the page after it
        // by the token that page's answer gives, as a client walking the pages gets it: in id order it names the last id.
        var deep = PageTokens.For(ids.Length / 2);
        var walked = JsonNode.Parse(await http.GetStringAsync($"/crm/v8/Leads?{ListFields}&page_token={deep}"))!["info"]!["next_page_token"]!
            .GetValue<string>();
        (string Kind, Func<JsonNode, string> Path)[] kinds =
        [
            ("list_first_page", _ => $"/crm/v8/Leads?{ListFields}"),
            ("list_deep_page", _ => $"/crm/v8/Leads?{ListFields}&page_token={deep}"),
            ("list_deep_page_walked", _ => $"/crm/v8/Leads?{ListFields}&page_token={walked}"),
            ("get_one", lead => $"/crm/v8/Leads/{lead["id"]}"),
            ("criteria_indexed", lead => Search($"criteria=(Created_Time:equals:{lead["Created_Time"]})")),
            ("criteria_unindexed", lead => Search($"criteria=(Email:equals:{lead["Email"]})")),
            ("word_search", lead => Search($"word={lead["Last_Name"]}")),
        ];
        var latency = new JsonObject();
        foreach (var (kind, path) in kinds)
        {
            var latencies = new Latencies();
            for (var i = 0; i < samples.Count; i++)
            {
                var start = Stopwatch.GetTimestamp();
                using var response = await http.GetAsync(path(samples[i]));
                await response.Content.LoadIntoBufferAsync();
                if ((int)response.StatusCode != 200) throw new InvalidOperationException($"{kind}: {path(samples[i])} answered {(int)response.StatusCode}");
                if (i >= ReadWarmUps) latencies.Add(Stopwatch.GetElapsedTime(start));
            }
            Console.WriteLine($"  {kind,-22}{latencies}");
            latency[kind] = latencies.ToJson();
        }
        return new JsonObject
        {
            ["scenario"] = "read",
            ["provider"] = database.Provider,
            ["records"] = ids.Length,
            ["latency_ms"] = latency,
            ["peak_working_set_mb"] = Math.Round(server.PeakWorkingSetMb(), 1),
        };
    }

    private static string Search(string query) => "/crm/v8/Leads/search?" + string.Join('&', query.Split('&').Select(p =>
        p.Split('=', 2) is [var name, var value] ? $"{name}={Uri.EscapeDataString(value)}" : p));

    /// <summary>Leads drawn at random that have what the searches look for (an email, a last name of two letters or more).</summary>
    internal static async Task<List<JsonNode>> SearchableLeadsAsync(HttpClient http, long[] ids, int count)
    {
        var random = new Random(15);
        var samples = new List<JsonNode>(count);
        for (var tries = 0; samples.Count < count; tries++)
        {
            if (tries > count * 10) throw new InvalidOperationException("Too few Leads have an email and a last name to search for.");
            var lead = JsonNode.Parse(await http.GetStringAsync($"/crm/v8/Leads/{ids[random.Next(ids.Length)]}"))!["data"]![0]!;
            if (lead["Email"] is JsonValue && lead["Last_Name"]?.GetValue<string>() is { Length: >= 2 }) samples.Add(lead);
        }
        return samples;
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace OpenLeads.Bench;

public static partial class Scenarios
{
    /// <summary>
    /// (e) ids-random: every Lead once, as the ids mode, but in sets of 500 (and of 50) ids drawn at random from the whole
    /// table, from 4 and from 16 concurrent clients: four cases, each on its own copy of the database. The floor runs the
    /// same random sets by direct SQL as the ids floor does (one at a time on SQLite, as many at once as the clients on
    /// PostgreSQL). The sets come from one shuffle of all ids, so no two share a record and none waits on another's rows.
    /// </summary>
    public static async Task<IReadOnlyList<JsonObject>> RandomIdsAsync(BenchDatabase seeded, long[] ids)
    {
        var results = new List<JsonObject>();
        foreach (var size in (int[])[IdsPerRequest, 50])
        {
            foreach (var clients in (int[])[Clients, 16]) results.Add(await RandomIdsAsync(seeded, ids, size, clients));
        }
        return results;
    }

    private static async Task<JsonObject> RandomIdsAsync(BenchDatabase seeded, long[] ids, int size, int clients)
    {
        var shuffled = ids.ToArray();
        new Random(size * 100 + clients).Shuffle(shuffled);
        var chunks = shuffled.Chunk(size).ToArray();
        double floor;
        await using (var copy = await seeded.CloneAsync())
        {
            floor = await copy.FloorAsync(chunks, 101, copy.Provider == "sqlite" ? 1 : clients, "mass_update");
        }

        await using var database = await seeded.CloneAsync();
        await using var server = await ServerUnderTest.StartAsync(database, ServerUnderTest.RoomFor(clients));
        using var http = Client(server.Address);
        await MassUpdateAsync(http, chunks[0], 1); // warm-up: JIT and connection pool, not timed
        var latencies = new Latencies();
        var clock = Stopwatch.StartNew();
        await ConcurrentlyAsync(clients, chunks.Length, async i =>
        {
            var start = Stopwatch.GetTimestamp();
            await MassUpdateAsync(http, chunks[i], 202);
            latencies.Add(Stopwatch.GetElapsedTime(start));
        });
        var result = new ScenarioResult("ids-random", database.Provider, ids.Length, clock.Elapsed.TotalSeconds, floor, server.PeakWorkingSetMb());
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {size} random ids a request, {clients} clients: {result.RecordsPerSecond:N0} records/s (floor {result.FloorRecordsPerSecond:N0}), {latencies}"));
        var json = result.ToJson();
        json["variant"] = $"{size} ids, {clients} clients";
        json["ids_per_request"] = size;
        json["clients"] = clients;
        json["floor_records_per_second"] = Math.Round(result.FloorRecordsPerSecond);
        json["latency_ms"] = latencies.ToJson();
        return json;
    }

    /// <summary>Items 0 to <paramref name="count"/> − 1, each once, taken in order by <paramref name="clients"/> concurrent loops.</summary>
    private static Task ConcurrentlyAsync(int clients, int count, Func<int, Task> each)
    {
        var next = -1;
        return Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next)) await each(i);
        })));
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace OpenLeads.Bench;

/// <summary>
/// <c>--scenario scale [--sizes 10000,100000,1000000]</c>: the job mode (<see cref="Scenarios.JobAsync"/>, its floor in the same
/// run) at each size on a database of that many Leads, built for it: time, floor and the server's peak memory as the table grows.
/// </summary>
internal static class ScaleScenario
{
    public static async Task<IReadOnlyList<JsonObject>> RunAsync(BenchOptions options)
    {
        var results = new List<JsonObject>();
        foreach (var size in options.Sizes)
        {
            await using var seeded = BenchDatabase.Create(options);
            var seeding = Stopwatch.StartNew();
            var ids = await seeded.SeedAsync(size);
            Console.WriteLine($"  built {size:N0} Leads in {seeding.Elapsed.TotalSeconds:F1} s");
            var result = await Scenarios.JobAsync(seeded, ids, options.BatchSize) with { Scenario = "scale" };
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  scale {size,10:N0}: {result.Seconds:F2} s, floor {result.FloorSeconds:F2} s, ratio {result.Ratio:F2}, peak {result.PeakWorkingSetMb:F0} MB"));
            results.Add(result.ToJson());
        }
        return results;
    }
}

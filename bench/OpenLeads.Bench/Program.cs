using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenLeads.Bench;

// dotnet run -c Release --project bench/OpenLeads.Bench -- --records N --scenario ids|job|deals|undo|all|testserver|snapshot [--provider sqlite|postgres]
var options = BenchOptions.Parse(args, out var problem);
if (options is null)
{
    Console.Error.WriteLine($"bench: {problem}");
    Console.Error.WriteLine("usage: --records N --scenario ids|job|deals|undo|all|testserver|snapshot [--provider sqlite|postgres] [--pg CONNECTION] [--batch N] [--out FILE]");
    return 1;
}

if (options.Scenario == "snapshot")
{
    // Not a mass update: restoring a snapshot of --records Leads, through the control API.
    await SaveAsync(options.Output, await SnapshotRestore.RunAsync(options));
    return 0;
}

if (options.Scenario == "testserver")
{
    // Not a mass update: start-up of the in-process test server, on its own.
    await SaveAsync(options.Output, [await TestServerStart.RunAsync(options)]);
    return 0;
}

Console.WriteLine($"OpenLeads benchmark: {options.Records:N0} Leads on {options.Provider}, scenario {options.Scenario}, " +
                  $"{Environment.ProcessorCount} cores, .NET {Environment.Version}");
var results = new List<ScenarioResult>();
// One seeded database; every measured phase (each floor, each scenario) runs on its own copy of it.
await using (var seeded = BenchDatabase.Create(options))
{
    var seeding = Stopwatch.StartNew();
    var ids = await seeded.SeedAsync(options.Records);
    // As many Deals, for their scenario, before any copy is taken (a PostgreSQL template takes no more writes).
    var deals = options.Runs("deals") ? await seeded.SeedAsync(options.Records, "Deals") : null;
    Console.WriteLine($"  built {options.Records:N0} Leads{(deals is null ? "" : " and as many Deals")} in {seeding.Elapsed.TotalSeconds:F1} s");
    if (options.Runs("ids")) results.Add(await Scenarios.IdsAsync(seeded, ids));
    if (options.Runs("job")) results.Add(await Scenarios.JobAsync(seeded, ids, options.BatchSize));
    if (deals is not null) results.Add(await Scenarios.DealsAsync(seeded, deals));
    if (options.Runs("undo")) results.Add(await Scenarios.UndoAsync(seeded, ids, options.BatchSize));
}

Console.WriteLine();
Console.WriteLine($"{"scenario",-9}{"provider",-10}{"records",10}{"seconds",10}{"records/s",12}{"floor s",10}{"floor rec/s",13}{"ratio",8}{"peak MB",9}");
foreach (var r in results)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{r.Scenario,-9}{r.Provider,-10}{r.Records,10:N0}{r.Seconds,10:F2}{r.RecordsPerSecond,12:N0}{r.FloorSeconds,10:F2}{r.FloorRecordsPerSecond,13:N0}{r.Ratio,8:F2}{r.PeakWorkingSetMb,9:F0}"));
}

var measuredAt = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
var fresh = results.Select(r => new JsonObject
{
    ["scenario"] = r.Scenario,
    ["provider"] = r.Provider,
    ["records"] = r.Records,
    ["seconds"] = Math.Round(r.Seconds, 3),
    ["records_per_second"] = Math.Round(r.RecordsPerSecond),
    ["floor_seconds"] = Math.Round(r.FloorSeconds, 3),
    ["ratio"] = Math.Round(r.Ratio, 3),
    ["peak_working_set_mb"] = Math.Round(r.PeakWorkingSetMb, 1),
    ["measured_at"] = measuredAt,
}).ToList();
await SaveAsync(options.Output, fresh);
return 0;

// The file keeps the latest figure of every scenario, provider and size: a postgres run does not erase the sqlite one.
static async Task SaveAsync(string output, IReadOnlyList<JsonObject> fresh)
{
    Directory.CreateDirectory(Path.GetDirectoryName(output)!);
    var kept = ResultsFile.Read(output).Where(old => !fresh.Any(f => ResultsFile.SameRun(old, f)));
    await File.WriteAllTextAsync(output, new JsonArray([.. kept, .. fresh]).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    Console.WriteLine($"\nwrote {output}");
}

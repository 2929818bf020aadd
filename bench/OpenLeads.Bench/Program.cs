using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenLeads.Bench;

// dotnet run -c Release --project bench/OpenLeads.Bench -- --scenario S [--records N] [--provider sqlite|postgres] ... (BenchOptions.Usage)
var options = BenchOptions.Parse(args, out var problem);
if (options is null)
{
    Console.Error.WriteLine($"bench: {problem}");
    Console.Error.WriteLine(BenchOptions.Usage);
    return 1;
}

IReadOnlyList<JsonObject> results = options.Scenario switch
{
    "snapshot" => await SnapshotRestore.RunAsync(options),          // restoring a snapshot of --records Leads, through the control API
    "testserver" => [await TestServerStart.RunAsync(options)],      // start-up of the in-process test server, on its own
    "startup" => await StartupScenario.RunAsync(options),           // the published server: start to healthy, idle memory
    "scale" => await ScaleScenario.RunAsync(options),               // the job mode at each of --sizes
    _ => await OnOneSeededDatabaseAsync(options),                   // ids, job, deals, undo, all, ids-random, read, soak
};
await SaveAsync(options.Output, results);
return 0;

// One seeded database; every measured phase (each floor, each scenario) runs on its own copy of it.
static async Task<IReadOnlyList<JsonObject>> OnOneSeededDatabaseAsync(BenchOptions options)
{
    Console.WriteLine($"OpenLeads benchmark: {options.Records:N0} Leads on {options.Provider}, scenario {options.Scenario}, " +
                      $"{Environment.ProcessorCount} cores, .NET {Environment.Version}");
    var results = new List<ScenarioResult>();
    var others = new List<JsonObject>();
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
        if (options.Runs("ids-random")) others.AddRange(await Scenarios.RandomIdsAsync(seeded, ids));
        if (options.Runs("read")) others.Add(await Scenarios.ReadAsync(seeded, ids));
        if (options.Runs("soak")) others.Add(await SoakScenario.RunAsync(seeded, ids, options.Seconds));
    }
    if (results.Count > 0) PrintTable(results);
    return [.. results.Select(r => r.ToJson()), .. others];
}

static void PrintTable(IReadOnlyList<ScenarioResult> results)
{
    Console.WriteLine();
    Console.WriteLine($"{"scenario",-9}{"provider",-10}{"records",10}{"seconds",10}{"records/s",12}{"floor s",10}{"floor rec/s",13}{"ratio",8}{"peak MB",9}");
    foreach (var r in results)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{r.Scenario,-9}{r.Provider,-10}{r.Records,10:N0}{r.Seconds,10:F2}{r.RecordsPerSecond,12:N0}{r.FloorSeconds,10:F2}{r.FloorRecordsPerSecond,13:N0}{r.Ratio,8:F2}{r.PeakWorkingSetMb,9:F0}"));
    }
}

// The file keeps the latest figure of every scenario, provider, size and variant: a postgres run does not erase the sqlite one.
// Each result gets its target (issue 15) and whether it was met; a missed target is said, and the run still succeeds.
static async Task SaveAsync(string output, IReadOnlyList<JsonObject> fresh)
{
    var measuredAt = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
    foreach (var result in fresh)
    {
        result["measured_at"] ??= measuredAt;
        if (!Targets.Apply(result))
        {
            var which = string.Join(", ", new[] { result["scenario"], result["provider"], result["records"], result["variant"] }.OfType<JsonNode>());
            Console.WriteLine($"target missed: {which}: {result["target"]}");
        }
    }
    Directory.CreateDirectory(Path.GetDirectoryName(output)!);
    var kept = ResultsFile.Read(output).Where(old => !fresh.Any(f => ResultsFile.SameRun(old, f)));
    await File.WriteAllTextAsync(output, new JsonArray([.. kept, .. fresh]).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    Console.WriteLine($"\nwrote {output}");
}

using System.Diagnostics;
using System.Text.Json.Nodes;

namespace OpenLeads.Bench;

public static partial class Scenarios
{
    /// <summary>
    /// (d) undo: a cvid mass update over every Lead, then the undo of that operation, each from its POST to COMPLETED, on
    /// one server and database. The floor is the original job: the ratio says how far the undo is from it (the target is 1.5).
    /// </summary>
    public static async Task<ScenarioResult> UndoAsync(BenchDatabase seeded, long[] ids, int? batchSize)
    {
        var records = ids.Length;
        await using var database = await seeded.CloneAsync();
        string[] settings = [$"--OpenLeads:MassUpdate:MaxJobRecords={Math.Max(records, 50_000)}", "--OpenLeads:Jobs:PollMilliseconds=50",
            .. batchSize is { } b ? [$"--OpenLeads:Jobs:BatchSize={b}"] : Array.Empty<string>()];
        await using var server = await ServerUnderTest.StartAsync(database, settings);
        using var http = Client(server.Address);
        await PostAsync(http, "/crm/v2/Leads/actions/mass_update", """{"data":[{"No_of_Employees":1}],"cvid":"1"}"""); // warm-up, not timed

        var clock = Stopwatch.StartNew();
        var scheduled = await PostAsync(http, "/crm/v2/Leads/actions/mass_update", $$"""{"data":[{"No_of_Employees":404}],"cvid":"{{AllLeadsView}}"}""");
        var job = scheduled["data"]![0]!["details"]!["job_id"]!.GetValue<string>();
        await CompletedAsync(http, job, records);
        var jobSeconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"  job of {records:N0} in {jobSeconds:F2} s");

        clock.Restart();
        var undo = (await PostAsync(http, $"/openleads/v1/operations/{job}/undo", "{}"))["data"]![0]!["details"]!["job_id"]!.GetValue<string>();
        await CompletedAsync(http, undo, records);
        var seconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"  its undo in {seconds:F2} s");
        return new ScenarioResult("undo", database.Provider, records, seconds, jobSeconds, server.PeakWorkingSetMb());
    }

    private static async Task CompletedAsync(HttpClient http, string job, int records)
    {
        JsonNode status;
        do
        {
            await Task.Delay(20);
            status = JsonNode.Parse(await http.GetStringAsync($"/crm/v2/Leads/actions/mass_update?job_id={job}"))!["data"]![0]!;
        } while (status["Status"]!.GetValue<string>() is "SCHEDULED" or "RUNNING");
        if (status["Updated_Count"]!.GetValue<long>() != records) throw new InvalidOperationException($"Job {job} did not update every record: {status}");
    }
}

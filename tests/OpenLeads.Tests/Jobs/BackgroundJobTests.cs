using System.Diagnostics;
using System.Text.Json.Nodes;
using OpenLeads.Tests.Infrastructure;
using static OpenLeads.Tests.Jobs.JobCalls;

namespace OpenLeads.Tests.Jobs;

/// <summary>Jobs with the default background progression: the server runs them by itself, and clients poll their status.</summary>
public sealed class BackgroundJobTests() : ServerTest(new Dictionary<string, string?> { ["OpenLeads:Jobs:BatchSize"] = "50" })
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);

    /// <summary>Polls the job's status until it is COMPLETED or FAILED, at most <see cref="Bound"/>; returns every status seen.</summary>
    private async Task<List<JsonNode>> PollUntilDoneAsync(string jobId)
    {
        var seen = new List<JsonNode>();
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var response = await Zoho.StatusAsync(jobId);
            Assert.True(response.Code == 200, response.ToString());
            seen.Add(response.Body!);
            var state = response.Data[0]!["Status"]!.GetValue<string>();
            if (state is "COMPLETED" or "FAILED") return seen;
            Assert.True(clock.Elapsed < Bound, $"job {jobId} still {state} after {Bound.TotalSeconds} s: {response}");
            await Task.Delay(50);
        }
    }

    private static void AssertIs(string expected, JsonNode actual) =>
        Assert.Equal(ResponseAssert.Canonical(JsonNode.Parse(expected)), ResponseAssert.Canonical(actual));

    private static string State(JsonNode status) => status["data"]![0]!["Status"]!.GetValue<string>();

    [Fact]
    public async Task ScheduledJob_CompletesByItself_WithExactCounts()
    {
        var ids = await Zoho.InsertLeadsAsync(120);

        var jobId = await Zoho.ScheduleAsync(CvidBody(AllLeads, "No_of_Employees", 42));
        var seen = await PollUntilDoneAsync(jobId);

        AssertIs(Status("COMPLETED", total: 120, updated: 120), seen[^1]);
        Assert.All(await Zoho.ValuesAsync("No_of_Employees", ids[0], ids[49], ids[50], ids[119]), v => Assert.Equal("42", v));
    }

    [Fact]
    public async Task Status_GoesFromScheduledOrRunning_ToCompleted_AndStaysThere()
    {
        await Zoho.InsertLeadsAsync(300);

        var jobId = await Zoho.ScheduleAsync(CvidBody(AllLeads, "Rating", "Active"));
        var seen = await PollUntilDoneAsync(jobId);

        var states = seen.Select(State).ToArray();
        Assert.All(states[..^1], s => Assert.Contains(s, new[] { "SCHEDULED", "RUNNING" }));
        Assert.Equal("COMPLETED", states[^1]);
        // Once RUNNING, never back to SCHEDULED; while running, counts only grow and never pass the total.
        var firstRunning = Array.IndexOf(states, "RUNNING");
        if (firstRunning >= 0) Assert.DoesNotContain("SCHEDULED", states[firstRunning..]);
        var updated = seen.Select(s => s["data"]![0]!["Updated_Count"]!.GetValue<long>()).ToArray();
        Assert.Equal(updated.Order(), updated);
        Assert.All(seen, s => Assert.Equal(300, s["data"]![0]!["Total_Count"]!.GetValue<long>()));
        await Task.Delay(200);
        ResponseAssert.Answer(200, Status("COMPLETED", total: 300, updated: 300), await Zoho.StatusAsync(jobId));
    }

    [Fact]
    public async Task RefusedAndDeletedRecords_AreCountedByTheBackgroundRunnerToo()
    {
        var ids = await Zoho.InsertLeadsAsync(60);
        await Zoho.SetStateAsync(ids[10], lockAction: "record_locking");
        await Zoho.SetStateAsync(ids[55], approval: "pending");

        var jobId = await Zoho.ScheduleAsync(CvidBody(AllLeads, "No_of_Employees", 42));
        var seen = await PollUntilDoneAsync(jobId);

        AssertIs(Status("COMPLETED", total: 60, updated: 58, notUpdated: 2), seen[^1]);
        Assert.Equal(["10", "10", "42"], await Zoho.ValuesAsync("No_of_Employees", ids[10], ids[55], ids[11]));
    }

    [Fact]
    public async Task JobsOnSeveralViews_AllComplete_AndTheViewCanBeScheduledAgainAfterwards()
    {
        var austin = await Zoho.InsertLeadsAsync(30, "Austin");
        var berlin = await Zoho.InsertLeadsAsync(20, "Berlin");
        var berlinView = await Zoho.CreateViewAsync("Berlin", "(City:equals:Berlin)");

        var all = await Zoho.ScheduleAsync(CvidBody(AllLeads, "Rating", "Active"));
        var onlyBerlin = await Zoho.ScheduleAsync(CvidBody(berlinView, "No_of_Employees", 7));
        var allSeen = await PollUntilDoneAsync(all);
        var berlinSeen = await PollUntilDoneAsync(onlyBerlin);
        var again = await Zoho.ScheduleAsync(CvidBody(AllLeads, "Rating", "Acquired"));
        var againSeen = await PollUntilDoneAsync(again);

        AssertIs(Status("COMPLETED", total: 50, updated: 50), allSeen[^1]);
        AssertIs(Status("COMPLETED", total: 20, updated: 20), berlinSeen[^1]);
        AssertIs(Status("COMPLETED", total: 50, updated: 50), againSeen[^1]);
        Assert.Equal(["\"Acquired\"", "\"Acquired\""], await Zoho.ValuesAsync("Rating", austin[0], berlin[0]));
        Assert.Equal(["10", "7"], await Zoho.ValuesAsync("No_of_Employees", austin[0], berlin[0]));
    }
}

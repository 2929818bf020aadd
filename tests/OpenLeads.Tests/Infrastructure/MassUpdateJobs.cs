using System.Diagnostics;
using System.Text.Json.Nodes;

namespace OpenLeads.Tests.Infrastructure;

/// <summary>Scheduling a cvid mass update and waiting for the background runner to finish it, as a client would.</summary>
public static class MassUpdateJobs
{
    /// <summary>Schedules the job; returns its id and the X-Request-Id of the scheduling request.</summary>
    public static async Task<(string JobId, string RequestId)> ScheduleAsync(this ZohoClient zoho, object body)
    {
        var response = await zoho.MassUpdateAsync(body);
        var entry = Assert.Single(response.Data)!;
        Assert.True(entry["message"]?.GetValue<string>() == "mass update scheduled successfully", response.ToString());
        return (entry["details"]!["job_id"]!.GetValue<string>(), response.Message.Headers.GetValues("X-Request-Id").Single());
    }

    /// <summary>Polls <c>GET …/actions/mass_update?job_id=</c> until the job is COMPLETED (at most 10 seconds); returns its status.</summary>
    public static async Task<JsonNode> WaitUntilCompletedAsync(this ZohoClient zoho, string jobId, string module = "Leads")
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var response = await zoho.GetAsync($"/crm/v2/{module}/actions/mass_update?job_id={jobId}");
            Assert.True(response.Code == 200, response.ToString());
            var status = response.Data.Single()!;
            var state = status["Status"]!.GetValue<string>();
            if (state == "COMPLETED") return status;
            Assert.True(state != "FAILED", $"job {jobId} failed: {response}");
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"job {jobId} did not complete in 10 s: {response}");
            await Task.Delay(100);
        }
    }
}

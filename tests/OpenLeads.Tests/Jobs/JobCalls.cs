using System.Net;
using System.Text.Json.Nodes;
using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.Jobs;

/// <summary>The calls the job tests make: Leads with known values, views, territories, scheduling, status and runs.</summary>
public static class JobCalls
{
    public const string AllLeads = "738964000000087501";
    public const string Zylker = "738964000000400001";
    public const string Americas = "738964000000400003";
    public const string Emea = "738964000000400005";
    public const string Apac = "738964000000400007";
    public const string Europe = "738964000000400013";

    /// <summary>Inserts Leads through the Zoho API (no territory) and returns their ids in order.</summary>
    public static async Task<string[]> InsertLeadsAsync(this ZohoClient zoho, params object[] leads)
    {
        var ids = new List<string>();
        foreach (var chunk in leads.Chunk(100))
        {
            var response = await zoho.PostAsync("/crm/v2/Leads", new { data = chunk });
            Assert.True(response.Code == 201, response.ToString());
            ids.AddRange(response.Data.Select(e => e!["details"]!["id"]!.GetValue<string>()));
        }
        return [.. ids];
    }

    /// <summary>Leads named L0…L(n-1) in <paramref name="city"/>, each with 10 employees.</summary>
    public static Task<string[]> InsertLeadsAsync(this ZohoClient zoho, int count, string city = "Austin") =>
        zoho.InsertLeadsAsync([.. Enumerable.Range(0, count).Select(i => (object)new { Last_Name = $"L{i}", City = city, No_of_Employees = 10 })]);

    public static async Task<string> CreateViewAsync(this ZohoClient zoho, string name, string? criteria)
    {
        var response = await zoho.PostAsync("/__admin/custom_views", new { module = "Leads", name, criteria });
        Assert.True(response.Code == 200, response.ToString());
        return response.Body!["id"]!.GetValue<string>();
    }

    public static async Task SetTerritoryAsync(this ZohoClient zoho, string id, string? territoryId)
    {
        var response = await zoho.PutAsync($"/__admin/records/Leads/{id}/territory", new { territory_id = territoryId });
        Assert.True(response.Code == 200, response.ToString());
    }

    /// <summary>A cvid mass update body: one field, its value, and any further keys (territory, over_write, ids).</summary>
    public static Dictionary<string, object?> CvidBody(string cvid, string field, object? value, params (string Key, object? Value)[] more)
    {
        var body = new Dictionary<string, object?>
        {
            ["data"] = new[] { new Dictionary<string, object?> { [field] = value } },
            ["cvid"] = cvid,
        };
        foreach (var (key, v) in more) body[key] = v;
        return body;
    }

    /// <summary>Schedules a job and asserts Zoho's whole SUCCESS answer; returns the job id.</summary>
    public static async Task<string> ScheduleAsync(this ZohoClient zoho, object body, string version = "v2")
    {
        var response = await zoho.MassUpdateAsync(body, version);
        var jobId = response.Body?["data"]?[0]?["details"]?["job_id"]?.GetValue<string>() ?? "";
        Assert.Matches(@"^\d{18,19}$", jobId);
        ResponseAssert.Answer(200, Scheduled(jobId), response);
        return jobId;
    }

    public static string Scheduled(string jobId) =>
        $$"""{"data":[{"code":"SUCCESS","details":{"job_id":"{{jobId}}"},"message":"mass update scheduled successfully","status":"success"}]}""";

    /// <summary>One error entry inside <c>data</c>, as the cvid path answers it.</summary>
    public static string DataError(string code, string message, string details) =>
        $$"""{"data":[{"code":"{{code}}","details":{{details}},"message":"{{message}}","status":"error"}]}""";

    public static Task<ZohoResponse> StatusAsync(this ZohoClient zoho, string jobId, string version = "v2") =>
        zoho.GetAsync($"/crm/{version}/Leads/actions/mass_update?job_id={jobId}");

    public static Task<ZohoResponse> RunAsync(this ZohoClient zoho, string jobId) =>
        zoho.PostAsync($"/__admin/jobs/{jobId}/run", new { });

    /// <summary>The job status body Zoho answers.</summary>
    public static string Status(string state, long total, long updated = 0, long notUpdated = 0, long failed = 0) =>
        $$"""{"data":[{"Status":"{{state}}","Failed_Count":{{failed}},"Updated_Count":{{updated}},"Not_Updated_Count":{{notUpdated}},"Total_Count":{{total}}}]}""";

    /// <summary>One field of each Lead as JSON text, as the API returns it ("null" when unset).</summary>
    public static async Task<string[]> ValuesAsync(this ZohoClient zoho, string field, params string[] ids)
    {
        var values = new List<string>();
        foreach (var id in ids) values.Add((await zoho.GetLeadAsync(id))[field]?.ToJsonString() ?? "null");
        return [.. values];
    }

    public static async Task DeleteLeadsAsync(this ZohoClient zoho, params string[] ids)
    {
        var response = await zoho.DeleteAsync($"/crm/v2/Leads?ids={string.Join(',', ids)}");
        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
    }

    public static JsonNode Entry(this ZohoResponse response) => Assert.Single(response.Data)!;
}

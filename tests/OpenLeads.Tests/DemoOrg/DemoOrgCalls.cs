using System.Text.Json.Nodes;
using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.DemoOrg;

/// <summary>The calls the demo org's tests make on any module, through the Zoho API and the control API.</summary>
public static class DemoOrgCalls
{
    /// <summary>The "All …" view of each module (custom_views/{Module}.json).</summary>
    public const string AllAccounts = "738964000000087521";
    public const string AllContacts = "738964000000087511";
    public const string AllDeals = "738964000000087531";
    public const string OpenDeals = "738964000000087533";
    public const string AllProjects = "738964000000087541";

    public static async Task<string[]> SeedAsync(this ZohoClient zoho, string module, int count, int seed = 7)
    {
        var response = await zoho.PostAsync("/__admin/seed", new { module, count, seed });
        Assert.True(response.Code == 200, response.ToString());
        return [.. response.Body!["ids"]!.AsArray().Select(id => id!.GetValue<string>())];
    }

    /// <summary>Inserts one record through the Zoho API; returns its id.</summary>
    public static async Task<string> InsertAsync(this ZohoClient zoho, string module, object record)
    {
        var response = await zoho.PostAsync($"/crm/v8/{module}", new { data = new[] { record } });
        Assert.True(response.Code == 201, response.ToString());
        return response.Data.Single()!["details"]!["id"]!.GetValue<string>();
    }

    public static async Task<JsonObject> GetRecordAsync(this ZohoClient zoho, string module, string id)
    {
        var response = await zoho.GetAsync($"/crm/v8/{module}/{id}");
        Assert.True(response.Code == 200, response.ToString());
        return response.Data.Single()!.AsObject();
    }

    /// <summary>Every record of the module (at most 200), by id.</summary>
    public static async Task<Dictionary<string, JsonObject>> ListAsync(this ZohoClient zoho, string module)
    {
        var response = await zoho.GetAsync($"/crm/v8/{module}?per_page=200");
        if (response.Code == 204) return [];
        Assert.True(response.Code == 200, response.ToString());
        return response.Data.Select(r => r!.AsObject()).ToDictionary(r => r["id"]!.GetValue<string>());
    }

    public static Task<ZohoResponse> MassUpdateAsync(this ZohoClient zoho, string module, object body) =>
        zoho.PostAsync($"/crm/v8/{module}/actions/mass_update", body);

    /// <summary>Schedules a mass update of a view and waits for its job to complete; returns the job's status.</summary>
    public static async Task<JsonNode> MassUpdateViewAsync(this ZohoClient zoho, string module, string cvid, Dictionary<string, object?> values)
    {
        var response = await zoho.MassUpdateAsync(module, new { data = new[] { values }, cvid });
        var entry = response.Data.Single()!;
        Assert.True(entry["code"]?.GetValue<string>() == "SUCCESS", response.ToString());
        return await zoho.WaitUntilCompletedAsync(entry["details"]!["job_id"]!.GetValue<string>(), module);
    }

    /// <summary>A record without the stamps that say when it was made: what the same seed must make again.</summary>
    public static string WithoutStamps(JsonObject record) =>
        ResponseAssert.Canonical(new JsonObject(record.Where(p => p.Key is not ("id" or "Created_Time" or "Modified_Time" or "Last_Activity_Time"))
            .Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone()))));
}

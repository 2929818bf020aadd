using System.Text.Json.Nodes;
using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.Metadata;

/// <summary>
/// Every <c>/crm/v8</c> metadata answer, for every module of the org, checked against Zoho's own v8
/// OpenAPI files (bundled, with <see cref="OasRepairs"/>): zero violations.
/// </summary>
public class OasValidationTests : ServerTest
{
    public OasValidationTests() : this(null) { }

    protected OasValidationTests(IReadOnlyDictionary<string, string?>? settings) : base(settings) { }

    private readonly List<string> _violations = [];

    private async Task<JsonNode> CheckAsync(string url, string file, string path, bool mayBeEmpty = false)
    {
        var response = await Zoho.GetAsync(url);
        if (mayBeEmpty && response.Code == 204) return new JsonObject();
        Assert.True(response.Code == 200, $"{url}: {response}");
        foreach (var violation in ZohoOas.Bundled.Validate(response.Body, file, path)) _violations.Add($"{url} {violation}");
        return response.Body!;
    }

    [Fact]
    public async Task EveryV8MetadataAnswer_OfEveryModule_ValidatesAgainstZohosOpenApiFiles()
    {
        await CheckAsync("/crm/v8/org", "org.json", "/crm/v8/org");
        var users = await CheckAsync("/crm/v8/users?type=AllUsers", "users.json", "/crm/v8/users");
        foreach (var type in new[] { "CurrentUser", "ActiveUsers", "AdminUsers" }) await CheckAsync($"/crm/v8/users?type={type}", "users.json", "/crm/v8/users");
        foreach (var user in users["users"]!.AsArray()) await CheckAsync($"/crm/v8/users/{user!["id"]}", "users.json", "/crm/v8/users/{user}");
        await CheckAsync("/crm/v8/settings/territories", "territories.json", "/crm/v8/settings/territories", mayBeEmpty: true);
        var modules = await CheckAsync("/crm/v8/settings/modules", "modules.json", "/crm/v8/settings/modules");
        var served = new List<string>();
        foreach (var module in modules["modules"]!.AsArray())
        {
            var apiName = module!["api_name"]!.GetValue<string>();
            if ((await Zoho.GetAsync($"/crm/v8/settings/fields?module={apiName}")).Code != 200) continue;
            served.Add(apiName);
            await CheckAsync($"/crm/v8/settings/modules/{apiName}", "modules.json", "/crm/v8/settings/modules/{api_name}");
        }
        Assert.NotEmpty(served);
        foreach (var module in served)
        {
            var fields = await CheckAsync($"/crm/v8/settings/fields?module={module}", "fields.json", "/crm/v8/settings/fields");
            foreach (var field in fields["fields"]!.AsArray())
            {
                await CheckAsync($"/crm/v8/settings/fields/{field!["id"]}?module={module}", "fields.json", "/crm/v8/settings/fields/{field}");
            }
            var layouts = await CheckAsync($"/crm/v8/settings/layouts?module={module}", "layouts.json", "/crm/v8/settings/layouts");
            foreach (var layout in layouts["layouts"]!.AsArray())
            {
                await CheckAsync($"/crm/v8/settings/layouts/{layout!["id"]}?module={module}", "layouts.json", "/crm/v8/settings/layouts/{id}");
            }
            var views = await CheckAsync($"/crm/v8/settings/custom_views?module={module}", "custom_views.json", "/crm/v8/settings/custom_views");
            foreach (var view in views["custom_views"]!.AsArray())
            {
                await CheckAsync($"/crm/v8/settings/custom_views/{view!["id"]}?module={module}", "custom_views.json", "/crm/v8/settings/custom_views/{id}");
            }
        }

        // One line per kind of violation (array indexes left out), with the first answer that shows it.
        var kinds = _violations.GroupBy(v => System.Text.RegularExpressions.Regex.Replace(v[(v.IndexOf(' ') + 1)..], @"\[\d+\]", "[]"))
            .Select(g => $"{g.Key}   ({g.Count()}×, e.g. {g.First()[..g.First().IndexOf(' ')]})");
        Assert.True(_violations.Count == 0, $"{_violations.Count} violations:\n{string.Join('\n', kinds)}");
    }
}

/// <summary>The same check on a hand-written org folder: a custom module, a lookup between modules, a field type OpenLeads does not store, layouts for one module only.</summary>
public sealed class SmallOrgOasValidationTests() : OasValidationTests(Folder.Settings)
{
    private static readonly SmallOrg Folder = new();
}

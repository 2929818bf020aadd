using System.Text.Json.Nodes;

namespace OpenLeads.Tests.Metadata;

/// <summary>The validator itself: it reports each violation at its JSON path, so a passing answer means something.</summary>
public sealed class OasValidatorTests
{
    [Fact]
    public void Validator_ReportsAMissingKeyAWrongTypeAndABadEnum_EachAtItsPath()
    {
        var answer = JsonNode.Parse("""{"custom_views":[{"id":"1","name":7,"access_type":"everyone"}],"info":{"per_page":200,"count":1,"page":1,"more_records":false}}""");

        var violations = ZohoOas.Bundled.Validate(answer, "custom_views.json", "/crm/v8/settings/custom_views");

        Assert.Contains("$.custom_views[0]: lacks the required key \"display_value\"", violations);
        Assert.Contains("$.custom_views[0].name: number where the schema says string", violations);
        Assert.Contains("$.custom_views[0].access_type: \"everyone\" is not one of [\"shared\",\"public\",\"only_to_me\"]", violations);
        Assert.Contains("$.info: lacks the required key \"default\"", violations);
    }

    [Fact]
    public void Validator_FollowsReferencesAcrossFiles_AndReadsDateTimes()
    {
        // fields.json's associated_module points into modules.json by Zoho's raw.githubusercontent.com address.
        var answer = JsonNode.Parse("""{"fields":[{"associated_module":{"api_name":5},"created_time":"yesterday"}]}""");

        var violations = ZohoOas.Bundled.Validate(answer, "fields.json", "/crm/v8/settings/fields");

        Assert.Contains("$.fields[0].associated_module: lacks the required key \"id\"", violations);
        Assert.Contains("$.fields[0].associated_module.api_name: number where the schema says string", violations);
        Assert.Contains("$.fields[0].created_time: \"yesterday\" is not a date-time", violations);
    }

    [Fact]
    public void EveryRepair_HasAReason_AndFindsWhatItRepairs()
    {
        Assert.All(OasRepairs.All, r => Assert.True(r.Reason.Length > 20, $"{r.File}{r.Pointer} needs a reason"));
        // Loading applies every repair; one whose place is gone throws.
        var loaded = ZohoOas.Load(Path.Combine(AppContext.BaseDirectory, "Fixtures", "zoho-crm-oas-v8"), OasRepairs.All);
        Assert.NotNull(loaded);
    }
}

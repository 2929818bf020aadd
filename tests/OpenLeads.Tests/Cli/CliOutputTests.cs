using System.Text.Json.Nodes;

namespace OpenLeads.Tests.Cli;

/// <summary>
/// What the tool writes: JSON with the server's characters as they came, tab-separated rows when
/// standard output is not a terminal (tables on one), and identical failures grouped into one row.
/// </summary>
public sealed class CliOutputTests : CliTest
{
    private const string Awkward = "A+B <C> & Zoë, 東京";

    [Fact]
    public async Task OutputJson_WritesTheServersCharacters_WithoutEscapes()
    {
        var insert = await Zoho.PostAsync("/crm/v2/Leads", new { data = new[] { new { Last_Name = Awkward, City = Awkward } } });
        var id = insert.Data[0]!["details"]!["id"]!.GetValue<string>();

        var get = await RunAsync(["records", "get", "Leads", id, "--output", "json", .. Connection]);
        var list = await RunAsync(["records", "list", "Leads", "--output", "json", .. Connection]);

        Assert.Contains($"\"City\": \"{Awkward}\"", get.Out);
        Assert.Contains($"\"Last_Name\": \"{Awkward}\"", list.Out);
        Assert.DoesNotContain("\\u", get.Out + list.Out);
        Assert.Equal(Awkward, JsonNode.Parse(list.Out)!["data"]![0]!["City"]!.GetValue<string>());
    }

    [Fact]
    public async Task Tables_WhenOutputIsRedirected_AreTabSeparatedRows_UnderAHeaderRow()
    {
        var seeded = await Zoho.SeedLeadsAsync(2);

        var fields = await RunAsync(["fields", "Leads", .. Connection]);
        var records = await RunAsync(["records", "list", "Leads", .. Connection]);

        Assert.Equal("api_name\tdata_type\tlength\tmass_update\tread_only", Lines(fields.Out)[0]);
        Assert.Contains("No_of_Employees\tinteger\t9\ttrue\tfalse", Lines(fields.Out));
        Assert.All(Lines(fields.Out), line => Assert.Equal(4, line.Count(c => c == '\t')));
        var rows = Lines(records.Out);
        // The record's name, then the first field of each kind in the module's field order (see RecordCommands).
        Assert.Equal("id\tFull_Name\tSalutation\tEmail\tPhone\tAnnual_Revenue", rows[0]);
        Assert.Equal(seeded.Order(), rows[1..3].Select(r => r.Split('\t')[0]).Order());
        Assert.All(rows[1..3], row => Assert.Equal(5, row.Count(c => c == '\t')));
        Assert.Equal("2 records.", rows[3]);
    }

    [Fact]
    public async Task Tables_OnATerminal_AreDrawn()
    {
        var run = await RunWithInputAsync("", terminal: true, ["fields", "Leads", .. Connection]);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("No_of_Employees", run.Out);
        Assert.Contains("│", run.Out);
        Assert.DoesNotContain("\t", run.Out);
    }

    [Fact]
    public async Task MassUpdate_GroupsIdenticalFailures_IntoOneRowEach_WithTheCountAndSomeIds()
    {
        var seeded = await Zoho.SeedLeadsAsync(2);
        await Zoho.SetStateAsync(seeded[1], "approved", "record_locking");
        var unknown = UnknownIds(700).ToArray();
        var file = WriteFile("ids.txt", [seeded[0], .. unknown[..300], seeded[1], .. unknown[300..]]);

        var run = await RunAsync(["mass-update", "Leads", "--set", "No_of_Employees=12", "--ids-file", file, .. Connection]);

        Assert.Equal(2, run.ExitCode);
        var lines = Lines(run.Out);
        Assert.Equal(4, lines.Length);
        Assert.Equal("records\tcode\tmessage\tdetails\tids", lines[0]);
        Assert.Equal($"700\tINVALID_DATA\tthe id given seems to be invalid\t\t{unknown[0]}, {unknown[1]}, {unknown[2]} and 697 more", lines[1]);
        Assert.Matches($"^1\tRECORD_LOCKED\t[^\t]+\t{{\"action\":\"record_locking\"}}\t{seeded[1]}$", lines[2]);
        Assert.Equal("1 of 702 records updated, 701 not (2 calls).", lines[3]);
    }
}

using OpenLeads.Server.Hosting;

namespace OpenLeads.Tests.Hosting;

/// <summary>
/// The settings tables of README.md and docs/DEPLOYMENT.md against the code's one list of settings
/// (<see cref="SettingsCatalogue"/>, which --help prints): a setting added, renamed or given another
/// default in the code fails here until the documents say so.
/// </summary>
public sealed class SettingsDocumentationTests
{
    private static readonly IReadOnlyList<Setting> Settings = [.. SettingsCatalogue.All, SettingsCatalogue.Urls];

    private static string[] TableRows(string document)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(directory.FullName, "OpenLeads.slnx"))) directory = directory.Parent ?? throw new FileNotFoundException("OpenLeads.slnx");
        return [.. File.ReadAllLines(Path.Combine(directory.FullName, document)).Where(l => l.StartsWith("| `", StringComparison.Ordinal))];
    }

    private static string DefaultCell(Setting setting) => setting.Default is null ? "(none)" : $"`{setting.DefaultText}`";

    [Fact]
    public void Readme_HasARowForEverySetting_WithTheCodesDefaultAndDescription()
    {
        var rows = TableRows("README.md");

        foreach (var setting in Settings)
        {
            var row = $"| `{setting.Key}` | {DefaultCell(setting)} | {setting.Description} |";
            Assert.True(rows.Contains(row), $"README.md's settings table needs this row (from the code):\n{row}");
        }
        var documented = rows.Select(r => r.Split('`')[1]).Where(k => k.StartsWith("OpenLeads:", StringComparison.Ordinal));
        Assert.Equal(SettingsCatalogue.All.Select(s => s.Key).Order(), documented.Order());
    }

    [Fact]
    public void TheCatalogue_ListsEverySectionOfTheSettings()
    {
        var sections = typeof(OpenLeadsSettings).GetProperties().Where(p => p.SetMethod is { IsPublic: true }).Select(p => p.Name);

        var listed = SettingsCatalogue.All.Select(s => s.Key.Split(':')[1]).Distinct();

        Assert.Equal(sections.Order(), listed.Order());
    }

    [Fact]
    public void Deployment_HasARowForEverySetting_WithTheCodesDefault()
    {
        var rows = TableRows("docs/DEPLOYMENT.md");

        foreach (var setting in SettingsCatalogue.All)
        {
            var start = $"| `{setting.Key}` | {DefaultCell(setting)} |";
            Assert.True(rows.Any(r => r.StartsWith(start, StringComparison.Ordinal)), $"docs/DEPLOYMENT.md's settings table needs a row starting:\n{start}");
        }
    }
}

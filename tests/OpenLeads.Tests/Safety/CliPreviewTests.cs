using OpenLeads.Server.Storage;
using OpenLeads.Tests.Cli;
using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.Safety;

/// <summary><c>openleads mass-update --preview</c>: what the update would do, per id or as a view's counts, and nothing changed.</summary>
public sealed class CliPreviewTests : CliTest
{
    [Fact]
    public async Task MassUpdate_Preview_ChangesNothing()
    {
        var seeded = await Zoho.SeedLeadsAsync(3);
        await Zoho.SetStateAsync(seeded[1], lockAction: "record_locking");
        var before = await DatabaseDigest.OfAsync(Server);

        var byIds = await RunAsync(["mass-update", "Leads", "--set", "City=Lagos", "--ids", string.Join(',', seeded), "--preview", .. Connection]);
        var byView = await RunAsync(["mass-update", "Leads", "--set", "City=Lagos", "--cvid", DemoOrganisation.AllLeadsView.ToString(), "--preview", .. Connection]);

        Assert.Equal((0, 0), (byIds.ExitCode, byView.ExitCode));
        Assert.Contains("Preview (nothing was changed): 2 would be updated, 1 would not.", byIds.Out);
        Assert.Contains("RECORD_LOCKED", byIds.Out);
        Assert.Contains($"Preview (nothing was changed): custom view {DemoOrganisation.AllLeadsView} has 3 records; 2 would be updated, 1 locked, " +
            "0 not approved, 0 in review, 0 converted.", byView.Out);
        Assert.Equal(before, await DatabaseDigest.OfAsync(Server));
    }
}

using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.Faults;

/// <summary>
/// Two server instances on one database (one PostgreSQL, or one SQLite file): a fault given to one is met by the other
/// from its next request, and its times are shared, never fired twice.
/// </summary>
public sealed class FaultInstancesTests : ServerTest
{
    [Fact]
    public async Task AFaultGivenToOneInstance_IsMetByTheOther_AndItsTimesAreCountedOnceAcrossBoth()
    {
        await using var second = new OpenLeadsServer(new Dictionary<string, string?>
        {
            ["OpenLeads:Storage:ConnectionString"] = Server.PostgresConnectionString ?? $"Data Source={Server.DatabasePath}",
        });
        using var other = second.Zoho();
        Assert.Equal(204, (await other.GetAsync("/crm/v2/Leads")).Code); // the second instance has read the faults (none) already

        var added = await Zoho.PostAsync("/__admin/faults", new { path = "/crm/v2/Leads", error = new { code = "INTERNAL_ERROR" }, times = 3 });
        Assert.Equal(201, added.Code);

        Assert.Equal(500, (await other.GetAsync("/crm/v2/Leads")).Code);
        var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => (i % 2 == 0 ? Zoho : other).GetAsync("/crm/v2/Leads")));

        Assert.Equal(2, answers.Count(a => a.Code == 500));
        Assert.Equal(10, answers.Count(a => a.Code == 204));
        var listed = Assert.Single((await other.GetAsync("/__admin/faults")).Body!["faults"]!.AsArray())!;
        Assert.Equal(0, listed["remaining"]!.GetValue<int>());
    }
}

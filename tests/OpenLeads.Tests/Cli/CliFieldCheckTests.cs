using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.Cli;

/// <summary>
/// <c>mass-update --set</c> is checked against the module's field metadata before anything is sent;
/// without the scope to read it, the first call's refusal of the whole request stops the rest.
/// </summary>
public sealed class CliFieldCheckTests : CliTest
{
    private const int ManyIds = 3000;

    private RequestCounter MassUpdates() => new(Server, "POST", "/actions/mass_update");

    [Theory]
    [InlineData("No_of_Employes=5", "--set: Leads has no field 'No_of_Employes'; the nearest is 'No_of_Employees'.")]
    [InlineData("no_of_employees=5", "--set: Leads has no field 'no_of_employees'; the nearest is 'No_of_Employees'.")]
    [InlineData("Email=\"a@example.com\"", "--set: the field 'Email' of Leads cannot be mass updated.")]
    [InlineData("Rating=Hot", "--set: 'Hot' is not a value of the picklist 'Rating' of Leads; allowed: -None-, Acquired, Active, Market Failed, Project Cancelled, ShutDown.")]
    [InlineData("Products_of_Interest=[\"CRM\",\"Mail\"]", "--set: 'Mail' is not a value of the picklist 'Products_of_Interest' of Leads; allowed: Analytics, Books, Campaigns, CRM, Desk, Projects, Social.")]
    public async Task MassUpdate_WithASetTheFieldsRuleOut_IsOneErrorAndExit1_WithNothingSent(string set, string message)
    {
        var file = WriteFile("ids.txt", UnknownIds(ManyIds));
        using var sent = MassUpdates();

        var run = await RunAsync(["mass-update", "Leads", "--set", set, "--ids-file", file, .. Connection]);

        Assert.Equal((1, ""), (run.ExitCode, run.Out));
        Assert.Equal([$"openleads: {message}"], Lines(run.Error));
        await Task.Delay(200);
        Assert.Equal(0, sent.Count);
    }

    [Fact]
    public async Task MassUpdate_OfAPicklistValueItLists_IsSent()
    {
        var id = (await Zoho.SeedLeadsAsync(1))[0];

        var run = await RunAsync(["mass-update", "Leads", "--set", "Rating=Active", "--ids", id, .. Connection]);

        Assert.Equal((0, ""), (run.ExitCode, run.Error));
        Assert.Equal("Active", (await Zoho.GetLeadAsync(id))["Rating"]!.GetValue<string>());
    }

    [Fact]
    public async Task MassUpdate_WhenTheFieldsCannotBeRead_SaysSoOnce_AndAFirstCallRefusedAsAWhole_StopsTheRest()
    {
        var token = await Zoho.MintTokenAsync(["ZohoCRM.mass_update.ALL"]);
        var file = WriteFile("ids.txt", UnknownIds(ManyIds));
        using var sent = MassUpdates();

        var run = await RunAsync(["mass-update", "Leads", "--set", "No_of_Employes=5", "--ids-file", file, .. WithToken(token)]);

        Assert.Equal((1, ""), (run.ExitCode, run.Out));
        Assert.Equal(
        [
            "openleads: --set is not checked against the fields of Leads: the call needs scope ZohoCRM.settings.fields.READ, "
                + "which the token lacks (ZohoCRM.settings.ALL covers it); sending it unchecked.",
            "openleads: the server refused the mass update as a whole: INVALID_DATA This field cannot be updated in the Mass Update "
                + "{\"api_name\":\"No_of_Employes\"}; no record was updated; the other 2,500 ids were not sent.",
        ], Lines(run.Error));
        await Task.Delay(200);
        Assert.Equal(1, sent.Count);
    }
}

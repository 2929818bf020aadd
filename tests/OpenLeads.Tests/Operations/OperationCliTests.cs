using OpenLeads.Tests.Cli;
using OpenLeads.Tests.Jobs;
using static OpenLeads.Tests.Operations.OperationCalls;

namespace OpenLeads.Tests.Operations;

/// <summary><c>openleads undo OPERATION_ID --wait</c> and <c>openleads operation records OPERATION_ID</c>, through the client library.</summary>
public sealed class OperationCliTests : CliTest
{
    [Fact]
    public async Task UndoWait_RestoresTheRecords_AndOperationRecords_ListsThemWithTheirCodes()
    {
        var ids = await Zoho.InsertLeadsAsync(3);
        await Zoho.SetStateAsync(ids[2], approval: "pending");
        var operation = (await Zoho.MassUpdateAsync(new { data = new[] { new { No_of_Employees = 42 } }, ids })).OperationId();

        var records = await RunAsync(["operation", "records", operation, .. Connection]);
        var undo = await RunAsync(["undo", operation, "--wait", .. Connection]);
        var again = await RunAsync(["undo", operation, .. Connection]);

        Assert.Equal(0, records.ExitCode);
        Assert.Equal(["id\toutcome\tcode", $"{ids[0]}\tupdated\tSUCCESS", $"{ids[1]}\tupdated\tSUCCESS", $"{ids[2]}\tnot_updated\tNOT_APPROVED",
            "3 records: 2 updated, 1 not updated, 0 failed."], Lines(records.Out));
        Assert.Equal(0, undo.ExitCode);
        Assert.Matches(@"^Job \d+: COMPLETED, 2 of 2 updated, 0 not updated, 0 failed\.$", undo.Out.Trim());
        Assert.Equal(["10", "10"], await Zoho.ValuesAsync("No_of_Employees", ids[0], ids[1]));
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("already undone", again.Error);
    }
}

using System.CommandLine;
using System.Text.Json.Nodes;
using OpenLeads.Client;

namespace OpenLeads.Cli;

/// <summary>
/// OpenLeads' operations: <c>undo OPERATION_ID [--wait]</c> (the id a mass update answered in X-OpenLeads-Operation-Id, or a
/// job's id) and <c>operation records OPERATION_ID [--outcome …]</c>, the records it touched or left alone and why.
/// </summary>
internal static class OperationCommands
{
    private static readonly string[] RecordColumns = ["id", "outcome", "code"];

    public static Command Undo(CliEnvironment environment)
    {
        var operationId = new Argument<string>("operation-id") { Description = "The operation: a mass update's X-OpenLeads-Operation-Id, or a job id" };
        var wait = new Option<bool>("--wait") { Description = "Follow the undo job until it completes" };
        var command = new Command("undo", "Undo a mass update (OpenLeads only): restores each record it changed that has not changed since") { operationId, wait };
        command.SetAction((parse, ct) => CliApp.GuardAsync(parse, environment, async () =>
        {
            using var client = CliApp.Connect(parse, environment);
            var json = InfoCommands.IsJson(parse);
            var undo = await client.UndoOperationAsync(parse.GetValue(operationId)!, ct);
            if (!parse.GetValue(wait))
            {
                if (json) Report.Json(environment, new JsonObject { ["job_id"] = undo.JobId, ["module"] = undo.Module });
                else Report.Line(environment, $"Scheduled undo job {undo.JobId} ({undo.Module}).");
                return CliApp.Success;
            }
            var job = await client.WaitForMassUpdateJobAsync(undo.Module, undo.JobId, cancellationToken: ct);
            Report.Job(environment, undo.JobId, job, json);
            return job.Status == "COMPLETED" && job.NotUpdatedCount + job.FailedCount == 0 ? CliApp.Success
                : job.Status == "COMPLETED" ? CliApp.SomeRecordsFailed : CliApp.Failure;
        }));
        return command;
    }

    public static Command Operation(CliEnvironment environment)
    {
        var operationId = new Argument<string>("operation-id") { Description = "The operation: a mass update's X-OpenLeads-Operation-Id, or a job id" };
        var outcome = new Option<string?>("--outcome") { Description = "Only records updated, not_updated or failed" };
        outcome.AcceptOnlyFromAmong("updated", "not_updated", "failed");
        var records = new Command("records", "The records an operation touched or left alone, with each one's outcome code (every page)") { operationId, outcome };
        records.SetAction((parse, ct) => CliApp.GuardAsync(parse, environment, async () =>
        {
            using var client = CliApp.Connect(parse, environment);
            var all = new List<OperationRecord>();
            for (var page = 1; ; page++)
            {
                var answer = await client.GetOperationRecordsAsync(parse.GetValue(operationId)!, parse.GetValue(outcome), page, 200, ct);
                all.AddRange(answer.Records);
                if (!answer.MoreRecords) break;
            }
            if (InfoCommands.IsJson(parse))
            {
                Report.Json(environment, new JsonObject
                {
                    ["data"] = new JsonArray([.. all.Select(r => (JsonNode)new JsonObject { ["id"] = r.Id, ["outcome"] = r.Outcome, ["code"] = r.Code })]),
                });
                return CliApp.Success;
            }
            Report.Table(environment, RecordColumns, all.Select(r => new[] { r.Id, r.Outcome, r.Code }));
            Report.Line(environment, $"{all.Count:N0} records: {all.Count(r => r.Outcome == "updated"):N0} updated, " +
                $"{all.Count(r => r.Outcome == "not_updated"):N0} not updated, {all.Count(r => r.Outcome == "failed"):N0} failed.");
            return CliApp.Success;
        }));
        return new Command("operation", "Mass updates as operations (OpenLeads only)") { records };
    }
}

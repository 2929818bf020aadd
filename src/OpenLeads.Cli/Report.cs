using System.Text.Json.Nodes;
using OpenLeads.Client;
using Spectre.Console;

namespace OpenLeads.Cli;

/// <summary>What the tool prints: readable tables with a summary line, or Zoho's JSON for <c>--output json</c>.</summary>
internal static class Report
{
    /// <summary>Up to this many outcomes are listed; beyond it, only the records that were not updated.</summary>
    public const int ListAllUpTo = 100;

    public static void Outcomes(IAnsiConsole console, MassUpdateResult result, bool json, string verb = "updated")
    {
        if (json)
        {
            Json(console, new JsonObject { ["data"] = new JsonArray([.. result.Responses.SelectMany(r => r["data"] as JsonArray ?? []).Select(e => e?.DeepClone())]) });
            return;
        }
        var shown = result.Outcomes.Count <= ListAllUpTo ? result.Outcomes : [.. result.Outcomes.Where(o => !o.Succeeded)];
        if (shown.Count > 0)
        {
            var table = new Table().AddColumns("id", "code", "message", "details");
            foreach (var o in shown) table.AddRow(Markup.Escape(o.Id), Markup.Escape(o.Code), Markup.Escape(o.Message), Markup.Escape(Details(o)));
            console.Write(table);
        }
        var calls = result.Calls switch { 0 => "", 1 => " (1 call)", _ => $" ({result.Calls} calls)" };
        Line(console, $"{result.Succeeded:N0} of {result.Outcomes.Count:N0} records {verb}, {result.Failed:N0} not{calls}.");
    }

    public static void Outcome(IAnsiConsole console, RecordOutcome outcome, bool json)
    {
        if (json)
        {
            Json(console, new JsonObject { ["code"] = outcome.Code, ["details"] = outcome.Details.DeepClone(), ["message"] = outcome.Message, ["status"] = outcome.Status });
            return;
        }
        Line(console, $"{outcome.Code}: {outcome.Message} {Details(outcome)}");
    }

    public static void Job(IAnsiConsole console, string jobId, MassUpdateJob job, bool json)
    {
        if (json)
        {
            Json(console, new JsonObject
            {
                ["job_id"] = jobId, ["Status"] = job.Status, ["Updated_Count"] = job.UpdatedCount, ["Not_Updated_Count"] = job.NotUpdatedCount,
                ["Failed_Count"] = job.FailedCount, ["Total_Count"] = job.TotalCount,
            });
            return;
        }
        Line(console, $"Job {jobId}: {job.Status}, {job.UpdatedCount:N0} of {job.TotalCount:N0} updated, {job.NotUpdatedCount:N0} not updated, {job.FailedCount:N0} failed.");
    }

    /// <summary>A line of plain text, unwrapped whatever the terminal's width (summaries are read by scripts too).</summary>
    public static void Line(IAnsiConsole console, string text) => console.Profile.Out.Writer.WriteLine(text);

    /// <summary>JSON as it is, straight to standard output (no wrapping, no markup).</summary>
    public static void Json(IAnsiConsole console, JsonNode? node) =>
        console.Profile.Out.Writer.WriteLine(node?.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) ?? "null");

    private static string Details(RecordOutcome o) => o.Succeeded || o.Details.Count == 0 ? "" : o.Details.ToJsonString();
}

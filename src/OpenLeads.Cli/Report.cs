using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenLeads.Client;
using Spectre.Console;

namespace OpenLeads.Cli;

/// <summary>
/// What the tool prints: tables with a summary line (tab-separated rows when standard output is not a
/// terminal, so nothing wraps), or Zoho's JSON for <c>--output json</c>.
/// </summary>
internal static class Report
{
    /// <summary>Up to this many outcomes, the updated records are listed too; beyond it, only those that were not.</summary>
    public const int ListAllUpTo = 100;

    /// <summary>A group lists up to this many ids in full; a larger one, its first few.</summary>
    private const int ExampleIds = 3;

    // The server's characters as they came: no \u002B for '+', no escapes for '<', '&' or accents.
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonSerializerOptions OneLine = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// One row per distinct outcome (code, message, and details without the record's own id), with how
    /// many records had it and some of their ids: three thousand identical refusals are one row.
    /// </summary>
    public static void Outcomes(CliEnvironment environment, MassUpdateResult result, bool json, string verb = "updated")
    {
        if (json)
        {
            Json(environment, new JsonObject { ["data"] = new JsonArray([.. result.Responses.SelectMany(r => r["data"] as JsonArray ?? []).Select(e => e?.DeepClone())]) });
            return;
        }
        var shown = result.Outcomes.Count <= ListAllUpTo ? result.Outcomes : [.. result.Outcomes.Where(o => !o.Succeeded)];
        var groups = shown.GroupBy(o => (o.Code, o.Message, Details: o.Succeeded ? "" : OtherDetails(o))).ToList();
        if (groups.Count > 0)
        {
            Table(environment, ["records", "code", "message", "details", "ids"],
                groups.Select(g => new[] { g.Count().ToString("N0"), g.Key.Code, g.Key.Message, g.Key.Details, Examples([.. g.Select(o => o.Id)]) }));
        }
        var calls = result.Calls switch { 0 => "", 1 => " (1 call)", _ => $" ({result.Calls} calls)" };
        Line(environment, $"{result.Succeeded:N0} of {result.Outcomes.Count:N0} records {verb}, {result.Failed:N0} not{calls}.");
    }

    public static void Outcome(CliEnvironment environment, RecordOutcome outcome, bool json)
    {
        if (json)
        {
            Json(environment, new JsonObject { ["code"] = outcome.Code, ["details"] = outcome.Details.DeepClone(), ["message"] = outcome.Message, ["status"] = outcome.Status });
            return;
        }
        Line(environment, $"{outcome.Code}: {outcome.Message} {(outcome.Details.Count == 0 ? "" : Compact(outcome.Details))}".TrimEnd());
    }

    public static void Job(CliEnvironment environment, string jobId, MassUpdateJob job, bool json)
    {
        if (json)
        {
            Json(environment, new JsonObject
            {
                ["job_id"] = jobId, ["Status"] = job.Status, ["Updated_Count"] = job.UpdatedCount, ["Not_Updated_Count"] = job.NotUpdatedCount,
                ["Failed_Count"] = job.FailedCount, ["Total_Count"] = job.TotalCount,
            });
            return;
        }
        Line(environment, $"Job {jobId}: {job.Status}, {job.UpdatedCount:N0} of {job.TotalCount:N0} updated, {job.NotUpdatedCount:N0} not updated, {job.FailedCount:N0} failed.");
    }

    /// <summary>
    /// A table on a terminal; otherwise tab-separated rows under a header row, one line each whatever
    /// their length (a tab, newline or backslash inside a value is written <c>\t</c>, <c>\n</c>, <c>\\</c>).
    /// </summary>
    public static void Table(CliEnvironment environment, IReadOnlyList<string> columns, IEnumerable<IReadOnlyList<string>> rows)
    {
        if (environment.Terminal)
        {
            var table = new Table().AddColumns([.. columns.Select(c => new TableColumn(Markup.Escape(c)))]);
            foreach (var row in rows) table.AddRow([.. row.Select(Markup.Escape)]);
            environment.Out.Write(table);
            return;
        }
        var writer = environment.Out.Profile.Out.Writer;
        writer.WriteLine(string.Join('\t', columns.Select(Tsv)));
        foreach (var row in rows) writer.WriteLine(string.Join('\t', row.Select(Tsv)));
    }

    /// <summary>A line of plain text, unwrapped whatever the terminal's width (summaries are read by scripts too).</summary>
    public static void Line(CliEnvironment environment, string text) => environment.Out.Profile.Out.Writer.WriteLine(text);

    /// <summary>JSON straight to standard output (no wrapping, no markup), its characters unescaped as the server sent them.</summary>
    public static void Json(CliEnvironment environment, JsonNode? node) =>
        environment.Out.Profile.Out.Writer.WriteLine(node?.ToJsonString(Indented) ?? "null");

    /// <summary>JSON on one line, characters unescaped, for sentences and table cells.</summary>
    public static string Compact(JsonNode? node) => node?.ToJsonString(OneLine) ?? "null";

    /// <summary>A value of a field as a table shows it: text as it is, a lookup or user by its name, anything else as JSON.</summary>
    public static string Cell(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var text) ? text
        : node is JsonObject o && o["name"] is JsonValue n && n.TryGetValue<string>(out var name) ? name
        : node is null ? "" : Compact(node);

    /// <summary>The details but the record's own id (which the ids column shows), as JSON; empty when nothing is left.</summary>
    private static string OtherDetails(RecordOutcome o)
    {
        var details = (JsonObject)o.Details.DeepClone();
        if (details["id"] is JsonValue id && id.ToString() == o.Id) details.Remove("id");
        return details.Count == 0 ? "" : Compact(details);
    }

    private static string Examples(IReadOnlyList<string> ids) =>
        ids.Count <= ExampleIds + 1 ? string.Join(", ", ids) : $"{string.Join(", ", ids.Take(ExampleIds))} and {ids.Count - ExampleIds:N0} more";

    private static string Tsv(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal);
}

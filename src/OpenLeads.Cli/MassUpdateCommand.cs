using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenLeads.Client;
using Spectre.Console;

namespace OpenLeads.Cli;

/// <summary>
/// <c>openleads mass-update MODULE --set Field=Value [--set …]</c> with <c>--ids</c>, <c>--ids-file</c> or
/// <c>--cvid</c>: ids go 500 per call with a progress bar; a custom view schedules a job, which
/// <c>--wait</c> follows to its end. Every <c>--set</c> goes in the one update (as many as the module
/// takes: Zoho's Deals three, other modules one; the server refuses more).
/// </summary>
internal static class MassUpdateCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var module = ModuleCheck.Argument();
        var set = new Option<string[]>("--set")
        {
            Description = "Field=Value; the value is read as JSON when it is JSON (1000, true, null, \"0123\", {\"id\":\"…\"}), else as text. " +
                "Repeat it to set several fields in one update, as many as the module takes (Deals: three)",
            Required = true,
        };
        var ids = new Option<string?>("--ids") { Description = "Record ids, comma-separated" };
        var idsFile = new Option<string?>("--ids-file") { Description = "A file of ids: one a line, or a CSV with an id column; - reads stdin" };
        var cvid = new Option<string?>("--cvid") { Description = "A custom view: schedules a mass update job over its records" };
        var territory = new Option<string?>("--territory") { Description = "With --cvid: only the records of this territory" };
        var includeChild = new Option<bool>("--include-child") { Description = "With --territory: its child territories too" };
        var overWrite = new Option<bool>("--over-write") { Description = "Multi-select picklists: replace the values instead of adding to them" };
        var wait = new Option<bool>("--wait") { Description = "With --cvid: follow the job until it completes (its progress stream, else polling)" };
        var preview = new Option<bool>("--preview")
        {
            Description = "Show what the mass update would answer (per id; for --cvid the counts the job would reach) and change nothing (OpenLeads only)",
        };
        var command = new Command("mass-update", "Set a field (or a few) on many records of a module") { module, set, ids, idsFile, cvid, territory, includeChild, overWrite, wait, preview };
        command.SetAction((parse, ct) => CliApp.GuardAsync(parse, environment, async () =>
        {
            var values = Assignments(parse.GetValue(set)!);
            var sources = new[] { parse.GetValue(ids), parse.GetValue(idsFile), parse.GetValue(cvid) }.Count(s => s is not null);
            if (sources != 1) throw new CliUsageException("give exactly one of --ids, --ids-file or --cvid.");
            if (parse.GetValue(territory) is not null && parse.GetValue(cvid) is null) throw new CliUsageException("--territory needs --cvid.");
            bool? over = parse.GetValue(overWrite) ? true : null;
            var json = parse.GetValue(CliApp.Output) == "json";
            var recordIds = parse.GetValue(cvid) is not null ? null
                : parse.GetValue(ids) is { } list ? Ids.FromList(list) : Ids.FromFile(parse.GetValue(idsFile)!, environment.In);
            using var client = CliApp.Connect(parse, environment);
            var name = await ModuleCheck.ResolveAsync(client, parse.GetValue(module)!, ct);
            await CheckAsync(client, environment, name, values, ct);
            if (parse.GetValue(preview))
            {
                return await PreviewAsync(client, environment, name, values, recordIds, parse.GetValue(cvid), parse.GetValue(territory),
                    parse.GetValue(includeChild), over, json, ct);
            }
            if (recordIds is null)
            {
                return await ScheduleAsync(client, environment, name, values, parse.GetValue(cvid)!, parse.GetValue(territory),
                    parse.GetValue(includeChild), over, parse.GetValue(wait), json, ct);
            }
            return await UpdateAsync(client, environment, name, values, recordIds, over, json, ct);
        }));
        return command;
    }

    /// <summary>
    /// Checks <c>--set</c> against the module's fields; when the token may not read them, says so once
    /// and goes on (the server still refuses a bad field, and the first call's refusal stops the rest).
    /// </summary>
    private static async Task CheckAsync(ZohoCrmClient client, CliEnvironment environment, string module,
        IReadOnlyDictionary<string, JsonNode?> values, CancellationToken ct)
    {
        JsonArray fields;
        try
        {
            fields = await client.GetFieldsAsync(module, ct);
        }
        catch (ZohoApiException e) when (e.Code == "OAUTH_SCOPE_MISMATCH")
        {
            var why = Refusals.MissingScope(e) is { } scope ? Refusals.ScopeAdvice(scope) : "the token may not read them";
            await environment.Error.WriteLineAsync($"openleads: --set is not checked against the fields of {module}: {why}; sending it unchecked.");
            return;
        }
        if (fields.Count == 0) return;
        foreach (var (field, value) in values)
        {
            if (FieldCheck.Problem(fields, module, field, value) is { } problem) throw new CliUsageException(problem);
        }
    }

    /// <summary>
    /// 500 ids per call. A first call refused as a whole (one entry for all its ids, e.g. a field the
    /// server will not mass update) would be refused again by every later call: they are not sent.
    /// </summary>
    private static async Task<int> UpdateAsync(ZohoCrmClient client, CliEnvironment environment, string module,
        IReadOnlyDictionary<string, JsonNode?> values, string[] recordIds, bool? over, bool json, CancellationToken ct)
    {
        var first = recordIds[..Math.Min(recordIds.Length, ZohoCrmClient.MaxIdsPerMassUpdate)];
        var rest = recordIds[first.Length..];
        var result = await WithProgressAsync(environment, recordIds.Length, "Updating", async progress =>
        {
            var head = await client.MassUpdateAsync(module, values, first, over, progress, ct);
            if (rest.Length == 0 || RefusedAsAWhole(head, first.Length)) return head;
            var tail = await client.MassUpdateAsync(module, values, rest, over,
                progress is null ? null : new SyncProgress(done => progress.Report(first.Length + done)), ct);
            return new MassUpdateResult([.. head.Outcomes, .. tail.Outcomes], head.Calls + tail.Calls, [.. head.Responses, .. tail.Responses]);
        });
        if (first.Length > 1 && RefusedAsAWhole(result, first.Length))
        {
            var refusal = result.Outcomes[0];
            var details = refusal.Details.Count == 0 ? "" : $" {Report.Compact(refusal.Details)}";
            var unsent = rest.Length == 0 ? "" : $"; the other {rest.Length:N0} ids were not sent";
            if (json) Report.Outcomes(environment, result, json);
            await environment.Error.WriteLineAsync(
                $"openleads: the server refused the mass update as a whole: {refusal.Code} {refusal.Message}{details}; no record was updated{unsent}.");
            return CliApp.Failure;
        }
        Report.Outcomes(environment, result, json);
        return result.Failed == 0 ? CliApp.Success : CliApp.SomeRecordsFailed;
    }

    /// <summary><c>--preview</c>: what the server would answer, said to be a preview; nothing is changed.</summary>
    private static async Task<int> PreviewAsync(ZohoCrmClient client, CliEnvironment environment, string module, IReadOnlyDictionary<string, JsonNode?> values,
        string[]? recordIds, string? cvid, string? territory, bool includeChild, bool? over, bool json, CancellationToken ct)
    {
        if (recordIds is not null)
        {
            var result = await client.PreviewMassUpdateAsync(module, values, recordIds, over, cancellationToken: ct);
            if (!json) Report.Line(environment, $"Preview (nothing was changed): {result.Succeeded:N0} would be updated, {result.Failed:N0} would not.");
            Report.Outcomes(environment, result, json);
            return CliApp.Success;
        }
        var preview = await client.PreviewScheduledMassUpdateAsync(module, values, cvid!, territory, includeChild, over, ct);
        if (preview.Refusal is { } refusal)
        {
            Report.Outcome(environment, refusal, json);
            return CliApp.Failure;
        }
        if (json)
        {
            Report.Json(environment, preview.Answer);
            return CliApp.Success;
        }
        var a = preview.Answer;
        Report.Line(environment, $"Preview (nothing was changed): custom view {cvid} has {a["Total_Count"]} records; {a["Updated_Count"]} would be updated, " +
            $"{a["Locked_Count"]} locked, {a["Not_Approved_Count"]} not approved, {a["In_Review_Count"]} in review, {a["Converted_Count"]} converted.");
        return CliApp.Success;
    }

    private static bool RefusedAsAWhole(MassUpdateResult result, int firstCallIds) =>
        firstCallIds > 1 && result.Responses.Count > 0 && result.Responses[0]["data"] is JsonArray { Count: 1 } && !result.Outcomes[0].Succeeded;

    /// <summary>Every <c>--set</c>, in the order given; a field given twice is refused.</summary>
    internal static Dictionary<string, JsonNode?> Assignments(IEnumerable<string> texts)
    {
        var values = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var text in texts)
        {
            var (field, value) = Assignment(text);
            if (!values.TryAdd(field, value)) throw new CliUsageException($"--set: the field '{field}' is given twice.");
        }
        return values.Count > 0 ? values : throw new CliUsageException("--set: give at least one Field=Value.");
    }

    /// <summary><c>Field=Value</c>: the value as JSON when it parses as JSON, otherwise as text.</summary>
    internal static (string Field, JsonNode? Value) Assignment(string text)
    {
        var at = text.IndexOf('=', StringComparison.Ordinal);
        var field = at > 0 ? text[..at].Trim() : "";
        if (field.Length == 0 || !field.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            throw new CliUsageException($"--set '{text}' is not Field=Value (a field's API name, '=', then the value).");
        }
        var value = text[(at + 1)..];
        try
        {
            return (field, JsonNode.Parse(value));
        }
        catch (JsonException)
        {
            return (field, JsonValue.Create(value));
        }
    }

    private static async Task<int> ScheduleAsync(ZohoCrmClient client, CliEnvironment environment, string module,
        IReadOnlyDictionary<string, JsonNode?> values, string cvid, string? territory, bool includeChild, bool? overWrite, bool wait, bool json, CancellationToken ct)
    {
        var scheduled = await client.ScheduleMassUpdateAsync(module, values, cvid, territory, includeChild, overWrite, ct);
        if (scheduled.JobId is null)
        {
            Report.Outcome(environment, scheduled.Outcome, json);
            return CliApp.Failure;
        }
        if (!json) Report.Line(environment, $"Scheduled job {scheduled.JobId} over custom view {cvid}.");
        if (!wait)
        {
            if (json) Report.Json(environment, new JsonObject { ["job_id"] = scheduled.JobId });
            return CliApp.Success;
        }
        MassUpdateJob? job = null;
        if (!environment.Terminal)
        {
            job = await client.WaitForMassUpdateJobAsync(module, scheduled.JobId, cancellationToken: ct);
        }
        else
        {
            await environment.Out.Progress().AutoClear(false).StartAsync(async context =>
            {
                var task = context.AddTask("Job", maxValue: 1);
                job = await client.WaitForMassUpdateJobAsync(module, scheduled.JobId, new Progress<MassUpdateJob>(j =>
                {
                    task.MaxValue = Math.Max(1, j.TotalCount);
                    task.Value = j.UpdatedCount + j.NotUpdatedCount + j.FailedCount;
                    task.Description = $"Job {j.Status}";
                }), cancellationToken: ct);
                task.Value = task.MaxValue;
            });
        }
        Report.Job(environment, scheduled.JobId, job!, json);
        return job!.Status == "COMPLETED" && job.NotUpdatedCount + job.FailedCount == 0 ? CliApp.Success
            : job.Status == "COMPLETED" ? CliApp.SomeRecordsFailed : CliApp.Failure;
    }

    /// <summary>Runs <paramref name="work"/> under a live progress bar when it spans several calls and the output is a terminal.</summary>
    private static async Task<T> WithProgressAsync<T>(CliEnvironment environment, int total, string label, Func<IProgress<int>?, Task<T>> work)
    {
        if (total <= ZohoCrmClient.MaxIdsPerMassUpdate || !environment.Terminal) return await work(null);
        T result = default!;
        await environment.Out.Progress().AutoClear(false).StartAsync(async context =>
        {
            var task = context.AddTask($"{label} {total:N0} records", maxValue: total);
            result = await work(new SyncProgress(done => task.Value = done));
        });
        return result;
    }

    private sealed class SyncProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}

using System.CommandLine;
using System.Text.Json.Nodes;
using OpenLeads.Client;

namespace OpenLeads.Cli;

/// <summary><c>job status</c>, <c>fields</c>, <c>records list|get|insert|delete</c> and <c>login</c>.</summary>
internal static class InfoCommands
{
    private static readonly string[] FieldColumns = ["api_name", "data_type", "length", "mass_update", "read_only"];
    private static readonly string[] RecordColumns = ["id", "Last_Name", "Company", "Email", "Lead_Status"];

    /// <summary>The module login lists one record of: every Zoho CRM organisation has Leads.</summary>
    private const string CheckModule = "Leads";

    private static Argument<string> Module() => new("module") { Description = "The module, e.g. Leads" };

    private static bool IsJson(ParseResult parse) => parse.GetValue(CliApp.Output) == "json";

    public static Command Job(CliEnvironment environment)
    {
        var module = Module();
        var jobId = new Argument<string>("job-id") { Description = "The job id the mass update answered" };
        var status = new Command("status", "A mass update job's status and counts") { module, jobId };
        status.SetAction((parse, ct) => CliApp.GuardAsync(parse, environment, async () =>
        {
            using var client = CliApp.Connect(parse, environment);
            var job = await client.GetMassUpdateJobAsync(parse.GetValue(module)!, parse.GetValue(jobId)!, ct);
            Report.Job(environment, parse.GetValue(jobId)!, job, IsJson(parse));
            return CliApp.Success;
        }));
        return new Command("job", "Scheduled mass update jobs") { status };
    }

    public static Command Fields(CliEnvironment environment)
    {
        var module = Module();
        var command = new Command("fields", "A module's fields: API name, type, length, whether mass-updatable") { module };
        command.SetAction((parse, ct) => CliApp.GuardAsync(parse, environment, async () =>
        {
            using var client = CliApp.Connect(parse, environment);
            var fields = await client.GetFieldsAsync(parse.GetValue(module)!, ct);
            if (IsJson(parse))
            {
                Report.Json(environment, new JsonObject { ["fields"] = fields.DeepClone() });
                return CliApp.Success;
            }
            Report.Table(environment, FieldColumns, fields.OfType<JsonObject>().Select(f => FieldColumns.Select(k => Report.Cell(f[k])).ToArray()));
            return CliApp.Success;
        }));
        return command;
    }

    public static Command Records(CliEnvironment environment)
    {
        var listModule = Module();
        var cvid = new Option<string?>("--cvid") { Description = "Only the records of this custom view" };
        var list = new Command("list", "Every record (all pages)") { listModule, cvid };
        list.SetAction((parse, ct) => CliApp.GuardAsync(parse, environment, async () =>
        {
            using var client = CliApp.Connect(parse, environment);
            var records = new JsonArray();
            await foreach (var record in client.ListRecordsAsync(parse.GetValue(listModule)!, parse.GetValue(cvid), cancellationToken: ct)) records.Add(record);
            if (IsJson(parse)) Report.Json(environment, new JsonObject { ["data"] = records });
            else RecordTable(environment, records);
            return CliApp.Success;
        }));

        var getModule = Module();
        var id = new Argument<string>("id") { Description = "The record id" };
        var get = new Command("get", "One record") { getModule, id };
        get.SetAction((parse, ct) => CliApp.GuardAsync(parse, environment, async () =>
        {
            using var client = CliApp.Connect(parse, environment);
            var record = await client.GetRecordAsync(parse.GetValue(getModule)!, Ids.FromList(parse.GetValue(id)!)[0], ct);
            if (record is null)
            {
                await environment.Error.WriteLineAsync($"openleads: no record {parse.GetValue(id)}.");
                return CliApp.Failure;
            }
            Report.Json(environment, record);
            return CliApp.Success;
        }));

        var insertModule = Module();
        var file = new Option<string>("--file") { Description = "A JSON file: an array of records, or Zoho's {\"data\":[…]}; - reads stdin", Required = true };
        var insert = new Command("insert", "Insert records from a JSON file") { insertModule, file };
        insert.SetAction((parse, ct) => CliApp.GuardAsync(parse, environment, async () =>
        {
            var records = ReadRecords(parse.GetValue(file)!, environment.In);
            using var client = CliApp.Connect(parse, environment);
            var outcomes = await client.InsertRecordsAsync(parse.GetValue(insertModule)!, records, ct);
            return Outcomes(environment, outcomes, IsJson(parse), "inserted");
        }));

        var deleteModule = Module();
        var ids = new Option<string>("--ids") { Description = "Record ids, comma-separated", Required = true };
        var delete = new Command("delete", "Delete records") { deleteModule, ids };
        delete.SetAction((parse, ct) => CliApp.GuardAsync(parse, environment, async () =>
        {
            var recordIds = Ids.FromList(parse.GetValue(ids)!);
            using var client = CliApp.Connect(parse, environment);
            var outcomes = await client.DeleteRecordsAsync(parse.GetValue(deleteModule)!, recordIds, ct);
            return Outcomes(environment, outcomes, IsJson(parse), "deleted");
        }));
        return new Command("records", "List, get, insert and delete records") { list, get, insert, delete };
    }

    public static Command Login(CliEnvironment environment)
    {
        var clientId = new Option<string>("--client-id") { Description = "OAuth client id", Required = true };
        var clientSecret = new Option<string>("--client-secret") { Description = "OAuth client secret", Required = true };
        var refreshToken = new Option<string?>("--refresh-token") { Description = "OAuth refresh token (without one: a self client's client_credentials grant)" };
        var login = new Command("login", "Check OAuth credentials and keep them for later commands (readable only by you)") { clientId, clientSecret, refreshToken };
        login.SetAction((parse, ct) => CliApp.GuardAsync(parse, environment, async () =>
        {
            var saved = new SavedLogin
            {
                ApiDomain = parse.GetValue(CliApp.ApiDomain) ?? environment.Variable("OPENLEADS_API_DOMAIN"),
                AccountsUrl = parse.GetValue(CliApp.AccountsUrl),
                DataCenter = parse.GetValue(CliApp.DataCenter)?.ToString(),
                ClientId = parse.GetValue(clientId),
                ClientSecret = parse.GetValue(clientSecret),
                RefreshToken = parse.GetValue(refreshToken),
            };
            // Only credentials that work are kept: a token from the accounts server, then one call with it.
            string? warning = null;
            using (var client = new ZohoCrmClient(CliApp.Options(null, null, null, null, saved)))
            {
                try
                {
                    await foreach (var _ in client.ListRecordsAsync(CheckModule, perPage: 1, cancellationToken: ct)) break;
                }
                catch (ZohoApiException e) when (e.Code == "OAUTH_SCOPE_MISMATCH")
                {
                    // The API took the token (a scope mismatch is no authentication failure): the credentials work.
                    warning = $"the token may not list {CheckModule}: " +
                        (Refusals.MissingScope(e) is { } scope ? Refusals.ScopeAdvice(scope) : "it lacks the scope") + ".";
                }
            }
            saved.Write(environment.ConfigDirectory);
            Report.Line(environment, $"Signed in; credentials kept in {SavedLogin.PathIn(environment.ConfigDirectory)}.");
            if (warning is not null) await environment.Error.WriteLineAsync($"openleads: {warning}");
            return CliApp.Success;
        }));
        return login;
    }

    private static void RecordTable(CliEnvironment environment, JsonArray records)
    {
        Report.Table(environment, RecordColumns, records.OfType<JsonObject>().Select(r => RecordColumns.Select(k => Report.Cell(r[k])).ToArray()));
        Report.Line(environment, $"{records.Count:N0} records.");
    }

    private static int Outcomes(CliEnvironment environment, IReadOnlyList<RecordOutcome> outcomes, bool json, string done)
    {
        Report.Outcomes(environment, new MassUpdateResult(outcomes, 0, [new JsonObject { ["data"] = new JsonArray([.. outcomes.Select(o =>
            (JsonNode)new JsonObject { ["code"] = o.Code, ["details"] = o.Details.DeepClone(), ["message"] = o.Message, ["status"] = o.Status })]) }]), json, done);
        return outcomes.All(o => o.Succeeded) ? CliApp.Success : CliApp.SomeRecordsFailed;
    }

    private static List<JsonObject> ReadRecords(string path, TextReader stdin)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(path == "-" ? stdin.ReadToEnd() : File.ReadAllText(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            throw new CliUsageException($"cannot read records from '{path}': {e.Message}");
        }
        var array = node as JsonArray ?? node?["data"] as JsonArray
            ?? throw new CliUsageException($"'{path}' is neither a JSON array of records nor {{\"data\":[…]}}.");
        return [.. array.Select(r => r as JsonObject ?? throw new CliUsageException($"'{path}': every record must be a JSON object."))];
    }
}

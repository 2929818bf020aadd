using System.CommandLine;
using System.Text.Json.Nodes;
using OpenLeads.Client;

namespace OpenLeads.Cli;

/// <summary>
/// <c>records list|get|insert|delete MODULE</c> on any module of the org. The list's table shows the
/// columns <c>--columns</c> names, else some of the module's own fields (see <see cref="DefaultColumns"/>);
/// a lookup shows the name of the record it points at.
/// </summary>
internal static class RecordCommands
{
    /// <summary>The list's table: the record's name and then the first field of each of these kinds, in the module's field order.</summary>
    private static readonly string[] ColumnKinds = ["email", "phone", "picklist", "lookup", "currency", "date"];
    private const int MostColumns = 6;

    public static Command Create(CliEnvironment environment)
    {
        var listModule = ModuleCheck.Argument();
        var cvid = new Option<string?>("--cvid") { Description = "Only the records of this custom view" };
        var columns = new Option<string?>("--columns") { Description = "Fields to show as columns, comma-separated (default: the record's name and a few of the module's fields)" };
        var list = new Command("list", "Every record (all pages)") { listModule, cvid, columns };
        list.SetAction((parse, ct) => CliApp.GuardAsync(parse, environment, async () =>
        {
            using var client = CliApp.Connect(parse, environment);
            var module = await ModuleCheck.FindAsync(client, parse.GetValue(listModule)!, ct);
            var name = module?.ApiName ?? parse.GetValue(listModule)!;
            var records = new JsonArray();
            await foreach (var record in client.ListRecordsAsync(name, parse.GetValue(cvid), cancellationToken: ct)) records.Add(record);
            if (InfoCommands.IsJson(parse))
            {
                Report.Json(environment, new JsonObject { ["data"] = records });
                return CliApp.Success;
            }
            var shown = parse.GetValue(columns) is { } given ? [.. given.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)]
                : await DefaultColumnsAsync(client, module, name, records, ct);
            Report.Table(environment, ["id", .. shown], records.OfType<JsonObject>().Select(r => (IReadOnlyList<string>)[Report.Cell(r["id"]), .. shown.Select(k => Report.Cell(r[k]))]));
            Report.Line(environment, $"{records.Count:N0} records.");
            return CliApp.Success;
        }));

        var getModule = ModuleCheck.Argument();
        var id = new Argument<string>("id") { Description = "The record id" };
        var get = new Command("get", "One record, as Zoho's JSON") { getModule, id };
        get.SetAction((parse, ct) => CliApp.GuardAsync(parse, environment, async () =>
        {
            var recordId = Ids.FromList(parse.GetValue(id)!)[0];
            using var client = CliApp.Connect(parse, environment);
            var name = await ModuleCheck.ResolveAsync(client, parse.GetValue(getModule)!, ct);
            var record = await client.GetRecordAsync(name, recordId, ct);
            if (record is null)
            {
                await environment.Error.WriteLineAsync($"openleads: no record {recordId} in {name}.");
                return CliApp.Failure;
            }
            Report.Json(environment, record);
            return CliApp.Success;
        }));

        var insertModule = ModuleCheck.Argument();
        var file = new Option<string>("--file") { Description = "A JSON file: an array of records, or Zoho's {\"data\":[…]}; - reads stdin", Required = true };
        var insert = new Command("insert", "Insert records from a JSON file (a lookup as {\"id\":\"…\"})") { insertModule, file };
        insert.SetAction((parse, ct) => CliApp.GuardAsync(parse, environment, async () =>
        {
            var records = ReadRecords(parse.GetValue(file)!, environment.In);
            using var client = CliApp.Connect(parse, environment);
            var name = await ModuleCheck.ResolveAsync(client, parse.GetValue(insertModule)!, ct);
            var outcomes = await client.InsertRecordsAsync(name, records, ct);
            return Outcomes(environment, outcomes, InfoCommands.IsJson(parse), "inserted");
        }));

        var deleteModule = ModuleCheck.Argument();
        var ids = new Option<string>("--ids") { Description = "Record ids, comma-separated", Required = true };
        var delete = new Command("delete", "Delete records") { deleteModule, ids };
        delete.SetAction((parse, ct) => CliApp.GuardAsync(parse, environment, async () =>
        {
            var recordIds = Ids.FromList(parse.GetValue(ids)!);
            using var client = CliApp.Connect(parse, environment);
            var name = await ModuleCheck.ResolveAsync(client, parse.GetValue(deleteModule)!, ct);
            var outcomes = await client.DeleteRecordsAsync(name, recordIds, ct);
            return Outcomes(environment, outcomes, InfoCommands.IsJson(parse), "deleted");
        }));
        return new Command("records", "List, get, insert and delete the records of any module") { list, get, insert, delete };
    }

    /// <summary>
    /// The module's display field (its records' name), then the first field of each kind of
    /// <see cref="ColumnKinds"/> in the module's field order. Without the fields (a token that may not
    /// read them), the first record's own fields.
    /// </summary>
    private static async Task<string[]> DefaultColumnsAsync(ZohoCrmClient client, ZohoModule? module, string name, JsonArray records, CancellationToken ct)
    {
        IReadOnlyList<ZohoField> fields;
        try
        {
            fields = await client.GetFieldDefinitionsAsync(name, ct);
        }
        catch (ZohoApiException e) when (e.Code == "OAUTH_SCOPE_MISMATCH")
        {
            return [.. ((records.FirstOrDefault() as JsonObject)?.Select(p => p.Key) ?? []).Where(k => k != "id" && !k.StartsWith('$')).Take(MostColumns - 1)];
        }
        return DefaultColumns(fields, module?.DisplayField?.ApiName);
    }

    internal static string[] DefaultColumns(IReadOnlyList<ZohoField> fields, string? displayField)
    {
        var columns = new List<string>();
        if (displayField is not null && fields.Any(f => f.ApiName == displayField)) columns.Add(displayField);
        var kinds = new HashSet<string>(ColumnKinds);
        foreach (var field in fields)
        {
            if (columns.Count >= MostColumns - 1) break;
            if (!columns.Contains(field.ApiName) && kinds.Remove(field.DataType)) columns.Add(field.ApiName);
        }
        return [.. columns];
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

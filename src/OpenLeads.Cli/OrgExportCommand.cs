using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenLeads.Client;

namespace OpenLeads.Cli;

/// <summary>
/// <c>openleads org export --out DIR</c>: an org's metadata, read through the API (of Zoho CRM or of an
/// OpenLeads), written as the folder <c>OpenLeads:Org:Path</c> reads: org.json, users.json, modules.json,
/// fields/, layouts/ and custom_views/ per module, territories.json. Only metadata answers are read, so
/// no record and no credential reaches the folder.
/// </summary>
internal static class OrgExportCommand
{
    /// <summary>What an export writes; <c>--force</c> removes these first and leaves anything else (openleads.json).</summary>
    private static readonly string[] Written = ["org.json", "users.json", "modules.json", "territories.json", "fields", "layouts", "custom_views"];

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create(CliEnvironment environment)
    {
        var output = new Option<string>("--out") { Description = "The folder to write (created if missing)", Required = true };
        var force = new Option<bool>("--force") { Description = "Write into a folder that is not empty, replacing an earlier export" };
        var export = new Command("export", "Write an org's metadata as a folder that OpenLeads:Org:Path can serve") { output, force };
        export.SetAction((parse, ct) => CliApp.GuardAsync(parse, environment, async () =>
        {
            var folder = Path.GetFullPath(parse.GetValue(output)!);
            Prepare(folder, parse.GetValue(force));
            using var client = CliApp.Connect(parse, environment);
            var modules = await ExportAsync(client, folder, environment, ct);
            await environment.Error.WriteLineAsync($"Exported {modules} module{(modules == 1 ? "" : "s")} to {folder}");
            return CliApp.Success;
        }));
        return new Command("org", "An organisation's metadata") { export };
    }

    private static void Prepare(string folder, bool force)
    {
        if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
        {
            if (!force) throw new CliUsageException($"--out: {folder} is not empty; give --force to replace an earlier export there.");
            foreach (var name in Written)
            {
                var path = Path.Combine(folder, name);
                if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
                else if (File.Exists(path)) File.Delete(path);
            }
        }
        Directory.CreateDirectory(folder);
    }

    private static async Task<int> ExportAsync(ZohoCrmClient client, string folder, CliEnvironment environment, CancellationToken ct)
    {
        async Task WriteAsync(string relative, JsonObject json, string what)
        {
            var path = Path.Combine(folder, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, json.ToJsonString(Indented) + "\n", ct);
            await environment.Error.WriteLineAsync($"  {relative}: {what}");
        }

        var org = await client.GetMetadataAsync("org", cancellationToken: ct) ?? throw new CliUsageException("the server answered no org.");
        await WriteAsync("org.json", org, OrgName(org));
        var users = await AllUsersAsync(client, ct);
        await WriteAsync("users.json", new JsonObject { ["users"] = users }, $"{users.Count} users");
        var modules = await client.GetMetadataAsync("settings/modules", cancellationToken: ct) ?? new JsonObject { ["modules"] = new JsonArray() };
        await WriteAsync("modules.json", modules, $"{(modules["modules"] as JsonArray)?.Count ?? 0} modules");

        var exported = 0;
        foreach (var module in (modules["modules"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var apiName = module["api_name"]?.GetValue<string>();
            if (apiName is null || module["api_supported"]?.GetValue<bool>() != true) continue;
            var name = Uri.EscapeDataString(apiName);
            var fields = await OptionalAsync(client, $"settings/fields?module={name}", ct);
            if (fields?["fields"] is not JsonArray { Count: > 0 } list)
            {
                await environment.Error.WriteLineAsync($"  {apiName}: no fields to read, left out");
                continue;
            }
            await WriteAsync($"fields/{apiName}.json", fields, $"{list.Count} fields");
            if (await client.GetMetadataAsync($"settings/layouts?module={name}", cancellationToken: ct) is { } layouts)
            {
                await WriteAsync($"layouts/{apiName}.json", layouts, $"{(layouts["layouts"] as JsonArray)?.Count ?? 0} layouts");
            }
            var views = new JsonArray();
            var listed = await client.GetMetadataAsync($"settings/custom_views?module={name}", cancellationToken: ct);
            foreach (var view in (listed?["custom_views"] as JsonArray ?? []).OfType<JsonObject>())
            {
                // The folder keeps each view as its own answer has it: with its criteria and fields.
                var one = await client.GetMetadataAsync($"settings/custom_views/{view["id"]?.GetValue<string>()}?module={name}", cancellationToken: ct);
                if ((one?["custom_views"] as JsonArray)?.FirstOrDefault() is JsonObject full) views.Add(full.DeepClone());
            }
            await WriteAsync($"custom_views/{apiName}.json", new JsonObject { ["custom_views"] = views }, $"{views.Count} views");
            exported++;
        }
        if (await OptionalAsync(client, "settings/territories", ct) is { } territories)
        {
            territories.Remove("info");
            await WriteAsync("territories.json", territories, $"{(territories["territories"] as JsonArray)?.Count ?? 0} territories");
        }
        return exported;
    }

    /// <summary>An answer the org may refuse for what it lacks (a module without fields, territories not enabled): null then.</summary>
    private static async Task<JsonObject?> OptionalAsync(ZohoCrmClient client, string pathAndQuery, CancellationToken ct)
    {
        try
        {
            return await client.GetMetadataAsync(pathAndQuery, cancellationToken: ct);
        }
        catch (ZohoApiException e) when (e.HttpStatus is System.Net.HttpStatusCode.BadRequest or System.Net.HttpStatusCode.Forbidden)
        {
            return null;
        }
    }

    private static string OrgName(JsonObject org) =>
        (org["org"] as JsonArray)?.FirstOrDefault()?["company_name"]?.GetValue<string>() ?? "the org";

    /// <summary>Every user, page after page (Zoho answers 200 a page).</summary>
    private static async Task<JsonArray> AllUsersAsync(ZohoCrmClient client, CancellationToken ct)
    {
        var users = new JsonArray();
        for (var page = 1; ; page++)
        {
            var answer = await client.GetMetadataAsync($"users?type=AllUsers&page={page}&per_page=200", cancellationToken: ct);
            foreach (var user in answer?["users"] as JsonArray ?? []) users.Add(user?.DeepClone());
            if (answer?["info"]?["more_records"]?.GetValue<bool>() != true) return users;
        }
    }
}

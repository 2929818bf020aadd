using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenLeads.Server.Storage;

namespace OpenLeads.Server.Metadata;

/// <summary>A broken org folder: the file and what is wrong with it, for one line at start-up.</summary>
public sealed class OrgFolderException(string file, string problem) : Exception($"{file}: {problem}")
{
    public string File { get; } = file;
}

/// <summary>
/// Reads an org from a folder of Zoho's own metadata answers (API v8), as <c>openleads org export</c>
/// writes it and as a real org's answers are:
/// <code>
/// org.json                    GET /crm/v8/org
/// users.json                  GET /crm/v8/users?type=AllUsers
/// modules.json                GET /crm/v8/settings/modules
/// fields/{Module}.json        GET /crm/v8/settings/fields?module={Module}   (one per module to serve)
/// layouts/{Module}.json       GET /crm/v8/settings/layouts?module={Module}  (optional)
/// custom_views/{Module}.json  the module's views, each as GET /crm/v8/settings/custom_views/{id} answers it (optional)
/// territories.json            GET /crm/v8/settings/territories              (optional)
/// openleads.json              OpenLeads' own rules per module, e.g. {"modules":{"Deals":{"mass_update_max_fields":3}}} (optional)
/// </code>
/// The built-in demo org is such a folder, embedded in the server, read by the same code.
/// </summary>
public static class OrgFolder
{
    private static readonly Lazy<Org> DemoOrg = new(() => Read(new EmbeddedFiles()));

    /// <summary>The demo org every server starts with unless <c>OpenLeads:Org:Path</c> names another.</summary>
    public static Org Demo => DemoOrg.Value;

    public static Org Load(string path)
    {
        if (!Directory.Exists(path)) throw new OrgFolderException(path, "no such folder (OpenLeads:Org:Path)");
        return Read(new FolderFiles(Path.GetFullPath(path)));
    }

    /// <summary>Where the folder's files come from: a directory, or the server's embedded demo org.</summary>
    internal interface IFiles
    {
        string Name(string relative);

        /// <summary>The file's text, or null when there is no such file.</summary>
        string? Text(string relative);
    }

    private sealed class FolderFiles(string root) : IFiles
    {
        public string Name(string relative) => Path.Combine(root, relative);

        public string? Text(string relative) => File.Exists(Name(relative)) ? File.ReadAllText(Name(relative)) : null;
    }

    private sealed class EmbeddedFiles : IFiles
    {
        private static readonly Assembly Server = typeof(OrgFolder).Assembly;

        public string Name(string relative) => $"(built-in demo org)/{relative}";

        public string? Text(string relative)
        {
            using var stream = Server.GetManifestResourceStream($"DemoOrg/{relative}");
            if (stream is null) return null;
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
    }

    internal static Org Read(IFiles files)
    {
        var notices = new List<string>();
        var info = Single(files, "org.json", "org");
        var userList = Objects(files, "users.json", "users", required: true);
        var users = Users(files, userList);
        var rules = OrgRules.Read(files);
        var moduleList = Objects(files, "modules.json", "modules", required: true);

        // A module is served when the API supports it and the folder has its fields.
        var served = new List<(JsonObject Json, string ApiName, JsonArray Fields)>();
        foreach (var module in moduleList)
        {
            var apiName = OrgJson.Name(module, "api_name", "modules.json");
            if (module["api_supported"] is JsonValue supported && !supported.GetValue<bool>()) continue;
            if (files.Text($"fields/{apiName}.json") is null) continue;
            served.Add((module, apiName, Array(files, $"fields/{apiName}.json", "fields")));
        }
        var servedNames = served.Select(s => s.ApiName).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var modules = served.Select(s => OrgModules.Build(s.Json, s.ApiName, s.Fields, servedNames, rules, files.Name($"fields/{s.ApiName}.json"), notices))
            .ToArray();
        OrgModules.ResolveLookups(modules);

        var views = new List<ViewSeed>();
        foreach (var module in modules)
        {
            var file = $"custom_views/{module.ApiName}.json";
            views.AddRange(files.Text(file) is null
                ? [OrgViews.AllRecords(module)]
                : OrgViews.Read(module, Objects(files, file, "custom_views", required: false), files.Name(file), notices));
        }
        var territoryList = Objects(files, "territories.json", "territories", required: false);
        var territories = OrgTerritories.Read(territoryList);
        var layouts = modules.Where(m => files.Text($"layouts/{m.ApiName}.json") is not null)
            .ToDictionary(m => m.ApiName, m => Array(files, $"layouts/{m.ApiName}.json", "layouts"), StringComparer.OrdinalIgnoreCase);
        return new Org(info, moduleList, modules, users, views, territories, layouts, notices)
        {
            Rules = rules,
            FolderFields = served.ToDictionary(s => s.ApiName, s => (IReadOnlyList<JsonObject>)[.. s.Fields.OfType<JsonObject>()],
                StringComparer.OrdinalIgnoreCase),
            UserList = userList,
            TerritoryList = territoryList,
        };
    }

    private static UserRow[] Users(IFiles files, IReadOnlyList<JsonObject> list)
    {
        var users = list.Select(u => OrgJson.User(u, files.Name("users.json"))).ToArray();
        return users.Length == 0 ? throw new OrgFolderException(files.Name("users.json"), "\"users\" lists no user; the org needs one") : users;
    }

    /// <summary>The file as JSON, or the line that says why it is not.</summary>
    internal static JsonObject Parse(IFiles files, string relative)
    {
        var text = files.Text(relative) ?? throw new OrgFolderException(files.Name(relative), "the file is missing");
        try
        {
            return JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip })
                as JsonObject ?? throw new OrgFolderException(files.Name(relative), "not a JSON object");
        }
        catch (JsonException e)
        {
            throw new OrgFolderException(files.Name(relative), $"not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})");
        }
    }

    private static JsonArray Array(IFiles files, string relative, string key) =>
        Parse(files, relative)[key] as JsonArray ?? throw new OrgFolderException(files.Name(relative), $"has no \"{key}\" array");

    private static IReadOnlyList<JsonObject> Objects(IFiles files, string relative, string key, bool required)
    {
        if (!required && files.Text(relative) is null) return [];
        return [.. Array(files, relative, key).Select((node, i) => node as JsonObject
            ?? throw new OrgFolderException(files.Name(relative), $"\"{key}\"[{i}] is not a JSON object"))];
    }

    private static JsonObject Single(IFiles files, string relative, string key) =>
        Objects(files, relative, key, required: true) is [var first, ..] ? first
            : throw new OrgFolderException(files.Name(relative), $"\"{key}\" is empty");
}

using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;
using OpenLeads.Server.Storage;

namespace OpenLeads.Server.Metadata;

/// <summary>A custom view the org starts with; <see cref="Criteria"/> is in the search syntax (null: every record).</summary>
public sealed record ViewSeed(long Id, string Module, string Name, string? SystemName, string? Criteria)
{
    /// <summary>The view's object in the org folder, as <c>/settings/custom_views/{id}</c> answered it (null: a view OpenLeads made up).</summary>
    public JsonObject? Json { get; init; }
}

/// <summary>
/// The organisation a server serves, as its metadata describes it: the modules (with their fields)
/// that records are kept for, the users, and the views and territories it starts with. One
/// immutable snapshot; the metadata answers are built from the JSON objects it keeps.
/// </summary>
public sealed class Org
{
    private readonly FrozenDictionary<string, ModuleDefinition> _byName;

    public Org(JsonObject info, IReadOnlyList<JsonObject> moduleList, IReadOnlyList<ModuleDefinition> modules, IReadOnlyList<UserRow> users,
        IReadOnlyList<ViewSeed> views, IReadOnlyList<Territory> territories, IReadOnlyDictionary<string, JsonArray> layouts,
        IReadOnlyList<string> notices)
    {
        Info = info;
        ModuleList = moduleList;
        Modules = modules;
        Users = users;
        Views = views;
        Territories = territories;
        Layouts = layouts;
        Notices = notices;
        _byName = modules.ToFrozenDictionary(m => m.ApiName, StringComparer.OrdinalIgnoreCase);
        Administrator = users.FirstOrDefault(u => u.ProfileName == "Administrator" && u.Status == "active") ?? users[0];
    }

    /// <summary>The org's object of <c>GET /crm/v8/org</c>.</summary>
    public JsonObject Info { get; }

    /// <summary>Every module of <c>GET /crm/v8/settings/modules</c>, served or not.</summary>
    public IReadOnlyList<JsonObject> ModuleList { get; }

    /// <summary>The modules whose records are served (a table each).</summary>
    public IReadOnlyList<ModuleDefinition> Modules { get; }

    public IReadOnlyList<UserRow> Users { get; }

    /// <summary>The development token and the control API act as this user: the first active administrator.</summary>
    public UserRow Administrator { get; }

    public IReadOnlyList<ViewSeed> Views { get; }

    public IReadOnlyList<Territory> Territories { get; }

    /// <summary>Each module's <c>layouts</c> of <c>GET /crm/v8/settings/layouts</c>, where the org folder has them.</summary>
    public IReadOnlyDictionary<string, JsonArray> Layouts { get; }

    /// <summary>Each user's object of <c>GET /crm/v8/users</c>, as the org folder gives it.</summary>
    public IReadOnlyList<JsonObject> UserList { get; init; } = [];

    /// <summary>Each territory's object of <c>GET /crm/v8/settings/territories</c>, as the org folder gives it.</summary>
    public IReadOnlyList<JsonObject> TerritoryList { get; init; } = [];

    /// <summary>
    /// When this snapshot of the metadata was made (whole seconds): what <c>If-Modified-Since</c> is
    /// compared with, with the <c>modified_time</c> of the objects an answer holds.
    /// </summary>
    public DateTimeOffset LoadedAt { get; init; } = WholeSeconds(DateTimeOffset.UtcNow);

    public JsonObject? UserJson(long id) => UserList.FirstOrDefault(u => OrgJson.Id(u["id"]) == id);

    public JsonObject? TerritoryJson(long id) => TerritoryList.FirstOrDefault(t => OrgJson.Id(t["id"]) == id);

    private static DateTimeOffset WholeSeconds(DateTimeOffset time) => time.AddTicks(-(time.Ticks % TimeSpan.TicksPerSecond));

    /// <summary>What the org defines that OpenLeads keeps only in the metadata (printed at start-up).</summary>
    public IReadOnlyList<string> Notices { get; }

    /// <summary>The module of that api name; URLs name modules without regard to case, as Zoho matches them.</summary>
    public bool TryResolve(string? name, [NotNullWhen(true)] out ModuleDefinition? module)
    {
        module = null;
        return name is not null && _byName.TryGetValue(name, out module);
    }

    public ModuleDefinition Module(string apiName) =>
        TryResolve(apiName, out var module) ? module : throw new KeyNotFoundException($"The org serves no module {apiName}.");

    /// <summary>A field object of <paramref name="module"/> (from the fields API) as the org reads its folder's fields.</summary>
    public FieldDefinition DefineField(ModuleDefinition module, JsonObject json) =>
        OrgFields.Read(json, module.ApiName, Modules.Select(m => m.ApiName).ToHashSet(StringComparer.OrdinalIgnoreCase), "the fields API", []);

    /// <summary>How many times fields were changed through the API since the database was made (0: the folder's fields).</summary>
    public long FieldsVersion { get; private init; }

    internal OrgRules Rules { get; init; } = null!;

    /// <summary>Each served module's field objects as the org folder has them: what API changes are applied to.</summary>
    internal IReadOnlyDictionary<string, IReadOnlyList<JsonObject>> FolderFields { get; init; } = null!;

    /// <summary>
    /// The org with fields created, changed or deleted through the fields API (<paramref name="changes"/>: each field's
    /// object as the API left it, null when deleted), applied to the folder's fields. Every module is built again, so
    /// lookups point at modules of the same snapshot.
    /// </summary>
    public Org WithFieldChanges(IReadOnlyList<FieldChange> changes, long version)
    {
        var served = Modules.Select(m => m.ApiName).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var notices = new List<string>();
        var modules = Modules.Select(module =>
        {
            var fields = FolderFields[module.ApiName].ToList();
            foreach (var change in changes.Where(c => c.Module.Equals(module.ApiName, StringComparison.OrdinalIgnoreCase)))
            {
                var at = fields.FindIndex(f => OrgJson.Text(f, "api_name") == change.ApiName);
                if (change.Json is null) { if (at >= 0) fields.RemoveAt(at); }
                else if (at >= 0) fields[at] = change.Json;
                else fields.Add(change.Json);
            }
            return OrgModules.Build(module.Json!, module.ApiName, new JsonArray([.. fields.Select(f => f.DeepClone())]), served, Rules,
                $"fields/{module.ApiName}.json (with the changes made through the fields API)", notices);
        }).ToArray();
        OrgModules.ResolveLookups(modules);
        return new Org(Info, ModuleList, modules, Users, Views, Territories, Layouts, [.. Notices, .. notices.Except(Notices)])
        {
            Rules = Rules,
            FolderFields = FolderFields,
            FieldsVersion = version,
            UserList = UserList,
            TerritoryList = TerritoryList,
            // A field changed: answers made before now are out of date (If-Modified-Since).
        };
    }
}

/// <summary>A field as the fields API left it: its object, or null once deleted.</summary>
public sealed record FieldChange(string Module, string ApiName, JsonObject? Json);

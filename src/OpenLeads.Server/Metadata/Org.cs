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
}

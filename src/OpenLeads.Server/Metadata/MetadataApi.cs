using System.Globalization;
using System.Security.Claims;
using System.Text.Json.Nodes;
using OpenLeads.Server.Auth;
using OpenLeads.Server.Metadata.Answers;
using OpenLeads.Server.Storage;
using OpenLeads.Server.Zoho;

namespace OpenLeads.Server.Metadata;

/// <summary>
/// The metadata of the org in Zoho's full shape: <c>/settings/modules</c>, <c>/org</c>,
/// <c>/settings/fields</c>, <c>/settings/layouts</c> and <c>/users</c> (views and territories: <c>ViewsApi</c>).
/// </summary>
public static class MetadataApi
{
    public static RouteGroupBuilder MapMetadata(this RouteGroupBuilder crm)
    {
        crm.MapGet("/settings/modules", Modules).RequireZohoScope("settings", "modules", "READ");
        crm.MapGet("/settings/modules/{apiName}", Module).RequireZohoScope("settings", "modules", "READ");
        crm.MapGet("/org", OrgInfo).RequireZohoScope("org", null, "READ");
        crm.MapGet("/settings/fields", Fields).RequireZohoScope("settings", "fields", "READ");
        crm.MapGet("/settings/fields/{id}", Field).RequireZohoScope("settings", "fields", "READ");
        crm.MapGet("/settings/layouts", Layouts).RequireZohoScope("settings", "layouts", "READ");
        crm.MapGet("/settings/layouts/{id}", Layout).RequireZohoScope("settings", "layouts", "READ");
        crm.MapGet("/users", Users).RequireZohoScope("users", null, "READ");
        crm.MapGet("/users/{id}", User).RequireZohoScope("users", null, "READ");
        return crm;
    }

    public static IResult Modules(Org org, ApiVersion version, HttpContext http) =>
        MetadataResults.Answer(http, org, "modules", ModuleAnswer.List(org, version));

    /// <summary>One module: unknown, 400 INVALID_MODULE; listed by the org but not served here (no records API), 400 NOT_SUPPORTED.</summary>
    public static IResult Module(Org org, ApiVersion version, string apiName, HttpContext http) =>
        org.TryResolve(apiName, out var module) ? MetadataResults.Answer(http, org, "modules", [(JsonNode)ModuleAnswer.Detail(org, module, version)])
        : ModuleAnswer.IndexOf(org, apiName) >= 0 ? ZohoResults.Problem(ZohoErrors.ModuleNotSupported)
        : ZohoResults.Problem(ZohoErrors.InvalidModuleInSettingsPath);

    public static IResult OrgInfo(Org org, HttpContext http) => MetadataResults.Answer(http, org, "org", [(JsonNode)OrgAnswer.Org(org)]);

    public static IResult Fields(Org org, ApiVersion version, HttpContext http)
    {
        var (module, problem) = ZohoRequest.ModuleParameter(http, org);
        return problem ?? MetadataResults.Answer(http, org, "fields", FieldAnswer.All(org, module!, version));
    }

    /// <summary>One field, by id (or api name); 204 when the module has none of that id, as Zoho's v8 file lists.</summary>
    public static IResult Field(Org org, ApiVersion version, string id, HttpContext http)
    {
        var (module, problem) = ZohoRequest.ModuleParameter(http, org);
        if (problem is not null) return problem;
        var index = module!.Fields.ToList().FindIndex(f => ZohoJson.FormatId(f.Id) == id || f.ApiName == id);
        return index < 0 ? ZohoResults.NoContent()
            : MetadataResults.Answer(http, org, "fields", [(JsonNode)FieldAnswer.Build(org, module, module.Fields[index], index, version)]);
    }

    public static IResult Layouts(Org org, ApiVersion version, HttpContext http)
    {
        var (module, problem) = ZohoRequest.ModuleParameter(http, org);
        return problem ?? MetadataResults.Answer(http, org, "layouts", LayoutAnswer.All(org, module!, version));
    }

    public static IResult Layout(Org org, ApiVersion version, string id, HttpContext http)
    {
        var (module, problem) = ZohoRequest.ModuleParameter(http, org);
        if (problem is not null) return problem;
        var layout = LayoutAnswer.All(org, module!, version).OfType<JsonObject>().FirstOrDefault(l => OrgJson.Text(l, "id") == id);
        return layout is null ? ZohoResults.NoContent() : MetadataResults.Answer(http, org, "layouts", [layout.DeepClone()]);
    }

    /// <summary>Users by <c>type</c>, as Zoho names the kinds; an unknown type is Zoho's INVALID_DATA naming it.</summary>
    public static IResult Users(Org org, HttpContext http, ClaimsPrincipal principal)
    {
        var caller = principal.Caller();
        IEnumerable<UserRow>? chosen = http.Request.Query["type"].ToString() switch
        {
            "" or "AllUsers" => org.Users,
            "ActiveUsers" or "ActiveConfirmedUsers" => org.Users.Where(u => u.Status == "active"),
            "ConfirmedUsers" => org.Users.Where(u => u.Status != "disabled"),
            "NotConfirmedUsers" => [],
            "DeactiveUsers" => org.Users.Where(u => u.Status == "disabled" || u.Status == "inactive"),
            "DeletedUsers" => org.Users.Where(u => u.Status == "deleted"),
            "AdminUsers" => org.Users.Where(u => u.ProfileName == "Administrator"),
            "ActiveConfirmedAdmins" => org.Users.Where(u => u.ProfileName == "Administrator" && u.Status == "active"),
            "CurrentUser" => org.Users.Where(u => u.Id == caller.Id),
            _ => null,
        };
        if (chosen is null) return ZohoResults.Problem(ZohoErrors.InvalidParam("type"));
        var users = new JsonArray([.. chosen.Select(u => (JsonNode)OrgAnswer.User(org, u))]);
        return users.Count == 0 ? ZohoResults.NoContent() : MetadataResults.Answer(http, org, "users", users, AnswerJson.Info(users.Count));
    }

    public static IResult User(Org org, string id, HttpContext http)
    {
        var user = long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var userId)
            ? org.Users.FirstOrDefault(u => u.Id == userId) : null;
        return user is null ? ZohoResults.NoContent() : MetadataResults.Answer(http, org, "users", [(JsonNode)OrgAnswer.User(org, user)], AnswerJson.Info(1));
    }
}

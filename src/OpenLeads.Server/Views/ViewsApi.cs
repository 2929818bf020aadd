using System.Text.Json.Nodes;
using OpenLeads.Server.Auth;
using OpenLeads.Server.Metadata;
using OpenLeads.Server.Metadata.Answers;
using OpenLeads.Server.Storage;
using OpenLeads.Server.Zoho;

namespace OpenLeads.Server.Views;

/// <summary><c>/crm/{version}/settings/custom_views</c> and <c>/crm/{version}/settings/territories</c>.</summary>
public static class ViewsApi
{
    public static RouteGroupBuilder MapViews(this RouteGroupBuilder crm)
    {
        crm.MapGet("/settings/custom_views", ListViews).RequireZohoScope("settings", "custom_views", "READ");
        crm.MapGet("/settings/custom_views/{id}", GetView).RequireZohoScope("settings", "custom_views", "READ");
        crm.MapGet("/settings/territories", ListTerritories).RequireZohoScope("settings", "territories", "READ");
        return crm;
    }

    public static async Task<IResult> ListViews(Org org, ApiVersion version, HttpContext http, IViewStore views, CancellationToken ct)
    {
        var (module, problem) = ZohoRequest.ModuleParameter(http, org);
        if (problem is not null) return problem;
        return ViewsResult(org, version, http, module!, await views.ListAsync(module!, ct));
    }

    /// <summary>One view; 204 when the module has no view of that id, as Zoho answers.</summary>
    public static async Task<IResult> GetView(Org org, ApiVersion version, string id, HttpContext http, IViewStore views, CancellationToken ct)
    {
        var (module, problem) = ZohoRequest.ModuleParameter(http, org);
        if (problem is not null) return problem;
        var view = RecordIds.TryParse(id, out var viewId) ? await views.GetAsync(module!, viewId, ct) : null;
        return view is null ? ZohoResults.NoContent() : ViewsResult(org, version, http, module!, [view]);
    }

    public static async Task<IResult> ListTerritories(Org org, ApiVersion version, HttpContext http, IViewStore views, CancellationToken ct)
    {
        var territories = await views.TerritoriesAsync(ct);
        var items = new JsonArray([.. territories.Select(t => (JsonNode)OrgAnswer.Territory(org, t, territories, version))]);
        return items.Count == 0 ? ZohoResults.NoContent()
            : MetadataResults.Answer(http, org, "territories", items, AnswerJson.Info(items.Count));
    }

    private static IResult ViewsResult(Org org, ApiVersion version, HttpContext http, ModuleDefinition module, IReadOnlyList<CustomView> views)
    {
        var defaultView = ViewAnswer.DefaultSeed(org, module)?.Id;
        var items = new JsonArray([.. views.Select(view => (JsonNode)ViewAnswer.Build(org, module, view,
            org.Views.FirstOrDefault(s => s.Id == view.Id && s.Module == module.ApiName), view.Id == defaultView, version))]);
        // Views made since the org was loaded change the answer: their time counts too.
        var changed = views.Count == 0 ? (DateTimeOffset?)null : views.Max(v => v.ModifiedTime);
        return MetadataResults.Answer(http, org, "custom_views", items, ViewAnswer.Info(items.Count, defaultView), changed);
    }
}

using System.Text.Json;
using OpenLeads.Server.Auth;
using OpenLeads.Server.Metadata;
using OpenLeads.Server.Search;
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

    public static async Task<IResult> ListViews(Org org, HttpContext http, IViewStore views, CancellationToken ct)
    {
        var (module, problem) = ZohoRequest.ModuleParameter(http, org);
        if (problem is not null) return problem;
        return ViewsResult(org, module!, await views.ListAsync(module!, ct));
    }

    /// <summary>One view; 204 when the module has no view of that id, as Zoho answers.</summary>
    public static async Task<IResult> GetView(Org org, string id, HttpContext http, IViewStore views, CancellationToken ct)
    {
        var (module, problem) = ZohoRequest.ModuleParameter(http, org);
        if (problem is not null) return problem;
        var view = RecordIds.TryParse(id, out var viewId) ? await views.GetAsync(module!, viewId, ct) : null;
        return view is null ? ZohoResults.NoContent() : ViewsResult(org, module!, [view]);
    }

    public static async Task<IResult> ListTerritories(IViewStore views, CancellationToken ct)
    {
        var territories = await views.TerritoriesAsync(ct);
        return ZohoResults.Json(StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("territories"u8);
            foreach (var t in territories)
            {
                w.WriteStartObject();
                w.WriteString("id"u8, ZohoJson.FormatId(t.Id));
                w.WriteString("name"u8, t.Name);
                w.WriteString("api_name"u8, t.Name.Replace(' ', '_'));
                w.WriteString("description"u8, t.Description);
                if (territories.FirstOrDefault(p => p.Id == t.ParentId) is { } parent)
                {
                    w.WriteStartObject("reporting_to"u8);
                    w.WriteString("name"u8, parent.Name);
                    w.WriteString("id"u8, ZohoJson.FormatId(parent.Id));
                    w.WriteEndObject();
                }
                else w.WriteNull("reporting_to"u8);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            WriteInfo(w, territories.Count);
            w.WriteEndObject();
        });
    }

    private static IResult ViewsResult(Org org, ModuleDefinition module, IReadOnlyList<CustomView> views) =>
        ZohoResults.Json(StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("custom_views"u8);
            var defaultView = DefaultView(org, module);
            foreach (var view in views) WriteView(w, module, view, view.Id == defaultView);
            w.WriteEndArray();
            WriteInfo(w, views.Count, ZohoJson.FormatId(defaultView));
            w.WriteEndObject();
        });

    /// <summary>The module's "All …" view of the org (Zoho's system name ALLVIEWS).</summary>
    private static long DefaultView(Org org, ModuleDefinition module) =>
        org.Views.FirstOrDefault(v => v.Module == module.ApiName && v.SystemName == "ALLVIEWS")?.Id ?? 0;

    private static void WriteView(Utf8JsonWriter w, ModuleDefinition module, CustomView view, bool isDefault)
    {
        w.WriteStartObject();
        w.WriteString("id"u8, ZohoJson.FormatId(view.Id));
        w.WriteString("name"u8, view.Name);
        w.WriteString("display_value"u8, view.Name);
        w.WriteString("system_name"u8, view.SystemName);
        w.WriteString("category"u8, view.SystemName is null ? "created_by_me" : "public_views");
        w.WriteBoolean("default"u8, isDefault);
        w.WriteBoolean("system_defined"u8, view.SystemName is not null);
        w.WriteBoolean("locked"u8, false);
        w.WriteNull("favorite"u8);
        w.WriteBoolean("offline"u8, true);
        w.WriteString("access_type"u8, "public");
        w.WriteStartArray("shared_to"u8);
        w.WriteEndArray();
        w.WriteString("created_time"u8, ZohoJson.FormatDateTime(view.CreatedTime));
        w.WriteString("modified_time"u8, ZohoJson.FormatDateTime(view.ModifiedTime));
        w.WriteNull("last_accessed_time"u8);
        w.WritePropertyName("created_by"u8);
        ZohoJson.WriteUser(w, view.CreatedBy);
        w.WriteNull("modified_by"u8);
        w.WriteStartObject("module"u8);
        w.WriteString("api_name"u8, module.ApiName);
        w.WriteString("id"u8, ZohoJson.FormatId(module.Id));
        w.WriteEndObject();
        w.WritePropertyName("criteria"u8);
        if (view.Criteria is not null && CriteriaParser.Parse(module, view.Criteria).Criteria is { } criteria) CriteriaJson.Write(w, criteria);
        else w.WriteNullValue();
        w.WriteStartArray("fields"u8);
        w.WriteEndArray();
        w.WriteNull("sort_by"u8);
        w.WriteNull("sort_order"u8);
        w.WriteEndObject();
    }

    private static void WriteInfo(Utf8JsonWriter w, int count, string? defaultView = null)
    {
        w.WriteStartObject("info"u8);
        w.WriteNumber("per_page"u8, 200);
        w.WriteNumber("count"u8, count);
        w.WriteNumber("page"u8, 1);
        w.WriteBoolean("more_records"u8, false);
        if (defaultView is not null)
        {
            w.WriteString("default"u8, defaultView);
            w.WriteStartObject("translation"u8);
            w.WriteString("public_views"u8, "Public Views");
            w.WriteString("other_users_views"u8, "Other Users' Views");
            w.WriteString("shared_with_me"u8, "Shared With Me");
            w.WriteString("created_by_me"u8, "Created By Me");
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }
}

using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenLeads.Server.Search;
using OpenLeads.Server.Storage;
using OpenLeads.Server.Views;
using OpenLeads.Server.Zoho;

namespace OpenLeads.Server.Metadata.Answers;

/// <summary>
/// A custom view as <c>GET /crm/{v}/settings/custom_views/{id}</c> answers it. A view of the org folder
/// is answered from its object there (its times included, so an exported folder answers alike); a view
/// made since (<c>POST /__admin/custom_views</c>) from what the database keeps of it.
/// </summary>
public static class ViewAnswer
{
    public static JsonObject Build(Org org, ModuleDefinition module, CustomView? row, ViewSeed? seed, bool isDefault, ApiVersion version)
    {
        var json = seed?.Json?.DeepClone() as JsonObject ?? [];
        var id = row?.Id ?? seed!.Id;
        var name = row?.Name ?? seed!.Name;
        var systemName = row is null ? seed!.SystemName : row.SystemName;
        var criteria = row is null ? seed!.Criteria : row.Criteria;
        AnswerJson.Fill(json, "id", ZohoJson.FormatId(id));
        AnswerJson.Fill(json, "name", name);
        AnswerJson.Fill(json, "display_value", name);
        AnswerJson.Fill(json, "system_name", systemName);
        AnswerJson.Fill(json, "category", systemName is null ? "created_by_me" : "public_views");
        json["default"] = isDefault;
        AnswerJson.Fill(json, "system_defined", systemName is not null);
        AnswerJson.Fill(json, "created_time", seed is null && row is not null ? AnswerJson.Time(row.CreatedTime) : null);
        AnswerJson.Fill(json, "modified_time", seed is null && row is not null ? AnswerJson.Time(row.ModifiedTime) : null);
        var creator = row is null ? AnswerJson.User(org.Administrator) : AnswerJson.Named(row.CreatedBy.Name, row.CreatedBy.Id);
        AnswerJson.Fill(json, "created_by", creator);
        AnswerJson.Fill(json, "modified_by", creator.DeepClone());
        AnswerJson.Fill(json, "module", AnswerJson.Minified(module));
        if (!json.ContainsKey("criteria"))
        {
            json["criteria"] = criteria is not null && CriteriaParser.Parse(module, criteria).Criteria is { } parsed ? Structured(parsed) : null;
        }
        var answer = AnswerJson.Complete(json, "view");
        // v2 to v3 name the sort field by api name alone, as their SDKs read it; v4 on as {"api_name","id"}.
        if (version.Major <= 3 && answer["sort_by"] is JsonObject sort) answer["sort_by"] = sort["api_name"]?.DeepClone();
        return answer;
    }

    /// <summary>The module's default view (Zoho's "All …", system name ALLVIEWS), from the org alone.</summary>
    public static JsonObject? DefaultOf(Org org, ModuleDefinition module) =>
        DefaultSeed(org, module) is { } seed ? Build(org, module, null, seed, true, new ApiVersion(8, 0)) : null;

    public static ViewSeed? DefaultSeed(Org org, ModuleDefinition module) =>
        org.Views.FirstOrDefault(v => v.Module == module.ApiName && v.SystemName == "ALLVIEWS")
        ?? org.Views.FirstOrDefault(v => v.Module == module.ApiName);

    public static JsonObject Info(int count, long? defaultView)
    {
        var info = AnswerJson.Info(count);
        info["default"] = defaultView is { } id ? ZohoJson.FormatId(id) : null;
        info["translation"] = new JsonObject
        {
            ["public_views"] = "Public Views", ["other_users_views"] = "Other Users' Views",
            ["shared_with_me"] = "Shared With Me", ["created_by_me"] = "Created By Me",
        };
        return info;
    }

    private static JsonNode? Structured(Criteria criteria)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer)) CriteriaJson.Write(writer, criteria);
        return JsonNode.Parse(buffer.WrittenSpan);
    }
}

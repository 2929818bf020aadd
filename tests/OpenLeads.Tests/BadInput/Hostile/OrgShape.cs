using System.Text.Json.Nodes;
using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.BadInput.Hostile;

/// <summary>A field as the server's own metadata answer describes it; generated bodies are built from these.</summary>
public sealed record FieldShape(string ApiName, string DataType, int? Length, IReadOnlyList<string> PickList, bool ReadOnly, bool MassUpdate)
{
    /// <summary>A client may set it; a wrong value for it is therefore always refused (a read-only key is ignored).</summary>
    public bool Writable => !ReadOnly && DataType is not ("profileimage" or "tag");
}

/// <summary>What the generator knows of the org under test: each module's fields, and the ids that exist.</summary>
public sealed record OrgShape(IReadOnlyDictionary<string, IReadOnlyList<FieldShape>> Modules, IReadOnlyList<string> RecordIds,
    IReadOnlyList<string> ViewIds)
{
    /// <summary>Ids that never exist: the demo org allocates record ids from 738964000003000001 upwards.</summary>
    public const string MissingIdPrefix = "7389640000099";

    public static async Task<OrgShape> ReadAsync(ZohoClient zoho, IReadOnlyList<string> modules, IReadOnlyList<string> recordIds)
    {
        var shapes = new Dictionary<string, IReadOnlyList<FieldShape>>();
        var views = new List<string>();
        foreach (var module in modules)
        {
            var fields = await zoho.GetAsync($"/crm/v2/settings/fields?module={module}");
            shapes[module] = [.. fields.Body!["fields"]!.AsArray().Select(f => new FieldShape(
                f!["api_name"]!.GetValue<string>(), f["data_type"]!.GetValue<string>(), f["length"]?.GetValue<int>(),
                [.. (f["pick_list_values"] as JsonArray ?? []).Select(p => p!["actual_value"]!.GetValue<string>())],
                f["read_only"]!.GetValue<bool>() || f["field_read_only"]!.GetValue<bool>(), f["mass_update"]!.GetValue<bool>()))];
            var listed = await zoho.GetAsync($"/crm/v2/settings/custom_views?module={module}");
            views.AddRange(listed.Body!["custom_views"]!.AsArray().Select(v => v!["id"]!.GetValue<string>()));
        }
        return new OrgShape(shapes, recordIds, views);
    }
}

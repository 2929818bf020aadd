using System.Globalization;
using OpenLeads.Server.Metadata;
using OpenLeads.Server.Storage;
using OpenLeads.Server.Zoho;

namespace OpenLeads.Server.Records;

/// <summary>
/// The query string of a record list: <c>page</c>, <c>per_page</c> (at most 200; more is capped
/// to 200), <c>sort_by</c>, <c>sort_order</c>, <c>fields</c> and <c>ids</c>.
/// </summary>
public static class ListQuery
{
    public const int MaxPerPage = 200;

    public static (RecordQuery? Query, IReadOnlySet<string>? Only, ZohoProblem? Problem) Parse(ModuleDefinition module, IQueryCollection query)
    {
        if (!TryPositive(query, "page", 1, out var page)) return (null, null, ZohoErrors.InvalidParam("page"));
        if (!TryPositive(query, "per_page", MaxPerPage, out var perPage)) return (null, null, ZohoErrors.InvalidParam("per_page"));
        perPage = Math.Min(perPage, MaxPerPage);

        FieldDefinition? sortBy = null;
        var sortName = query["sort_by"].ToString();
        if (sortName.Length > 0 && sortName != "id")
        {
            if (!module.TryGetField(sortName, out sortBy) || sortBy.Storage == FieldStorage.None
                || sortBy.Type is FieldType.MultiSelectPicklist || sortBy.IsReference)
            {
                return (null, null, ZohoErrors.InvalidParam("sort_by"));
            }
        }
        var order = query["sort_order"].ToString();
        if (order.Length > 0 && order is not ("asc" or "desc")) return (null, null, ZohoErrors.InvalidParam("sort_order"));

        HashSet<string>? only = null;
        var fields = query["fields"].ToString();
        if (fields.Length > 0)
        {
            only = [.. fields.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
            if (only.Any(name => name != "id" && !module.TryGetField(name, out _))) return (null, null, ZohoErrors.InvalidParam("fields"));
        }

        List<long>? ids = null;
        var idsText = query["ids"].ToString();
        if (idsText.Length > 0)
        {
            ids = [];
            foreach (var text in idsText.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (!RecordIds.TryParse(text, out var id)) return (null, null, ZohoErrors.InvalidParam("ids"));
                ids.Add(id);
            }
            if (ids.Count > RecordInput.MaxRecords) return (null, null, ZohoErrors.IdsParamLimitExceeded(RecordInput.MaxRecords));
        }

        // Zoho's default order is by id, newest first.
        var descending = order.Length == 0 || order == "desc";
        return (new RecordQuery(page, perPage, sortBy, descending, ids), only, null);
    }

    private static bool TryPositive(IQueryCollection query, string name, int fallback, out int value)
    {
        var text = query[name].ToString();
        value = fallback;
        return text.Length == 0 || (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value > 0);
    }
}

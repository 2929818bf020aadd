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

    /// <summary>Zoho v8 serves the first 2,000 records by <c>page</c>; past them only by <c>page_token</c>.</summary>
    public const int DiscretePagingLimit = 2000;

    /// <summary>
    /// v8's paging: a <c>page_token</c> (from the last page's <c>info.next_page_token</c>) says where the page starts, and
    /// <c>page</c> × <c>per_page</c> past <see cref="DiscretePagingLimit"/> without one is refused as Zoho refuses it.
    /// </summary>
    public static (RecordQuery? Query, ZohoProblem? Problem) V8Paging(RecordQuery query, IQueryCollection parameters)
    {
        var token = parameters["page_token"].ToString();
        if (token.Length == 0)
        {
            return (long)query.Page * query.PerPage > DiscretePagingLimit ? (null, ZohoErrors.DiscretePaginationLimitExceeded(DiscretePagingLimit)) : (query, null);
        }
        if (parameters["page"].ToString().Length > 0) return (null, ZohoErrors.Ambiguity(["page", "page_token"]));
        if (!PageTokens.TryRead(token, out var offset, out var afterId)) return (null, ZohoErrors.InvalidParam("page_token"));
        return (query with { Page = (int)Math.Min(offset / query.PerPage + 1, int.MaxValue), Offset = offset, AfterId = afterId }, null);
    }

    private static bool TryPositive(IQueryCollection query, string name, int fallback, out int value)
    {
        var text = query[name].ToString();
        value = fallback;
        return text.Length == 0 || (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value > 0);
    }
}

using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;

namespace OpenLeads.Client;

public sealed partial class ZohoCrmClient
{
    /// <summary>Most records Zoho takes in one insert, update or delete.</summary>
    public const int MaxRecordsPerWrite = 100;

    /// <summary>One record, or null when there is none with that id.</summary>
    public async Task<JsonObject?> GetRecordAsync(string module, string id, CancellationToken cancellationToken = default)
    {
        var answer = await SendAsync(HttpMethod.Get, CrmPath($"{module}/{Uri.EscapeDataString(id)}"), null, cancellationToken).ConfigureAwait(false);
        return (answer?["data"] as JsonArray)?.FirstOrDefault()?.DeepClone() as JsonObject;
    }

    /// <summary>Every record of the module (or of custom view <paramref name="cvid"/>), page after page as they are read.</summary>
    public IAsyncEnumerable<JsonObject> ListRecordsAsync(string module, string? cvid = null, int perPage = 200,
        CancellationToken cancellationToken = default) =>
        PagesAsync($"{module}?per_page={perPage}" + (cvid is null ? "" : $"&cvid={Uri.EscapeDataString(cvid)}"), cancellationToken);

    /// <summary>Every record matching Zoho search <paramref name="criteria"/>, e.g. <c>(City:equals:Berlin)</c>.</summary>
    public IAsyncEnumerable<JsonObject> SearchRecordsAsync(string module, string criteria, int perPage = 200,
        CancellationToken cancellationToken = default) =>
        PagesAsync($"{module}/search?criteria={Uri.EscapeDataString(criteria)}&per_page={perPage}", cancellationToken);

    private async IAsyncEnumerable<JsonObject> PagesAsync(string pathAndQuery, [EnumeratorCancellation] CancellationToken ct)
    {
        for (var page = 1; ; page++)
        {
            var answer = await SendAsync(HttpMethod.Get, CrmPath($"{pathAndQuery}&page={page}"), null, ct).ConfigureAwait(false);
            if (answer?["data"] is not JsonArray data) yield break;
            foreach (var record in data.OfType<JsonObject>()) yield return (JsonObject)record.DeepClone();
            if (answer["info"]?["more_records"]?.GetValue<bool>() != true) yield break;
        }
    }

    /// <summary>Inserts records, 100 per call; one outcome per record, in order (its <c>Id</c> is its position).</summary>
    public Task<IReadOnlyList<RecordOutcome>> InsertRecordsAsync(string module, IEnumerable<JsonObject> records,
        CancellationToken cancellationToken = default) =>
        WriteAsync(HttpMethod.Post, module, [.. records.Select((r, i) => (i.ToString(System.Globalization.CultureInfo.InvariantCulture), r))],
            cancellationToken);

    /// <summary>Updates records, each with its <c>id</c> and the fields to set, 100 per call; one outcome per record, in order.</summary>
    public Task<IReadOnlyList<RecordOutcome>> UpdateRecordsAsync(string module, IEnumerable<JsonObject> records,
        CancellationToken cancellationToken = default) =>
        WriteAsync(HttpMethod.Put, module, [.. records.Select(r => (r["id"]?.ToString() ?? "", r))], cancellationToken);

    /// <summary>Deletes records, 100 per call; one outcome per id, in order.</summary>
    public async Task<IReadOnlyList<RecordOutcome>> DeleteRecordsAsync(string module, IEnumerable<string> ids,
        CancellationToken cancellationToken = default)
    {
        var outcomes = new List<RecordOutcome>();
        foreach (var chunk in ids.Chunk(MaxRecordsPerWrite))
        {
            var path = CrmPath($"{module}?ids={string.Join(',', chunk.Select(Uri.EscapeDataString))}");
            outcomes.AddRange(Outcomes(await SendAsync(HttpMethod.Delete, path, null, cancellationToken).ConfigureAwait(false), chunk));
        }
        return outcomes;
    }

    private async Task<IReadOnlyList<RecordOutcome>> WriteAsync(HttpMethod method, string module, (string Id, JsonObject Record)[] records,
        CancellationToken ct)
    {
        var outcomes = new List<RecordOutcome>();
        foreach (var chunk in records.Chunk(MaxRecordsPerWrite))
        {
            var body = new JsonObject { ["data"] = new JsonArray([.. chunk.Select(c => c.Record.DeepClone())]) };
            var answer = await SendAsync(method, CrmPath(module), body, ct).ConfigureAwait(false);
            outcomes.AddRange(Outcomes(answer, [.. chunk.Select(c => c.Id)]));
        }
        return outcomes;
    }

    /// <summary>The module's fields (<c>GET /settings/fields</c>), as Zoho describes them.</summary>
    public async Task<JsonArray> GetFieldsAsync(string module, CancellationToken cancellationToken = default) =>
        (await SendAsync(HttpMethod.Get, CrmPath($"settings/fields?module={Uri.EscapeDataString(module)}"), null, cancellationToken)
            .ConfigureAwait(false))?["fields"]?.DeepClone() as JsonArray ?? [];

    /// <summary>The module's custom views (<c>GET /settings/custom_views</c>).</summary>
    public async Task<JsonArray> GetCustomViewsAsync(string module, CancellationToken cancellationToken = default) =>
        (await SendAsync(HttpMethod.Get, CrmPath($"settings/custom_views?module={Uri.EscapeDataString(module)}"), null, cancellationToken)
            .ConfigureAwait(false))?["custom_views"]?.DeepClone() as JsonArray ?? [];
}

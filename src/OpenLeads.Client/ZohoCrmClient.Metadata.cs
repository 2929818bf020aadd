using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpenLeads.Client;

public sealed partial class ZohoCrmClient
{
    /// <summary>
    /// A metadata answer as the server sent it, e.g. <c>settings/modules</c>, <c>org</c> or
    /// <c>settings/layouts?module=Leads</c>, of API <paramref name="version"/> whatever
    /// <see cref="ZohoCrmClientOptions.ApiVersion"/> says. Null when the server answers 204 (nothing there).
    /// </summary>
    public Task<JsonObject?> GetMetadataAsync(string pathAndQuery, string version = "v8", CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, $"/crm/{version}/{pathAndQuery}", null, cancellationToken);

    /// <summary>The org's modules (<c>GET /settings/modules</c>), those the API cannot reach included (see <see cref="ZohoModule.ApiSupported"/>).</summary>
    public async Task<IReadOnlyList<ZohoModule>> GetModulesAsync(CancellationToken cancellationToken = default)
    {
        var answer = await SendAsync(HttpMethod.Get, CrmPath("settings/modules"), null, cancellationToken).ConfigureAwait(false);
        return answer?["modules"]?.Deserialize(ClientJson.Default.ListZohoModule) ?? [];
    }

    /// <summary>The module's fields as typed values (<see cref="GetFieldsAsync"/> answers them as Zoho's JSON).</summary>
    /// <param name="module">The module's API name, e.g. <c>Deals</c>.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    public async Task<IReadOnlyList<ZohoField>> GetFieldDefinitionsAsync(string module, CancellationToken cancellationToken = default) =>
        (await GetFieldsAsync(module, cancellationToken).ConfigureAwait(false)).Deserialize(ClientJson.Default.ListZohoField) ?? [];
}

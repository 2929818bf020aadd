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
}

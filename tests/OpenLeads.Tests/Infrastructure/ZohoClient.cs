using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpenLeads.Tests.Infrastructure;

/// <summary>An HTTP answer: status, headers and the JSON body (null when there is none).</summary>
public sealed record ZohoResponse(HttpStatusCode Status, JsonNode? Body, HttpResponseMessage Message)
{
    public int Code => (int)Status;

    public JsonArray Data => Body!["data"]!.AsArray();

    public override string ToString() => $"{Code} {Body?.ToJsonString()}";
}

/// <summary>Sends Zoho API and control API calls to a test server over HTTP.</summary>
public sealed class ZohoClient(HttpClient http) : IDisposable
{
    public HttpClient Http => http;

    public async Task<ZohoResponse> SendAsync(HttpMethod method, string path, string? body = null, string? contentType = "application/json",
        AuthenticationHeaderValue? authorization = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = contentType is null ? null : MediaTypeHeaderValue.Parse(contentType);
        }
        if (authorization is not null) request.Headers.Authorization = authorization;
        var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new ZohoResponse(response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text), response);
    }

    /// <summary>Sends <paramref name="body"/> byte for byte (bytes a string could not hold: invalid UTF-8 and the like).</summary>
    public async Task<ZohoResponse> SendBytesAsync(HttpMethod method, string path, byte[] body, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new ZohoResponse(response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text), response);
    }

    public Task<ZohoResponse> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public Task<ZohoResponse> PostAsync(string path, object body) => SendAsync(HttpMethod.Post, path, Json(body));

    public Task<ZohoResponse> PutAsync(string path, object body) => SendAsync(HttpMethod.Put, path, Json(body));

    public Task<ZohoResponse> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path);

    public Task<ZohoResponse> MassUpdateAsync(object body, string version = "v2") => PostAsync($"/crm/{version}/Leads/actions/mass_update", body);

    /// <summary>Generated Leads through the control API; returns their ids.</summary>
    public async Task<string[]> SeedLeadsAsync(int count)
    {
        var response = await PostAsync("/__admin/seed", new { module = "Leads", count, seed = 7 });
        Assert.Equal(HttpStatusCode.OK, response.Status);
        return [.. response.Body!["ids"]!.AsArray().Select(id => id!.GetValue<string>())];
    }

    public async Task SetStateAsync(string id, string approval = "approved", string? lockAction = null)
    {
        var response = await PutAsync($"/__admin/records/Leads/{id}/state", new { approval, lock_action = lockAction });
        Assert.Equal(HttpStatusCode.OK, response.Status);
    }

    public async Task<string> MintTokenAsync(string[] scopes, long expiresIn = 3600)
    {
        var response = await PostAsync("/__admin/tokens", new { scopes, expires_in = expiresIn });
        Assert.Equal(HttpStatusCode.OK, response.Status);
        return response.Body!["access_token"]!.GetValue<string>();
    }

    public async Task<JsonObject> GetLeadAsync(string id)
    {
        var response = await GetAsync($"/crm/v2/Leads/{id}");
        Assert.Equal(HttpStatusCode.OK, response.Status);
        return response.Data[0]!.AsObject();
    }

    /// <summary>The whole stored state of these Leads as JSON text, to show that a refused request changed nothing.</summary>
    public async Task<string> SnapshotAsync(params string[] ids)
    {
        var response = await GetAsync($"/crm/v2/Leads?ids={string.Join(',', ids)}&per_page=200");
        return response.Body?.ToJsonString() ?? "";
    }

    public static string Json(object body) => body as string ?? JsonSerializer.Serialize(body);

    public void Dispose() => http.Dispose();
}

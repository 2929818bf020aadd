using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpenLeads.Tests.Infrastructure;

/// <summary>Whole-response assertions: the HTTP status and the JSON body a client sees, key order aside.</summary>
public static class ResponseAssert
{
    /// <summary>Status and body equal <paramref name="status"/> and <paramref name="json"/>; a failure shows both in full.</summary>
    public static void Is(int status, string json, ZohoResponse actual) =>
        Assert.Equal($"{status} {Canonical(JsonNode.Parse(json))}", $"{actual.Code} {Canonical(actual.Body)}");

    /// <summary>Zoho's request-level error: a bare <c>{code, details, message, status:"error"}</c> object.</summary>
    public static void IsError(int status, string code, string message, string details, ZohoResponse actual) =>
        Is(status, $$"""{"code":"{{code}}","details":{{details}},"message":"{{message}}","status":"error"}""", actual);

    /// <summary>The answer is <paramref name="status"/>, Zoho's JSON content type, and exactly <paramref name="json"/>.</summary>
    public static void Answer(int status, string json, ZohoResponse actual)
    {
        Is(status, json, actual);
        IsZohoJson(actual);
    }

    /// <summary>204 with no body at all.</summary>
    public static void NoContent(ZohoResponse actual)
    {
        Assert.True(actual.Code == 204, $"expected HTTP 204, got {actual}");
        Assert.Null(actual.Body);
    }

    /// <summary>The keys of a JSON object, sorted.</summary>
    public static string[] Keys(JsonNode? node) => [.. node!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal)];

    /// <summary>Every Zoho reply says <c>application/json;charset=utf-8</c>.</summary>
    public static void IsZohoJson(ZohoResponse actual)
    {
        MediaTypeHeaderValue? type = actual.Message.Content.Headers.ContentType;
        Assert.Equal("application/json", type?.MediaType);
        Assert.Equal("utf-8", type?.CharSet);
    }

    /// <summary>JSON text with object keys sorted, so that two documents compare as text.</summary>
    public static string Canonical(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject o => "{" + string.Join(",", o.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => JsonSerializer.Serialize(p.Key) + ":" + Canonical(p.Value))) + "}",
        JsonArray a => "[" + string.Join(",", a.Select(Canonical)) + "]",
        _ => node.ToJsonString(),
    };
}

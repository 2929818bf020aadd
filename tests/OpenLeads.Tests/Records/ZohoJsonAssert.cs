using System.Text.Json.Nodes;
using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.Records;

/// <summary>Whole-answer assertions: HTTP status, JSON content type and the body, key order aside.</summary>
internal static class ZohoJsonAssert
{
    /// <summary>The answer is <paramref name="status"/> with exactly <paramref name="expectedJson"/> as its body.</summary>
    public static void Answer(int status, string expectedJson, ZohoResponse actual)
    {
        Assert.True(status == actual.Code, $"expected HTTP {status}, got {actual}");
        Assert.Equal("application/json", actual.Message.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Canonical(JsonNode.Parse(expectedJson)), Canonical(actual.Body));
    }

    /// <summary>204 with no body at all.</summary>
    public static void NoContent(ZohoResponse actual)
    {
        Assert.True(actual.Code == 204, $"expected HTTP 204, got {actual}");
        Assert.Null(actual.Body);
    }

    /// <summary>The keys of a JSON object, sorted.</summary>
    public static string[] Keys(JsonNode? node) => [.. node!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal)];

    /// <summary>JSON text with object keys sorted at every level, so that two answers compare as text.</summary>
    public static string Canonical(JsonNode? node) => Sorted(node)?.ToJsonString() ?? "null";

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray a => new JsonArray([.. a.Select(Sorted)]),
        null => null,
        _ => node.DeepClone(),
    };
}

using System.Text.Json.Nodes;

namespace OpenLeads.Tests.Infrastructure;

/// <summary>One request/response pair the seed recorded from Zoho (Fixtures/mass_update.postman.json).</summary>
public sealed record RecordedCase(string Name, string Method, string? Body, int Status, JsonNode ResponseBody)
{
    public override string ToString() => Name;
}

public static class RecordedCases
{
    private static readonly Lazy<IReadOnlyDictionary<string, RecordedCase>> All = new(Load);

    public static RecordedCase Get(string name) => All.Value[name];

    public static IEnumerable<string> Names => All.Value.Keys;

    private static IReadOnlyDictionary<string, RecordedCase> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "mass_update.postman.json");
        var item = JsonNode.Parse(File.ReadAllText(path))!;
        return item["response"]!.AsArray().Select(r => new RecordedCase(
                r!["name"]!.GetValue<string>(),
                r["originalRequest"]!["method"]!.GetValue<string>(),
                r["originalRequest"]!["body"]?["raw"]?.GetValue<string>(),
                r["code"]!.GetValue<int>(),
                JsonNode.Parse(r["body"]!.GetValue<string>())!))
            .ToDictionary(c => c.Name);
    }

    /// <summary>
    /// Asserts that an answer has the recorded shape: HTTP status, envelope (bare object or a
    /// <c>data</c> array of the same length), and for each object the same code, message and
    /// status and the same details keys, nested objects included.
    /// </summary>
    public static void AssertSameShape(RecordedCase recorded, ZohoResponse actual)
    {
        Assert.Equal(recorded.Status, actual.Code);
        var expected = recorded.ResponseBody;
        Assert.NotNull(actual.Body);
        Assert.Equal(Keys(expected), Keys(actual.Body));
        if (expected["data"] is JsonArray expectedData)
        {
            var actualData = actual.Data;
            Assert.Equal(expectedData.Count, actualData.Count);
            for (var i = 0; i < expectedData.Count; i++) AssertSameStatus(expectedData[i]!, actualData[i]!);
        }
        else
        {
            AssertSameStatus(expected, actual.Body);
        }
    }

    private static void AssertSameStatus(JsonNode expected, JsonNode actual)
    {
        Assert.Equal(Keys(expected), Keys(actual));
        Assert.Equal(expected["code"]!.GetValue<string>(), actual["code"]!.GetValue<string>());
        Assert.Equal(expected["message"]!.GetValue<string>(), actual["message"]!.GetValue<string>());
        Assert.Equal(expected["status"]!.GetValue<string>(), actual["status"]!.GetValue<string>());
        AssertSameKeys(expected["details"]!, actual["details"]!);
    }

    private static void AssertSameKeys(JsonNode expected, JsonNode actual)
    {
        Assert.Equal(Keys(expected), Keys(actual));
        foreach (var (key, value) in expected.AsObject())
        {
            if (value is JsonObject) AssertSameKeys(value, actual[key]!);
        }
    }

    private static string[] Keys(JsonNode node) => [.. node.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal)];
}

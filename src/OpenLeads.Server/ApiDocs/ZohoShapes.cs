using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace OpenLeads.Server.ApiDocs;

/// <summary>
/// Zoho's request and answer shapes of the operations whose handlers read and write JSON by hand (so that the generator
/// cannot see them): zoho_shapes.json, an OpenAPI fragment compiled into the server, whose operations replace the
/// generated ones' bodies and answers and whose components join the document's.
/// </summary>
public sealed partial class ZohoShapes(OpenApiDocument shapes)
{
    private const string Resource = "zoho_shapes.json";

    public static ZohoShapes Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(Resource)
                           ?? throw new InvalidOperationException($"The server was built without {Resource}.");
        using var reader = new StreamReader(stream);
        var result = OpenApiDocument.Parse(reader.ReadToEnd(), OpenApiConstants.Json);
        if (result.Document is null || result.Diagnostic?.Errors.Count > 0)
        {
            throw new InvalidOperationException($"{Resource} is no OpenAPI document: {string.Join("; ", result.Diagnostic?.Errors.Select(e => e.ToString()) ?? [])}");
        }
        return new ZohoShapes(result.Document);
    }

    public OpenApiComponents Components => shapes.Components!;

    /// <summary>Every (path, method) the fragment describes, so that the document can be checked to have each.</summary>
    public IEnumerable<(string Path, HttpMethod Method)> Operations =>
        shapes.Paths.SelectMany(p => p.Value.Operations!.Keys.Select(m => (p.Key, m)));

    /// <summary>Zoho's shape of <paramref name="method"/> <paramref name="path"/> (the document's path, <c>{name}</c> without constraints).</summary>
    public OpenApiOperation? Find(string path, HttpMethod method) =>
        shapes.Paths.TryGetValue(path, out var item) && item.Operations!.TryGetValue(method, out var operation) ? operation : null;

    /// <summary>A route pattern as the document names it: <c>/crm/{version}/…</c>, without constraints or optional marks.</summary>
    public static string PathOf(string? relativePath) => "/" + Parameter().Replace(relativePath ?? "", "{$1}");

    [GeneratedRegex(@"\{\*{0,2}(\w+)[^}]*\}")]
    private static partial Regex Parameter();
}

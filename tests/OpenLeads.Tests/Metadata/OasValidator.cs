using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace OpenLeads.Tests.Metadata;

/// <summary>
/// Zoho's OpenAPI files for API v8 (bundled under Fixtures/zoho-crm-oas-v8, with <see cref="OasRepairs"/>
/// applied) and a validator for the schema keywords they use: type, nullable, properties, required,
/// items, enum, oneOf, format, pattern, maxLength and $ref (within a file, and across files by Zoho's
/// raw.githubusercontent.com address, mapped to the bundled file). Every violation is reported with its JSON path.
/// <see cref="Of"/> validates against any other document the same way (OpenLeads' own, in OpenApiDocumentTests).
/// </summary>
public sealed class ZohoOas
{
    private const string RemoteBase = "https://raw.githubusercontent.com/Zohocorp-Pvt-Ltd/crm-oas/refs/heads/main/v8.0/";

    private readonly Dictionary<string, JsonObject> _files;

    private ZohoOas(Dictionary<string, JsonObject> files) => _files = files;

    public static ZohoOas Bundled { get; } = Load(Path.Combine(AppContext.BaseDirectory, "Fixtures", "zoho-crm-oas-v8"), OasRepairs.All);

    /// <summary>One document on its own (OpenLeads' /openapi/v1.json), named <paramref name="name"/> in <see cref="Validate"/>.</summary>
    public static ZohoOas Of(string name, JsonObject document) => new(new Dictionary<string, JsonObject> { [name] = document });

    public static ZohoOas Load(string folder, IEnumerable<OasRepair> repairs)
    {
        var files = Directory.GetFiles(folder, "*.json").ToDictionary(f => Path.GetFileName(f), f => (JsonObject)JsonNode.Parse(File.ReadAllText(f))!);
        foreach (var repair in repairs) repair.ApplyTo(files);
        return new ZohoOas(files);
    }

    /// <summary>The schema of the answer a path gives with that status: (file, schema).</summary>
    public (string File, JsonNode Schema) Response(string file, string path, string method, int status)
    {
        var response = _files[file]["paths"]?[path]?[method]?["responses"]?[status.ToString(CultureInfo.InvariantCulture)]
            ?? throw new ArgumentException($"{file} has no {method} {path} answer {status}.");
        var (responseFile, resolved) = Resolve(file, response);
        var schema = resolved["content"]?["application/json"]?["schema"] ?? throw new ArgumentException($"{method} {path} {status} has no JSON schema.");
        return (responseFile, schema);
    }

    /// <summary>Every way <paramref name="value"/> breaks the answer's schema, each as "JSON path: problem".</summary>
    public IReadOnlyList<string> Validate(JsonNode? value, string file, string path, string method = "get", int status = 200)
    {
        var (schemaFile, schema) = Response(file, path, method, status);
        var violations = new List<string>();
        Check(value, schemaFile, schema, "$", violations);
        return violations;
    }

    private (string File, JsonNode Node) Resolve(string file, JsonNode node)
    {
        while (node["$ref"]?.GetValue<string>() is { } reference)
        {
            var hash = reference.IndexOf('#', StringComparison.Ordinal);
            var target = reference[..hash];
            if (target.Length > 0)
            {
                file = target.StartsWith(RemoteBase, StringComparison.Ordinal) ? target[RemoteBase.Length..]
                    : throw new InvalidOperationException($"A reference the bundle cannot follow: {reference}");
            }
            JsonNode? resolved = _files.TryGetValue(file, out var document) ? document : throw new InvalidOperationException($"No bundled file {file}.");
            foreach (var part in reference[(hash + 2)..].Split('/')) resolved = resolved?[part.Replace("~1", "/").Replace("~0", "~")];
            node = resolved ?? throw new InvalidOperationException($"{reference} resolves to nothing.");
        }
        return (file, node);
    }

    private void Check(JsonNode? value, string file, JsonNode schema, string at, List<string> violations)
    {
        if (value is null && schema["nullable"]?.GetValue<bool>() == true) return;
        (file, schema) = Resolve(file, schema);
        if (value is null)
        {
            var nullType = schema["type"] is JsonArray named && named.Any(t => t!.GetValue<string>() == "null");
            if (schema["nullable"]?.GetValue<bool>() != true && !nullType) violations.Add($"{at}: null, but the schema is not nullable");
            return;
        }
        if (schema["oneOf"] is JsonArray options)
        {
            var results = options.Select(o => { var v = new List<string>(); Check(value, file, o!, at, v); return v; }).ToList();
            var matching = results.Count(r => r.Count == 0);
            if (matching == 1) return;
            if (matching == 0) violations.AddRange(results.Count == 1 ? results[0] : results.MinBy(r => r.Count)!.Prepend($"{at}: matches none of the {results.Count} oneOf schemas; nearest:"));
            else violations.Add($"{at}: matches {matching} of the oneOf schemas, not one");
            return;
        }
        // OpenAPI 3.1 may name several types (["string", "null"]); the value needs one of them.
        var type = schema["type"] is JsonArray types ? string.Join(" or ", types.Select(t => t!.GetValue<string>()))
            : schema["type"]?.GetValue<string>() ?? (schema["properties"] is not null ? "object" : schema["items"] is not null ? "array" : null);
        if (type is not null && !type.Split(" or ").Any(t => HasType(value, t)))
        {
            violations.Add($"{at}: {Kind(value)} where the schema says {type}");
            return;
        }
        if (schema["enum"] is JsonArray allowed && !allowed.Any(a => JsonNode.DeepEquals(a, value)))
        {
            violations.Add($"{at}: {value.ToJsonString()} is not one of {allowed.ToJsonString()}");
        }
        if (value is JsonValue text && text.GetValueKind() == JsonValueKind.String) CheckString(text.GetValue<string>(), schema, at, violations);
        if (schema["format"]?.GetValue<string>() == "int32" && value is JsonValue number && !number.TryGetValue<int>(out _)
            && number.GetValueKind() == JsonValueKind.Number)
        {
            violations.Add($"{at}: {number.ToJsonString()} is not an int32");
        }
        if (value is JsonObject obj)
        {
            foreach (var key in (schema["required"] as JsonArray ?? []).Select(k => k!.GetValue<string>()))
            {
                if (!obj.ContainsKey(key)) violations.Add($"{at}: lacks the required key \"{key}\"");
            }
            if (schema["properties"] is JsonObject properties)
            {
                foreach (var (key, child) in obj)
                {
                    if (properties[key] is { } property) Check(child, file, property, $"{at}.{key}", violations);
                }
            }
        }
        if (value is JsonArray array && schema["items"] is { } items)
        {
            for (var i = 0; i < array.Count; i++) Check(array[i], file, items, $"{at}[{i}]", violations);
        }
    }

    private static void CheckString(string text, JsonNode schema, string at, List<string> violations)
    {
        var format = schema["format"]?.GetValue<string>();
        if (format == "date-time" && !Regex.IsMatch(text, @"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$"))
        {
            violations.Add($"{at}: \"{text}\" is not a date-time");
        }
        if (format == "date" && !Regex.IsMatch(text, @"^\d{4}-\d{2}-\d{2}$")) violations.Add($"{at}: \"{text}\" is not a date");
        if (schema["pattern"]?.GetValue<string>() is { } pattern && !Regex.IsMatch(text, pattern)) violations.Add($"{at}: \"{text}\" does not match {pattern}");
        if (schema["maxLength"]?.GetValue<int>() is { } max && text.Length > max) violations.Add($"{at}: longer than {max}");
    }

    private static bool HasType(JsonNode value, string type) => type switch
    {
        "object" => value is JsonObject,
        "array" => value is JsonArray,
        "string" => value is JsonValue v && v.GetValueKind() == JsonValueKind.String,
        "boolean" => value is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False,
        "integer" => value is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<decimal>(out var d) && d == decimal.Truncate(d),
        "number" => value is JsonValue v && v.GetValueKind() == JsonValueKind.Number,
        "null" => false, // a null value was decided above
        _ => throw new InvalidOperationException($"The bundled files use a type this validator does not know: {type}"),
    };

    private static string Kind(JsonNode value) => value switch
    {
        JsonObject => "an object",
        JsonArray => "an array",
        JsonValue v => v.GetValueKind().ToString().ToLowerInvariant(),
        _ => "?",
    };
}

using System.Reflection;

namespace OpenLeads.Server.WebConsole;

/// <summary>
/// The web console at <c>/</c> (every module of the org, picked from <c>/settings/modules</c>): index.html
/// and the ES modules and style sheet under <c>/console/</c>,
/// every file of <c>assets/</c> compiled into the server (so the run command serves them from
/// wherever it runs). The console is a client of the public <c>/crm</c> API with the token its user
/// pastes; it has no other access. Its answers forbid framing and any script or style that is not
/// one of these files.
/// </summary>
public static class ConsoleApi
{
    private const string Policy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private const string ResourcePrefix = "OpenLeads.Server.WebConsole.assets.";

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.Ordinal)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
    };

    public static IEndpointRouteBuilder MapConsole(this IEndpointRouteBuilder app)
    {
        var assembly = Assembly.GetExecutingAssembly();
        foreach (var resource in assembly.GetManifestResourceNames().Where(r => r.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            var name = resource[ResourcePrefix.Length..];
            var path = name == "index.html" ? "/" : $"/console/{name}";
            var contentType = ContentTypes.TryGetValue(Path.GetExtension(name), out var type) ? type
                : throw new InvalidOperationException($"The console file {name} has no known content type.");
            var content = Read(assembly, resource);
            app.MapGet(path, (HttpContext http) =>
            {
                var headers = http.Response.Headers;
                headers.ContentSecurityPolicy = Policy;
                headers.XFrameOptions = "DENY";
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                headers.CacheControl = "no-cache";
                return Results.Bytes(content, contentType);
            }).AllowAnonymous().ExcludeFromDescription();
        }
        return app;
    }

    private static byte[] Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }
}

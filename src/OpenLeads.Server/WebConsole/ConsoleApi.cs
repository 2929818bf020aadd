using System.Reflection;

namespace OpenLeads.Server.WebConsole;

/// <summary>
/// The web console at <c>/</c>: three static files compiled into the server (so the run command
/// serves them from wherever it runs). The console is a client of the public <c>/crm</c> API with
/// the token its user pastes; it has no other access. Its answers forbid framing and any script
/// or style that is not one of these files.
/// </summary>
public static class ConsoleApi
{
    private const string Policy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private static readonly (string Path, string Resource, string ContentType)[] Files =
    [
        ("/", "index.html", "text/html; charset=utf-8"),
        ("/console/console.js", "console.js", "text/javascript; charset=utf-8"),
        ("/console/console.css", "console.css", "text/css; charset=utf-8"),
    ];

    public static IEndpointRouteBuilder MapConsole(this IEndpointRouteBuilder app)
    {
        foreach (var (path, resource, contentType) in Files)
        {
            var content = Read(resource);
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

    private static byte[] Read(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"OpenLeads.Server.WebConsole.assets.{name}")
            ?? throw new InvalidOperationException($"The console file {name} is not compiled into the server.");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }
}

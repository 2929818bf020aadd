using Scalar.AspNetCore;

namespace OpenLeads.Server.ApiDocs;

/// <summary>
/// The OpenAPI document of every route the server serves, at <see cref="DocumentPath"/> (Microsoft.AspNetCore.OpenApi,
/// completed by <see cref="ApiDocsDocument"/> and <see cref="ApiDocsOperations"/>), and its reference page at
/// <see cref="PagePath"/> (Scalar, whose script is compiled into its package: the page needs no internet).
/// Both need no token and hold no secret; <c>OpenLeads:ApiDocs:Enabled</c> turns them on or off
/// (off, both paths are unknown URLs again).
/// </summary>
public static class ApiDocsApi
{
    public const string DocumentName = "v1";
    public const string DocumentPath = "/openapi/v1.json";
    public const string PagePath = "/docs";

    public static IServiceCollection AddApiDocs(this IServiceCollection services, bool on)
    {
        if (!on) return services;
        services.AddSingleton(_ => ZohoShapes.Load());                       // read at the first request for the document, not at start
        return services.AddOpenApi(DocumentName, options =>
        {
            options.AddOperationTransformer<ApiDocsOperations>();
            options.AddDocumentTransformer<ApiDocsDocument>();
        });
    }

    public static IEndpointRouteBuilder MapApiDocs(this IEndpointRouteBuilder app, bool on)
    {
        if (!on) return app;
        app.MapOpenApi(DocumentPath).AllowAnonymous();
        app.MapScalarApiReference(PagePath, options => options
            .WithTitle("OpenLeads API reference")
            .WithOpenApiRoutePattern(DocumentPath)
            .DisableDefaultFonts()            // the fonts would come from a CDN; the page works offline without them
            .DisableTelemetry()
            .DisableAgent()                   // Scalar's AI chat talks to Scalar's servers
            .DisableMcp()
            .HideDeveloperTools()             // its buttons (share, generate an SDK, deploy) are Scalar's online services
            .AddPreferredSecuritySchemes(ApiDocsDocument.ZohoScheme)).AllowAnonymous();
        return app;
    }
}

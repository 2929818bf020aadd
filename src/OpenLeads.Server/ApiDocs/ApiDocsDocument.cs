using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using OpenLeads.Server.Admin;
using OpenLeads.Server.Hosting;
using OpenLeads.Server.Metrics;
using OpenLeads.Server.Zoho;

namespace OpenLeads.Server.ApiDocs;

/// <summary>
/// The document as a whole: what it is, its tags (the Zoho surface, the OpenLeads extensions, the control API, health),
/// the two ways to authenticate, Zoho's shapes, the routes the generator does not see (health checks, Prometheus),
/// and the mass update's example filled with three real Leads of this database, so that "Try it" works as it stands.
/// </summary>
public sealed class ApiDocsDocument(ZohoShapes shapes, OpenLeadsSettings settings, StartupTasks startup) : IOpenApiDocumentTransformer
{
    public const string ZohoScheme = "Zoho-oauthtoken";
    public const string AdminScheme = "X-OpenLeads-Admin-Key";

    public const string ZohoTag = "Zoho CRM API";
    public const string ExtensionsTag = "OpenLeads extensions";
    public const string ControlTag = "Control API (OpenLeads only)";
    public const string HealthTag = "Health";

    public static readonly OpenApiTag Zoho = new()
    {
        Name = ZohoTag,
        Description = "Zoho CRM's REST API (`/crm/{version}/…`) and its accounts server's token endpoint (`/oauth/v2/token`), " +
                      "in Zoho's request and answer shapes; a Zoho client or SDK calls these unchanged.",
    };

    public static readonly OpenApiTag Extensions = new()
    {
        Name = ExtensionsTag,
        Description = "`/openleads/v1/…`: what OpenLeads adds beside Zoho's API (operations and their undo). No Zoho client calls these.",
    };

    public static readonly OpenApiTag Control = new()
    {
        Name = ControlTag,
        Description = "`/__admin/…`: for tests and demos (reset, seed, tokens, faults, snapshots, the request journal). Mapped only when " +
                      "`OpenLeads:Admin:Key` is set; every call sends it as `X-OpenLeads-Admin-Key`. Zoho has nothing like it.",
    };

    public static readonly OpenApiTag Health = new()
    {
        Name = HealthTag,
        Description = "Liveness and metrics for operators; no token.",
    };

    public static string TagOf(string path) =>
        path.StartsWith("/openleads/", StringComparison.Ordinal) ? ExtensionsTag
        : path.StartsWith("/__admin/", StringComparison.Ordinal) ? ControlTag
        : path.StartsWith("/crm/", StringComparison.Ordinal) || path.StartsWith("/oauth/", StringComparison.Ordinal) ? ZohoTag
        : HealthTag;

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        var version = typeof(ApiDocsDocument).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "";
        document.Info = new OpenApiInfo
        {
            Title = "OpenLeads",
            Version = version.Split('+')[0],
            Description = "A self-hosted stand-in for Zoho CRM's REST API. Calls to the Zoho CRM API need a Zoho token: the server prints " +
                          "its development token when it starts (`OpenLeads:Auth:DevToken`); give it as a bearer token here (the server also " +
                          "takes `Authorization: Zoho-oauthtoken TOKEN`, as Zoho does). This document and its page need no token.",
        };
        document.Tags = new HashSet<OpenApiTag> { Zoho, Extensions, Control, Health };

        var components = document.Components ??= new OpenApiComponents();
        components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        components.SecuritySchemes[ZohoScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "`Authorization: Zoho-oauthtoken TOKEN` (Zoho's form) or `Authorization: Bearer TOKEN`: the development token, " +
                          "one from `POST /oauth/v2/token`, or one the control API mints.",
        };
        if (settings.Admin.Enabled)
        {
            components.SecuritySchemes[AdminScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = AdminApi.KeyHeader,
                Description = "The value of `OpenLeads:Admin:Key`.",
            };
        }
        components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        foreach (var (name, schema) in shapes.Components.Schemas ?? new Dictionary<string, IOpenApiSchema>()) components.Schemas[name] = schema;
        components.Responses ??= new Dictionary<string, IOpenApiResponse>();
        foreach (var (name, response) in shapes.Components.Responses ?? new Dictionary<string, IOpenApiResponse>()) components.Responses[name] = response;
        components.Parameters ??= new Dictionary<string, IOpenApiParameter>();
        foreach (var (name, parameter) in shapes.Components.Parameters ?? new Dictionary<string, IOpenApiParameter>()) components.Parameters[name] = parameter;

        document.Paths.Add("/health", Probe(document, "Health check", "The storage answers: `Healthy` (200), else `Unhealthy` (503).", "Healthy"));
        if (settings.Metrics.Prometheus)
        {
            document.Paths.Add(MetricsRegistration.PrometheusPath, Probe(document, "Metrics",
                "OpenTelemetry metrics in Prometheus's text format (`OpenLeads:Metrics:Prometheus`).", "# TYPE …"));
        }
        FillMassUpdateExample(document);
        return Task.CompletedTask;
    }

    private static OpenApiPathItem Probe(OpenApiDocument document, string summary, string description, string example) => new()
    {
        Operations = new Dictionary<HttpMethod, OpenApiOperation>
        {
            [HttpMethod.Get] = new()
            {
                Summary = summary,
                Description = description,
                Tags = new HashSet<OpenApiTagReference> { new(HealthTag, document) },
                Responses = new OpenApiResponses
                {
                    ["200"] = new OpenApiResponse
                    {
                        Description = "OK",
                        Content = new Dictionary<string, OpenApiMediaType>
                        {
                            ["text/plain"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String }, Example = example },
                        },
                    },
                    ["503"] = new OpenApiResponse { Description = "Unhealthy." },
                },
            },
        },
    };

    /// <summary>The example's ids: three Leads of this database (the ones the start-up banner's curl updates), when there are any.</summary>
    private void FillMassUpdateExample(OpenApiDocument document)
    {
        if (startup.SampleIds.Count == 0) return;
        var massUpdate = document.Paths.TryGetValue("/crm/{version}/{module}/actions/mass_update", out var item)
                         && item.Operations!.TryGetValue(HttpMethod.Post, out var post) ? post : null;
        if (massUpdate?.RequestBody?.Content?.TryGetValue("application/json", out var body) != true || body!.Example is not JsonObject example) return;
        var filled = (JsonObject)example.DeepClone();
        filled["ids"] = new JsonArray([.. startup.SampleIds.Select(id => (JsonNode)ZohoJson.FormatId(id))]);
        // A new body: the one from zoho_shapes.json is shared by every request's document.
        massUpdate.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = body.Schema, Example = filled } },
        };
    }
}

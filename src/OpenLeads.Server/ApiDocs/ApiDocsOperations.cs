using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using OpenLeads.Server.Admin;
using OpenLeads.Server.Auth;

namespace OpenLeads.Server.ApiDocs;

/// <summary>
/// What the generator cannot know of an operation: its tag (by path), what it needs (a Zoho token and its scope, read
/// from the endpoint's own authorization metadata, or the admin key), Zoho's shapes where <see cref="ZohoShapes"/> has them,
/// and Zoho's error envelope as every other answer of the Zoho surface and the extensions.
/// </summary>
public sealed partial class ApiDocsOperations(ZohoShapes shapes) : IOpenApiOperationTransformer
{
    /// <summary>The versions the <c>{version}</c> route constraint admits (<see cref="Zoho.ApiVersion.IsServed"/>).</summary>
    private static readonly string[] Versions = ["v2", "v2.1", "v3", "v4", "v5", "v6", "v7", "v8"];

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var document = context.Document!;
        var description = context.Description;
        var path = ZohoShapes.PathOf(description.RelativePath);
        var metadata = description.ActionDescriptor.EndpointMetadata;
        var tag = ApiDocsDocument.TagOf(path);
        operation.Tags = new HashSet<OpenApiTagReference> { new(tag, document) };
        operation.Summary ??= metadata.OfType<MethodInfo>().FirstOrDefault() is { } handler ? Words(handler.Name) : null;
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? []) Describe(parameter);

        if (shapes.Find(path, new HttpMethod(description.HttpMethod!)) is { } shape)
        {
            operation.Summary = shape.Summary;
            operation.Description = shape.Description;
            operation.RequestBody = shape.RequestBody ?? operation.RequestBody;
            operation.Responses = shape.Responses;
            foreach (var parameter in shape.Parameters ?? []) (operation.Parameters ??= []).Add(parameter);
        }

        var responses = operation.Responses ??= [];
        var scope = metadata.OfType<AuthorizationPolicy>().SelectMany(p => p.Requirements).OfType<ZohoScopeRequirement>().FirstOrDefault();
        var tokenNeeded = metadata.OfType<IAllowAnonymous>().Any() is false
                          && (metadata.OfType<AuthorizationPolicy>().Any() || metadata.OfType<IAuthorizeData>().Any());
        if (tag == ApiDocsDocument.ControlTag)
        {
            operation.Security = [new() { [new OpenApiSecuritySchemeReference(ApiDocsDocument.AdminScheme, document)] = [] }];
            responses.TryAdd("401", ErrorResponse(document, $"`{AdminApi.KeyHeader}` is missing or wrong."));
        }
        else if (tokenNeeded)
        {
            operation.Security = [new() { [new OpenApiSecuritySchemeReference(ApiDocsDocument.ZohoScheme, document)] = [] }];
            operation.Description = string.Join("\n\n", new[] { operation.Description,
                scope is null ? "Needs a Zoho token." : $"Needs a Zoho token with the scope `{scope}` (or a broader one: `ALL`, `WRITE`, no module)." }
                .Where(s => !string.IsNullOrEmpty(s)));
            responses.TryAdd("401", ErrorResponse(document, "AUTHENTICATION_FAILURE (no token or an unknown one), INVALID_TOKEN (expired) or OAUTH_SCOPE_MISMATCH."));
        }
        if (tag != ApiDocsDocument.HealthTag) responses.TryAdd("default", ErrorResponse(document, "Zoho's error envelope, from the one catalogue of codes."));
        return Task.CompletedTask;
    }

    // A response of its own rather than a reference with its description overridden, which Scalar shows as the referenced one's.
    private static OpenApiResponse ErrorResponse(OpenApiDocument document, string description) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = new OpenApiSchemaReference("ZohoError", document) } },
    };

    private static void Describe(OpenApiParameter parameter)
    {
        switch (parameter.Name)
        {
            case "version":
                parameter.Description = "Zoho's API version. The versions answer alike except where Zoho changed behaviour in v8.";
                parameter.Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    Enum = [.. Versions.Select(v => (JsonNode)v)],
                    Default = "v8",
                };
                break;
            case "module":
                parameter.Description = "A module's API name, as `GET /crm/{version}/settings/modules` lists them.";
                parameter.Example = "Leads";
                break;
        }
    }

    /// <summary>A handler's name as a summary: <c>UpdateMany</c> → "Update many".</summary>
    private static string Words(string name) => UpperCase().Replace(name, m => " " + m.Value.ToLowerInvariant());

    [GeneratedRegex("(?<!^)[A-Z]")]
    private static partial Regex UpperCase();
}

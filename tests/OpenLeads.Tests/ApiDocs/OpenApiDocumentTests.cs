using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using OpenLeads.Tests.Infrastructure;
using OpenLeads.Tests.Metadata;

namespace OpenLeads.Tests.ApiDocs;

/// <summary>
/// /openapi/v1.json against the server that serves it: every route the server maps is in it, what it says needs a
/// credential refuses a call without one, and real answers fit its own schemas; so the document cannot drift from the code.
/// </summary>
public sealed partial class OpenApiDocumentTests() : ServerTest(new Dictionary<string, string?> { ["OpenLeads:Metrics:Prometheus"] = "true" })
{
    private const string AllLeads = "738964000000087501";

    private async Task<(string Text, JsonObject Json)> DocumentAsync()
    {
        using var anonymous = Server.Anonymous();
        using var response = await anonymous.GetAsync("/openapi/v1.json");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return (text, (JsonObject)JsonNode.Parse(text)!);
    }

    [Fact]
    public async Task Document_IsServedWithoutAToken_AsOpenApi31_AndHoldsNoSecret()
    {
        var (text, json) = await DocumentAsync();

        var read = OpenApiDocument.Parse(text, OpenApiConstants.Json);
        Assert.Empty(read.Diagnostic!.Errors);
        Assert.Equal(OpenApiSpecVersion.OpenApi3_1, read.Diagnostic.SpecificationVersion);
        Assert.Equal("OpenLeads", read.Document!.Info.Title);
        Assert.DoesNotContain(OpenLeadsServer.DevToken, text, StringComparison.Ordinal);
        Assert.DoesNotContain(OpenLeadsServer.AdminKey, text, StringComparison.Ordinal);
        var schemes = json["components"]!["securitySchemes"]!;
        Assert.Equal("bearer", schemes["Zoho-oauthtoken"]!["scheme"]!.GetValue<string>());
        Assert.Equal("X-OpenLeads-Admin-Key", schemes["X-OpenLeads-Admin-Key"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Document_HasEveryRouteTheServerMaps_AndNoOther()
    {
        var (_, json) = await DocumentAsync();
        var documented = Operations(json).Select(o => $"{o.Method} {o.Path}").ToHashSet();

        var mapped = new HashSet<string>();
        foreach (var endpoint in Server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var path = "/" + Constraint().Replace(endpoint.RoutePattern.RawText!.TrimStart('/'), "{$1}");
            // Not API: the console's files (its page and modules) and the reference page and document themselves.
            if (path == "/" || path.StartsWith("/console/", StringComparison.Ordinal) || path.StartsWith("/docs", StringComparison.Ordinal)
                || path == "/openapi/v1.json") continue;
            // Health checks and Prometheus answer any method; the document names GET.
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            foreach (var method in methods) mapped.Add($"{method.ToLowerInvariant()} {path}");
        }

        Assert.Contains("post /crm/{version}/{module}/actions/mass_update", mapped);
        Assert.Contains("get /metrics", mapped);
        Assert.Empty(mapped.Except(documented));
        Assert.Empty(documented.Except(mapped));
    }

    [Fact]
    public async Task EveryOperation_IsTaggedByItsPath_AndWhatItSaysItNeeds_IsRefusedWithout()
    {
        var (_, json) = await DocumentAsync();
        using var anonymous = Server.Anonymous();

        foreach (var (path, method, operation) in Operations(json))
        {
            var (tag, scheme) = path switch
            {
                _ when path.StartsWith("/crm/", StringComparison.Ordinal) => ("Zoho CRM API", "Zoho-oauthtoken"),
                _ when path.StartsWith("/oauth/", StringComparison.Ordinal) => ("Zoho CRM API", null),
                _ when path.StartsWith("/openleads/v1/", StringComparison.Ordinal) => ("OpenLeads extensions", "Zoho-oauthtoken"),
                _ when path.StartsWith("/__admin/", StringComparison.Ordinal) => ("Control API (OpenLeads only)", "X-OpenLeads-Admin-Key"),
                _ => ("Health", (string?)null),
            };
            var at = $"{method} {path}";
            Assert.Equal([tag], operation["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
            var security = operation["security"]?.AsArray().SelectMany(r => r!.AsObject().Select(p => p.Key)).ToArray() ?? [];
            Assert.True(scheme is null ? security.Length == 0 : security.SequenceEqual([scheme]), $"{at}: security {string.Join(", ", security)}");
            if (scheme is null) continue;

            // A call without the credential is refused before its handler runs, whatever the path's parameters.
            var url = PathParameter().Replace(path, m => m.Groups[1].Value switch { "version" => "v8", "module" => "Leads", _ => "1" });
            using var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), url);
            using var response = await anonymous.SendAsync(request);
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync());
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{at} without a credential: {(int)response.StatusCode} {body?.ToJsonString()}");
            Assert.Equal("AUTHENTICATION_FAILURE", body!["code"]!.GetValue<string>());
            Assert.True(operation["responses"]!["401"] is not null, $"{at} does not list its 401");
        }
    }

    [Fact]
    public async Task RealAnswers_FitTheDocumentsOwnSchemas_WithAStatusItLists()
    {
        var (_, json) = await DocumentAsync();
        var oas = ZohoOas.Of("openleads", json);
        var ids = await Zoho.SeedLeadsAsync(3);
        const string massUpdate = "/crm/{version}/{module}/actions/mass_update", records = "/crm/{version}/{module}", record = "/crm/{version}/{module}/{id}";

        // The status each call should get, then that the document lists it, then that the body fits the schema it names.
        void Fits(int expected, string path, string method, ZohoResponse answer)
        {
            Assert.True(answer.Code == expected, $"{method} {path}: expected {expected}, got {answer}");
            var responses = json["paths"]![path]![method]!["responses"]!.AsObject();
            var status = answer.Code.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(responses.ContainsKey(status), $"{method} {path} answered {answer}, a status the document does not list");
            if (answer.Body is null) Assert.Null(responses[status]!["content"]);
            else Assert.Empty(oas.Validate(answer.Body, "openleads", path, method, answer.Code));
        }

        var example = json["paths"]![massUpdate]!["post"]!["requestBody"]!["content"]!["application/json"]!["example"]!.DeepClone();
        example["ids"] = new JsonArray([.. ids.Select(id => (JsonNode)id)]);
        var updated = await Zoho.SendAsync(HttpMethod.Post, "/crm/v8/Leads/actions/mass_update", example.ToJsonString());
        Assert.All(updated.Data, entry => Assert.Equal("SUCCESS", entry!["code"]!.GetValue<string>()));
        Fits(200, massUpdate, "post", updated);
        Fits(400, massUpdate, "post", await Zoho.MassUpdateAsync(new { data = new[] { new { id = "1" } }, ids }, "v8")); // every record failed
        Fits(200, massUpdate, "post", await Zoho.MassUpdateAsync(new { data = new[] { new { id = "1" } }, ids }, "v2")); // all the same before v8
        Fits(400, massUpdate, "post", await Zoho.MassUpdateAsync(new { ids }, "v8")); // no data
        var invalidModule = await Zoho.PostAsync("/crm/v8/Nonsense/actions/mass_update", new { data = new[] { new { Rating = "Active" } }, ids });
        Assert.Equal("INVALID_MODULE", invalidModule.Body!["code"]!.GetValue<string>());
        Fits(400, massUpdate, "post", invalidModule); // Zoho's error

        var (job, _) = await Zoho.ScheduleAsync(new { data = new[] { new { Rating = "Active" } }, cvid = AllLeads });
        await Zoho.WaitUntilCompletedAsync(job);
        Fits(200, massUpdate, "get", await Zoho.GetAsync($"/crm/v8/Leads/actions/mass_update?job_id={job}"));
        Fits(400, massUpdate, "get", await Zoho.GetAsync("/crm/v8/Leads/actions/mass_update")); // no job_id
        Fits(404, massUpdate, "get", await Zoho.GetAsync("/crm/v2/Leads/actions/mass_update?job_id=1")); // before v8

        Fits(200, records, "get", await Zoho.GetAsync("/crm/v8/Leads?per_page=2"));
        Fits(400, records, "get", await Zoho.GetAsync("/crm/v8/Leads?sort_order=sideways"));
        Fits(204, records, "get", await Zoho.GetAsync("/crm/v8/Accounts")); // none
        Fits(200, record, "get", await Zoho.GetAsync($"/crm/v2/Leads/{ids[0]}"));
        Fits(204, record, "get", await Zoho.GetAsync("/crm/v2/Leads/1")); // before v8
        Fits(400, record, "get", await Zoho.GetAsync("/crm/v8/Leads/1")); // in v8

        var insertExample = json["paths"]![records]!["post"]!["requestBody"]!["content"]!["application/json"]!["example"]!.ToJsonString();
        var inserted = await Zoho.SendAsync(HttpMethod.Post, "/crm/v8/Leads", insertExample);
        Fits(201, records, "post", inserted);
        Fits(400, records, "post", await Zoho.PostAsync("/crm/v8/Leads", new { data = new[] { new { Email = "no-last-name@example.com" } } }));
        Fits(207, records, "put", await Zoho.PutAsync("/crm/v8/Leads", new { data = new object[] { new { id = ids[0], No_of_Employees = 9 }, new { id = "1", No_of_Employees = 9 } } }));
        Fits(200, record, "put", await Zoho.PutAsync($"/crm/v8/Leads/{ids[1]}", new { data = new[] { new { No_of_Employees = 9 } } }));
        Fits(207, records, "delete", await Zoho.DeleteAsync($"/crm/v8/Leads?ids={ids[2]},1"));
        Fits(400, records, "delete", await Zoho.DeleteAsync("/crm/v8/Leads")); // no ids
        Fits(200, record, "delete", await Zoho.DeleteAsync($"/crm/v8/Leads/{ids[1]}"));
    }

    private static IEnumerable<(string Path, string Method, JsonObject Operation)> Operations(JsonObject document) =>
        from path in document["paths"]!.AsObject()
        from operation in path.Value!.AsObject()
        where operation.Key is "get" or "post" or "put" or "patch" or "delete"
        select (path.Key, operation.Key, operation.Value!.AsObject());

    [GeneratedRegex(@"\{\*{0,2}(\w+)[^}]*\}")]
    private static partial Regex Constraint();

    [GeneratedRegex(@"\{(\w+)\}")]
    private static partial Regex PathParameter();
}

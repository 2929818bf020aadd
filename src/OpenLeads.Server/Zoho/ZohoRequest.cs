using System.Text.Json;
using OpenLeads.Server.Auth;
using OpenLeads.Server.Hosting;
using OpenLeads.Server.Metadata;
using OpenLeads.Server.Storage;

namespace OpenLeads.Server.Zoho;

/// <summary>What every /crm handler needs from its request: the body, and who writes when.</summary>
public static class ZohoRequest
{
    /// <summary>The body as a JSON object, or the Zoho answer to a body that is not one.</summary>
    public static async Task<(JsonDocument? Body, IResult? Problem)> ReadBodyAsync(HttpContext http, OpenLeadsSettings settings, CancellationToken ct)
    {
        var (document, problem) = await RequestBody.ReadObjectAsync(http, settings.Limits.MaxBodyBytes, ct);
        return problem is null ? (document, null) : (null, ZohoResults.Problem(problem));
    }

    /// <summary>The module named by the <c>module</c> query parameter (the settings APIs), or the problem with it.</summary>
    public static (ModuleDefinition? Module, IResult? Problem) ModuleParameter(HttpContext http, Org org)
    {
        var name = http.Request.Query["module"].ToString();
        if (org.TryResolve(name, out var module)) return (module, null);
        return (null, ZohoResults.Problem(name.Length == 0 ? ZohoErrors.MandatoryParamMissing("module") : ZohoErrors.InvalidModuleParam));
    }

    /// <summary>The caller and the request's moment (whole seconds, as Zoho keeps times) for a write.</summary>
    public static WriteContext WriteContext(this HttpContext http, TimeProvider clock, string source)
    {
        var now = clock.GetUtcNow();
        return new WriteContext(http.User.Caller(), now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond)), http.TraceIdentifier, source);
    }
}

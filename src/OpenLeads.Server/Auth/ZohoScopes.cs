using Microsoft.AspNetCore.Authorization;

namespace OpenLeads.Server.Auth;

/// <summary>
/// A scope an endpoint needs, in Zoho's grammar <c>ZohoCRM.{group}[.{sub}].{operation}</c>.
/// A granted scope covers it when the group matches, the granted sub is absent or equal, and the
/// granted operation is the same, <c>ALL</c>, or <c>WRITE</c> for CREATE/UPDATE/DELETE.
/// Names compare without regard to case, as Zoho's own files spell them both ways.
/// <see cref="ModuleSub"/> stands for the module named in the route, in lower case.
/// </summary>
public sealed record ZohoScopeRequirement(string Group, string? Sub, string Operation) : IAuthorizationRequirement
{
    public const string ModuleSub = "{module}";

    public bool IsCoveredBy(string granted, string? module)
    {
        var parts = granted.Split('.');
        if (parts.Length is < 3 or > 4 || !parts[0].Equals("ZohoCRM", StringComparison.OrdinalIgnoreCase)) return false;
        if (!parts[1].Equals(Group, StringComparison.OrdinalIgnoreCase)) return false;
        var sub = Sub == ModuleSub ? module : Sub;
        if (parts.Length == 4 && (sub is null || !parts[2].Equals(sub, StringComparison.OrdinalIgnoreCase))) return false;
        var operation = parts[^1];
        return operation.Equals("ALL", StringComparison.OrdinalIgnoreCase)
               || operation.Equals(Operation, StringComparison.OrdinalIgnoreCase)
               || (operation.Equals("WRITE", StringComparison.OrdinalIgnoreCase) && Operation is "CREATE" or "UPDATE" or "DELETE");
    }

    public override string ToString() => $"ZohoCRM.{Group}.{(Sub is null ? "" : Sub + ".")}{Operation}";
}

public sealed class ZohoScopeHandler : AuthorizationHandler<ZohoScopeRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ZohoScopeRequirement requirement)
    {
        var module = (context.Resource as HttpContext)?.GetRouteValue("module") as string;
        if (context.User.FindAll(ZohoTokenAuthentication.ScopeClaim).Any(c => requirement.IsCoveredBy(c.Value, module)))
        {
            context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }
}

public static class ZohoScopeEndpoints
{
    /// <summary>The endpoint needs a Zoho token that carries this scope (see the scope table in docs/COMPATIBILITY.md).</summary>
    public static TBuilder RequireZohoScope<TBuilder>(this TBuilder builder, string group, string? sub, string operation)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(policy => policy
            .AddAuthenticationSchemes(ZohoTokenAuthentication.SchemeName)
            .RequireAuthenticatedUser()
            .AddRequirements(new ZohoScopeRequirement(group, sub, operation)));
}

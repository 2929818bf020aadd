using System.Diagnostics.CodeAnalysis;

namespace OpenLeads.Server.Zoho;

/// <summary>
/// The <c>{version}</c> segment of <c>/crm/{version}/…</c>. The versions answer alike except where
/// Zoho changed behaviour in v8 (HTTP status of mixed results, some messages).
/// </summary>
public readonly record struct ApiVersion(int Major, int Minor)
{
    /// <summary>Name of the route constraint that admits only the versions Zoho serves.</summary>
    public const string RouteConstraint = "zohoversion";

    /// <summary>v2, v2.1 and v3 to v8 exist; anything else is an unknown URL.</summary>
    public bool IsServed => (Major == 2 && Minor is 0 or 1) || (Major is >= 3 and <= 8 && Minor == 0);

    public bool IsV8OrLater => Major >= 8;

    public static bool TryParse(string? value, [NotNullWhen(true)] out ApiVersion version)
    {
        version = default;
        if (value is null || value.Length < 2 || value[0] != 'v') return false;
        var parts = value[1..].Split('.');
        if (!int.TryParse(parts[0], out var major)) return false;
        var minor = 0;
        if (parts.Length > 2 || (parts.Length == 2 && !int.TryParse(parts[1], out minor))) return false;
        version = new ApiVersion(major, minor);
        return true;
    }

    public override string ToString() => Minor == 0 ? $"v{Major}" : $"v{Major}.{Minor}";
}

/// <summary>Routes <c>/crm/{version:zohoversion}/…</c> only for versions Zoho serves.</summary>
public sealed class ApiVersionRouteConstraint : IRouteConstraint
{
    public bool Match(HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection) =>
        values.TryGetValue(routeKey, out var value)
        && ApiVersion.TryParse(value as string, out var version)
        && version.IsServed;
}

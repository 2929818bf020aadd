using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace OpenLeads.Server.Auth;

public static class AuthRegistration
{
    /// <summary>Zoho token authentication and scope authorization.</summary>
    public static IServiceCollection AddZohoAuth(this IServiceCollection services)
    {
        services.AddAuthentication(ZohoTokenAuthentication.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ZohoTokenAuthentication>(ZohoTokenAuthentication.SchemeName, null);
        services.AddAuthorization();
        services.AddSingleton<IAuthorizationHandler, ZohoScopeHandler>();
        return services;
    }
}

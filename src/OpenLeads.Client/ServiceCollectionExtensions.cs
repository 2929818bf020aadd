using Microsoft.Extensions.DependencyInjection;

namespace OpenLeads.Client;

/// <summary>Registers <see cref="ZohoCrmClient"/> with <c>IHttpClientFactory</c>.</summary>
public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Adds a <see cref="ZohoCrmClient"/> (a typed HTTP client with a <see cref="RetryHandler"/>)
    /// configured by <paramref name="configure"/>; every client it makes shares one access token cache.
    /// </summary>
    public static IHttpClientBuilder AddZohoCrmClient(this IServiceCollection services, Action<ZohoCrmClientOptions> configure)
    {
        var options = new ZohoCrmClientOptions();
        configure(options);
        options.Validate();
        // One token cache for every client the factory makes: Zoho limits how many access tokens a refresh token may have.
        var tokens = new ZohoTokenSource(options, TimeProvider.System);
        return services.AddHttpClient(nameof(ZohoCrmClient))
            .AddHttpMessageHandler(() => new RetryHandler(options.MaxRetries, options.RetryDelay, attemptTimeout: options.AttemptTimeout))
            .AddTypedClient((http, _) => new ZohoCrmClient(options, http, null, ownsHttp: false, tokens));
    }
}

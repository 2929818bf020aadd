using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace OpenLeads.Server.Hosting;

/// <summary>Where the server's settings come from, beyond ASP.NET Core's own sources.</summary>
public static class ServerConfiguration
{
    /// <summary>
    /// The <c>appsettings.json</c> that ships beside the server (in the build output, or the installed tool's folder) as
    /// the lowest of the JSON layers: an <c>appsettings.json</c> in the working directory, the environment and the command
    /// line all win over it. So <c>openleads-server</c> started in any directory has the defaults it shipped with.
    /// </summary>
    public static void AddShippedSettings(this ConfigurationManager configuration)
    {
        if (!File.Exists(Path.Combine(AppContext.BaseDirectory, "appsettings.json"))) return;
        var sources = configuration.Sources;
        var firstJson = sources.TakeWhile(s => s is not JsonConfigurationSource).Count();
        sources.Insert(firstJson, new JsonConfigurationSource
        {
            FileProvider = new PhysicalFileProvider(AppContext.BaseDirectory),
            Path = "appsettings.json",
            Optional = true,
            ReloadOnChange = false,
        });
    }

    /// <summary>
    /// Takes out ASP.NET Core's data protection start-up service (authentication registers it), which reads, or creates,
    /// a key ring under the user's home at every start. OpenLeads protects nothing with it (its tokens are its own, it sets
    /// no cookie), so the service only cost start-up time and memory, and wrote a file the user never asked for.
    /// </summary>
    public static IServiceCollection WithoutDataProtectionKeyRing(this IServiceCollection services)
    {
        foreach (var keyRing in services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType?.FullName ==
                     "Microsoft.AspNetCore.DataProtection.Internal.DataProtectionHostedService").ToList())
        {
            services.Remove(keyRing);
        }
        return services;
    }
}

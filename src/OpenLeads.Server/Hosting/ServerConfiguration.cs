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
}

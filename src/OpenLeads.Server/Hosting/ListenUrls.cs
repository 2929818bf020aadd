namespace OpenLeads.Server.Hosting;

/// <summary>Where the server listens: <see cref="Default"/> unless <c>--urls</c>, <c>ASPNETCORE_URLS</c> or <c>Urls</c> in settings say otherwise.</summary>
public static class ListenUrls
{
    /// <summary>Loopback only: a fresh install is not reachable from other machines until told so.</summary>
    public const string Default = "http://127.0.0.1:5180";

    /// <summary>
    /// Listens on <see cref="Default"/> unless configured; a value Kestrel could not listen on stops start-up here,
    /// with a sentence naming it, before anything else starts.
    /// </summary>
    public static IWebHostBuilder UseOpenLeadsUrls(this IWebHostBuilder builder)
    {
        var configured = builder.GetSetting(WebHostDefaults.ServerUrlsKey);
        if (string.IsNullOrWhiteSpace(configured)) return builder.UseUrls(Default);
        if (Problem(configured) is { } problem) throw new StartupException(problem);
        return builder;
    }

    /// <summary>What is wrong with a <c>--urls</c> value (addresses separated by <c>;</c>), or null.</summary>
    public static string? Problem(string urls)
    {
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            BindingAddress address;
            try
            {
                address = BindingAddress.Parse(url);
            }
            catch (FormatException)
            {
                return $"--urls '{url}' is not an address to listen on; give one such as {Default} (several separated by ';').";
            }
            if (address.Scheme is not ("http" or "https"))
            {
                return $"--urls '{url}' has the scheme '{address.Scheme}'; only http:// and https:// can be listened on.";
            }
            if (!address.IsNamedPipe && !address.IsUnixPipe && address.Port is < 0 or > 65535)
            {
                return $"--urls '{url}' has the port {address.Port}; a port is a number from 0 to 65535.";
            }
        }
        return null;
    }

    /// <summary>
    /// Whether every address of <paramref name="urls"/> is reachable from this machine only: <c>localhost</c>, a loopback
    /// address, or a Unix socket or named pipe. <c>0.0.0.0</c>, <c>*</c>, <c>[::]</c> and any other host are not.
    /// </summary>
    public static bool LoopbackOnly(string urls) => urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(BindingAddress.Parse)
        .All(a => a.IsUnixPipe || a.IsNamedPipe || a.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
                  || (System.Net.IPAddress.TryParse(a.Host.Trim('[', ']'), out var ip) && System.Net.IPAddress.IsLoopback(ip)));

    /// <summary>The configured addresses, for messages.</summary>
    public static string Of(IConfiguration configuration) => configuration[WebHostDefaults.ServerUrlsKey] is { Length: > 0 } urls ? urls : Default;
}

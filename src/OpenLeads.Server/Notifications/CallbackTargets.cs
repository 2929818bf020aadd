using System.Net;
using OpenLeads.Server.Hosting;

namespace OpenLeads.Server.Notifications;

/// <summary>
/// Which URLs callbacks may go to (<c>OpenLeads:Notifications:AllowedHosts</c>): absolute http(s) URLs whose host is listed,
/// loopback by default, so that a watch cannot make the server call hosts of someone else's choosing. Checked when a
/// watch is made and again before each delivery (the setting may have changed since); redirects are never followed.
/// </summary>
public sealed class CallbackTargets(NotificationSettings settings)
{
    private readonly string[] _hosts = [.. settings.AllowedHosts.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    /// <summary>The URL as a callback target, or null when it is no absolute http(s) URL.</summary>
    public static Uri? Parse(string? text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && uri.Host.Length > 0
            ? uri : null;

    public bool Allows(Uri target)
    {
        var host = target.IdnHost.Trim('[', ']');
        foreach (var allowed in _hosts)
        {
            if (allowed == "*") return true;
            if (allowed.Equals("loopback", StringComparison.OrdinalIgnoreCase))
            {
                if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address)))
                {
                    return true;
                }
                continue;
            }
            if (host.Equals(allowed.Trim('[', ']'), StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }
}

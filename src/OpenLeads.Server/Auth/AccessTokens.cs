using System.Security.Cryptography;
using System.Text;

namespace OpenLeads.Server.Auth;

/// <summary>Access tokens look like Zoho's (<c>1000.hex.hex</c>) and are stored only as SHA-256 hashes.</summary>
public static class AccessTokens
{
    public static string New() =>
        $"1000.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}";

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Every scope: what the development token carries.</summary>
    public static readonly IReadOnlyList<string> AllScopes =
    [
        "ZohoCRM.modules.ALL", "ZohoCRM.settings.ALL", "ZohoCRM.users.ALL", "ZohoCRM.org.ALL",
        "ZohoCRM.mass_update.ALL", "ZohoCRM.bulk.ALL", "ZohoCRM.notifications.ALL",
    ];
}

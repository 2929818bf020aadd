using System.Globalization;
using System.Text;

namespace OpenLeads.Server.Records;

/// <summary>
/// OpenLeads' <c>page_token</c>: where the next page starts, opaque to clients as Zoho's is. It does not expire (Zoho's lasts
/// a day, <c>page_token_expiry</c>); a list whose records change between pages may shift, as an offset does.
/// </summary>
public static class PageTokens
{
    private const string Prefix = "ol1.";

    public static string For(long offset) =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes(Prefix + offset.ToString(CultureInfo.InvariantCulture))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static long? Offset(string token)
    {
        if (token.Length > 64) return null;
        var base64 = token.Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=');
        var bytes = new byte[48];
        if (!Convert.TryFromBase64String(base64, bytes, out var written)) return null;
        var text = Encoding.ASCII.GetString(bytes, 0, written);
        return text.StartsWith(Prefix, StringComparison.Ordinal)
               && long.TryParse(text.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
            ? offset
            : null;
    }
}

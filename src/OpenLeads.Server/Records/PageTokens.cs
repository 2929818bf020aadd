using System.Globalization;
using System.Text;

namespace OpenLeads.Server.Records;

/// <summary>
/// OpenLeads' <c>page_token</c>: where the next page starts, opaque to clients as Zoho's is: the offset, and for a list in id
/// order the last id before it, so the page is read from the id index past that id instead of counted to (an OFFSET of
/// 500,000 took PostgreSQL 1.3 s), and records added or deleted before it do not shift it. It does not expire (Zoho's lasts
/// a day, <c>page_token_expiry</c>); a list in another order whose records change between pages may shift, as an offset does.
/// </summary>
public static class PageTokens
{
    private const string Prefix = "ol1.";

    public static string For(long offset, long? afterId = null) =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes(Prefix + offset.ToString(CultureInfo.InvariantCulture)
                + (afterId is { } id ? "." + id.ToString(CultureInfo.InvariantCulture) : "")))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The offset a token says, and the id the page follows where it says one; false for a token not ours.</summary>
    public static bool TryRead(string token, out long offset, out long? afterId)
    {
        (offset, afterId) = (0, null);
        if (token.Length > 64) return false;
        var base64 = token.Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=');
        var bytes = new byte[48];
        if (!Convert.TryFromBase64String(base64, bytes, out var written)) return false;
        var text = Encoding.ASCII.GetString(bytes, 0, written);
        if (!text.StartsWith(Prefix, StringComparison.Ordinal)) return false;
        var parts = text[Prefix.Length..].Split('.');
        if (parts.Length > 2 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out offset)) return false;
        if (parts.Length == 1) return true;
        if (!long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id)) return false;
        afterId = id;
        return true;
    }
}

using System.Text;

namespace OpenLeads.Tests.BadInput.Hostile;

/// <summary>How a generated request signs in.</summary>
public enum Credentials { DevToken, None, Garbage, AdminKey, WrongAdminKey }

/// <summary>One generated request, as it goes on the wire.</summary>
public sealed record HostileRequest(
    string Method, string PathAndQuery, byte[]? Body, string? ContentType, Credentials Credentials,
    IReadOnlyList<(string Name, string Value)> Headers, string Recipe)
{
    /// <summary>The token endpoint answers (a POST): the accounts server has its own error shape; another method gets the CRM's answer.</summary>
    public bool IsTokenEndpoint => Method == "POST" && PathAndQuery.Split('?')[0] is "/oauth/v2/token" or "/oauth/v2/token/";

    /// <summary>What a failing case prints: enough to replay it with curl.</summary>
    public override string ToString()
    {
        var shownPath = PathAndQuery.Length > 400 ? $"{PathAndQuery[..400]}… ({PathAndQuery.Length} characters)" : PathAndQuery;
        var text = new StringBuilder($"{Method} {shownPath}  [{Recipe}; {Credentials}]");
        foreach (var (name, value) in Headers) text.Append($"\n  {name}: {(value.Length > 100 ? value[..100] + "…" : value)}");
        if (ContentType is not null) text.Append($"\n  Content-Type: {ContentType}");
        if (Body is not null)
        {
            var shown = Body.Length > 600 ? Body[..600] : Body;
            text.Append($"\n  body ({Body.Length} bytes): ").Append(Printable(shown)).Append(Body.Length > 600 ? "…" : "");
        }
        return text.ToString();
    }

    private static string Printable(byte[] bytes)
    {
        var text = new StringBuilder();
        foreach (var b in bytes) text.Append(b is >= 0x20 and < 0x7f ? ((char)b).ToString() : $"\\x{b:x2}");
        return text.ToString();
    }
}

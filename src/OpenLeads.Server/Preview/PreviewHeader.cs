using OpenLeads.Server.Zoho;

namespace OpenLeads.Server.Preview;

/// <summary><c>X-OpenLeads-Preview: true</c>: answer what a mass update would answer, and change nothing.</summary>
public static class PreviewHeader
{
    public const string Name = "X-OpenLeads-Preview";

    /// <summary>The request asks for a preview (the header says <c>true</c>, in any case).</summary>
    public static bool Asked(HttpContext http) =>
        http.Request.Headers.TryGetValue(Name, out var values) && values is [{ } value] && value.Equals("true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether a preview is asked for (echoing the header when it is), or the problem with the header.</summary>
    public static (bool Preview, IResult? Problem) Read(HttpContext http)
    {
        if (!http.Request.Headers.TryGetValue(Name, out var values)) return (false, null);
        if (values is not [{ } value] || !bool.TryParse(value, out var preview)) return (false, ZohoResults.Problem(ZohoErrors.InvalidPreview));
        if (preview) http.Response.Headers[Name] = "true";
        return (preview, null);
    }
}

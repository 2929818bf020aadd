using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using OpenLeads.Server.Hosting;
using OpenLeads.Server.Storage;
using OpenLeads.Server.Zoho;

namespace OpenLeads.Server.Auth;

/// <summary>
/// The accounts server's token endpoint, <c>POST /oauth/v2/token</c>, for clients registered through
/// the control API: <c>grant_type=refresh_token</c> (client id, secret and refresh token) and
/// <c>client_credentials</c> (a self client: id and secret, optionally a narrower <c>scope</c>).
/// Parameters come in the query string or a form body, as Zoho takes them. A refused request
/// answers 200 <c>{"error":"…"}</c>, as Zoho's accounts server does.
/// </summary>
public static class OAuthApi
{
    public const string TokenPath = "/oauth/v2/token";

    public static IEndpointRouteBuilder MapOAuth(this IEndpointRouteBuilder app)
    {
        app.MapPost(TokenPath, Token).AllowAnonymous();
        return app;
    }

    public static async Task<IResult> Token(HttpContext http, ITokenStore tokens, OpenLeadsSettings settings, TimeProvider clock, CancellationToken ct)
    {
        IEnumerable<KeyValuePair<string, StringValues>>? form = null;
        if (http.Request.HasFormContentType)
        {
            try
            {
                form = await ReadFormAsync(http.Request, settings.Limits.MaxBodyBytes, ct);
            }
            catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException && !ct.IsCancellationRequested)
            {
                // A body that is not what its Content-Type says (multipart over a urlencoded body, headers past the limit, bad chunks).
                return InvalidRequest(http, $"the body is not a valid {http.Request.ContentType?.Split(';')[0]}: {e.Message}");
            }
        }
        string Parameter(string name)
        {
            var posted = form?.FirstOrDefault(p => p.Key == name).Value ?? StringValues.Empty;
            return (StringValues.IsNullOrEmpty(posted) ? http.Request.Query[name] : posted).ToString().Trim();
        }
        // Credentials and grant types are printable text; a NUL could not even be stored (PostgreSQL).
        foreach (var (name, values) in form is null ? http.Request.Query : http.Request.Query.Concat(form))
        {
            if (name.Any(char.IsControl) || values.Any(v => v is not null && v.Any(char.IsControl)))
            {
                return InvalidRequest(http, $"the parameter '{Zoho.BodyText.Printable(name)}' holds a control character");
            }
        }

        var grantType = Parameter("grant_type");
        if (grantType is not ("refresh_token" or "client_credentials")) return Refused(AccountsErrors.UnsupportedGrantType);

        var client = await tokens.FindClientAsync(Parameter("client_id"), ct);
        if (client is null || !HashEquals(client.SecretHash, Parameter("client_secret"))) return Refused(AccountsErrors.InvalidClient);

        IReadOnlyList<string> scopes = client.Scopes;
        if (grantType == "refresh_token")
        {
            if (!HashEquals(client.RefreshTokenHash, Parameter("refresh_token"))) return Refused(AccountsErrors.InvalidCode);
        }
        else if (Parameter("scope") is { Length: > 0 } requested)
        {
            // A self client asks for the scopes it needs now, among those it was registered with.
            scopes = requested.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries);
            if (scopes.Any(s => !client.Scopes.Contains(s, StringComparer.OrdinalIgnoreCase))) return Refused(AccountsErrors.InvalidScope);
        }

        var lifetime = settings.Auth.AccessTokenSeconds;
        var token = AccessTokens.New();
        await tokens.SaveAsync(new TokenRow(AccessTokens.Hash(token), client.UserId, scopes, clock.GetUtcNow().AddSeconds(lifetime),
            $"oauth:{client.ClientId}"), ct);
        return ZohoResults.Json(StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteString("access_token"u8, token);
            w.WriteString("scope"u8, string.Join(' ', scopes));
            w.WriteString("api_domain"u8, $"{http.Request.Scheme}://{http.Request.Host}");
            w.WriteString("token_type"u8, "Bearer");
            w.WriteNumber("expires_in"u8, lifetime);
            w.WriteEndObject();
        });
    }

    /// <summary>
    /// The form's fields. A urlencoded body is decoded here rather than by ASP.NET's form reader, which
    /// refuses a control character without saying in which field: the caller names the field instead.
    /// </summary>
    private static async Task<IEnumerable<KeyValuePair<string, StringValues>>> ReadFormAsync(HttpRequest request, long maxBytes, CancellationToken ct)
    {
        if (!request.ContentType!.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            return await request.ReadFormAsync(ct);
        }
        using var body = new MemoryStream();
        var buffer = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, ct)) > 0)
        {
            if (body.Length + read > maxBytes) throw new InvalidDataException($"the body is larger than {maxBytes} bytes");
            body.Write(buffer, 0, read);
        }
        request.HttpContext.Items[Journal.JournalMiddleware.BodyKey] = body.ToArray();
        return QueryHelpers.ParseQuery("?" + Encoding.UTF8.GetString(body.GetBuffer(), 0, (int)body.Length));
    }

    /// <summary>A new client's id, secret and refresh token, shaped like Zoho's.</summary>
    public static (string ClientId, string Secret, string RefreshToken) NewClient() =>
        ($"1000.{RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 30)}",
         Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(21)),
         AccessTokens.New());

    private static bool HashEquals(string storedHash, string given) =>
        given.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(storedHash), Encoding.ASCII.GetBytes(AccessTokens.Hash(given)));

    private static IResult Refused(string error) => ZohoResults.Json(StatusCodes.Status200OK, w =>
    {
        w.WriteStartObject();
        w.WriteString("error"u8, error);
        w.WriteEndObject();
    });

    /// <summary>A request the endpoint cannot read at all: OAuth's <c>invalid_request</c> at 400, saying what is wrong.</summary>
    private static IResult InvalidRequest(HttpContext http, string reason)
    {
        http.Response.Headers[RequestBody.ErrorHeader] = Zoho.BodyText.HeaderSafe(reason);
        return ZohoResults.Json(StatusCodes.Status400BadRequest, w =>
        {
            w.WriteStartObject();
            w.WriteString("error"u8, AccountsErrors.InvalidRequest);
            w.WriteString("error_description"u8, reason);
            w.WriteEndObject();
        });
    }
}

using System.Security.Cryptography;
using System.Text;
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
        var form = http.Request.HasFormContentType ? await http.Request.ReadFormAsync(ct) : null;
        string Parameter(string name)
        {
            var value = form is not null && form.TryGetValue(name, out var posted) && !StringValues.IsNullOrEmpty(posted)
                ? posted : http.Request.Query[name];
            return value.ToString().Trim();
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
}

using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using OpenLeads.Server.Storage;
using OpenLeads.Server.Zoho;

namespace OpenLeads.Server.Auth;

/// <summary>
/// <c>Authorization: Zoho-oauthtoken T</c> (or <c>Bearer T</c>). Missing or unknown tokens are
/// challenged with 401 AUTHENTICATION_FAILURE, expired ones with 401 INVALID_TOKEN, and a token
/// without the endpoint's scope with 401 OAUTH_SCOPE_MISMATCH, as Zoho answers.
/// </summary>
public sealed partial class ZohoTokenAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    ITokenStore tokens, TimeProvider clock, Metadata.OrgCatalog orgs, IMetadataStore metadata, ChangeNotifications notifications)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Zoho-oauthtoken";
    public const string ScopeClaim = "scope";

    /// <summary>What OpenLeads' error header says on an OAUTH_SCOPE_MISMATCH: <c>required-scope=ZohoCRM.…</c>.</summary>
    public const string RequiredScopePrefix = "required-scope=";

    private static readonly object ExpiredKey = new();

    /// <summary>Refusals are logged here at Debug (the handler's own category is quieted to Warning in appsettings.json).</summary>
    public const string LogCategory = "OpenLeads.Auth";

    private readonly ILogger _refusals = logger.CreateLogger(LogCategory);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (header.Length == 0) return AuthenticateResult.NoResult();
        var token = TokenFrom(header);
        if (token is null) return AuthenticateResult.Fail("The Authorization header is not 'Zoho-oauthtoken TOKEN' or 'Bearer TOKEN'.");

        var grant = await tokens.FindAsync(AccessTokens.Hash(token), Context.RequestAborted);
        if (grant is null) return AuthenticateResult.Fail("Unknown access token.");
        Context.Items[Faults.FaultBook.VersionItem] = grant.FaultsVersion;
        // Watches made on another instance: this request's writes notify them.
        notifications.Observe(grant.NotificationsVersion);
        // Another instance on this database changed a field: serve this request with it.
        await orgs.RefreshAsync(grant.FieldsVersion, metadata.ChangesAsync, Context.RequestAborted);
        if (grant.ExpiresAt is { } expiry && expiry <= clock.GetUtcNow())
        {
            Context.Items[ExpiredKey] = true;
            return AuthenticateResult.Fail("Expired access token.");
        }

        List<Claim> claims =
        [
            new(ClaimTypes.NameIdentifier, ZohoJson.FormatId(grant.User.Id)),
            new(ClaimTypes.Name, grant.User.Name),
            new(ClaimTypes.Email, grant.User.Email ?? ""),
            .. grant.Scopes.Select(s => new Claim(ScopeClaim, s)),
        ];
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));
    }

    private static string? TokenFrom(string header)
    {
        foreach (var prefix in (ReadOnlySpan<string>)["Zoho-oauthtoken ", "Bearer "])
        {
            if (header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                var token = header[prefix.Length..].Trim();
                return token.Length == 0 ? null : token;
            }
        }
        return null;
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var problem = Context.Items.ContainsKey(ExpiredKey) ? ZohoErrors.InvalidToken : ZohoErrors.AuthenticationFailure;
        Refused(_refusals, Request.Method, Request.Path.Value ?? "", problem.Body.Code);
        return ZohoResults.Problem(problem).ExecuteAsync(Context);
    }

    /// <summary>
    /// Zoho's body names no scope; an extension header names the one the call needs (its module
    /// filled in), so that a client can say what to register without a guess. Zoho's body is unchanged.
    /// </summary>
    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var module = Context.GetRouteValue("module") as string;
        var needed = Context.GetEndpoint()?.Metadata.GetOrderedMetadata<AuthorizationPolicy>()
            .SelectMany(p => p.Requirements.OfType<ZohoScopeRequirement>())
            .Select(r => r.Sub == ZohoScopeRequirement.ModuleSub ? r with { Sub = module?.ToLowerInvariant() } : r)
            .Select(r => $"{RequiredScopePrefix}{r}");
        if (needed?.ToArray() is { Length: > 0 } values) Response.Headers[RequestBody.ErrorHeader] = values;
        Refused(_refusals, Request.Method, Request.Path.Value ?? "", ZohoErrors.OAuthScopeMismatch.Body.Code);
        return ZohoResults.Problem(ZohoErrors.OAuthScopeMismatch).ExecuteAsync(Context);
    }

    // Never the token: only what was asked and which of Zoho's codes refused it.
    [LoggerMessage(Level = LogLevel.Debug, Message = "Refused {Method} {Path}: {Code}")]
    private static partial void Refused(ILogger logger, string method, string path, string code);
}

public static class CallerExtensions
{
    /// <summary>The user a request acts for, as records name it.</summary>
    public static UserRef Caller(this ClaimsPrincipal principal) =>
        new(long.Parse(principal.FindFirstValue(ClaimTypes.NameIdentifier)!, System.Globalization.CultureInfo.InvariantCulture),
            principal.FindFirstValue(ClaimTypes.Name) ?? "",
            principal.FindFirstValue(ClaimTypes.Email));
}

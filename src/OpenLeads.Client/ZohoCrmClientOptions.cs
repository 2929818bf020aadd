namespace OpenLeads.Client;

/// <summary>
/// Where the client talks to and how it signs in. Against Zoho CRM, set <see cref="DataCenter"/> and
/// OAuth credentials; against OpenLeads, set <see cref="ApiDomain"/> (and <see cref="AccountsUrl"/>,
/// usually the same address) instead. Nothing else changes.
/// </summary>
public sealed class ZohoCrmClientOptions
{
    /// <summary>The data centre whose domains are used when <see cref="ApiDomain"/> or <see cref="AccountsUrl"/> is not set. Default US.</summary>
    public ZohoDataCenter DataCenter { get; set; } = ZohoDataCenter.US;

    /// <summary>The CRM API's base address, e.g. <c>http://127.0.0.1:5180</c> for a local OpenLeads.</summary>
    public Uri? ApiDomain { get; set; }

    /// <summary>The accounts server that issues access tokens; defaults to the data centre's, or to <see cref="ApiDomain"/> when only that is set.</summary>
    public Uri? AccountsUrl { get; set; }

    /// <summary>The API version in the path (<c>v2</c> … <c>v8</c>). Default <c>v2</c>, as the seed uses.</summary>
    public string ApiVersion { get; set; } = "v2";

    /// <summary>A fixed access token; when set, no OAuth credentials are needed (and none are refreshed).</summary>
    public string? AccessToken { get; set; }

    /// <summary>OAuth client id, for refreshing access tokens.</summary>
    public string? ClientId { get; set; }

    /// <summary>OAuth client secret.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>OAuth refresh token; without one, the client uses the <c>client_credentials</c> grant (a self client).</summary>
    public string? RefreshToken { get; set; }

    /// <summary>Scopes asked for with the <c>client_credentials</c> grant (space-separated); empty asks for the client's own.</summary>
    public string? Scope { get; set; }

    /// <summary>How often a call answered 429 or 5xx is tried again, honouring <c>Retry-After</c>. Default 4.</summary>
    public int MaxRetries { get; set; } = 4;

    /// <summary>The first wait between tries when the server gives no <c>Retry-After</c>; it doubles each time. Default 1 s.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long one try may take before it is given up and tried again (as often as <see cref="MaxRetries"/>); none by default.
    /// Every write carries an <c>Idempotency-Key</c>, the same on each try, so OpenLeads never applies a retried write twice.
    /// </summary>
    public TimeSpan? AttemptTimeout { get; set; }

    internal Uri ResolvedApiDomain => ApiDomain ?? ZohoDataCenters.ApiDomain(DataCenter);

    internal Uri ResolvedAccountsUrl => AccountsUrl ?? ApiDomain ?? ZohoDataCenters.AccountsUrl(DataCenter);

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(AccessToken) && (string.IsNullOrWhiteSpace(ClientId) || string.IsNullOrWhiteSpace(ClientSecret)))
        {
            throw new ArgumentException("Set AccessToken, or ClientId and ClientSecret (with RefreshToken, or for the client_credentials grant).");
        }
        if (MaxRetries < 0) throw new ArgumentOutOfRangeException(nameof(MaxRetries), "MaxRetries cannot be negative.");
    }
}

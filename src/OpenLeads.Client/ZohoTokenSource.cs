namespace OpenLeads.Client;

/// <summary>
/// Access tokens from the accounts server (<c>POST /oauth/v2/token</c>): fetched on first use, kept
/// until shortly before they expire, and fetched again when the API calls one invalid. Concurrent
/// callers share one refresh.
/// </summary>
internal sealed class ZohoTokenSource(ZohoCrmClientOptions options, TimeProvider clock) : IDisposable
{
    private static readonly TimeSpan Margin = TimeSpan.FromMinutes(1);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _token;
    private DateTimeOffset _expires;

    public bool CanRefresh => string.IsNullOrEmpty(options.AccessToken);

    /// <summary>A token to use; when <paramref name="rejected"/> is the current one, a new one (asked for over <paramref name="http"/>).</summary>
    public async ValueTask<string> GetAsync(HttpClient http, string? rejected, CancellationToken ct)
    {
        if (!CanRefresh) return options.AccessToken!;
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            // Another call may have refreshed it while this one waited.
            if (_token is not null && _token != rejected && clock.GetUtcNow() < _expires) return _token;
            (_token, _expires) = await RequestAsync(http, ct).ConfigureAwait(false);
            return _token;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<(string Token, DateTimeOffset Expires)> RequestAsync(HttpClient http, CancellationToken ct)
    {
        var form = new Dictionary<string, string>
        {
            ["client_id"] = options.ClientId!,
            ["client_secret"] = options.ClientSecret!,
        };
        if (!string.IsNullOrEmpty(options.RefreshToken))
        {
            (form["grant_type"], form["refresh_token"]) = ("refresh_token", options.RefreshToken);
        }
        else
        {
            form["grant_type"] = "client_credentials";
            if (!string.IsNullOrWhiteSpace(options.Scope)) form["scope"] = options.Scope;
        }
        var url = new Uri(options.ResolvedAccountsUrl, "/oauth/v2/token");
        using var response = await http.PostAsync(url, new FormUrlEncodedContent(form), ct).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        TokenResponse? token = null;
        try
        {
            token = System.Text.Json.JsonSerializer.Deserialize(body, ClientJson.Default.TokenResponse);
        }
        catch (System.Text.Json.JsonException)
        {
            // Not the accounts server's JSON: reported below with the body as it came.
        }
        if (!response.IsSuccessStatusCode || token?.AccessToken is null)
        {
            throw new ZohoApiException(response.StatusCode, token?.Error, $"the accounts server at {url} issued no access token" +
                (token?.Error is { } error ? $" ({error})" : ""), null, body, response.Headers, response.RequestMessage);
        }
        var lifetime = TimeSpan.FromSeconds(Math.Max(1, token.ExpiresIn));
        return (token.AccessToken, clock.GetUtcNow() + (lifetime > 2 * Margin ? lifetime - Margin : lifetime / 2));
    }

    public void Dispose() => _gate.Dispose();
}

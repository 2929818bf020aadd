using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using OpenLeads.Server.Auth;
using OpenLeads.Server.Faults;
using OpenLeads.Server.Hosting;
using OpenLeads.Server.Journal;
using OpenLeads.Server.Metadata;
using OpenLeads.Server.Notifications;
using OpenLeads.Server.Snapshots;
using OpenLeads.Server.Storage;
using OpenLeads.Server.Zoho;

namespace OpenLeads.Server.Admin;

/// <summary>
/// The control API for tests and demos, under <c>/__admin</c>: mapped only when
/// <c>OpenLeads:Admin:Key</c> is set, and then every call needs that key in <c>X-OpenLeads-Admin-Key</c>.
/// </summary>
public static class AdminApi
{
    public const string KeyHeader = "X-OpenLeads-Admin-Key";
    public const int MaxSeed = 1_000_000;

    /// <summary>Ten years: long enough for any test, short enough to stay a date.</summary>
    public const long MaxTokenLifetime = 10L * 365 * 24 * 3600;

    public static IEndpointRouteBuilder MapAdmin(this IEndpointRouteBuilder app, AdminSettings settings)
    {
        if (!settings.Enabled) return app;
        var admin = app.MapGroup("/__admin").AddEndpointFilter(new AdminKeyFilter(settings.Key!));
        admin.MapPost("/reset", Reset);
        admin.MapPost("/seed", Seed);
        admin.MapPut("/records/{module}/{id}/state", SetState);
        admin.MapPost("/tokens", MintToken);
        admin.MapPost("/oauth_clients", RegisterOAuthClient);
        admin.MapAdminViewsAndJobs();
        admin.MapJournal();
        admin.MapSnapshots();
        admin.MapFaults();
        admin.MapNotificationsAdmin();
        return app;
    }

    public static async Task<IResult> Reset(IAdminStore store, CancellationToken ct)
    {
        await store.ResetAsync(ct);
        return ZohoResults.Json(StatusCodes.Status200OK, w => { w.WriteStartObject(); w.WriteString("status"u8, "reset"); w.WriteEndObject(); });
    }

    /// <summary>
    /// <c>{"module":"Deals","count":N,"seed":S}</c>: N generated records of any module in one transaction, their
    /// lookups pointing at existing records of their modules → <c>{"count":N,"ids":[…]}</c>.
    /// </summary>
    public static async Task<IResult> Seed(Org org, HttpContext http, IRecordStore records, IUserStore users, OpenLeadsSettings settings,
        TimeProvider clock, CancellationToken ct)
    {
        var (body, problem) = await ZohoRequest.ReadBodyAsync(http, settings, ct);
        if (problem is not null) return problem;
        using var document = body;
        var root = body!.RootElement;
        if (!root.TryGetProperty("module", out var moduleJson) || moduleJson.ValueKind != JsonValueKind.String)
        {
            return ZohoResults.Problem(ZohoErrors.MandatoryBodyKeyMissing("module"));
        }
        if (!org.TryResolve(moduleJson.GetString(), out var module)) return ZohoResults.Problem(ZohoErrors.InvalidModuleParam);
        if (!TryInteger(root, "count", out var count) || count is < 1 or > MaxSeed)
        {
            return ZohoResults.Problem(ZohoErrors.BodyKeyWrongType("count", $"integer from 1 to {MaxSeed}"));
        }
        int seed;
        if (!root.TryGetProperty("seed", out _)) seed = Random.Shared.Next();
        else if (TryInteger(root, "seed", out var given) && given is >= int.MinValue and <= int.MaxValue) seed = (int)given;
        else return ZohoResults.Problem(ZohoErrors.BodyKeyWrongType("seed", "integer"));

        var context = new WriteContext(org.Administrator.Ref, clock.GetUtcNow(), http.TraceIdentifier, "seed");
        var sources = new DemoSources(await users.ListAsync(ct), org.Territories, context.Now, await DemoRecords.TargetsAsync(records, module, ct));
        if (DemoRecords.MissingTarget(module, sources) is { } lookup)
        {
            // A required lookup with nothing to point at: seed its module first.
            return ZohoResults.Problem(new ZohoProblem(StatusCodes.Status400BadRequest, ZohoErrors.MandatoryFieldMissing(lookup.ApiName)));
        }
        var ids = await records.InsertAsync(module, DemoRecords.Generate(module, (int)count, sources, seed), context, ct);
        return ZohoResults.Json(StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteNumber("count"u8, ids.Count);
            w.WriteStartArray("ids"u8);
            foreach (var id in ids) w.WriteStringValue(ZohoJson.FormatId(id));
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    /// <summary><c>{"approval":"approved"|"pending"|"in_review","lock_action":null|"record_locking"|…}</c>.</summary>
    public static async Task<IResult> SetState(Org org, string module, string id, HttpContext http, IAdminStore store,
        OpenLeadsSettings settings, CancellationToken ct)
    {
        if (!org.TryResolve(module, out var definition)) return ZohoResults.Problem(ZohoErrors.InvalidModule);
        if (!RecordIds.TryParse(id, out var recordId)) return ZohoResults.Problem(ZohoErrors.InvalidRecordIdInPath);
        var (body, problem) = await ZohoRequest.ReadBodyAsync(http, settings, ct);
        if (problem is not null) return problem;
        using var document = body;
        var root = body!.RootElement;

        var approval = Approval.Approved;
        if (root.TryGetProperty("approval", out var approvalJson))
        {
            Approval? parsed = approvalJson.ValueKind == JsonValueKind.String ? approvalJson.GetString() switch
            {
                "approved" => Approval.Approved,
                "pending" => Approval.Pending,
                "in_review" => Approval.InReview,
                _ => null,
            } : null;
            if (parsed is null) return ZohoResults.Problem(ZohoErrors.BodyKeyWrongType("approval", "approved|pending|in_review"));
            approval = parsed.Value;
        }
        string? lockAction = null;
        if (root.TryGetProperty("lock_action", out var lockJson) && lockJson.ValueKind != JsonValueKind.Null)
        {
            lockAction = lockJson.ValueKind == JsonValueKind.String ? lockJson.GetString() : null;
            if (lockAction is null || lockAction.Length is 0 or > 64 || !lockAction.All(c => char.IsAsciiLetterLower(c) || c == '_'))
            {
                return ZohoResults.Problem(ZohoErrors.BodyKeyWrongType("lock_action", "null or a snake_case action such as record_locking"));
            }
        }
        if (!await store.SetStateAsync(definition, recordId, new RecordState(approval, lockAction), ct))
        {
            return ZohoResults.Problem(new ZohoProblem(StatusCodes.Status404NotFound, ZohoErrors.InvalidId(id)));
        }
        // The body is disposed when this handler returns, before the answer is written: copy what it needs.
        var approvalText = approval switch { Approval.Pending => "pending", Approval.InReview => "in_review", _ => "approved" };
        return ZohoResults.Json(StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteString("id"u8, id);
            w.WriteString("approval"u8, approvalText);
            if (lockAction is null) w.WriteNull("lock_action"u8);
            else w.WriteString("lock_action"u8, lockAction);
            w.WriteEndObject();
        });
    }

    /// <summary><c>{"scopes":[…],"expires_in":SECONDS}</c> → <c>{"access_token":…}</c>; expires_in ≤ 0 mints an expired token.</summary>
    public static async Task<IResult> MintToken(Org org, HttpContext http, ITokenStore tokens, OpenLeadsSettings settings, TimeProvider clock, CancellationToken ct)
    {
        var (body, problem) = await ZohoRequest.ReadBodyAsync(http, settings, ct);
        if (problem is not null) return problem;
        using var document = body;
        var root = body!.RootElement;
        if (Scopes(root) is not { } scopes) return ZohoResults.Problem(ZohoErrors.BodyKeyWrongType("scopes", "jsonarray of scope names"));
        var expiresIn = 3600L;
        if (root.TryGetProperty("expires_in", out _) && (!TryInteger(root, "expires_in", out expiresIn) || Math.Abs(expiresIn) > MaxTokenLifetime))
        {
            return ZohoResults.Problem(ZohoErrors.BodyKeyWrongType("expires_in", $"integer of seconds, at most {MaxTokenLifetime}"));
        }
        var token = AccessTokens.New();
        await tokens.SaveAsync(new TokenRow(AccessTokens.Hash(token), org.Administrator.Id, scopes,
            clock.GetUtcNow().AddSeconds(expiresIn), "admin"), ct);
        return ZohoResults.Json(StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteString("access_token"u8, token);
            w.WriteString("token_type"u8, "Bearer");
            w.WriteNumber("expires_in"u8, expiresIn);
            w.WriteString("scope"u8, string.Join(' ', scopes));
            w.WriteEndObject();
        });
    }

    /// <summary>
    /// <c>{"scopes":[…],"user_id":"…"}</c> (the user defaults to the administrator) → <c>{"client_id","client_secret","refresh_token","scope"}</c>:
    /// a client of <c>POST /oauth/v2/token</c>. Its secret and refresh token are shown this once and kept only as hashes.
    /// </summary>
    public static async Task<IResult> RegisterOAuthClient(Org org, HttpContext http, ITokenStore tokens, IUserStore users, OpenLeadsSettings settings,
        CancellationToken ct)
    {
        var (body, problem) = await ZohoRequest.ReadBodyAsync(http, settings, ct);
        if (problem is not null) return problem;
        using var document = body;
        var root = body!.RootElement;
        if (Scopes(root) is not { } scopes) return ZohoResults.Problem(ZohoErrors.BodyKeyWrongType("scopes", "jsonarray of scope names"));
        var userId = org.Administrator.Id;
        if (root.TryGetProperty("user_id", out var userJson)
            && (!RecordIds.TryParse(userJson, out userId) || !(await users.ExistingIdsAsync([userId], ct)).Contains(userId)))
        {
            return ZohoResults.Problem(ZohoErrors.BodyKeyWrongType("user_id", "id of a user (GET /crm/v2/users)"));
        }
        var (clientId, secret, refreshToken) = OAuthApi.NewClient();
        await tokens.SaveClientAsync(new OAuthClientRow(clientId, AccessTokens.Hash(secret), AccessTokens.Hash(refreshToken), userId, scopes), ct);
        return ZohoResults.Json(StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteString("client_id"u8, clientId);
            w.WriteString("client_secret"u8, secret);
            w.WriteString("refresh_token"u8, refreshToken);
            w.WriteString("scope"u8, string.Join(' ', scopes));
            w.WriteEndObject();
        });
    }

    /// <summary>The non-empty scope names under <c>scopes</c>, or null when it is not an array of them.</summary>
    private static string[]? Scopes(JsonElement root) =>
        root.TryGetProperty("scopes", out var json) && json.ValueKind == JsonValueKind.Array
        && json.EnumerateArray().All(s => s.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(s.GetString()))
            ? [.. json.EnumerateArray().Select(s => s.GetString()!.Trim())]
            : null;

    /// <summary>A whole JSON number under <paramref name="name"/> (a string or a fraction is not one).</summary>
    private static bool TryInteger(JsonElement root, string name, out long value)
    {
        value = 0;
        return root.TryGetProperty(name, out var json) && json.ValueKind == JsonValueKind.Number && json.TryGetInt64(out value);
    }

    private sealed class AdminKeyFilter(string key) : IEndpointFilter
    {
        private readonly byte[] _key = Encoding.UTF8.GetBytes(key);

        public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
        {
            var given = Encoding.UTF8.GetBytes(context.HttpContext.Request.Headers[KeyHeader].ToString());
            return CryptographicOperations.FixedTimeEquals(given, _key)
                ? next(context)
                : ValueTask.FromResult<object?>(ZohoResults.Problem(ZohoErrors.AdminKeyRequired));
        }
    }
}

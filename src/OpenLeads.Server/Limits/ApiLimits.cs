using OpenLeads.Server.Hosting;
using OpenLeads.Server.Metadata;
using OpenLeads.Server.Zoho;

namespace OpenLeads.Server.Limits;

/// <summary>
/// Zoho's API limits as figures: parallel calls per org by edition, a sub-limit for heavy calls, and a rolling 24-hour
/// credit budget (off unless <c>OpenLeads:Limits:Credits</c> or <c>OpenLeads:Limits:Edition</c> is set).
/// </summary>
public sealed record ApiLimits(bool Enabled, int Concurrency, int HeavyConcurrency, long? Credits)
{
    public const string Free = "free", Standard = "standard", Professional = "professional", Enterprise = "enterprise", Ultimate = "ultimate";

    public static readonly IReadOnlyList<string> Editions = [Free, Standard, Professional, Enterprise, Ultimate];

    /// <summary>Zoho's sub-concurrency limit of heavy calls, the same in every edition.</summary>
    public const int DefaultHeavyConcurrency = 10;

    public static readonly TimeSpan CreditWindow = TimeSpan.FromHours(24);

    public static ApiLimits From(LimitSettings settings, int users)
    {
        var edition = settings.Edition?.ToLowerInvariant() ?? Enterprise;
        var concurrency = settings.Concurrency ?? edition switch
        {
            Free => 5, Standard => 10, Professional => 15, Ultimate => 25, _ => 20,
        };
        var heavy = Math.Min(settings.HeavyConcurrency ?? DefaultHeavyConcurrency, concurrency);
        long? credits = settings.Credits ?? (settings.Edition is null ? null : EditionCredits(edition, users));
        return new ApiLimits(settings.Enabled, concurrency, heavy, credits);
    }

    /// <summary>Zoho's credits of an edition: 50,000 plus a number per user licence, up to the edition's maximum.</summary>
    public static long EditionCredits(string edition, int users) => edition switch
    {
        Free => 5_000,
        Standard => Math.Min(50_000 + 250L * users, 100_000),
        Professional => Math.Min(50_000 + 500L * users, 3_000_000),
        Ultimate => 50_000 + 2_000L * users,
        _ => Math.Min(50_000 + 1_000L * users, 5_000_000),
    };

    /// <summary>
    /// Heavy calls (Zoho: "bulk updates, queries, lead conversion"): a mass update, a search, an upsert, a lead conversion,
    /// a COQL query. Told by the path's last segment, so that every module's calls count alike.
    /// </summary>
    public static bool IsHeavy(HttpRequest request)
    {
        var path = request.Path.Value ?? "";
        var last = path[(path.LastIndexOf('/') + 1)..];
        return last switch
        {
            "mass_update" => HttpMethods.IsPost(request.Method),
            "search" or "upsert" or "convert" or "coql" => true,
            _ => false,
        };
    }

    /// <summary>Credits a call costs: 1, and 5 for a lead conversion, as Zoho's credits page says.</summary>
    public static int Cost(HttpRequest request) => (request.Path.Value ?? "").EndsWith("/actions/convert", StringComparison.Ordinal) ? 5 : 1;
}

/// <summary>Counts calls in flight and credits spent; on PostgreSQL shared by every instance, else in this process.</summary>
public interface IApiLimiter
{
    /// <summary>A lease on one place among the calls in flight (and one among the heavy ones), or null when there is none free.</summary>
    ValueTask<object?> EnterAsync(bool heavy, ApiLimits limits, CancellationToken ct);

    ValueTask ExitAsync(object lease);

    /// <summary>What the limiter needs before the first call (PostgreSQL's slots), made at start-up.</summary>
    ValueTask PrepareAsync(ApiLimits limits, CancellationToken ct);

    /// <summary>Spends <paramref name="cost"/> credits when the last 24 hours leave room for them; false (nothing spent) when not.</summary>
    ValueTask<bool> SpendAsync(int cost, long budget, DateTimeOffset now, CancellationToken ct);
}

public static class ApiLimitsMiddleware
{
    public static IServiceCollection AddApiLimits(this IServiceCollection services, StorageSettings storage)
    {
        services.AddSingleton(provider => ApiLimits.From(provider.GetRequiredService<OpenLeadsSettings>().Limits,
            provider.GetRequiredService<OrgCatalog>().Current.Users.Count));
        if (storage.Provider == StorageSettings.Postgres) services.AddSingleton<IApiLimiter, PgApiLimiter>();
        else services.AddSingleton<IApiLimiter, InProcessApiLimiter>();
        return services;
    }

    /// <summary>Every <c>/crm</c> call holds a place while it runs; over the limits Zoho's 429.</summary>
    public static IApplicationBuilder UseApiLimits(this IApplicationBuilder app)
    {
        var limits = app.ApplicationServices.GetRequiredService<ApiLimits>();
        if (!limits.Enabled) return app;
        var limiter = app.ApplicationServices.GetRequiredService<IApiLimiter>();
        var clock = app.ApplicationServices.GetRequiredService<TimeProvider>();
        var metrics = app.ApplicationServices.GetRequiredService<Metrics.OpenLeadsMetrics>();
        return app.Use(async (context, next) =>
        {
            if (!context.Request.Path.StartsWithSegments("/crm"))
            {
                await next(context);
                return;
            }
            var heavy = ApiLimits.IsHeavy(context.Request);
            var lease = await limiter.EnterAsync(heavy, limits, context.RequestAborted);
            if (lease is null)
            {
                metrics.LimitRefused(heavy ? "heavy" : "concurrency");
                await ZohoResults.Problem(ZohoErrors.TooManyRequests(heavy ? limits.HeavyConcurrency : limits.Concurrency)).ExecuteAsync(context);
                return;
            }
            // The place is given back as the answer starts (its work is done then), so that a client never sees its answer
            // before the place is free again; or at the end, for a call that never answered.
            var released = 0;
            Task ReleaseAsync() => Interlocked.Exchange(ref released, 1) == 0 ? limiter.ExitAsync(lease).AsTask() : Task.CompletedTask;
            context.Response.OnStarting(ReleaseAsync);
            try
            {
                if (limits.Credits is { } budget && !await limiter.SpendAsync(ApiLimits.Cost(context.Request), budget, clock.GetUtcNow(), context.RequestAborted))
                {
                    metrics.LimitRefused("credits");
                    await ZohoResults.Problem(ZohoErrors.CreditsExceeded(budget)).ExecuteAsync(context);
                    return;
                }
                await next(context);
            }
            finally
            {
                await ReleaseAsync();
            }
        });
    }
}

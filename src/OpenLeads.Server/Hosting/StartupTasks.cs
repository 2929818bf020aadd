using OpenLeads.Server.Admin;
using OpenLeads.Server.Auth;
using OpenLeads.Server.Metadata;
using OpenLeads.Server.Storage;

namespace OpenLeads.Server.Hosting;

/// <summary>
/// What runs before the server takes requests: migrations, the development token, and the demo
/// Leads of a first start. A failure here stops start-up with a message naming the setting.
/// </summary>
public sealed class StartupTasks(
    OpenLeadsSettings settings, OrgCatalog orgs, IAdminStore admin, ITokenStore tokens, IRecordStore records, IUserStore users,
    TimeProvider clock, ILogger<StartupTasks> logger)
{
    private const string DemoSeededKey = "demo_seeded";
    private const string GeneratedLabel = "dev-generated";
    private const string ConfiguredLabel = "dev-configured";

    /// <summary>The development token of this run, when there is one (printed in the banner).</summary>
    public string? DevToken { get; private set; }

    /// <summary>Three Leads the banner's curl can update.</summary>
    public IReadOnlyList<long> SampleIds { get; private set; } = [];

    public async Task RunAsync(CancellationToken ct)
    {
        try
        {
            await admin.MigrateAsync(ct);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or IOException or UnauthorizedAccessException or TimeoutException)
        {
            throw new StartupException(DatabaseFailure.Describe(settings.Storage, e), e);
        }
        foreach (var notice in orgs.Current.Notices) logger.LogWarning("{Notice}", notice);
        await ProvisionDevTokenAsync(ct);
        if (!orgs.Current.TryResolve("Leads", out var leads)) return;
        await SeedDemoLeadsAsync(leads, ct);
        var sample = await records.ListAsync(leads, new RecordQuery(1, 3, SortBy: null, Descending: false), ct);
        SampleIds = [.. sample.Records.Select(r => r.Id)];
    }

    private async Task ProvisionDevTokenAsync(CancellationToken ct)
    {
        // Only this run's development token works: one generated or configured at an earlier start is revoked.
        await tokens.RemoveByLabelAsync(GeneratedLabel, ct);
        await tokens.RemoveByLabelAsync(ConfiguredLabel, ct);
        var configured = settings.Auth.DevToken?.Trim();
        if (string.IsNullOrEmpty(configured)) return;
        var generated = configured == AuthSettings.Generate;
        DevToken = generated ? AccessTokens.New() : configured;
        await tokens.SaveAsync(new TokenRow(AccessTokens.Hash(DevToken), orgs.Current.Administrator.Id, AccessTokens.AllScopes,
            ExpiresAt: null, generated ? GeneratedLabel : ConfiguredLabel), ct);
    }

    private async Task SeedDemoLeadsAsync(ModuleDefinition leads, CancellationToken ct)
    {
        var count = settings.Seed.DemoLeads;
        if (count == 0 || await admin.GetSettingAsync(DemoSeededKey, ct) is not null) return;
        if (await admin.CountAsync(leads, ct) == 0)
        {
            var context = new WriteContext(orgs.Current.Administrator.Ref, clock.GetUtcNow(), "startup", "seed");
            var owners = await users.ListAsync(ct);
            await records.InsertAsync(leads, DemoLeads.Generate(leads, count, owners, context.Now, seed: 2021), context, ct);
            logger.LogInformation("Created {Count} demo Leads (OpenLeads:Seed:DemoLeads)", count);
        }
        await admin.SetSettingAsync(DemoSeededKey, clock.GetUtcNow().ToString("O"), ct);
    }
}

/// <summary>A start-up failure whose message tells the user what to change.</summary>
public sealed class StartupException(string message, Exception? inner = null) : Exception(message, inner);

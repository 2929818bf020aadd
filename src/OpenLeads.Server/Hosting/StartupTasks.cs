using OpenLeads.Server.Admin;
using OpenLeads.Server.Auth;
using OpenLeads.Server.Metadata;
using OpenLeads.Server.Storage;

namespace OpenLeads.Server.Hosting;

/// <summary>
/// What runs before the server takes requests: migrations, the development token, and the demo
/// records of a first start. A failure here stops start-up with a message naming the setting.
/// </summary>
public sealed class StartupTasks(
    OpenLeadsSettings settings, OrgCatalog orgs, IAdminStore admin, ITokenStore tokens, IRecordStore records, IUserStore users,
    TimeProvider clock, Faults.FaultBook faults, Limits.IApiLimiter limiter, Limits.ApiLimits limits, ILogger<StartupTasks> logger)
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
        await faults.RequestFaultsAsync(null, ct); // read once now, so that the first call reads none
        if (limits.Enabled) await limiter.PrepareAsync(limits, ct);
        await ProvisionDevTokenAsync(ct);
        await SeedDemoRecordsAsync(orgs.Current, ct);
        if (!orgs.Current.TryResolve("Leads", out var leads)) return;
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

    /// <summary>
    /// Demo records in every module of the org, once, on the first start of an empty database: modules
    /// that others look up first, so that lookups have records to point at.
    /// </summary>
    private async Task SeedDemoRecordsAsync(Org org, CancellationToken ct)
    {
        var leads = settings.Seed.DemoLeads;
        if (leads == 0 || await admin.GetSettingAsync(DemoSeededKey, ct) is not null) return;
        var context = new WriteContext(org.Administrator.Ref, clock.GetUtcNow(), "startup", "seed");
        var people = await users.ListAsync(ct);
        foreach (var module in DemoOrder(org.Modules))
        {
            if (await admin.CountAsync(module, ct) != 0) continue;
            var sources = new DemoSources(people, org.Territories, context.Now, await DemoRecords.TargetsAsync(records, module, ct));
            if (DemoRecords.MissingTarget(module, sources) is { } lookup)
            {
                logger.LogWarning("No demo {Module}: their required {Field} has no records to point at", module.PluralLabel, lookup.ApiName);
                continue;
            }
            var count = DemoCount(module, leads);
            await records.InsertAsync(module, DemoRecords.Generate(module, count, sources, seed: 2021), context, ct);
            logger.LogInformation("Created {Count} demo {Module} (OpenLeads:Seed:DemoLeads)", count, module.PluralLabel);
        }
        await admin.SetSettingAsync(DemoSeededKey, clock.GetUtcNow().ToString("O"), ct);
    }

    /// <summary>
    /// OpenLeads:Seed:DemoLeads records in the org's convertable module (Leads), a third of that (at
    /// least one) in every other module: 300 Leads, and 100 each of Accounts, Contacts, Deals and Projects.
    /// </summary>
    public static int DemoCount(ModuleDefinition module, int leads) => module.Convertable ? leads : Math.Max(1, leads / 3);

    /// <summary>The modules in the org's order, each after the other modules its lookups point at (a cycle keeps the org's order).</summary>
    public static IReadOnlyList<ModuleDefinition> DemoOrder(IReadOnlyList<ModuleDefinition> modules)
    {
        var placed = new List<ModuleDefinition>(modules.Count);
        var left = modules.ToList();
        while (left.Count > 0)
        {
            var next = left.FirstOrDefault(m => m.ColumnFields.All(f => f.LookupTarget is not { } target || target == m || placed.Contains(target)))
                       ?? left[0];
            placed.Add(next);
            left.Remove(next);
        }
        return placed;
    }
}

/// <summary>A start-up failure whose message tells the user what to change.</summary>
public sealed class StartupException(string message, Exception? inner = null) : Exception(message, inner);

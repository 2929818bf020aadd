using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration.CommandLine;
using Microsoft.Extensions.Configuration.EnvironmentVariables;

namespace OpenLeads.Server.Hosting;

/// <summary>One setting as <c>--help</c> and the README show it.</summary>
public sealed record Setting(string Key, object? Default, string Description)
{
    /// <summary>The default as text: <c>(none)</c> when there is none.</summary>
    public string DefaultText => Default switch
    {
        null => "(none)",
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => Default.ToString() ?? "",
    };
}

/// <summary>
/// The settings as data, read from the properties of <see cref="OpenLeadsSettings"/> and its sections:
/// their keys, built-in defaults and <see cref="DescriptionAttribute"/>s. The unknown-key check, <c>--help</c>
/// and the README's settings table (checked by a test) all come from here, so none drifts from the code.
/// </summary>
public static class SettingsCatalogue
{
    /// <summary>Every <c>OpenLeads:Section:Key</c>, in declaration order.</summary>
    public static IReadOnlyList<Setting> All { get; } = Read();

    /// <summary>ASP.NET Core's own listen setting, which OpenLeads gives its own default.</summary>
    public static Setting Urls { get; } = new("--urls", ListenUrls.Default,
        "Where to listen (ASP.NET Core's own setting; `ASPNETCORE_URLS` works too), e.g. `http://0.0.0.0:5180`; several addresses are separated by semicolons.");

    // Each section by its static type, so that a trimmed or Native AOT build keeps the properties read here
    // (SettingsDocumentationTests checks that every section of OpenLeadsSettings is listed).
    private static List<Setting> Read()
    {
        var defaults = new OpenLeadsSettings();
        return
        [
            .. Section(nameof(defaults.Storage), defaults.Storage),
            .. Section(nameof(defaults.Org), defaults.Org),
            .. Section(nameof(defaults.Auth), defaults.Auth),
            .. Section(nameof(defaults.Admin), defaults.Admin),
            .. Section(nameof(defaults.Seed), defaults.Seed),
            .. Section(nameof(defaults.Limits), defaults.Limits),
            .. Section(nameof(defaults.MassUpdate), defaults.MassUpdate),
            .. Section(nameof(defaults.Jobs), defaults.Jobs),
            .. Section(nameof(defaults.Journal), defaults.Journal),
            .. Section(nameof(defaults.Logging), defaults.Logging),
            .. Section(nameof(defaults.Metrics), defaults.Metrics),
            .. Section(nameof(defaults.Notifications), defaults.Notifications),
            .. Section(nameof(defaults.Idempotency), defaults.Idempotency),
            .. Section(nameof(defaults.ApiDocs), defaults.ApiDocs),
        ];
    }

    // Read-only properties (AdminSettings.Enabled) are derived, not settings.
    private static IEnumerable<Setting> Section<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] T>(string name, T defaults) =>
        from property in typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance)
        where property.SetMethod is { IsPublic: true }
        select new Setting($"{OpenLeadsSettings.SectionName}:{name}:{property.Name}", property.GetValue(defaults),
            property.GetCustomAttribute<DescriptionAttribute>()?.Description
            ?? throw new InvalidOperationException($"{typeof(T).Name}.{property.Name} has no [Description]."));

    /// <summary>
    /// The first key under <c>OpenLeads:</c> that is no setting, as a sentence naming it, where it came
    /// from and the nearest setting; null when every key is known. Keys compare case-insensitively, as configuration does.
    /// </summary>
    public static string? UnknownKeyProblem(IConfiguration configuration)
    {
        var known = All.Select(s => s.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var sections = All.Select(s => s.Key[..s.Key.LastIndexOf(':')]).Append(OpenLeadsSettings.SectionName).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var unknown = configuration.GetSection(OpenLeadsSettings.SectionName).AsEnumerable()
            // A key without a value is a section holding others; an empty section ({} in JSON) has an empty one.
            .Where(pair => pair.Value is not null && !known.Contains(pair.Key) && !(pair.Value.Length == 0 && sections.Contains(pair.Key)))
            .Select(pair => pair.Key)
            .Order(StringComparer.OrdinalIgnoreCase)
            .ToList();
        if (unknown.Count == 0) return null;
        var key = unknown[0];
        var more = unknown.Count > 1 ? $" ({unknown.Count - 1} more unknown: {string.Join(", ", unknown.Skip(1).Take(3))}{(unknown.Count > 4 ? ", …" : "")})" : "";
        return $"{key}{Source(configuration, key)} is not a setting. Did you mean {Nearest(key)}?{more} --help lists every setting.";
    }

    /// <summary>The known setting whose key is closest to <paramref name="key"/> (fewest single-character edits, ignoring case).</summary>
    public static string Nearest(string key) =>
        All.Select(s => s.Key).MinBy(candidate => Distance(key.ToLowerInvariant(), candidate.ToLowerInvariant()))!;

    private static string Source(IConfiguration configuration, string key)
    {
        var provider = (configuration as IConfigurationRoot)?.Providers.LastOrDefault(p => p.TryGet(key, out _));
        return provider switch
        {
            CommandLineConfigurationProvider => " (command line)",
            EnvironmentVariablesConfigurationProvider => $" (environment variable {key.Replace(":", "__", StringComparison.Ordinal)})",
            FileConfigurationProvider file => $" (in {file.Source.Path})",
            _ => "",
        };
    }

    // Levenshtein distance, one row at a time.
    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1], previous[j]) + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }
            previous = current;
        }
        return previous[b.Length];
    }
}

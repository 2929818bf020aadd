using System.Globalization;

namespace OpenLeads.Bench;

/// <summary>
/// <c>--scenario S [--records N] [--provider sqlite|postgres] [--pg CONNECTION] [--batch N] [--out FILE] [--seconds N] [--sizes N,N]</c>.
/// Every option is <c>--name value</c>; an unknown or repeated name, a number that is not one, or an option the scenario does
/// not take is refused, so that a typo never runs the wrong measurement.
/// </summary>
public sealed record BenchOptions(int Records, string Scenario, string Provider, string? Postgres, int? BatchSize, string Output)
{
    public const string Usage = "usage: --scenario ids|job|deals|undo|all|ids-random|read|startup|scale|soak|testserver|snapshot [--records N] " +
                                "[--provider sqlite|postgres] [--pg CONNECTION] [--batch N] [--out FILE] [--seconds N (soak)] [--sizes N,N,... (scale)]";

    public static readonly IReadOnlyList<string> ScenarioNames =
        ["ids", "job", "deals", "undo", "all", "ids-random", "read", "startup", "scale", "soak", "testserver", "snapshot"];

    /// <summary>What <c>--scenario all</c> runs: the mass update scenarios on one seeded database.</summary>
    private static readonly string[] All = ["ids", "job", "deals", "undo"];

    private static readonly string[] Names = ["records", "scenario", "provider", "pg", "batch", "out", "seconds", "sizes"];

    /// <summary>The soak's length (<c>--seconds</c>, soak only).</summary>
    public int Seconds { get; init; } = 60;

    /// <summary>The scale scenario's record counts (<c>--sizes</c>, scale only).</summary>
    public IReadOnlyList<int> Sizes { get; init; } = [10_000, 100_000, 1_000_000];

    public bool Runs(string scenario) => Scenario == scenario || (Scenario == "all" && All.Contains(scenario));

    public static BenchOptions? Parse(string[] args, out string? problem)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i].StartsWith("--", StringComparison.Ordinal) ? args[i][2..] : null;
            problem = name is null || i + 1 >= args.Length ? $"'{args[i]}' is not --name value"
                : !Names.Contains(name) ? $"unknown option '{args[i]}'"
                : values.ContainsKey(name) ? $"'{args[i]}' is given twice"
                : null;
            if (problem is not null) return null;
            values[name!] = args[++i];
        }

        var scenario = values.GetValueOrDefault("scenario", "all");
        var provider = values.GetValueOrDefault("provider", "sqlite");
        // The read scenario's question is how lists and searches hold up on a large table: 1,000,000 Leads unless told.
        problem = !ScenarioNames.Contains(scenario) ? $"--scenario is one of {string.Join(", ", ScenarioNames)}"
            : provider is not ("sqlite" or "postgres") ? "--provider is sqlite or postgres"
            : values.ContainsKey("seconds") && scenario != "soak" ? "--seconds goes with --scenario soak"
            : values.ContainsKey("sizes") && scenario != "scale" ? "--sizes goes with --scenario scale"
            : values.ContainsKey("records") && scenario == "scale" ? "--scenario scale takes --sizes, not --records"
            : null;
        string?[] numbers = [Number(values, "records", scenario == "read" ? 1_000_000 : 100_000, 500, out var records),
            Number(values, "seconds", 60, 5, out var seconds), Number(values, "batch", 1, 1, out var batch), SizeList(values, out var sizes)];
        problem ??= numbers.FirstOrDefault(n => n is not null);
        if (problem is not null) return null;
        var output = values.GetValueOrDefault("out") ?? Path.Combine(RepositoryRoot(), "bench", "results", "latest.json");
        return new BenchOptions(records, scenario, provider, values.GetValueOrDefault("pg"), values.ContainsKey("batch") ? batch : null, output)
        {
            Seconds = seconds,
            Sizes = sizes ?? [10_000, 100_000, 1_000_000],
        };
    }

    /// <summary>A whole number of at least <paramref name="least"/>, or the problem with it.</summary>
    private static string? Number(Dictionary<string, string> values, string name, int fallback, int least, out int value)
    {
        value = fallback;
        if (!values.TryGetValue(name, out var text)) return null;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= least
            ? null
            : $"--{name} is a whole number of at least {least.ToString("N0", CultureInfo.InvariantCulture)}, not '{text}'";
    }

    private static string? SizeList(Dictionary<string, string> values, out IReadOnlyList<int>? sizes)
    {
        sizes = null;
        if (!values.TryGetValue("sizes", out var text)) return null;
        var list = new List<int>();
        foreach (var part in text.Split(','))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var size) || size < 500)
            {
                return $"--sizes is a list of record counts of at least 500, separated by commas, not '{text}'";
            }
            list.Add(size);
        }
        sizes = list;
        return null;
    }

    internal static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(Directory.GetCurrentDirectory()); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "OpenLeads.slnx"))) return directory.FullName;
        }
        return Directory.GetCurrentDirectory();
    }
}

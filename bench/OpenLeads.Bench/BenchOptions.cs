using System.Globalization;

namespace OpenLeads.Bench;

/// <summary>
/// <c>--records N --scenario ids|job|deals|undo|all|testserver|snapshot --provider sqlite|postgres [--pg CONNECTION] [--batch N] [--out FILE]</c>.
/// </summary>
public sealed record BenchOptions(int Records, string Scenario, string Provider, string? Postgres, int? BatchSize, string Output)
{
    public bool Runs(string scenario) => Scenario == "all" || Scenario == scenario;

    public static BenchOptions? Parse(string[] args, out string? problem)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                problem = $"'{args[i]}' is not --name value";
                return null;
            }
            values[args[i][2..]] = args[++i];
        }
        problem = null;
        var records = values.TryGetValue("records", out var r) ? int.Parse(r, CultureInfo.InvariantCulture) : 100_000;
        var scenario = values.GetValueOrDefault("scenario", "all");
        var provider = values.GetValueOrDefault("provider", "sqlite");
        int? batch = values.TryGetValue("batch", out var b) ? int.Parse(b, CultureInfo.InvariantCulture) : null;
        if (records < 500) problem = "--records must be at least 500";
        else if (scenario is not ("ids" or "job" or "deals" or "undo" or "all" or "testserver" or "snapshot")) problem = "--scenario is ids, job, deals, undo, all, testserver or snapshot";
        else if (provider is not ("sqlite" or "postgres")) problem = "--provider is sqlite or postgres";
        var output = values.GetValueOrDefault("out") ?? Path.Combine(RepositoryRoot(), "bench", "results", "latest.json");
        return problem is null ? new BenchOptions(records, scenario, provider, values.GetValueOrDefault("pg"), batch, output) : null;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(Directory.GetCurrentDirectory()); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "OpenLeads.slnx"))) return directory.FullName;
        }
        return Directory.GetCurrentDirectory();
    }
}

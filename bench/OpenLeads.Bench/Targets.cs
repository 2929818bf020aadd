using System.Globalization;
using System.Text.Json.Nodes;

namespace OpenLeads.Bench;

/// <summary>
/// Issue 15's targets (and issue 13's for undo): each result that has one gets <c>target</c> (what it is) and <c>met</c>. A missed target is
/// printed and written like any figure; it does not fail the run.
/// </summary>
public static class Targets
{
    /// <summary>Adds <c>target</c> and <c>met</c> to <paramref name="result"/> when a target applies; false when one is missed.</summary>
    public static bool Apply(JsonObject result)
    {
        if (For(result) is not var (text, met)) return true;
        result["target"] = text;
        result["met"] = met;
        return met;
    }

    private static (string Text, bool Met)? For(JsonObject r)
    {
        var records = (long)Number(r, "records");
        return (Text(r, "scenario"), Text(r, "provider")) switch
        {
            ("ids", "sqlite") => Share(r, 0.70),
            ("ids", "postgres") => Share(r, 0.60),
            ("ids-random", _) => Share(r, 0.90),
            ("job" or "scale", "postgres") => Ratio(r, 1.20),
            ("job" or "scale", "sqlite") when records == 200_000 => Ratio(r, 1.25),
            ("job" or "scale", "sqlite") when records == 1_000_000 => Ratio(r, 1.15),
            ("startup", _) => ("start to first healthy /health under 250 ms (median) and idle working set under 80 MB",
                Number(r, "start_median_ms") < 250 && Number(r, "idle_working_set_mb") < 80),
            ("read", _) when records >= 1_000_000 => ("word search, first page, p50 under 50 ms",
                Number(r["latency_ms"]!["word_search"]!.AsObject(), "p50_ms") < 50),
            ("undo", _) => ("seconds at most 1.50× its job's (the floor column)", Number(r, "seconds") / Number(r, "floor_seconds") <= 1.5),
            ("soak", _) => ("no errors, and memory flat", Number(r, "errors") == 0 && r["memory_flat"]!.GetValue<bool>()),
            _ => null,
        };
    }

    /// <summary>records/s at least <paramref name="least"/> of the floor's (floor seconds ÷ seconds).</summary>
    private static (string, bool) Share(JsonObject r, double least) =>
        (string.Create(CultureInfo.InvariantCulture, $"records/s at least {least * 100:F0}% of the floor's"), Number(r, "floor_seconds") / Number(r, "seconds") >= least);

    private static (string, bool) Ratio(JsonObject r, double most) =>
        (string.Create(CultureInfo.InvariantCulture, $"seconds at most {most:F2}× the floor's"), Number(r, "seconds") / Number(r, "floor_seconds") <= most);

    private static string? Text(JsonObject r, string name) => r[name]?.GetValue<string>();

    private static double Number(JsonObject r, string name) => double.Parse(r[name]!.ToJsonString(), CultureInfo.InvariantCulture);
}

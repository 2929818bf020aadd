using System.Globalization;
using System.Text.Json.Nodes;

namespace OpenLeads.Bench;

/// <summary>A process's memory as Linux counts it (<c>/proc/PID/status</c> and <c>smaps_rollup</c>), in MB.</summary>
public static class ProcMemory
{
    /// <summary>Peak resident memory so far (VmHWM).</summary>
    public static double PeakMb(int pid) => StatusKib(pid, "VmHWM:") / 1024.0;

    /// <summary>Resident memory now (VmRSS), the working set.</summary>
    public static double WorkingSetMb(int pid) => StatusKib(pid, "VmRSS:") / 1024.0;

    /// <summary>Resident memory no other process shares (Private_Clean + Private_Dirty): the private bytes in memory.</summary>
    public static double PrivateMb(int pid) =>
        File.ReadLines($"/proc/{pid}/smaps_rollup").Where(l => l.StartsWith("Private_", StringComparison.Ordinal)).Sum(Kib) / 1024.0;

    private static long StatusKib(int pid, string name) => Kib(File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith(name, StringComparison.Ordinal)));

    private static long Kib(string line) => long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
}

/// <summary>Request latencies of one kind, in milliseconds, and their percentiles (nearest rank).</summary>
public sealed class Latencies
{
    private readonly List<double> _ms = [];

    public int Count
    {
        get { lock (_ms) return _ms.Count; }
    }

    public void Add(TimeSpan elapsed)
    {
        lock (_ms) _ms.Add(elapsed.TotalMilliseconds);
    }

    public double Percentile(double p)
    {
        lock (_ms)
        {
            if (_ms.Count == 0) return double.NaN;
            var sorted = _ms.Order().ToArray();
            return sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
        }
    }

    public JsonObject ToJson() => new()
    {
        ["count"] = Count,
        ["p50_ms"] = Math.Round(Percentile(50), 2),
        ["p99_ms"] = Math.Round(Percentile(99), 2),
    };

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"p50 {Percentile(50),7:F1} ms  p99 {Percentile(99),7:F1} ms  ({Count})");
}

using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using OpenLeads.LocalPostgres;
using OpenLeads.Testing;

namespace OpenLeads.Bench;

/// <summary>
/// <c>--scenario testserver</c>: how long <see cref="OpenLeadsTestServer.StartAsync"/> takes from the call to the first
/// answer of the API (a page of Leads), cold (the first start in the process: JIT, loading) and warm (the next
/// starts, as every test after the first in a run sees them), each stopped again before the next.
/// </summary>
internal static class TestServerStart
{
    private const int WarmStarts = 30;

    public static async Task<JsonObject> RunAsync(BenchOptions options)
    {
        var postgres = options.Provider == "postgres"
            ? (options.Postgres is null ? PostgresCluster.Instance : PostgresCluster.Connect(options.Postgres)).RunConnectionString
            : null;
        var cold = await OnceAsync(postgres);
        var warm = new List<double>();
        for (var i = 0; i < WarmStarts; i++) warm.Add(await OnceAsync(postgres));
        warm.Sort();
        var median = warm[warm.Count / 2];
        var p95 = warm[(int)Math.Ceiling(warm.Count * 0.95) - 1];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"OpenLeadsTestServer on {options.Provider}: start to first answer cold {cold:F0} ms, warm median {median:F0} ms, p95 {p95:F0} ms ({WarmStarts} starts)"));
        return new JsonObject
        {
            ["scenario"] = "testserver",
            ["provider"] = options.Provider,
            ["records"] = 0,
            ["cold_ms"] = Math.Round(cold, 1),
            ["warm_median_ms"] = Math.Round(median, 1),
            ["warm_p95_ms"] = Math.Round(p95, 1),
            ["warm_starts"] = WarmStarts,
            ["measured_at"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        };
    }

    private static async Task<double> OnceAsync(string? postgres)
    {
        var clock = Stopwatch.StartNew();
        await using var crm = await OpenLeadsTestServer.StartAsync(o =>
        {
            if (postgres is not null) o.UsePostgres(postgres);
        });
        using var answer = await crm.Http.GetAsync(new Uri("/crm/v8/Leads?fields=Last_Name", UriKind.Relative));
        var elapsed = clock.Elapsed.TotalMilliseconds;
        if ((int)answer.StatusCode is not (200 or 204)) throw new InvalidOperationException($"The first answer was {(int)answer.StatusCode}.");
        return elapsed;
    }
}

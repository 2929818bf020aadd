using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OpenLeads.LocalPostgres;
using OpenLeads.Testing;

namespace OpenLeads.Bench;

/// <summary>
/// <c>--scenario snapshot</c>: how long restoring a snapshot of N Leads takes (the server's own time, and the call's),
/// after a mass update of 100 of them, on a database file (or PostgreSQL) and on an in-memory database.
/// </summary>
internal static class SnapshotRestore
{
    private const int Restores = 15;

    public static async Task<IReadOnlyList<JsonObject>> RunAsync(BenchOptions options)
    {
        var results = new List<JsonObject>();
        if (options.Provider == "postgres")
        {
            var postgres = (options.Postgres is null ? PostgresCluster.Instance : PostgresCluster.Connect(options.Postgres)).RunConnectionString;
            results.Add(await MeasureAsync(options, "postgres", o => o.UsePostgres(postgres)));
            return results;
        }
        var directory = Directory.CreateTempSubdirectory("openleads-bench-snapshot-");
        try
        {
            var file = Path.Combine(directory.FullName, "openleads.db");
            results.Add(await MeasureAsync(options, "sqlite", o => o.Set("OpenLeads:Storage:ConnectionString", $"Data Source={file}")));
            results.Add(await MeasureAsync(options, "sqlite-memory", _ => { }));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
        return results;
    }

    private static async Task<JsonObject> MeasureAsync(BenchOptions options, string provider, Action<OpenLeadsTestOptions> configure)
    {
        await using var crm = await OpenLeadsTestServer.StartAsync(configure);
        var ids = new List<string>();
        for (var left = options.Records; left > 0; left -= 100_000) ids.AddRange(await crm.SeedAsync("Leads", Math.Min(left, 100_000), seed: 1));
        await crm.Snapshots.TakeAsync("bench");
        var server = new List<double>();
        var call = new List<double>();
        for (var i = 0; i < Restores; i++)
        {
            var body = new JsonObject
            {
                ["data"] = new JsonArray(new JsonObject { ["City"] = $"Round {i}" }),
                ["ids"] = new JsonArray([.. ids.Skip(i * 100 % Math.Max(ids.Count - 100, 1)).Take(100).Select(id => (JsonNode?)id)]),
            };
            using (var changed = await crm.Http.PostAsJsonAsync("/crm/v8/Leads/actions/mass_update", body)) changed.EnsureSuccessStatusCode();
            var clock = Stopwatch.StartNew();
            server.Add((await crm.Snapshots.RestoreAsync("bench")).TotalMilliseconds);
            call.Add(clock.Elapsed.TotalMilliseconds);
        }
        server.Sort();
        call.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"snapshot restore, {options.Records:N0} Leads on {provider}: server median {server[Restores / 2]:F1} ms (max {server[^1]:F1}), call median {call[Restores / 2]:F1} ms ({Restores} restores)"));
        return new JsonObject
        {
            ["scenario"] = "snapshot",
            ["provider"] = provider,
            ["records"] = options.Records,
            ["restore_median_ms"] = Math.Round(server[Restores / 2], 1),
            ["restore_max_ms"] = Math.Round(server[^1], 1),
            ["call_median_ms"] = Math.Round(call[Restores / 2], 1),
            ["restores"] = Restores,
            ["measured_at"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        };
    }
}

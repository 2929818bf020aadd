using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace OpenLeads.Bench;

/// <summary>
/// <c>--scenario startup</c>: the server as it ships (<c>dotnet publish -c Release -p:PublishReadyToRun=true src/OpenLeads.Server</c>, done here into a
/// temporary folder) started <see cref="Starts"/> times on an empty database (migrated, no records) and on one of
/// <c>--records</c> Leads: from the process's start to the first healthy answer of <c>/health</c> (polled every 2 ms), then
/// its memory after <see cref="IdleSeconds"/> s idle. Medians of the starts, each started and killed before the next.
/// </summary>
internal static class StartupScenario
{
    private const int Starts = 7;
    private const int IdleSeconds = 3;

    public static async Task<IReadOnlyList<JsonObject>> RunAsync(BenchOptions options)
    {
        var published = Directory.CreateTempSubdirectory("openleads-bench-publish-");
        try
        {
            await PublishAsync(published.FullName);
            var results = new List<JsonObject>();
            foreach (var records in (int[])[0, options.Records])
            {
                await using var database = BenchDatabase.Create(options);
                if (records == 0) await database.MigrateAsync();
                else await database.SeedAsync(records);
                await database.SettleAsync();
                results.Add(await MeasureAsync(published.FullName, database, records));
            }
            return results;
        }
        finally
        {
            published.Delete(recursive: true);
        }
    }

    private static async Task PublishAsync(string output)
    {
        var clock = Stopwatch.StartNew();
        var project = Path.Combine(BenchOptions.RepositoryRoot(), "src", "OpenLeads.Server");
        using var publish = Process.Start("dotnet", ["publish", project, "-c", "Release", "-p:PublishReadyToRun=true", "-o", output, "-v", "q", "--nologo"]);
        await publish.WaitForExitAsync();
        if (publish.ExitCode != 0) throw new InvalidOperationException($"dotnet publish {project} failed ({publish.ExitCode}).");
        Console.WriteLine($"  published the server in {clock.Elapsed.TotalSeconds:F0} s");
    }

    private static async Task<JsonObject> MeasureAsync(string published, BenchDatabase database, int records)
    {
        var starts = new List<double>();
        var workingSets = new List<double>();
        var privates = new List<double>();
        for (var i = 0; i < Starts; i++)
        {
            var (ms, workingSet, @private) = await StartOnceAsync(published, database);
            starts.Add(ms);
            workingSets.Add(workingSet);
            privates.Add(@private);
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  startup, {records:N0} Leads on {database.Provider}: median {Median(starts):F0} ms (min {starts.Min():F0}, max {starts.Max():F0}), " +
            $"idle working set {Median(workingSets):F0} MB, private {Median(privates):F0} MB ({Starts} starts)"));
        return new JsonObject
        {
            ["scenario"] = "startup",
            ["provider"] = database.Provider,
            ["records"] = records,
            ["start_median_ms"] = Math.Round(Median(starts), 1),
            ["start_min_ms"] = Math.Round(starts.Min(), 1),
            ["start_max_ms"] = Math.Round(starts.Max(), 1),
            ["idle_working_set_mb"] = Math.Round(Median(workingSets), 1),
            ["idle_private_mb"] = Math.Round(Median(privates), 1),
            ["starts"] = Starts,
        };
    }

    /// <summary>One start: milliseconds to the first healthy answer, then the working set and private memory at idle, in MB.</summary>
    private static async Task<(double Ms, double WorkingSetMb, double PrivateMb)> StartOnceAsync(string published, BenchDatabase database)
    {
        var port = FreePort();
        var apphost = Path.Combine(published, "OpenLeads.Server");
        var info = File.Exists(apphost) ? new ProcessStartInfo(apphost) : new ProcessStartInfo("dotnet") { ArgumentList = { Path.Combine(published, "OpenLeads.Server.dll") } };
        info.WorkingDirectory = published;
        info.RedirectStandardOutput = info.RedirectStandardError = true;
        foreach (var arg in (string[])[$"--urls=http://127.0.0.1:{port}", .. ServerUnderTest.Settings(database)]) info.ArgumentList.Add(arg);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("server: " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await HealthyAsync(http, process);
            var ms = clock.Elapsed.TotalMilliseconds;
            await Task.Delay(TimeSpan.FromSeconds(IdleSeconds));
            return (ms, ProcMemory.WorkingSetMb(process.Id), ProcMemory.PrivateMb(process.Id));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static async Task HealthyAsync(HttpClient http, Process process)
    {
        for (var deadline = Stopwatch.StartNew(); deadline.Elapsed < TimeSpan.FromMinutes(1); await Task.Delay(2))
        {
            if (process.HasExited) throw new InvalidOperationException($"The server exited with {process.ExitCode} before it was healthy.");
            try
            {
                using var answer = await http.GetAsync("/health");
                if (answer.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
        }
        throw new TimeoutException("The server was not healthy within a minute.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}

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
/// The floor is bench/OpenLeads.StartupFloor, the smallest ASP.NET Core server (slim builder, one <c>/health</c>), published and
/// started the same way in the same run: what any .NET web server on this machine starts in and holds.
/// </summary>
internal static class StartupScenario
{
    private const int Starts = 7;
    private const int IdleSeconds = 3;

    public static async Task<IReadOnlyList<JsonObject>> RunAsync(BenchOptions options)
    {
        var published = Directory.CreateTempSubdirectory("openleads-bench-publish-");
        var floorPublished = Directory.CreateTempSubdirectory("openleads-bench-publish-floor-");
        try
        {
            await PublishAsync(Path.Combine("src", "OpenLeads.Server"), published.FullName);
            await PublishAsync(Path.Combine("bench", "OpenLeads.StartupFloor"), floorPublished.FullName);
            var floor = await MeasureStartsAsync(Path.Combine(floorPublished.FullName, "OpenLeads.StartupFloor"), null);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  startup floor (an ASP.NET Core server with one /health): median {floor.Median:F0} ms, idle working set {floor.WorkingSet:F0} MB, private {floor.Private:F0} MB"));
            var results = new List<JsonObject>();
            foreach (var records in (int[])[0, options.Records])
            {
                await using var database = BenchDatabase.Create(options);
                if (records == 0) await database.MigrateAsync();
                else await database.SeedAsync(records);
                await database.SettleAsync();
                results.Add(await MeasureAsync(Path.Combine(published.FullName, "OpenLeads.Server"), database, records, floor));
            }
            return results;
        }
        finally
        {
            published.Delete(recursive: true);
            floorPublished.Delete(recursive: true);
        }
    }

    private static async Task PublishAsync(string relativeProject, string output)
    {
        var clock = Stopwatch.StartNew();
        var project = Path.Combine(BenchOptions.RepositoryRoot(), relativeProject);
        using var publish = Process.Start("dotnet", ["publish", project, "-c", "Release", "-p:PublishReadyToRun=true", "-o", output, "-v", "q", "--nologo"]);
        await publish.WaitForExitAsync();
        if (publish.ExitCode != 0) throw new InvalidOperationException($"dotnet publish {project} failed ({publish.ExitCode}).");
        Console.WriteLine($"  published {relativeProject} in {clock.Elapsed.TotalSeconds:F0} s");
    }

    private static async Task<JsonObject> MeasureAsync(string program, BenchDatabase database, int records, StartFigures floor)
    {
        var starts = await MeasureStartsAsync(program, database);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  startup, {records:N0} Leads on {database.Provider}: median {starts.Median:F0} ms (min {starts.Min:F0}, max {starts.Max:F0}), " +
            $"idle working set {starts.WorkingSet:F0} MB, private {starts.Private:F0} MB ({Starts} starts)"));
        return new JsonObject
        {
            ["scenario"] = "startup",
            ["provider"] = database.Provider,
            ["records"] = records,
            ["start_median_ms"] = Math.Round(starts.Median, 1),
            ["start_min_ms"] = Math.Round(starts.Min, 1),
            ["start_max_ms"] = Math.Round(starts.Max, 1),
            ["idle_working_set_mb"] = Math.Round(starts.WorkingSet, 1),
            ["idle_private_mb"] = Math.Round(starts.Private, 1),
            ["starts"] = Starts,
            ["floor_start_median_ms"] = Math.Round(floor.Median, 1),
            ["floor_idle_working_set_mb"] = Math.Round(floor.WorkingSet, 1),
            ["floor_idle_private_mb"] = Math.Round(floor.Private, 1),
        };
    }

    /// <summary>Medians (and the range of the start times) of <see cref="Starts"/> starts of <paramref name="program"/>.</summary>
    private sealed record StartFigures(double Median, double Min, double Max, double WorkingSet, double Private);

    private static async Task<StartFigures> MeasureStartsAsync(string program, BenchDatabase? database)
    {
        var times = new List<double>();
        var workingSets = new List<double>();
        var privates = new List<double>();
        for (var i = 0; i < Starts; i++)
        {
            var (ms, workingSet, @private) = await StartOnceAsync(program, database);
            times.Add(ms);
            workingSets.Add(workingSet);
            privates.Add(@private);
        }
        return new StartFigures(Median(times), times.Min(), times.Max(), Median(workingSets), Median(privates));
    }

    /// <summary>
    /// One start of the published <paramref name="program"/> (its apphost, or <c>dotnet</c> with its dll where there is none), on
    /// <paramref name="database"/> when it has one: milliseconds to the first healthy answer, then the working set and private
    /// memory at idle, in MB.
    /// </summary>
    private static async Task<(double Ms, double WorkingSetMb, double PrivateMb)> StartOnceAsync(string program, BenchDatabase? database)
    {
        var port = FreePort();
        var info = File.Exists(program) ? new ProcessStartInfo(program) : new ProcessStartInfo("dotnet") { ArgumentList = { program + ".dll" } };
        info.WorkingDirectory = Path.GetDirectoryName(program)!;
        info.RedirectStandardOutput = info.RedirectStandardError = true;
        foreach (var arg in (string[])[$"--urls=http://127.0.0.1:{port}", .. database is null ? Array.Empty<string>() : ServerUnderTest.Settings(database)]) info.ArgumentList.Add(arg);
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

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;

namespace OpenLeads.Bench;

/// <summary>
/// <c>--scenario startup</c>: the server as it ships, published two ways into temporary folders (<see cref="Builds"/>:
/// <c>dotnet publish -c Release -p:PublishReadyToRun=true src/OpenLeads.Server</c>, as DEPLOYMENT.md publishes it, and Native AOT),
/// each started <see cref="Starts"/> times on an empty database (migrated, no records) and on one of <c>--records</c> Leads:
/// from the process's start to the first healthy answer of <c>/health</c> (polled every 2 ms), then its memory after
/// <see cref="IdleSeconds"/> s idle. Medians of the starts, each started and killed before the next. Each build's floor is
/// bench/OpenLeads.StartupFloor, the smallest ASP.NET Core server (slim builder, one <c>/health</c>), published the same way
/// and started in the same run: what any .NET web server on this machine starts in and holds.
/// </summary>
internal static class StartupScenario
{
    private const int Starts = 7;
    private const int IdleSeconds = 3;

    /// <summary>A way to publish, and the arguments of <c>dotnet publish</c> that make it.</summary>
    private sealed record Build(string Name, Func<DirectoryInfo, string[]> Arguments);

    private static readonly Build[] Builds =
    [
        new("ReadyToRun", _ => ["-p:PublishReadyToRun=true"]),
        // Self-contained, so its build and intermediate files go to its own folder: left in the project's obj/ and bin/, they
        // broke a later framework-dependent ReadyToRun publish (docs/DEPLOYMENT.md).
        new("Native AOT", folder => ["-r", RuntimeInformation.RuntimeIdentifier, "-p:PublishAot=true",
            $"-p:IntermediateOutputPath={Path.Combine(folder.FullName, "obj")}/", $"-p:OutputPath={Path.Combine(folder.FullName, "bin")}/"]),
    ];

    /// <summary>One build of the server and of its floor, published, and the floor's figures.</summary>
    private sealed record Published(Build Build, string Server, StartFigures Floor);

    public static async Task<IReadOnlyList<JsonObject>> RunAsync(BenchOptions options)
    {
        var folders = new List<DirectoryInfo>();
        try
        {
            var published = new List<Published>();
            foreach (var build in Builds)
            {
                var server = Folder("openleads-bench-publish-", folders);
                var floor = Folder("openleads-bench-publish-floor-", folders);
                await PublishAsync(Path.Combine("src", "OpenLeads.Server"), server, build, Folder("openleads-bench-build-", folders));
                await PublishAsync(Path.Combine("bench", "OpenLeads.StartupFloor"), floor, build, Folder("openleads-bench-build-", folders));
                var floorFigures = await MeasureStartsAsync(Path.Combine(floor.FullName, "OpenLeads.StartupFloor"), null);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  startup floor, {build.Name} (an ASP.NET Core server with one /health): median {floorFigures.Median:F0} ms, " +
                    $"idle working set {floorFigures.WorkingSet:F0} MB, private {floorFigures.Private:F0} MB"));
                published.Add(new Published(build, Path.Combine(server.FullName, "OpenLeads.Server"), floorFigures));
            }
            var results = new List<JsonObject>();
            foreach (var records in (int[])[0, options.Records])
            {
                await using var database = BenchDatabase.Create(options);
                if (records == 0) await database.MigrateAsync();
                else await database.SeedAsync(records);
                await database.SettleAsync();
                foreach (var build in published) results.Add(await MeasureAsync(build, database, records));
            }
            return results;
        }
        finally
        {
            foreach (var folder in folders) folder.Delete(recursive: true);
        }
    }

    private static DirectoryInfo Folder(string prefix, List<DirectoryInfo> folders)
    {
        var folder = Directory.CreateTempSubdirectory(prefix);
        folders.Add(folder);
        return folder;
    }

    private static async Task PublishAsync(string relativeProject, DirectoryInfo output, Build build, DirectoryInfo buildFolder)
    {
        var clock = Stopwatch.StartNew();
        var project = Path.Combine(BenchOptions.RepositoryRoot(), relativeProject);
        using var publish = Process.Start("dotnet",
            ["publish", project, "-c", "Release", .. build.Arguments(buildFolder), "-o", output.FullName, "-v", "q", "--nologo"]);
        await publish.WaitForExitAsync();
        if (publish.ExitCode != 0) throw new InvalidOperationException($"dotnet publish {project} ({build.Name}) failed ({publish.ExitCode}).");
        Console.WriteLine($"  published {relativeProject} ({build.Name}) in {clock.Elapsed.TotalSeconds:F0} s");
    }

    private static async Task<JsonObject> MeasureAsync(Published published, BenchDatabase database, int records)
    {
        var (starts, floor) = (await MeasureStartsAsync(published.Server, database), published.Floor);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  startup, {published.Build.Name}, {records:N0} Leads on {database.Provider}: median {starts.Median:F0} ms (min {starts.Min:F0}, max {starts.Max:F0}), " +
            $"idle working set {starts.WorkingSet:F0} MB, private {starts.Private:F0} MB ({Starts} starts)"));
        return new JsonObject
        {
            ["scenario"] = "startup",
            ["provider"] = database.Provider,
            ["records"] = records,
            ["variant"] = published.Build.Name,
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

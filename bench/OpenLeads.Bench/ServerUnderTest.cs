using System.Diagnostics;
using System.Text.RegularExpressions;

namespace OpenLeads.Bench;

/// <summary>The OpenLeads server as its own process (Release build, next to this program), on a free loopback port.</summary>
public sealed partial class ServerUnderTest : IAsyncDisposable
{
    public const string Token = "1000.bench-token";

    private readonly Process _process;

    private ServerUnderTest(Process process, string address) => (_process, Address) = (process, address);

    public string Address { get; }

    public int ProcessId => _process.Id;

    public static async Task<ServerUnderTest> StartAsync(BenchDatabase database, IEnumerable<string> settings)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "OpenLeads.Server.dll"));
        foreach (var arg in (string[])["--urls=http://127.0.0.1:0", .. Settings(database), "--Logging:LogLevel:Default=Warning", .. settings])
        {
            info.ArgumentList.Add(arg);
        }
        var process = Process.Start(info)!;
        var listening = new TaskCompletionSource<string>();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null && Listening().Match(e.Data) is { Success: true } m) listening.TrySetResult(m.Groups[1].Value);
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("server: " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ServerUnderTest(process, await listening.Task.WaitAsync(TimeSpan.FromMinutes(2)));
    }

    /// <summary>Its database, the bench's token and no demo records: what every scenario's server is started with.</summary>
    public static string[] Settings(BenchDatabase database) =>
        [$"--OpenLeads:Storage:Provider={database.Provider}", $"--OpenLeads:Storage:ConnectionString={database.ConnectionString}",
            $"--OpenLeads:Auth:DevToken={Token}", "--OpenLeads:Seed:DemoLeads=0"];

    /// <summary>
    /// Zoho's calls in flight (Enterprise: 20, 10 of them heavy, as a mass update or a search is) raised to let
    /// <paramref name="clients"/> clients all have a call in flight: the limiter still runs, it refuses none of them.
    /// </summary>
    public static string[] RoomFor(int clients) =>
        [$"--OpenLeads:Limits:Concurrency={Math.Max(20, clients + 4)}", $"--OpenLeads:Limits:HeavyConcurrency={Math.Max(10, clients)}"];

    /// <summary>The server's peak resident memory so far (VmHWM), in MB.</summary>
    public double PeakWorkingSetMb() => ProcMemory.PeakMb(_process.Id);

    /// <summary>The server's resident memory now (VmRSS), in MB.</summary>
    public double WorkingSetMb() => ProcMemory.WorkingSetMb(_process.Id);

    [GeneratedRegex(@"OpenLeads is listening on (\S+)")]
    private static partial Regex Listening();

    public async ValueTask DisposeAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace OpenLeads.Bench;

/// <summary>The OpenLeads server as its own process (Release build, next to this program), on a free loopback port.</summary>
public sealed partial class ServerUnderTest : IAsyncDisposable
{
    public const string Token = "1000.bench-token";

    private readonly Process _process;

    private ServerUnderTest(Process process, string address) => (_process, Address) = (process, address);

    public string Address { get; }

    public static async Task<ServerUnderTest> StartAsync(BenchDatabase database, IEnumerable<string> settings)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "OpenLeads.Server.dll"));
        foreach (var arg in (string[])["--urls=http://127.0.0.1:0", $"--OpenLeads:Storage:Provider={database.Provider}",
                     $"--OpenLeads:Storage:ConnectionString={database.ConnectionString}", $"--OpenLeads:Auth:DevToken={Token}",
                     "--OpenLeads:Seed:DemoLeads=0", "--Logging:LogLevel:Default=Warning", .. settings])
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

    /// <summary>The server's peak resident memory so far (VmHWM), in MB.</summary>
    public double PeakWorkingSetMb()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }

    [GeneratedRegex(@"OpenLeads is listening on (\S+)")]
    private static partial Regex Listening();

    public async ValueTask DisposeAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}

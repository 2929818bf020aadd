using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace OpenLeads.Tests.Infrastructure;

/// <summary>
/// The server as a user runs it: its own process (the built OpenLeads.Server.dll), its own
/// working directory, settings from the command line and environment, output read as printed.
/// </summary>
public sealed partial class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _standardOutput = new();
    private readonly StringBuilder _standardError = new();
    private readonly TaskCompletionSource<string> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServerProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Collect(e.Data, _standardOutput);
        _process.ErrorDataReceived += (_, e) => Collect(e.Data, _standardError);
    }

    /// <summary>Everything printed, stdout and stderr interleaved as they arrived.</summary>
    public string Output { get { lock (_output) return _output.ToString(); } }

    public string StandardOutput { get { lock (_output) return _standardOutput.ToString(); } }

    public string StandardError { get { lock (_output) return _standardError.ToString(); } }

    /// <summary>The address the banner printed, e.g. http://127.0.0.1:41234.</summary>
    public string Address { get; private set; } = "";

    public int ExitCode => _process.ExitCode;

    public static string ServerDll => Path.Combine(AppContext.BaseDirectory, "OpenLeads.Server.dll");

    /// <summary>Starts the server in <paramref name="workingDirectory"/> on a free port.</summary>
    public static ServerProcess Start(string workingDirectory, IEnumerable<string>? args = null, IReadOnlyDictionary<string, string>? environment = null) =>
        Launch(new ProcessStartInfo("dotnet") { ArgumentList = { ServerDll } }, workingDirectory, args, environment);

    /// <summary>Starts an installed server command (<c>openleads-server</c> of <c>dotnet tool install</c>) in <paramref name="workingDirectory"/> on a free port.</summary>
    public static ServerProcess StartInstalled(string command, string workingDirectory, IEnumerable<string>? args = null) =>
        Launch(new ProcessStartInfo(command), workingDirectory, args, null);

    private static ServerProcess Launch(ProcessStartInfo info, string workingDirectory, IEnumerable<string>? args, IReadOnlyDictionary<string, string>? environment)
    {
        info.WorkingDirectory = workingDirectory;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        info.ArgumentList.Add("--urls=http://127.0.0.1:0");
        foreach (var arg in args ?? []) info.ArgumentList.Add(arg);
        info.Environment.Remove("ASPNETCORE_URLS");
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) info.Environment[key] = value;
        var server = new ServerProcess(new Process { StartInfo = info, EnableRaisingEvents = true });
        server._process.Exited += (_, _) => server._listening.TrySetException(new InvalidOperationException("exited: " + server.Output));
        server._process.Start();
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        return server;
    }

    /// <summary>Waits for the banner line that says where the server listens.</summary>
    public async Task<string> WaitUntilListeningAsync()
    {
        Address = await _listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
        // The banner's lines arrive one by one; its last line says it is complete.
        await WaitForOutputAsync(OpenLeads.Server.Hosting.StartupBanner.LastLine, TimeSpan.FromSeconds(10));
        return Address;
    }

    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            // The parameterless wait also waits for the redirected streams to reach their end.
            await _process.WaitForExitAsync(cts.Token);
            _process.WaitForExit();
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Output.Contains(text, StringComparison.Ordinal) && DateTime.UtcNow < deadline) await Task.Delay(20);
    }

    private void Collect(string? line, StringBuilder stream)
    {
        if (line is null) return;
        lock (_output)
        {
            _output.AppendLine(line);
            stream.AppendLine(line);
        }
        if (ListeningLine().Match(line) is { Success: true } match) _listening.TrySetResult(match.Groups[1].Value);
    }

    /// <summary>
    /// Waits for the process to give up starting and returns the one line it wrote about it, having checked
    /// what a user sees: exit code 1, that line alone on stderr, and no stack trace or exception anywhere.
    /// </summary>
    public async Task<string> FailureLineAsync()
    {
        Assert.True(await WaitForExitAsync(TimeSpan.FromSeconds(60)), "still running: " + Output);
        Assert.Equal(1, ExitCode);
        var lines = StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var line = Assert.Single(lines);
        Assert.StartsWith("OpenLeads cannot start: ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", Output, StringComparison.Ordinal);
        return line;
    }

    [GeneratedRegex(@"OpenLeads is listening on (\S+)")]
    private static partial Regex ListeningLine();

    /// <summary>Kills the process outright (SIGKILL): no shutdown, no flushing, as a crash or kill -9 would.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}

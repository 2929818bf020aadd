using System.Diagnostics;

namespace OpenLeads.Tests.Infrastructure;

/// <summary>Commands a test runs as a user would (<c>dotnet pack</c>, <c>dotnet publish</c>, a published program's <c>--help</c>).</summary>
public static class Commands
{
    /// <summary>Runs <paramref name="command"/> to its end, asserts it exited 0 (saying what it printed if not), and returns its output, trimmed.</summary>
    public static async Task<string> RunAsync(string command, string[] args, params (string Name, string Value)[] environment)
    {
        var info = new ProcessStartInfo(command, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (name, value) in environment) info.Environment[name] = value;
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{command} {string.Join(' ', args)} exited {process.ExitCode}:\n{await output}\n{await errors}");
        return (await output).Trim();
    }
}

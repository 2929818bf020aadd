using System.Diagnostics;
using System.Text.Json.Nodes;
using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.ZohoSdk;

/// <summary>What a script of tests/zoho-sdk printed: its exit code, its "OK step {facts}" lines by step, and stderr.</summary>
public sealed record SdkRun(int ExitCode, IReadOnlyDictionary<string, JsonObject> Steps, string Output, string Errors)
{
    public JsonObject this[string step] => Steps.TryGetValue(step, out var facts) ? facts : throw new Xunit.Sdk.XunitException($"no step '{step}' in:\n{this}");

    public override string ToString() => $"exit {ExitCode}\n{Output}\n{Errors}";
}

/// <summary>
/// Runs the scripts of tests/zoho-sdk, which drive Zoho's official Node.js SDK for API v8 (installed there by
/// ./test.sh with <c>npm ci</c>), with <c>node</c> from PATH or <c>OPENLEADS_NODE</c>. A missing node or SDK
/// fails the test with what to install: these tests never skip.
/// </summary>
public static class NodeSdk
{
    public static readonly string Folder = Path.Combine(Repository.Root, "tests", "zoho-sdk");

    private static string Node => Environment.GetEnvironmentVariable("OPENLEADS_NODE") is { Length: > 0 } path ? path : "node";

    public static async Task<SdkRun> RunAsync(string script, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var version = await StartAsync(new ProcessStartInfo(Node, "--version") { RedirectStandardOutput = true });
        Assert.True(int.TryParse(version.TrimStart('v').Split('.')[0], out var major) && major >= 18,
            $"The Zoho SDK tests need Node.js 18 or later; '{Node} --version' says {version}.");
        Assert.True(File.Exists(Path.Combine(Folder, "node_modules", "@zohocrm", "nodejs-sdk-8.0", "package.json")),
            $"Zoho's Node SDK is not installed in {Folder}: run ./test.sh, or 'npm ci' in that folder (it needs Node.js 18 or later and npm).");
        var info = new ProcessStartInfo(Node) { WorkingDirectory = Folder, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(script);
        foreach (var arg in args) info.ArgumentList.Add(arg);
        foreach (var (name, value) in environment) info.Environment[name] = value;
        using var process = Start(info);
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new Xunit.Sdk.XunitException($"node {script} did not finish in 90 s:\n{await output}\n{await errors}");
        }
        var text = await output;
        var steps = text.Split('\n').Where(line => line.StartsWith("OK ", StringComparison.Ordinal))
            .Select(line => line[3..].Split(' ', 2))
            .ToDictionary(parts => parts[0], parts => JsonNode.Parse(parts[1])!.AsObject());
        return new SdkRun(process.ExitCode, steps, text, await errors);
    }

    private static Process Start(ProcessStartInfo info)
    {
        try
        {
            return Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new Xunit.Sdk.XunitException($"The Zoho SDK tests need Node.js 18 or later ('{Node}' could not be started: {e.Message}); " +
                "./test.sh installs it with apt-get install nodejs npm, or set OPENLEADS_NODE to its path.");
        }
    }

    private static async Task<string> StartAsync(ProcessStartInfo info)
    {
        using var process = Start(info);
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output.Trim();
    }
}

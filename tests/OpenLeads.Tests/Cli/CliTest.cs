using OpenLeads.Cli;
using OpenLeads.Tests.Infrastructure;
using Spectre.Console;

namespace OpenLeads.Tests.Cli;

/// <summary>
/// Runs the <c>openleads</c> command line in-process against this test's real server, with its own
/// config folder, and captures what it printed. Standard output is redirected (as in a pipe) unless a
/// test asks for a terminal.
/// </summary>
public abstract class CliTest : ServerTest, IDisposable
{
    protected string Work { get; } = Directory.CreateTempSubdirectory("openleads-cli-").FullName;

    public void Dispose()
    {
        Directory.Delete(Work, recursive: true);
        GC.SuppressFinalize(this);
    }

    protected sealed record Run(int ExitCode, string Out, string Error);

    protected async Task<Run> RunWithInputAsync(string stdin, bool terminal, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No, Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 200;
        var environment = new CliEnvironment(console, error, new StringReader(stdin), _ => null, Path.Combine(Work, "config"), terminal);
        var code = await CliApp.RunAsync(args, environment);
        return new Run(code, output.ToString(), error.ToString());
    }

    protected Task<Run> RunAsync(params string[] args) => RunWithInputAsync("", terminal: false, args);

    protected string[] Connection => ["--api-domain", Server.Address.ToString(), "--token", OpenLeadsServer.DevToken];

    protected string[] WithToken(string token) => ["--api-domain", Server.Address.ToString(), "--token", token];

    protected string WriteFile(string name, IEnumerable<string> lines)
    {
        var path = Path.Combine(Work, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    /// <summary>Ids of no record, in Zoho's form: the server answers each "the id given seems to be invalid".</summary>
    protected static IEnumerable<string> UnknownIds(int count) => Enumerable.Range(1, count).Select(i => (738964000090000000L + i).ToString());

    /// <summary>Lines of text, without the empty last one.</summary>
    protected static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
}

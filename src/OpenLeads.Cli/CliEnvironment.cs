using Spectre.Console;

namespace OpenLeads.Cli;

/// <summary>
/// What a run of the tool reads and writes: its consoles, standard input, environment and config folder,
/// and whether standard output is a terminal (tables and progress bars) or not (tab-separated rows).
/// </summary>
internal sealed record CliEnvironment(IAnsiConsole Out, TextWriter Error, TextReader In, Func<string, string?> Variable, string ConfigDirectory,
    bool Terminal = false)
{
    /// <summary>The real process: the terminal, its environment, and <c>~/.config/openleads</c> (or the platform's equivalent).</summary>
    public static CliEnvironment System() => new(AnsiConsole.Console, Console.Error, Console.In, Environment.GetEnvironmentVariable,
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData, Environment.SpecialFolderOption.DoNotVerify), "openleads"),
        Terminal: !Console.IsOutputRedirected);
}

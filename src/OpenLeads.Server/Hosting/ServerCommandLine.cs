using System.Reflection;
using System.Text;

namespace OpenLeads.Server.Hosting;

/// <summary>
/// <c>--help</c> (also <c>-h</c>, <c>-?</c>) and <c>--version</c>: answered before anything is built, so
/// they open no database and start no server.
/// </summary>
public static class ServerCommandLine
{
    private const int Width = 100;

    /// <summary>Writes the help or the version when <paramref name="args"/> ask for one; false when they ask for neither.</summary>
    public static bool TryAnswer(IReadOnlyList<string> args, TextWriter output)
    {
        if (args.Any(a => a is "--help" or "-h" or "-?"))
        {
            output.Write(Help());
            return true;
        }
        if (args.Contains("--version"))
        {
            output.WriteLine(Version);
            return true;
        }
        return false;
    }

    /// <summary>The server assembly's informational version (the package version, then <c>+</c> and the commit when built from git).</summary>
    public static string Version =>
        typeof(ServerCommandLine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(ServerCommandLine).Assembly.GetName().Version?.ToString() ?? "unknown";

    public static string Help()
    {
        var text = new StringBuilder();
        text.AppendLine($"OpenLeads {Version}: the Zoho CRM REST API, on SQLite or PostgreSQL.");
        text.AppendLine();
        text.AppendLine("Usage: openleads-server [--urls <address>] [--OpenLeads:<Section>:<Key>=<value> ...]");
        text.AppendLine("       openleads-server --help | --version");
        text.AppendLine("  (installed with dotnet tool install -g OpenLeads.Server; from a clone: dotnet run --project src/OpenLeads.Server -- <arguments>)");
        text.AppendLine();
        Wrap(text, "", "Each setting can be given three ways; a later one wins: in appsettings.json in the working directory "
                       + "(\"OpenLeads\": { \"Section\": { \"Key\": value } }), as an environment variable OpenLeads__Section__Key, "
                       + "or on the command line as --OpenLeads:Section:Key=value. Keys are case-insensitive. An unknown OpenLeads:* key "
                       + "or a bad value stops start-up with one line naming it, and exit code 1.");
        text.AppendLine();
        text.AppendLine("Settings:");
        foreach (var setting in SettingsCatalogue.All.Prepend(SettingsCatalogue.Urls))
        {
            text.AppendLine($"  {setting.Key}  (default: {(setting.Default is null ? "none" : setting.DefaultText)})");
            Wrap(text, "      ", setting.Description.Replace("`", "", StringComparison.Ordinal));
        }
        return text.ToString();
    }

    private static void Wrap(StringBuilder text, string indent, string paragraph)
    {
        var line = new StringBuilder(indent);
        foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > indent.Length && line.Length + 1 + word.Length > Width)
            {
                text.AppendLine(line.ToString());
                line.Clear().Append(indent);
            }
            if (line.Length > indent.Length) line.Append(' ');
            line.Append(word);
        }
        text.AppendLine(line.ToString());
    }
}

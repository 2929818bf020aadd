namespace OpenLeads.Cli;

/// <summary>openleads: mass updates, jobs and records of Zoho CRM or OpenLeads. <c>openleads --help</c> lists the commands.</summary>
internal static class Program
{
    public static Task<int> Main(string[] args) => CliApp.RunAsync(args, CliEnvironment.System());
}

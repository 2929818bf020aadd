using Microsoft.AspNetCore.Connections;

namespace OpenLeads.Server.Hosting;

/// <summary>
/// Start-up as one step that either listens or says in one line why not: the start-up tasks, then
/// Kestrel. Whatever fails reaches <see cref="Report"/> (Program's one catch) as the only output
/// about it: the host's own log of a failed start, with its stack trace, is held back.
/// </summary>
public static class ServerStart
{
    private const string HostCategory = "Microsoft.Extensions.Hosting.Internal.Host";

    /// <summary>
    /// Holds back the generic host's log ("Hosting failed to start", and the faults of background services
    /// cancelled by that failure) until the server listens; from then on it logs from Information up.
    /// </summary>
    public static WebApplicationBuilder HoldHostLogUntilListening(this WebApplicationBuilder builder)
    {
        // One gate per application: tests build several in one process.
        var gate = new ListeningGate();
        builder.Services.AddSingleton(gate);
        builder.Logging.AddFilter(HostCategory, level => gate.Open && level >= LogLevel.Information);
        return builder;
    }

    /// <summary>Migrations, the development token and demo Leads, then Kestrel and (unless <paramref name="banner"/> is false) the banner.</summary>
    public static async Task StartOpenLeadsAsync(this WebApplication app, bool banner = true)
    {
        var settings = app.Services.GetRequiredService<OpenLeadsSettings>();
        var startup = app.Services.GetRequiredService<StartupTasks>();
        var hostStarting = false;
        try
        {
            await startup.RunAsync(app.Lifetime.ApplicationStopping);
            if (banner) StartupBanner.PrintWhenStarted(app, startup, settings);
            hostStarting = true;
            await app.StartAsync();
        }
        catch (IOException e) when (e.InnerException is AddressInUseException)
        {
            var urls = ListenUrls.Of(app.Configuration);
            await ReleaseAsync(app, hostStarting);
            throw new StartupException($"{urls} is already in use; stop the other process or choose another address with --urls.", e);
        }
        catch
        {
            await ReleaseAsync(app, hostStarting);
            throw;
        }
        app.Services.GetRequiredService<ListeningGate>().Open = true;
    }

    /// <summary>Writes why start-up failed as one line on stderr and returns the exit code, 1.</summary>
    public static int Report(Exception e)
    {
        Console.Error.WriteLine($"OpenLeads cannot start: {OneLine(e)}");
        return 1;
    }

    private static string OneLine(Exception e)
    {
        if (e is StartupException) return e.Message;
        if (e is Metadata.OrgFolderException) return $"the org folder (OpenLeads:Org:Path) is broken: {e.Message}";
        // Not foreseen: the messages of the exception and its causes, each its first line (Kestrel's HTTPS advice runs to three).
        var messages = new List<string>();
        for (var current = e; current is not null && messages.Count < 3; current = current.InnerException)
        {
            var first = current.Message.Split('\n', 2)[0].Trim();
            if (first.Length > 0 && !messages.Contains(first, StringComparer.OrdinalIgnoreCase)) messages.Add(first);
        }
        return string.Join(" ", messages.Select(m => m.EndsWith('.') ? m : m + "."));
    }

    /// <summary>
    /// Stops what a failed start began, so background services end as on a normal stop (the host logs their
    /// cancellation as a fault otherwise), and releases the database.
    /// </summary>
    private static async Task ReleaseAsync(WebApplication app, bool hostStarting)
    {
        try
        {
            if (hostStarting) await app.StopAsync();
            await app.DisposeAsync();
        }
        catch (Exception cleanup) when (cleanup is not OutOfMemoryException)
        {
            // The start already failed; that failure, not this one, is what the user needs to read.
        }
    }

    private sealed class ListeningGate
    {
        public volatile bool Open;
    }
}

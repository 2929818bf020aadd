using System.CommandLine;
using OpenLeads.Client;

namespace OpenLeads.Cli;

/// <summary>
/// The MODULE argument checked against the org's own modules (<c>GET /settings/modules</c>) before the
/// command's calls: a module the org lacks is one error that lists the modules it has; a name in the
/// wrong case is taken as the org spells it. A token that may not read the modules leaves the name to
/// the server, whose refusal names it.
/// </summary>
internal static class ModuleCheck
{
    public static Argument<string> Argument() => new("module")
    {
        Description = "The module's API name, e.g. Leads, Contacts or Deals (no default); a name the org lacks is refused with the list of its modules",
    };

    /// <summary>The module as the org spells it, or as given when the modules cannot be read.</summary>
    public static async Task<string> ResolveAsync(ZohoCrmClient client, string given, CancellationToken ct) =>
        (await FindAsync(client, given, ct))?.ApiName ?? given;

    /// <summary>The org's module of that name; null when the token may not read the modules.</summary>
    public static async Task<ZohoModule?> FindAsync(ZohoCrmClient client, string given, CancellationToken ct)
    {
        IReadOnlyList<ZohoModule> modules;
        try
        {
            modules = await client.GetModulesAsync(ct);
        }
        catch (ZohoApiException e) when (e.Code == "OAUTH_SCOPE_MISMATCH")
        {
            return null;
        }
        var usable = modules.Where(m => m.ApiSupported && m.ApiName.Length > 0).ToList();
        var match = usable.FirstOrDefault(m => m.ApiName == given)
            ?? usable.FirstOrDefault(m => string.Equals(m.ApiName, given, StringComparison.OrdinalIgnoreCase));
        if (match is not null || usable.Count == 0) return match;
        var nearest = usable.MinBy(m => FieldCheck.Distance(m.ApiName, given))!.ApiName;
        var near = FieldCheck.Distance(nearest, given) <= Math.Max(2, given.Length / 3) ? $" (did you mean '{nearest}'?)" : "";
        throw new CliUsageException($"the org has no module '{given}'{near}; its modules are {string.Join(", ", usable.Select(m => m.ApiName))}.");
    }
}

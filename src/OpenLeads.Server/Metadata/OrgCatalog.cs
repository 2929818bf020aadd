namespace OpenLeads.Server.Metadata;

/// <summary>
/// The org this server serves, as one snapshot a request reads from start to end. Requests take it
/// as an <see cref="Org"/> parameter (resolved per request); background work reads <see cref="Current"/>.
/// </summary>
public sealed class OrgCatalog(Org org)
{
    private volatile Org _current = org;

    public Org Current => _current;

    /// <summary>Makes <paramref name="next"/> the org of requests that start from now on.</summary>
    public void Replace(Org next) => _current = next;
}

public static class OrgRegistration
{
    /// <summary>
    /// The org of <c>OpenLeads:Org:Path</c>, or the built-in demo org. A broken folder stops start-up
    /// here, with the file and the problem (<see cref="OrgFolderException"/>).
    /// </summary>
    public static IServiceCollection AddOpenLeadsOrg(this IServiceCollection services, string? path)
    {
        var org = string.IsNullOrWhiteSpace(path) ? OrgFolder.Demo : OrgFolder.Load(path);
        services.AddSingleton(new OrgCatalog(org));
        services.AddScoped(provider => provider.GetRequiredService<OrgCatalog>().Current);
        return services;
    }
}

namespace OpenLeads.Server.Metadata;

/// <summary>
/// The org this server serves, as one snapshot a request reads from start to end. Requests take it
/// as an <see cref="Org"/> parameter (resolved per request); background work reads <see cref="Current"/>.
/// </summary>
public sealed class OrgCatalog(Org folder) : IDisposable
{
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private volatile Org? _changed;

    /// <summary>The org as its folder defines it, before any change through the fields API.</summary>
    public Org Folder => folder;

    public Org Current => _changed ?? folder;

    /// <summary>Makes <paramref name="next"/> the org of requests that start from now on.</summary>
    public void Replace(Org next) => _changed = next;

    public void Dispose() => _refresh.Dispose();

    /// <summary>Reads the fields API's changes again (after this instance made one) and serves the org with them.</summary>
    public async Task ReloadAsync(Func<CancellationToken, Task<(IReadOnlyList<FieldChange> Changes, long Version)>> read, CancellationToken ct)
    {
        await _refresh.WaitAsync(ct);
        try
        {
            var (changes, version) = await read(ct);
            _changed = folder.WithFieldChanges(changes, version);
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <summary>
    /// Brings the org up to the fields version a request saw in the database (another instance changed a
    /// field): reads the changes once, however many requests notice at the same time.
    /// </summary>
    public async Task RefreshAsync(long seenVersion, Func<CancellationToken, Task<(IReadOnlyList<FieldChange> Changes, long Version)>> read,
        CancellationToken ct)
    {
        if (seenVersion == Current.FieldsVersion) return;
        await _refresh.WaitAsync(ct);
        try
        {
            if (seenVersion == Current.FieldsVersion) return;
            var (changes, version) = await read(ct);
            if (version != Current.FieldsVersion) _changed = folder.WithFieldChanges(changes, version);
        }
        finally
        {
            _refresh.Release();
        }
    }
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

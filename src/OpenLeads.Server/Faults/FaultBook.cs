using System.Collections.Concurrent;

namespace OpenLeads.Server.Faults;

/// <summary>
/// This instance's copy of the faults, read again only when the faults version a request brings (with its token) differs
/// from the copy's: a request with no faults to meet costs a comparison, not a statement.
/// </summary>
public sealed class FaultBook(FaultStore store) : IDisposable
{
    /// <summary>Where the token lookup leaves the faults version it read.</summary>
    public const string VersionItem = "openleads.faults.version";

    private readonly SemaphoreSlim _reload = new(1, 1);
    private volatile Copy _copy = new(-1, [], []);

    private sealed record Copy(long Version, IReadOnlyList<Fault> Requests, ConcurrentDictionary<long, bool> Spent);

    /// <summary>The request faults as of <paramref name="version"/> (read when null), oldest first, those known spent left out.</summary>
    public async ValueTask<IEnumerable<Fault>> RequestFaultsAsync(long? version, CancellationToken ct)
    {
        var seen = version ?? await store.VersionAsync(ct);
        var copy = _copy;
        if (copy.Version != seen)
        {
            await _reload.WaitAsync(ct);
            try
            {
                copy = _copy;
                if (copy.Version != seen)
                {
                    var (faults, read) = await store.ListAsync(ct);
                    _copy = copy = new Copy(read, [.. faults.Where(f => !f.IsJobFault && f.Remaining is not 0)], new());
                }
            }
            finally
            {
                _reload.Release();
            }
        }
        return copy.Requests.Count == 0 ? [] : copy.Requests.Where(f => !copy.Spent.ContainsKey(f.Id));
    }

    public void Dispose() => _reload.Dispose();

    /// <summary>A fault this instance found with no times left: not worth a statement again until the faults change.</summary>
    public void Spend(long id) => _copy.Spent[id] = true;
}

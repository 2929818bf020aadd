using System.Data.Common;

namespace OpenLeads.Server.Storage;

/// <summary>
/// Writes that run in full and are then rolled back (a preview, <c>X-OpenLeads-Preview</c>): inside <see cref="Begin"/>, every
/// write transaction of this async flow ends in a rollback instead of a commit, so a preview answers exactly what the write would.
/// </summary>
public static class WriteRollback
{
    private static readonly AsyncLocal<bool> Active = new();

    public static bool IsActive => Active.Value;

    /// <summary>Until disposed, the writes of this flow are rolled back.</summary>
    public static IDisposable Begin()
    {
        Active.Value = true;
        return new Scope();
    }

    /// <summary>Ends a write transaction: commits it, or rolls it back inside <see cref="Begin"/>.</summary>
    public static Task EndAsync(DbTransaction transaction, CancellationToken ct) =>
        Active.Value ? transaction.RollbackAsync(ct) : transaction.CommitAsync(ct);

    private sealed class Scope : IDisposable
    {
        public void Dispose() => Active.Value = false;
    }
}

using System.Text.Json.Nodes;

namespace OpenLeads.Testing;

/// <summary>
/// Named snapshots of the server's whole state (<c>/__admin/snapshots</c>): every record, audit row, job, view,
/// field and token. Take one after a fixture's set-up, restore it before each test.
/// </summary>
public sealed class TestSnapshots
{
    private readonly ControlApi _control;

    internal TestSnapshots(ControlApi control) => _control = control;

    /// <summary>Takes a snapshot named <paramref name="name"/> (letters, digits, <c>.</c>, <c>_</c>, <c>-</c>); one of that name is replaced.</summary>
    public Task TakeAsync(string name, CancellationToken cancellationToken = default) =>
        _control.SendAsync(HttpMethod.Post, "snapshots", new JsonObject { ["name"] = name, ["replace"] = true }, cancellationToken);

    /// <summary>Brings the state of snapshot <paramref name="name"/> back; answers how long the server took.</summary>
    public async Task<TimeSpan> RestoreAsync(string name, CancellationToken cancellationToken = default)
    {
        var answer = await _control.SendAsync(HttpMethod.Post, $"snapshots/{Uri.EscapeDataString(name)}/restore", null, cancellationToken).ConfigureAwait(false);
        return TimeSpan.FromMilliseconds(answer["duration_ms"]!.GetValue<double>());
    }

    /// <summary>The names of the snapshots, oldest first.</summary>
    public async Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken = default)
    {
        var answer = await _control.SendAsync(HttpMethod.Get, "snapshots", null, cancellationToken).ConfigureAwait(false);
        return [.. answer["snapshots"]!.AsArray().Select(s => s!["name"]!.GetValue<string>())];
    }

    /// <summary>Removes snapshot <paramref name="name"/>.</summary>
    public Task DeleteAsync(string name, CancellationToken cancellationToken = default) =>
        _control.SendAsync(HttpMethod.Delete, $"snapshots/{Uri.EscapeDataString(name)}", null, cancellationToken);
}

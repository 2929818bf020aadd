using System.Globalization;
using System.Text.Json.Nodes;

namespace OpenLeads.Testing;

/// <summary>
/// Faults of the control API (<c>/__admin/faults</c>): make the calls a test names answer one of Zoho's errors,
/// arrive late, lose their connection or find their token expired, or make the next job fail at a batch.
/// Each method answers the fault's id, for <see cref="RemoveAsync"/>.
/// </summary>
public sealed class TestFaults
{
    private readonly ControlApi _control;

    internal TestFaults(ControlApi control) => _control = control;

    /// <summary>
    /// Adds a fault as <c>POST /__admin/faults</c> takes it (docs/TESTING.md lists its keys: <c>method</c>, <c>path</c>,
    /// <c>module</c>, <c>api_version</c>, <c>error</c>, <c>delay_ms</c>, <c>drop_connection</c>, <c>expire_token</c>,
    /// <c>job</c>, <c>times</c>, <c>after</c>, <c>probability</c>).
    /// </summary>
    public async Task<string> AddAsync(JsonObject fault, CancellationToken cancellationToken = default)
    {
        var answer = await _control.SendAsync(HttpMethod.Post, "faults", fault, cancellationToken).ConfigureAwait(false);
        return answer["fault"]!["id"]!.GetValue<string>();
    }

    /// <summary>
    /// Calls of <paramref name="method"/> on paths matching <paramref name="path"/> (<c>*</c> for any run of characters)
    /// answer Zoho's error <paramref name="code"/> with its usual status and message: <paramref name="times"/> times,
    /// after letting <paramref name="after"/> such calls through.
    /// </summary>
    public Task<string> ErrorAsync(string method, string path, string code, int times = 1, int after = 0, CancellationToken cancellationToken = default) =>
        AddAsync(new JsonObject
        {
            ["method"] = method,
            ["path"] = path,
            ["error"] = new JsonObject { ["code"] = code },
            ["times"] = times,
            ["after"] = after,
        }, cancellationToken);

    /// <summary>Calls of <paramref name="method"/> on paths matching <paramref name="path"/> are answered <paramref name="delay"/> late, <paramref name="times"/> times (null: until removed).</summary>
    public Task<string> DelayAsync(string method, string path, TimeSpan delay, int? times = 1, CancellationToken cancellationToken = default)
    {
        var fault = new JsonObject { ["method"] = method, ["path"] = path, ["delay_ms"] = (int)delay.TotalMilliseconds };
        if (times is { } t) fault["times"] = t;
        return AddAsync(fault, cancellationToken);
    }

    /// <summary>The next mass update job fails (Status FAILED) when it reaches batch <paramref name="batch"/> (1 the first), keeping the counts of the batches before it.</summary>
    public Task<string> FailNextJobAtBatchAsync(int batch, CancellationToken cancellationToken = default) =>
        AddAsync(new JsonObject { ["job"] = new JsonObject { ["fail_at_batch"] = batch } }, cancellationToken);

    /// <summary>Removes fault <paramref name="id"/>.</summary>
    public Task RemoveAsync(string id, CancellationToken cancellationToken = default) =>
        _control.SendAsync(HttpMethod.Delete, "faults/" + Uri.EscapeDataString(id), null, cancellationToken);

    /// <summary>Removes every fault.</summary>
    public Task ClearAsync(CancellationToken cancellationToken = default) => _control.SendAsync(HttpMethod.Delete, "faults", null, cancellationToken);

    /// <summary>How many requests fault <paramref name="id"/> has met so far (null when it is gone: used up or removed).</summary>
    public async Task<long?> MetAsync(string id, CancellationToken cancellationToken = default)
    {
        var answer = await _control.SendAsync(HttpMethod.Get, "faults", null, cancellationToken).ConfigureAwait(false);
        var fault = answer["faults"]!.AsArray().FirstOrDefault(f => f!["id"]!.GetValue<string>() == id);
        return fault is null ? null : long.Parse(fault["met"]!.ToString(), CultureInfo.InvariantCulture);
    }
}

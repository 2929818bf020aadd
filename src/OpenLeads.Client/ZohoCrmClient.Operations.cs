using System.Globalization;
using System.Text.Json.Nodes;

namespace OpenLeads.Client;

public sealed partial class ZohoCrmClient
{
    /// <summary>
    /// OpenLeads only: schedules the undo of an operation (a mass update's <c>X-OpenLeads-Operation-Id</c>, a job's id,
    /// or an earlier undo's job id). The undo is a job of the operation's module: poll it with
    /// <see cref="WaitForMassUpdateJobAsync"/>. A refusal (unknown, still running, already undone) raises <see cref="ZohoApiException"/>.
    /// </summary>
    public async Task<ScheduledUndo> UndoOperationAsync(string operationId, CancellationToken cancellationToken = default)
    {
        string? module = null;
        var answer = await SendAsync(HttpMethod.Post, $"/openleads/v1/operations/{Uri.EscapeDataString(operationId)}/undo", new JsonObject(),
            cancellationToken, headers: h => module = h.TryGetValues("X-OpenLeads-Operation-Module", out var values) ? values.FirstOrDefault() : null)
            .ConfigureAwait(false);
        var jobId = answer?["data"]?[0]?["details"]?["job_id"]?.GetValue<string>()
            ?? throw new InvalidOperationException($"The undo of {operationId} answered no job id.");
        return new ScheduledUndo(jobId, module ?? throw new InvalidOperationException($"The undo of {operationId} named no module."));
    }

    /// <summary>
    /// OpenLeads only: one page of the records an operation touched or left alone, with each one's outcome
    /// (<c>updated</c>, <c>not_updated</c>, <c>failed</c>) and code (<c>SUCCESS</c>, <c>RECORD_LOCKED</c>, <c>DELETED</c>, …).
    /// </summary>
    /// <param name="operationId">The operation's id.</param>
    /// <param name="outcome">Only records of this outcome; null for all.</param>
    /// <param name="page">The page, from 1.</param>
    /// <param name="perPage">Records per page, at most 200.</param>
    /// <param name="cancellationToken">Stops the call.</param>
    public async Task<OperationRecordsPage> GetOperationRecordsAsync(string operationId, string? outcome = null, int page = 1, int perPage = 200,
        CancellationToken cancellationToken = default)
    {
        var query = $"page={page.ToString(CultureInfo.InvariantCulture)}&per_page={perPage.ToString(CultureInfo.InvariantCulture)}"
                    + (outcome is null ? "" : $"&outcome={Uri.EscapeDataString(outcome)}");
        var answer = await SendAsync(HttpMethod.Get, $"/openleads/v1/operations/{Uri.EscapeDataString(operationId)}/records?{query}", null,
            cancellationToken).ConfigureAwait(false);
        if (answer is null) return new OperationRecordsPage([], false);
        var records = (answer["data"] as JsonArray ?? []).Select(e => new OperationRecord(
            e!["id"]!.GetValue<string>(), e["outcome"]!.GetValue<string>(), e["code"]!.GetValue<string>())).ToList();
        return new OperationRecordsPage(records, answer["info"]?["more_records"]?.GetValue<bool>() ?? false);
    }
}

/// <summary>A scheduled undo: its job (itself an operation), polled in <paramref name="Module"/>, the undone operation's module.</summary>
public sealed record ScheduledUndo(string JobId, string Module);

/// <summary>A record an operation touched or left alone.</summary>
/// <param name="Id">The record's id.</param>
/// <param name="Outcome"><c>updated</c>, <c>not_updated</c> or <c>failed</c>.</param>
/// <param name="Code"><c>SUCCESS</c>, <c>RECORD_LOCKED</c>, <c>NOT_APPROVED</c>, <c>NOT_REVIEWED</c>, <c>CONVERTED_RECORD</c>, <c>CHANGED_SINCE</c> or <c>DELETED</c>.</param>
public sealed record OperationRecord(string Id, string Outcome, string Code);

/// <summary>One page of an operation's records, and whether more follow.</summary>
public sealed record OperationRecordsPage(IReadOnlyList<OperationRecord> Records, bool MoreRecords);

using System.Net.Http.Headers;
using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.Operations;

/// <summary>The calls the operations tests make: the operation id of an answer, undo, the records list.</summary>
public static class OperationCalls
{
    public const string Header = "X-OpenLeads-Operation-Id";

    public static string OperationId(this ZohoResponse response)
    {
        Assert.True(response.Message.Headers.TryGetValues(Header, out var values), $"no {Header}: {response}");
        var id = Assert.Single(values);
        Assert.Matches(@"^\d{18,19}$", id);
        return id;
    }

    public static Task<ZohoResponse> UndoAsync(this ZohoClient zoho, string operationId, AuthenticationHeaderValue? authorization = null) =>
        zoho.SendAsync(HttpMethod.Post, $"/openleads/v1/operations/{operationId}/undo", "{}", authorization: authorization);

    /// <summary>Undoes the operation, asserts Zoho's schedule shape, and waits for the undo job; returns its job id and status.</summary>
    public static async Task<(string JobId, string Status)> UndoAndWaitAsync(this ZohoClient zoho, string operationId, string module)
    {
        var response = await zoho.UndoAsync(operationId);
        var jobId = response.OperationId();
        ResponseAssert.Answer(200, $$"""{"data":[{"code":"SUCCESS","details":{"job_id":"{{jobId}}"},"message":"undo scheduled successfully","status":"success"}]}""",
            response);
        var status = await zoho.WaitUntilCompletedAsync(jobId, module);
        return (jobId, status.ToJsonString());
    }

    public static Task<ZohoResponse> RecordsAsync(this ZohoClient zoho, string operationId, string query = "") =>
        zoho.GetAsync($"/openleads/v1/operations/{operationId}/records{(query.Length == 0 ? "" : "?" + query)}");

    /// <summary>The records list's entries as "id code" lines, in order.</summary>
    public static async Task<string[]> OutcomesAsync(this ZohoClient zoho, string operationId, string query = "")
    {
        var response = await zoho.RecordsAsync(operationId, query);
        if (response.Code == 204) return [];
        Assert.True(response.Code == 200, response.ToString());
        return [.. response.Data.Select(e => $"{e!["id"]} {e["outcome"]} {e["code"]}")];
    }

    public static string Status(long total, long updated, long notUpdated = 0, long failed = 0) =>
        $$"""{"Status":"COMPLETED","Failed_Count":{{failed}},"Updated_Count":{{updated}},"Not_Updated_Count":{{notUpdated}},"Total_Count":{{total}}}""";
}

using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace OpenLeads.Client;

/// <summary>
/// What Zoho answered for one record: <c>SUCCESS</c>, or a per-record error such as
/// <c>INVALID_DATA</c>, <c>RECORD_LOCKED</c> or <c>NOT_APPROVED</c>. Failures are values, not exceptions.
/// </summary>
/// <param name="Id">The id as it was given.</param>
/// <param name="Code">Zoho's code, e.g. <c>SUCCESS</c>.</param>
/// <param name="Status"><c>success</c> or <c>error</c>.</param>
/// <param name="Message">Zoho's message.</param>
/// <param name="Details">Zoho's details object as it came.</param>
public sealed record RecordOutcome(string Id, string Code, string Status, string Message, JsonObject Details)
{
    /// <summary>True when the record was written.</summary>
    public bool Succeeded => Status == "success";
}

/// <summary>The outcome of every id of a mass update, in the order the ids were given, whatever the number of calls it took.</summary>
/// <param name="Outcomes">One entry per id given.</param>
/// <param name="Calls">How many requests it took (500 ids each at most).</param>
/// <param name="Responses">Each call's answer as Zoho sent it, in order.</param>
public sealed record MassUpdateResult(IReadOnlyList<RecordOutcome> Outcomes, int Calls, IReadOnlyList<JsonNode> Responses)
{
    /// <summary>How many records were updated.</summary>
    public int Succeeded => Outcomes.Count(o => o.Succeeded);

    /// <summary>How many were not.</summary>
    public int Failed => Outcomes.Count - Succeeded;
}

/// <summary>A scheduled mass update as <c>GET …/actions/mass_update?job_id=</c> reports it.</summary>
public sealed record MassUpdateJob
{
    /// <summary><c>SCHEDULED</c>, <c>RUNNING</c>, <c>COMPLETED</c> or <c>FAILED</c>.</summary>
    [JsonPropertyName("Status")] public string Status { get; init; } = "";

    /// <summary>Records updated so far.</summary>
    [JsonPropertyName("Updated_Count")] public long UpdatedCount { get; init; }

    /// <summary>Records left alone because they were locked, awaiting approval or in review.</summary>
    [JsonPropertyName("Not_Updated_Count")] public long NotUpdatedCount { get; init; }

    /// <summary>Records that could not be updated (deleted since the job was scheduled).</summary>
    [JsonPropertyName("Failed_Count")] public long FailedCount { get; init; }

    /// <summary>Records the job covers.</summary>
    [JsonPropertyName("Total_Count")] public long TotalCount { get; init; }

    /// <summary>True once the job has completed or failed.</summary>
    [JsonIgnore] public bool IsFinished => Status is "COMPLETED" or "FAILED";
}

/// <summary>
/// A call Zoho refused as a whole (an HTTP error with Zoho's <c>{code, details, message, status}</c>),
/// or an answer that is not Zoho's JSON. Per-record outcomes never raise it.
/// </summary>
public sealed class ZohoApiException : Exception
{
    internal ZohoApiException(HttpStatusCode status, string? code, string message, JsonNode? details, string body, HttpResponseHeaders headers,
        HttpRequestMessage? request)
        : base($"{(int)status} {code ?? "(no code)"}: {message}")
    {
        (HttpStatus, Code, Details, Body, Headers) = (status, code, details, body, headers);
        (RequestMethod, RequestUri) = (request?.Method, request?.RequestUri);
    }

    /// <summary>The method of the call that was refused.</summary>
    public HttpMethod? RequestMethod { get; }

    /// <summary>The address of the call that was refused: a CRM API path, or the accounts server's token endpoint.</summary>
    public Uri? RequestUri { get; }

    /// <summary>The HTTP status.</summary>
    public HttpStatusCode HttpStatus { get; }

    /// <summary>Zoho's code, e.g. <c>INVALID_TOKEN</c>, when the body had one.</summary>
    public string? Code { get; }

    /// <summary>Zoho's details, when the body had them.</summary>
    public JsonNode? Details { get; }

    /// <summary>The response body as text.</summary>
    public string Body { get; }

    /// <summary>The response headers, as the seed's client prints them on an error.</summary>
    public HttpResponseHeaders Headers { get; }
}

/// <summary>The accounts server's answer to a token request.</summary>
internal sealed record TokenResponse
{
    [JsonPropertyName("access_token")] public string? AccessToken { get; init; }
    [JsonPropertyName("expires_in")] public long ExpiresIn { get; init; }
    [JsonPropertyName("api_domain")] public string? ApiDomain { get; init; }
    [JsonPropertyName("error")] public string? Error { get; init; }
}

[JsonSerializable(typeof(MassUpdateJob))]
[JsonSerializable(typeof(List<ZohoModule>))]
[JsonSerializable(typeof(List<ZohoField>))]
[JsonSerializable(typeof(TokenResponse))]
internal sealed partial class ClientJson : JsonSerializerContext;

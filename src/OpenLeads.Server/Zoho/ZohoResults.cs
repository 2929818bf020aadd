using System.Text.Json;

namespace OpenLeads.Server.Zoho;

/// <summary>The results every /crm endpoint returns: Zoho's envelopes with Zoho's content type.</summary>
public static class ZohoResults
{
    public static IResult Problem(ZohoProblem problem) =>
        new ZohoJsonResult(problem.HttpStatus, w => ZohoJson.WriteStatus(w, problem.Body)) { Code = problem.Body.Code };

    /// <summary><c>{"data":[…]}</c> of per-record outcomes.</summary>
    public static IResult Data(int httpStatus, IReadOnlyList<ZohoStatus> outcomes) => Data(httpStatus, "data", outcomes);

    public static IResult Data(int httpStatus, ZohoStatus outcome) => Data(httpStatus, [outcome]);

    /// <summary>Outcomes under another key than <c>data</c> (the fields API answers <c>{"fields":[…]}</c>).</summary>
    public static IResult Data(int httpStatus, string key, IReadOnlyList<ZohoStatus> outcomes) =>
        new ZohoJsonResult(httpStatus, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray(key);
            foreach (var outcome in outcomes) ZohoJson.WriteStatus(w, outcome);
            w.WriteEndArray();
            w.WriteEndObject();
        }) { Code = Summary(outcomes) };

    /// <summary>The code an array of outcomes answers with, for the request journal: the first refusal's, else SUCCESS.</summary>
    private static string? Summary(IReadOnlyList<ZohoStatus> outcomes) =>
        (outcomes.FirstOrDefault(o => !o.IsSuccess) ?? (outcomes.Count > 0 ? outcomes[0] : null))?.Code;

    public static IResult Data(int httpStatus, string key, ZohoStatus outcome) => Data(httpStatus, key, [outcome]);

    public static IResult Json(int httpStatus, Action<Utf8JsonWriter> write) => new ZohoJsonResult(httpStatus, write);

    /// <summary>Zoho answers an empty list with 204 and no body.</summary>
    public static IResult NoContent() => new ZohoJsonResult(StatusCodes.Status204NoContent, null);

    /// <summary>
    /// The HTTP status of a <c>data</c> array of outcomes. Zoho's v8 says 200 all succeeded,
    /// 207 mixed, 400 all failed; before v8 the mass update answered 200 whatever the outcomes
    /// (the seed records it for every case).
    /// </summary>
    public static int MassUpdateStatus(ApiVersion version, IReadOnlyList<ZohoStatus> outcomes) =>
        version.IsV8OrLater ? MixedStatus(outcomes, StatusCodes.Status200OK) : StatusCodes.Status200OK;

    /// <summary>Records writes answer <paramref name="allSucceeded"/>, 207 when mixed and 400 when all failed.</summary>
    public static int MixedStatus(IReadOnlyList<ZohoStatus> outcomes, int allSucceeded)
    {
        var succeeded = outcomes.Count(o => o.IsSuccess);
        return succeeded == outcomes.Count ? allSucceeded
            : succeeded == 0 ? StatusCodes.Status400BadRequest
            : StatusCodes.Status207MultiStatus;
    }

    private sealed class ZohoJsonResult(int statusCode, Action<Utf8JsonWriter>? write) : IResult, IStatusCodeHttpResult
    {
        public int? StatusCode => statusCode;

        /// <summary>The Zoho code this answers with, when it is one of Zoho's answers (the request journal records it).</summary>
        public string? Code { get; init; }

        public async Task ExecuteAsync(HttpContext httpContext)
        {
            if (Code is not null) httpContext.Items[Journal.JournalMiddleware.CodeKey] = Code;
            var response = httpContext.Response;
            response.StatusCode = statusCode;
            response.ContentType = ZohoJson.ContentType;
            if (write is null) return;
            await using (var writer = new Utf8JsonWriter(response.BodyWriter, ZohoJson.WriterOptions))
            {
                write(writer);
            }
            await response.BodyWriter.FlushAsync(httpContext.RequestAborted);
        }
    }
}

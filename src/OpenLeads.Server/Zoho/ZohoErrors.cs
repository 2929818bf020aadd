using OpenLeads.Server.Metadata;

namespace OpenLeads.Server.Zoho;

/// <summary>
/// Every error code and message OpenLeads answers with, in one place. Messages are Zoho's own
/// wording (seed recordings first, then Zoho's docs and OpenAPI files); where Zoho is silent the
/// wording is ours and docs/COMPATIBILITY.md says so.
/// </summary>
public static class ZohoErrors
{
    private static ZohoStatus Error(string code, string message, ZohoDetails? details = null) =>
        new(code, message, details ?? ZohoDetails.Empty);

    private static ZohoProblem Problem(int status, string code, string message, ZohoDetails? details = null) =>
        new(status, Error(code, message, details));

    // ---- request level (bare object) ----------------------------------------------------------

    public static readonly ZohoProblem AuthenticationFailure =
        Problem(401, "AUTHENTICATION_FAILURE", "Authentication failed");

    public static readonly ZohoProblem AdminKeyRequired =
        Problem(401, "AUTHENTICATION_FAILURE", "Authentication failed", ZohoDetails.Of("header", "X-OpenLeads-Admin-Key"));

    public static readonly ZohoProblem InvalidToken =
        Problem(401, "INVALID_TOKEN", "invalid oauth token");

    public static readonly ZohoProblem OAuthScopeMismatch =
        Problem(401, "OAUTH_SCOPE_MISMATCH", "invalid oauth scope to access this URL");

    public static readonly ZohoProblem InvalidRequestMethod =
        Problem(400, "INVALID_REQUEST_METHOD", "The http request method type is not a valid one");

    public static readonly ZohoProblem InvalidUrlPattern =
        Problem(404, "INVALID_URL_PATTERN", "Please check if the URL trying to access is a correct one");

    public static readonly ZohoProblem InvalidModule =
        Problem(400, "INVALID_MODULE", "the module name given seems to be invalid", ZohoDetails.Of("resource_path_index", 0));

    /// <summary><c>/settings/modules/{api_name}</c> naming no module of the org: the path's third part.</summary>
    public static readonly ZohoProblem InvalidModuleInSettingsPath =
        Problem(400, "INVALID_MODULE", "the module name given seems to be invalid", ZohoDetails.Of("resource_path_index", 2));

    /// <summary>A module the org lists whose records OpenLeads does not serve (not <c>api_supported</c>, or no fields in the folder).</summary>
    public static readonly ZohoProblem ModuleNotSupported =
        Problem(400, "NOT_SUPPORTED", "the module is not supported", ZohoDetails.Of("resource_path_index", 2));

    /// <summary>A <c>module</c> query parameter (settings APIs) that names no module.</summary>
    public static readonly ZohoProblem InvalidModuleParam =
        Problem(400, "INVALID_MODULE", "the module name given seems to be invalid", ZohoDetails.Of("param_name", "module"));

    public static readonly ZohoProblem InternalError =
        Problem(500, "INTERNAL_ERROR", "Internal server error occurred.");

    /// <summary>Live Zoho's answer to a body that is missing, malformed or not an object.</summary>
    public static readonly ZohoProblem InvalidBody =
        Problem(400, "INVALID_DATA", "body", ZohoDetails.Of("expected_data_type", "jsonobject"));

    /// <summary>
    /// A string or key of the body that is not text: invalid UTF-8, a lone surrogate escape, or a NUL.
    /// Zoho names a value's place as v4+ do (<c>api_name</c>, <c>json_path</c>); the reason is in X-OpenLeads-Error.
    /// </summary>
    // ---- OpenLeads' extension headers (ours: Zoho has no such headers; Zoho's codes for the like) ----

    /// <summary>An <c>Idempotency-Key</c> that is empty, longer than 255 characters, or not printable ASCII.</summary>
    public static readonly ZohoProblem InvalidIdempotencyKey =
        Problem(400, "INVALID_DATA", "the Idempotency-Key header must be 1 to 255 printable ASCII characters",
            ZohoDetails.Of("header", "Idempotency-Key", "maximum_length", 255));

    /// <summary>A key already used with another request (method, path, query or body): Stripe's and the IETF draft's 422.</summary>
    public static readonly ZohoProblem IdempotencyKeyReused =
        Problem(422, "INVALID_DATA", "this Idempotency-Key was used with another request; use a new key for a new request",
            ZohoDetails.Of("header", "Idempotency-Key"));

    /// <summary>An <c>X-OpenLeads-Preview</c> other than <c>true</c> or <c>false</c>.</summary>
    public static readonly ZohoProblem InvalidPreview =
        Problem(400, "INVALID_DATA", "the X-OpenLeads-Preview header must be true or false",
            ZohoDetails.Of("header", "X-OpenLeads-Preview", "expected_data_type", "boolean"));

    // ---- the control API's snapshots (ours: Zoho has no such thing; Zoho's codes for the like) ------

    public static readonly ZohoProblem SnapshotExists =
        Problem(400, "DUPLICATE_DATA", "a snapshot of this name exists: delete it, or send \"replace\":true", ZohoDetails.Of("api_name", "name"));

    public static readonly ZohoProblem UnknownSnapshot =
        Problem(404, "INVALID_DATA", "no snapshot of this name (GET /__admin/snapshots lists them)", ZohoDetails.Of("api_name", "name"));

    public static ZohoProblem UnreadableText(string jsonPath, string? apiName) =>
        Problem(400, "INVALID_DATA", "invalid data", apiName is null
            ? ZohoDetails.Of("json_path", jsonPath)
            : ZohoDetails.Of("api_name", apiName, "json_path", jsonPath));

    /// <summary>A query parameter whose value holds a NUL or another control character, which no field or search can use.</summary>
    public static ZohoProblem ControlCharacterInParam(string paramName) =>
        InvalidParam(paramName, "the parameter holds a control character");

    public static ZohoProblem BodyTooLarge(long maximumBytes) =>
        Problem(413, "LIMIT_EXCEEDED", "the request body is larger than the server accepts", ZohoDetails.Of("maximum_length", maximumBytes, "api_name", "body"));

    public static ZohoStatus RecordCountExceeded(int maximum) =>
        Error("LIMIT_EXCEEDED", "count of records in your request exceeds the limit", ZohoDetails.Of("maximum_length", maximum, "api_name", "data"));

    public static ZohoProblem IdsParamLimitExceeded(int maximum) =>
        Problem(400, "LIMIT_EXCEEDED", "limit exceeded", ZohoDetails.Of("limit", maximum, "param_name", "ids"));

    public static ZohoProblem MandatoryParamMissing(string paramName) =>
        Problem(400, "REQUIRED_PARAM_MISSING", "One of the expected parameter is missing", ZohoDetails.Of("param_name", paramName));

    public static ZohoProblem InvalidParam(string paramName, string message = "Please check whether the input values are correct") =>
        Problem(400, "INVALID_DATA", message, ZohoDetails.Of("param_name", paramName));

    public static ZohoProblem MandatoryBodyKeyMissing(string apiName) =>
        Problem(400, "MANDATORY_NOT_FOUND", "required field not found", ZohoDetails.Of("api_name", apiName));

    /// <summary>More calls in flight than the org's edition allows (<c>OpenLeads:Limits</c>); the wording is ours, Zoho's is not published.</summary>
    public static ZohoProblem TooManyRequests(int limit) =>
        Problem(429, "TOO_MANY_REQUESTS", "Number of API requests has exceeded the concurrency limit", ZohoDetails.Of("limit", limit));

    /// <summary>The org's credits of the last 24 hours are spent (<c>OpenLeads:Limits:Credits</c>); the wording is ours.</summary>
    public static ZohoProblem CreditsExceeded(long credits) =>
        Problem(429, "TOO_MANY_REQUESTS", "API credits of the last 24 hours are exhausted", ZohoDetails.Of("credits", credits));

    /// <summary>v8 lists: <c>page</c> × <c>per_page</c> past the first 2,000 records without a <c>page_token</c>.</summary>
    public static ZohoProblem DiscretePaginationLimitExceeded(int limit) =>
        Problem(400, "DISCRETE_PAGINATION_LIMIT_EXCEEDED", "You can only get the first 2000 records without using page_token param.",
            ZohoDetails.Of("limit", limit));

    /// <summary>A key the control API does not know (ours), naming it and the keys it takes.</summary>
    public static ZohoProblem UnknownBodyKey(string apiName, string expected) =>
        Problem(400, "INVALID_DATA", "unknown key", ZohoDetails.Of("api_name", apiName, "expected", expected));

    /// <summary>The catalogue's request-level answer of <paramref name="code"/> (its first, when several share it), for faults given only a code.</summary>
    public static ZohoProblem? ByCode(string code) => RequestLevel.Value.GetValueOrDefault(code);

    private static readonly Lazy<Dictionary<string, ZohoProblem>> RequestLevel = new(() => typeof(ZohoErrors)
        .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
        .Where(f => f.FieldType == typeof(ZohoProblem))
        .Select(f => (ZohoProblem)f.GetValue(null)!)
        .GroupBy(p => p.Body.Code)
        .ToDictionary(g => g.Key, g => g.First()));

    public static ZohoProblem BodyKeyWrongType(string apiName, string expectedDataType) =>
        Problem(400, "INVALID_DATA", "invalid data", ZohoDetails.Of("expected_data_type", expectedDataType, "api_name", apiName));

    /// <summary>Criteria that do not parse or do not fit the fields; details name the part and why.</summary>
    public static ZohoProblem InvalidQuery(string reason, string? apiName = null, string? op = null) =>
        Problem(400, "INVALID_QUERY", "invalid query formed", ZohoDetails.Of([
            .. apiName is null ? Array.Empty<KeyValuePair<string, object?>>() : [new("api_name", apiName)],
            .. op is null ? Array.Empty<KeyValuePair<string, object?>>() : [new("operator", op)],
            new("reason", reason)]));

    /// <summary>
    /// Parameters that cannot go together (a record count's <c>cvid</c> with a search); details as
    /// v8's record reads name them, <c>{"ambiguity_due_to":[{"param_name":…},…]}</c>.
    /// </summary>
    public static ZohoProblem Ambiguity(IEnumerable<string> paramNames) =>
        Problem(400, "AMBIGUITY_DURING_PROCESSING", "Ambiguity while processing",
            ZohoDetails.Of("ambiguity_due_to", paramNames.Select(name => ZohoDetails.Of("param_name", name)).ToArray()));

    // ---- per record or per field (inside "data") ----------------------------------------------

    public static ZohoStatus InvalidId(string id) =>
        Error("INVALID_DATA", "the id given seems to be invalid", ZohoDetails.Of("id", id));

    public static ZohoStatus InvalidValue(FieldDefinition field) =>
        Error("INVALID_DATA", "invalid data", ZohoDetails.Of("expected_data_type", field.DataType, "api_name", field.ApiName));

    public static ZohoStatus ValueNotInPickList(FieldDefinition field) =>
        Error("INVALID_DATA", "invalid data", ZohoDetails.Of("api_name", field.ApiName));

    /// <summary>
    /// An owner that names no user, or a lookup that names no record of its module: Zoho's <c>api_name</c> and the value's
    /// place in the body (<c>$.data[i].Field</c>), as its v4+ answers name a bad value.
    /// </summary>
    public static ZohoStatus InvalidReference(FieldDefinition field, int index) =>
        Error("INVALID_DATA", "invalid data", ZohoDetails.Of("api_name", field.ApiName, "json_path", $"$.data[{index}].{field.ApiName}"));

    /// <summary>
    /// A name in upsert's <c>duplicate_check_fields</c> that is no system-defined duplicate check field or unique field of the module
    /// (Zoho's v4+ shape for a bad value of the body, naming the value and its place).
    /// </summary>
    public static ZohoProblem InvalidDuplicateCheckField(string apiName, int index) =>
        Problem(400, "INVALID_DATA", "invalid data", ZohoDetails.Of("api_name", apiName, "json_path", $"$.duplicate_check_fields[{index}]"));

    public static ZohoStatus ValueTooLong(FieldDefinition field) =>
        Error("INVALID_DATA", "invalid data", ZohoDetails.Of("maximum_length", field.Length ?? 0, "api_name", field.ApiName));

    public static ZohoStatus RecordNotDeleted(string id) =>
        Error("INVALID_DATA", "record not deleted", ZohoDetails.Of("id", id));

    public static ZohoProblem InvalidRecordIdInPath =>
        Problem(400, "INVALID_DATA", "invalid record id", ZohoDetails.Of("resource_path_index", 1));

    public static ZohoStatus RecordNotObject(int index) =>
        Error("INVALID_DATA", "invalid data", ZohoDetails.Of("expected_data_type", "jsonobject", "index", index));

    public static ZohoStatus MandatoryFieldMissing(string apiName) =>
        Error("MANDATORY_NOT_FOUND", "required field not found", ZohoDetails.Of("api_name", apiName));

    public static ZohoStatus NotApproved(string id) =>
        Error("NOT_APPROVED", "cannot update record that is not approved yet", ZohoDetails.Of("id", id));

    /// <summary>
    /// Zoho's record update answers with empty details; the mass update names the id, as it
    /// does for its other per-record refusals.
    /// </summary>
    public static ZohoStatus NotReviewed(string? id) =>
        Error("NOT_REVIEWED", "record in review", id is null ? ZohoDetails.Empty : ZohoDetails.Of("id", id));

    /// <summary>
    /// A converted record refused by an update or a mass update: Zoho's code for a converted record (the convert API's
    /// <c>ID_ALREADY_CONVERTED</c> "id already converted"), naming the id as the other per-record refusals do.
    /// </summary>
    public static ZohoStatus RecordConverted(string id) => Error("ID_ALREADY_CONVERTED", "id already converted", ZohoDetails.Of("id", id));

    /// <summary>The convert path's record id names no record of the module.</summary>
    public static readonly ZohoProblem InvalidConvertId =
        Problem(400, "INVALID_DATA", "invalid data", ZohoDetails.Of("resource_path_index", 1));

    /// <summary>Converting a record already converted: the record id's place in the path, as Zoho's convert API names it.</summary>
    public static readonly ZohoProblem AlreadyConverted =
        Problem(400, "ID_ALREADY_CONVERTED", "id already converted", ZohoDetails.Of("resource_path_index", 1));

    /// <summary>The convert path names a module whose records do not convert (ours: Zoho serves the path on Leads only).</summary>
    public static readonly ZohoProblem NotConvertable =
        Problem(400, "NOT_SUPPORTED", "the module is not supported", ZohoDetails.Of("resource_path_index", 0));

    /// <summary>A module the conversion needs (the org's lead conversion mapping) that the org does not serve.</summary>
    public static ZohoProblem ConversionModuleMissing(string module) =>
        Problem(400, "INVALID_MODULE", "the module name given seems to be invalid", ZohoDetails.Of("api_name", module));

    /// <summary>A convert request's value that is wrong (an id naming no record, a key of the wrong type), by its place in the body.</summary>
    public static ZohoProblem InvalidConvertValue(string apiName, string jsonPath) =>
        Problem(400, "INVALID_DATA", "invalid data", ZohoDetails.Of("api_name", apiName, "json_path", jsonPath));

    public static ZohoStatus Converted(ZohoDetails details) =>
        new("SUCCESS", "The record has been converted successfully", details, IsSuccess: true);

    /// <summary>v2 to v7 answer with the approval wording the seed recorded; v8 has its own.</summary>
    public static ZohoStatus RecordLocked(string id, string action, ApiVersion version) =>
        Error("RECORD_LOCKED",
            version.IsV8OrLater
                ? "Sorry, you cannot perform this operation as the record is locked."
                : "cannot update record that is not approved yet",
            ZohoDetails.Of("action", action, "id", id));

    // ---- the fields API (inside "fields", each naming its key by json_path, as Zoho's v8 errors do) ----

    public static ZohoStatus FieldKeyMissing(string apiName, string jsonPath) =>
        Error("MANDATORY_NOT_FOUND", "required field not found", ZohoDetails.Of("api_name", apiName, "json_path", jsonPath));

    public static ZohoStatus FieldKeyWrongType(string apiName, string jsonPath, string expectedDataType) =>
        Error("INVALID_DATA", "invalid data", ZohoDetails.Of(new("api_name", apiName), new("json_path", jsonPath), new("expected_data_type", expectedDataType)));

    public static ZohoStatus FieldKeyInvalid(string apiName, string jsonPath) =>
        Error("INVALID_DATA", "invalid data", ZohoDetails.Of("api_name", apiName, "json_path", jsonPath));

    public static ZohoStatus FieldKeyTooLong(string apiName, string jsonPath, int maximum) =>
        Error("INVALID_DATA", "invalid data", ZohoDetails.Of(new("maximum_length", maximum), new("api_name", apiName), new("json_path", jsonPath)));

    public static ZohoStatus DuplicateField(string apiName, string jsonPath) =>
        Error("DUPLICATE_DATA", "duplicate data", ZohoDetails.Of("api_name", apiName, "json_path", jsonPath));

    /// <summary>A field the org defines that is not a custom one (ours: Zoho's wording is not published).</summary>
    public static ZohoStatus SystemField(string id) =>
        Error("NOT_ALLOWED", "a system field cannot be changed or deleted", ZohoDetails.Of("id", id));

    public static ZohoStatus UnknownField(string id, string jsonPath) =>
        Error("INVALID_DATA", "the id given seems to be invalid", ZohoDetails.Of("id", id, "json_path", jsonPath));

    public static readonly ZohoProblem UnknownFieldInPath =
        Problem(400, "INVALID_DATA", "the id given seems to be invalid", ZohoDetails.Of("resource_path_index", 2));

    // ---- mass update request checks (v2 answers these inside "data", as the seed shows) -------

    public static readonly ZohoStatus NoFieldFound = Error("INVALID_DATA", "No field found");

    public static ZohoStatus MaxFieldLimitExceeded(int limit) =>
        Error("INVALID_DATA", "Max field limit exceeded", ZohoDetails.Of("limit", limit));

    public static ZohoStatus NotMassUpdatable(string apiName) =>
        Error("INVALID_DATA", "This field cannot be updated in the Mass Update", ZohoDetails.Of("api_name", apiName));

    public static ZohoStatus MandatoryKeyMissing(string apiName) =>
        Error("MANDATORY_NOT_FOUND", "required field not found", ZohoDetails.Of("api_name", apiName));

    public static readonly ZohoStatus RequiredFieldNotFound = Error("MANDATORY_NOT_FOUND", "required field not found");

    public static ZohoStatus MassUpdateLimitExceeded(int maximum) =>
        Error("LIMIT_EXCEEDED", "limit exceeded", ZohoDetails.Of("maximum_length", maximum, "api_name", "ids"));

    public static ZohoStatus InvalidCustomView(string cvid) =>
        Error("INVALID_DATA", "the given custom view id seems to be invalid", ZohoDetails.Of("api_name", "cvid", "id", cvid));

    public static readonly ZohoProblem JobIdMissing =
        Problem(400, "MANDATORY_NOT_FOUND", "mandatory param missing", ZohoDetails.Of("param_name", "job_id"));

    /// <summary>v2 to v7 answer an unknown job with 404 NOT_FOUND; v8 with 400 INVALID_DATA.</summary>
    public static ZohoProblem UnknownJob(ApiVersion version) => version.IsV8OrLater
        ? Problem(400, "INVALID_DATA", "The jobid given seems to be invalid", ZohoDetails.Of("param_name", "job_id"))
        : Problem(404, "NOT_FOUND", "Empty response", ZohoDetails.Of("param_name", "job_id"));

    public static ZohoStatus ScheduledSuccessfully(long jobId) =>
        new("SUCCESS", "mass update scheduled successfully", ZohoDetails.Of("job_id", ZohoJson.FormatId(jobId)), IsSuccess: true);

    public static readonly ZohoStatus AlreadyScheduled =
        Error("ALREADY_SCHEDULED", "Already a Mass Action scheduler is running for the given cvid", ZohoDetails.Of("api_name", "cvid"));

    public static ZohoStatus JobRecordCountExceeded(int limit, long count) =>
        Error("LIMIT_EXCEEDED", "Record count exceeded", ZohoDetails.Of(new("api_name", "cvid"), new("limit", limit), new("count", count)));

    public static readonly ZohoStatus NoRecordsFound = Error("NO_RECORDS_FOUND", "no record found to update");

    public static ZohoStatus InvalidTerritory(string id) =>
        Error("INVALID_DATA", "the given territory id seems to be invalid", ZohoDetails.Of("api_name", "territory", "id", id));

    public static readonly ZohoStatus TerritoryWithoutCvid =
        Error("INVALID_DATA", "territory can be given only with cvid", ZohoDetails.Of("api_name", "territory"));

    public static ZohoStatus IdsWithCvid =>
        Error("INVALID_DATA", "ids and cvid cannot be given together", ZohoDetails.Of("api_name", "cvid"));

    // ---- operations (/openleads/v1/operations: ours, in Zoho's codes) --------------------------------

    public static ZohoStatus UndoScheduled(long jobId) =>
        new("SUCCESS", "undo scheduled successfully", ZohoDetails.Of("job_id", ZohoJson.FormatId(jobId)), IsSuccess: true);

    public static readonly ZohoProblem InvalidOperationId =
        Problem(400, "INVALID_DATA", "the operation id given seems to be invalid", ZohoDetails.Of("resource_path_index", 1));

    public static readonly ZohoProblem UnknownOperation =
        Problem(404, "INVALID_DATA", "no operation of this id (a mass update answers its id in X-OpenLeads-Operation-Id)",
            ZohoDetails.Of("resource_path_index", 1));

    public static ZohoProblem OperationRunning(long jobId) =>
        Problem(400, "NOT_ALLOWED", "the operation is still running: undo it once its job has completed",
            ZohoDetails.Of("resource_path_index", 1, "job_id", ZohoJson.FormatId(jobId)));

    public static ZohoProblem OperationAlreadyUndone(long undoJobId) =>
        Problem(400, "NOT_ALLOWED", "the operation was already undone (undo the undo to redo it)",
            ZohoDetails.Of("resource_path_index", 1, "job_id", ZohoJson.FormatId(undoJobId)));

    public static readonly ZohoProblem InvalidOutcome =
        InvalidParam("outcome", "outcome must be updated, not_updated or failed");

    public static ZohoStatus WrongType(string apiName, string expectedDataType) =>
        Error("INVALID_DATA", "invalid data", ZohoDetails.Of("expected_data_type", expectedDataType, "api_name", apiName));

    // ---- the Notification API (/actions/watch, inside "watch") ----------------------------------

    public static readonly ZohoStatus WatchSubscribed = new("SUCCESS", "Successfully subscribed for actions-watch of the given module", ZohoDetails.Empty, true);

    public static readonly ZohoStatus WatchUpdated = new("SUCCESS", "Successfully updated the subscribe details", ZohoDetails.Empty, true);

    public static readonly ZohoStatus WatchEventsRemoved = new("SUCCESS", "Successfully removed the subscribe details", ZohoDetails.Empty, true);

    public static readonly ZohoStatus WatchUnsubscribed = new("SUCCESS", "Successfully un-subscribed from actions-watch", ZohoDetails.Empty, true);

    public static ZohoStatus WatchKeyInvalid(string apiName, int index) =>
        Error("INVALID_DATA", "invalid data", ZohoDetails.Of("api_name", apiName, "json_path", $"$.watch[{index}].{apiName}"));

    public static ZohoStatus WatchKeyMissing(string apiName, int index) =>
        Error("MANDATORY_NOT_FOUND", "required field not found", ZohoDetails.Of("api_name", apiName, "json_path", $"$.watch[{index}].{apiName}"));

    public static ZohoStatus WatchTokenTooLong(int index, int maximum) =>
        Error("INVALID_DATA", "invalid data", ZohoDetails.Of([new("api_name", "token"), new("json_path", $"$.watch[{index}].token"),
            new("maximum_length", maximum)]));

    /// <summary>A <c>notify_url</c> whose host <c>OpenLeads:Notifications:AllowedHosts</c> does not list (ours: Zoho calls any public URL).</summary>
    public static ZohoStatus NotifyUrlNotAllowed(int index) =>
        Error("INVALID_DATA", "the notify_url's host is not one OpenLeads:Notifications:AllowedHosts allows",
            ZohoDetails.Of("api_name", "notify_url", "json_path", $"$.watch[{index}].notify_url"));

    public static ZohoStatus NotSubscribed(string channelId) =>
        Error("NOT_SUBSCRIBED", "the channel is not subscribed for actions-watch", ZohoDetails.Of("channel_id", channelId));
}

/// <summary>
/// What Zoho's accounts server answers to a token request it refuses: HTTP 200 and
/// <c>{"error":"…"}</c>, with no Zoho CRM envelope.
/// </summary>
public static class AccountsErrors
{
    /// <summary>Unknown client id, or the wrong secret for it.</summary>
    public const string InvalidClient = "invalid_client";

    /// <summary>A refresh token that is missing, unknown, or another client's.</summary>
    public const string InvalidCode = "invalid_code";

    /// <summary>A grant type OpenLeads does not issue tokens for (ours: Zoho's wording is not documented).</summary>
    public const string UnsupportedGrantType = "unsupported_grant_type";

    /// <summary>A body or parameter that cannot be read (RFC 6749's code, at HTTP 400; Zoho's wording for it is not documented).</summary>
    public const string InvalidRequest = "invalid_request";

    /// <summary>A requested scope the client was not registered with (ours).</summary>
    public const string InvalidScope = "invalid_scope";
}

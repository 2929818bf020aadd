using System.Text.Json;
using System.Text.RegularExpressions;
using OpenLeads.Server.Zoho;

namespace OpenLeads.Server.Faults;

/// <summary>
/// One fault of <c>POST /__admin/faults</c>: which requests it meets (<see cref="FaultMatch"/>), what it does to them
/// (<see cref="FaultEffect"/>), and how often: <see cref="Probability"/> per request met, <see cref="After"/> requests met
/// let through first, then <see cref="Remaining"/> times (null: every time). A job fault meets the next jobs instead.
/// </summary>
public sealed record Fault(long Id, string Spec, FaultMatch Match, FaultEffect Effect, double? Probability, long After, long? Remaining, long Seen)
{
    public bool IsJobFault => Effect.Job is not null;

    /// <summary>Firing needs no write when every request met fires it (no count to keep across instances).</summary>
    public bool Counted => Remaining is not null || After > 0;
}

/// <summary>What a fault meets: every part given must hold (method, path glob or regex, module, API version).</summary>
public sealed record FaultMatch(string? Method, Regex? Path, string? Module, string? ApiVersion)
{
    public bool Meets(HttpContext context)
    {
        var request = context.Request;
        if (Method is not null && !request.Method.Equals(Method, StringComparison.OrdinalIgnoreCase)) return false;
        if (Path is not null && !Matches(Path, request.Path.Value ?? "")) return false;
        if (Module is not null && !Module.Equals(context.GetRouteValue("module") as string, StringComparison.OrdinalIgnoreCase)) return false;
        return ApiVersion is null || ApiVersion.Equals(context.GetRouteValue("version") as string, StringComparison.OrdinalIgnoreCase);
    }

    // A pattern too slow for a path meets nothing, rather than failing the request.
    private static bool Matches(Regex path, string value)
    {
        try
        {
            return path.IsMatch(value);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }
}

/// <summary>The Zoho error a fault answers with; <see cref="DetailsJson"/> is written as given.</summary>
public sealed record FaultError(int Status, string Code, string Message, string DetailsJson);

public sealed record JobFault(int? FailAtBatch, int? HoldRunningSeconds);

/// <summary>
/// A delay may come before any other effect; the others stand alone. <see cref="AnswerDelayMs"/> lets the request run and then holds
/// its answer back: a client that times out meanwhile has had its write applied (what an Idempotency-Key retry is for).
/// </summary>
public sealed record FaultEffect(int? DelayMs, FaultError? Error, bool DropConnection, bool ExpireToken, JobFault? Job, int? AnswerDelayMs = null);

/// <summary>Reads and checks a fault's body; each refusal names its key in Zoho's shape.</summary>
public static class FaultSpec
{
    public const int MaxDelayMs = 600_000;
    public const int MaxHoldSeconds = 3600;

    private static readonly HashSet<string> Keys =
        ["method", "path", "path_regex", "module", "api_version", "error", "delay_ms", "answer_delay_ms", "drop_connection", "expire_token", "job", "times", "probability", "after"];

    private const string Effects = "error|delay_ms|answer_delay_ms|drop_connection|expire_token|job";

    /// <summary>The fault a body describes (<see cref="Fault.Id"/> 0, <see cref="Fault.Remaining"/> its times), or the problem with it.</summary>
    public static (Fault? Fault, ZohoProblem? Problem) Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object) return (null, ZohoErrors.InvalidBody);
        foreach (var property in root.EnumerateObject())
        {
            if (!Keys.Contains(property.Name)) return (null, ZohoErrors.UnknownBodyKey(property.Name, string.Join("|", Keys)));
        }
        var problem = Text(root, "method", out var method, s => s.All(char.IsAsciiLetter));
        if (problem is not null) return (null, problem);
        problem = Text(root, "path", out var glob, s => s.StartsWith('/') && !s.Any(char.IsWhiteSpace));
        if (problem is not null) return (null, problem);
        problem = Text(root, "path_regex", out var pattern, IsRegex);
        if (problem is not null) return (null, problem);
        problem = Text(root, "module", out var module, s => s.Length <= 100);
        if (problem is not null) return (null, problem);
        problem = Text(root, "api_version", out var version, s => ApiVersion.TryParse(s, out var v) && v.IsServed);
        if (problem is not null) return (null, problem);
        if (glob is not null && pattern is not null) return (null, ZohoErrors.BodyKeyWrongType("path_regex", "absent when path is given"));
        var path = glob is not null ? Glob(glob) : pattern is not null ? Regex(pattern) : null;

        int? delay = null;
        if (root.TryGetProperty("delay_ms", out var delayJson))
        {
            if (!Integer(delayJson, 1, MaxDelayMs, out var ms)) return (null, ZohoErrors.BodyKeyWrongType("delay_ms", $"integer from 1 to {MaxDelayMs}"));
            delay = (int)ms;
        }
        int? answerDelay = null;
        if (root.TryGetProperty("answer_delay_ms", out var answerDelayJson))
        {
            if (!Integer(answerDelayJson, 1, MaxDelayMs, out var ms)) return (null, ZohoErrors.BodyKeyWrongType("answer_delay_ms", $"integer from 1 to {MaxDelayMs}"));
            answerDelay = (int)ms;
        }
        var drop = False(root, "drop_connection", out problem);
        if (problem is not null) return (null, problem);
        var expire = False(root, "expire_token", out problem);
        if (problem is not null) return (null, problem);
        FaultError? error = null;
        if (root.TryGetProperty("error", out var errorJson) && (error = Error(errorJson, out problem)) is null) return (null, problem);
        JobFault? job = null;
        if (root.TryGetProperty("job", out var jobJson) && (job = Job(jobJson, out problem)) is null) return (null, problem);

        var effects = (error is null ? 0 : 1) + (drop ? 1 : 0) + (expire ? 1 : 0) + (job is null ? 0 : 1) + (answerDelay is null ? 0 : 1);
        if (effects == 0 && delay is null) return (null, ZohoErrors.MandatoryBodyKeyMissing(Effects));
        if (effects > 1) return (null, ZohoErrors.BodyKeyWrongType(Effects, "one effect (delay_ms may come with another)"));
        if (job is not null && (delay is not null || (method ?? glob ?? pattern ?? module ?? version) is not null))
        {
            return (null, ZohoErrors.BodyKeyWrongType("job", "alone: a job fault meets the next job, not a request"));
        }

        long? times = null;
        if (root.TryGetProperty("times", out var timesJson))
        {
            if (!Integer(timesJson, 1, long.MaxValue, out var t)) return (null, ZohoErrors.BodyKeyWrongType("times", "integer of at least 1"));
            times = t;
        }
        if (job is not null) times ??= 1; // "the next job"
        long after = 0;
        if (root.TryGetProperty("after", out var afterJson) && !Integer(afterJson, 0, long.MaxValue, out after))
        {
            return (null, ZohoErrors.BodyKeyWrongType("after", "integer of at least 0"));
        }
        double? probability = null;
        if (root.TryGetProperty("probability", out var probabilityJson))
        {
            if (probabilityJson.ValueKind != JsonValueKind.Number || probabilityJson.GetDouble() is < 0 or > 1)
            {
                return (null, ZohoErrors.BodyKeyWrongType("probability", "number from 0 to 1"));
            }
            probability = probabilityJson.GetDouble();
        }
        var match = new FaultMatch(method?.ToUpperInvariant(), path, module, version);
        var effect = new FaultEffect(delay, error, drop, expire, job, answerDelay);
        return (new Fault(0, root.GetRawText(), match, effect, probability, after, times, 0), null);
    }

    private static ZohoProblem? Text(JsonElement root, string name, out string? value, Func<string, bool> valid)
    {
        value = null;
        if (!root.TryGetProperty(name, out var json) || json.ValueKind == JsonValueKind.Null) return null;
        if (json.ValueKind != JsonValueKind.String || json.GetString() is not { Length: > 0 } text || !valid(text))
        {
            return ZohoErrors.BodyKeyWrongType(name, name switch
            {
                "path" => "a path starting with /, * for any run of characters",
                "path_regex" => "a .NET regular expression",
                "api_version" => "a served API version such as v8",
                "method" => "an HTTP method",
                _ => "string",
            });
        }
        value = text;
        return null;
    }

    private static bool False(JsonElement root, string name, out ZohoProblem? problem)
    {
        problem = null;
        if (!root.TryGetProperty(name, out var json)) return false;
        if (json.ValueKind is JsonValueKind.True or JsonValueKind.False) return json.GetBoolean();
        problem = ZohoErrors.BodyKeyWrongType(name, "boolean");
        return false;
    }

    private static FaultError? Error(JsonElement json, out ZohoProblem? problem)
    {
        problem = null;
        if (json.ValueKind != JsonValueKind.Object) { problem = ZohoErrors.BodyKeyWrongType("error", "jsonobject"); return null; }
        foreach (var property in json.EnumerateObject())
        {
            if (property.Name is not ("status" or "code" or "message" or "details"))
            {
                problem = ZohoErrors.UnknownBodyKey($"error.{property.Name}", "status|code|message|details");
                return null;
            }
        }
        if (!json.TryGetProperty("code", out var codeJson) || codeJson.ValueKind != JsonValueKind.String
            || codeJson.GetString() is not { Length: > 0 and <= 100 } code || !code.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c) || c == '_'))
        {
            problem = ZohoErrors.BodyKeyWrongType("error.code", "a Zoho code such as INTERNAL_ERROR");
            return null;
        }
        var known = ZohoErrors.ByCode(code);
        int? status = known?.HttpStatus;
        if (json.TryGetProperty("status", out var statusJson))
        {
            if (!Integer(statusJson, 400, 599, out var s)) { problem = ZohoErrors.BodyKeyWrongType("error.status", "integer from 400 to 599"); return null; }
            status = (int)s;
        }
        if (status is null) { problem = ZohoErrors.MandatoryBodyKeyMissing("error.status"); return null; }
        var message = known?.Body.Message;
        if (json.TryGetProperty("message", out var messageJson))
        {
            if (messageJson.ValueKind != JsonValueKind.String) { problem = ZohoErrors.BodyKeyWrongType("error.message", "string"); return null; }
            message = messageJson.GetString();
        }
        if (message is null) { problem = ZohoErrors.MandatoryBodyKeyMissing("error.message"); return null; }
        var details = "{}";
        if (known is not null)
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer)) ZohoJson.WriteDetails(writer, known.Body.Details);
            details = System.Text.Encoding.UTF8.GetString(buffer.ToArray());
        }
        if (json.TryGetProperty("details", out var detailsJson))
        {
            if (detailsJson.ValueKind != JsonValueKind.Object) { problem = ZohoErrors.BodyKeyWrongType("error.details", "jsonobject"); return null; }
            details = detailsJson.GetRawText();
        }
        return new FaultError(status.Value, code, message, details);
    }

    private static JobFault? Job(JsonElement json, out ZohoProblem? problem)
    {
        problem = null;
        const string expected = "{\"fail_at_batch\":k} or {\"hold_running_seconds\":n}";
        if (json.ValueKind != JsonValueKind.Object || json.EnumerateObject().Count() != 1)
        {
            problem = ZohoErrors.BodyKeyWrongType("job", expected);
            return null;
        }
        var property = json.EnumerateObject().Single();
        switch (property.Name)
        {
            case "fail_at_batch" when Integer(property.Value, 1, int.MaxValue, out var batch):
                return new JobFault((int)batch, null);
            case "hold_running_seconds" when Integer(property.Value, 1, MaxHoldSeconds, out var seconds):
                return new JobFault(null, (int)seconds);
            case "fail_at_batch":
                problem = ZohoErrors.BodyKeyWrongType("job.fail_at_batch", "integer of at least 1");
                return null;
            case "hold_running_seconds":
                problem = ZohoErrors.BodyKeyWrongType("job.hold_running_seconds", $"integer from 1 to {MaxHoldSeconds}");
                return null;
            default:
                problem = ZohoErrors.UnknownBodyKey($"job.{property.Name}", "fail_at_batch|hold_running_seconds");
                return null;
        }
    }

    private static bool Integer(JsonElement json, long min, long max, out long value)
    {
        value = 0;
        return json.ValueKind == JsonValueKind.Number && json.TryGetInt64(out value) && value >= min && value <= max;
    }

    private static bool IsRegex(string pattern)
    {
        try
        {
            _ = Regex(pattern);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static Regex Regex(string pattern) =>
        new(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(50));

    /// <summary><c>*</c> is any run of characters (slashes too), the rest literal, the whole path matched.</summary>
    private static Regex Glob(string glob) =>
        Regex("^" + string.Join(".*", glob.Split('*').Select(System.Text.RegularExpressions.Regex.Escape)) + "$");
}

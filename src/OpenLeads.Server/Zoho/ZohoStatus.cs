namespace OpenLeads.Server.Zoho;

/// <summary>
/// One Zoho answer object: <c>{"code","details","message","status"}</c>. It stands alone as a
/// request-level error or sits in a <c>data</c> array as one record's outcome.
/// </summary>
public sealed record ZohoStatus(string Code, string Message, ZohoDetails Details, bool IsSuccess = false)
{
    public string Status => IsSuccess ? "success" : "error";

    /// <summary>Keys some answers carry beside the four (upsert's <c>action</c> and <c>duplicate_field</c>), written after them.</summary>
    public ZohoDetails? Extra { get; init; }
}

/// <summary>A request-level error: a bare <see cref="ZohoStatus"/> with its HTTP status code.</summary>
public sealed record ZohoProblem(int HttpStatus, ZohoStatus Body);

/// <summary>
/// The <c>details</c> object, in Zoho's key order. Values are strings, numbers, booleans,
/// <see cref="Storage.UserRef"/>s, string lists, or nested details and lists of them; <see cref="ZohoJson"/> writes them.
/// </summary>
public sealed class ZohoDetails
{
    public static readonly ZohoDetails Empty = new([]);

    private readonly KeyValuePair<string, object?>[] _entries;

    private ZohoDetails(KeyValuePair<string, object?>[] entries) => _entries = entries;

    public IReadOnlyList<KeyValuePair<string, object?>> Entries => _entries;

    public static ZohoDetails Of(string key, object? value) => new([new(key, value)]);

    public static ZohoDetails Of(string key1, object? value1, string key2, object? value2) =>
        new([new(key1, value1), new(key2, value2)]);

    public static ZohoDetails Of(params KeyValuePair<string, object?>[] entries) => new(entries);

    public object? this[string key] => _entries.FirstOrDefault(e => e.Key == key).Value;
}

using System.Globalization;
using System.Text;

namespace OpenLeads.Server.Journal;

/// <summary>One request as the journal keeps it: what the client sent (secrets masked) and what it was answered.</summary>
public sealed record JournalEntry(
    long Id, DateTimeOffset Time, string Method, string Path, string Query, IReadOnlyList<KeyValuePair<string, string>> Headers,
    string? Body, long BodyBytes, bool BodyTruncated, int Status, double DurationMs, string? Code, string RequestId);

/// <summary>
/// The last requests to the Zoho surface (<c>/crm</c>, <c>/oauth</c>, <c>/openleads</c>), newest kept, oldest dropped past
/// <see cref="Capacity"/>: a bounded ring in this process's memory, so that keeping it costs a request nothing it waits on.
/// Each instance keeps its own (a test asks the instance it called).
/// </summary>
public sealed class RequestJournal(int capacity)
{
    private readonly Lock _gate = new();
    private readonly LinkedList<JournalEntry> _entries = new();
    private long _next;

    public int Capacity => capacity;

    public bool Enabled => capacity > 0;

    public long NextId() => Interlocked.Increment(ref _next);

    public void Add(JournalEntry entry)
    {
        if (!Enabled) return;
        lock (_gate)
        {
            _entries.AddLast(entry);
            while (_entries.Count > capacity) _entries.RemoveFirst();
        }
    }

    public void Clear()
    {
        lock (_gate) _entries.Clear();
    }

    /// <summary>Entries oldest first, filtered: method (any case), path (exact, or with <c>*</c> for any run of characters), after <paramref name="since"/>.</summary>
    public IReadOnlyList<JournalEntry> Find(string? method, string? path, JournalSince? since, int limit)
    {
        var pattern = path is { Length: > 0 } ? Glob(path) : null;
        lock (_gate)
        {
            return [.. _entries.Where(e =>
                    (method is not { Length: > 0 } || e.Method.Equals(method, StringComparison.OrdinalIgnoreCase))
                    && (pattern is null || pattern.IsMatch(e.Path))
                    && (since is null || since.After(e)))
                .TakeLast(limit)];
        }
    }

    private static System.Text.RegularExpressions.Regex Glob(string path) =>
        new("^" + string.Join(".*", path.Split('*').Select(System.Text.RegularExpressions.Regex.Escape)) + "$",
            System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant,
            TimeSpan.FromMilliseconds(100));
}

/// <summary>The journal's <c>since</c>: an entry id (entries after it) or an ISO 8601 time (entries at or after it).</summary>
public sealed record JournalSince(long? Id, DateTimeOffset? Time)
{
    public bool After(JournalEntry entry) => Id is { } id ? entry.Id > id : entry.Time >= Time;

    public static bool TryParse(string text, out JournalSince? since)
    {
        since = null;
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id)) since = new JournalSince(id, null);
        else if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)) since = new JournalSince(null, time);
        return since is not null;
    }
}

/// <summary>What the journal must never keep: tokens, keys, secrets. Masked where they are, the rest kept as sent.</summary>
public static class JournalMasks
{
    private static readonly HashSet<string> SecretHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "X-OpenLeads-Admin-Key", "Cookie", "Proxy-Authorization",
    };

    /// <summary>Form and query parameters of the token endpoint that are credentials.</summary>
    public static readonly HashSet<string> SecretParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        "client_secret", "refresh_token", "code", "password", "access_token",
    };

    public const string Masked = "(masked)";

    public static string Header(string name, string value)
    {
        if (SecretHeaders.Contains(name)) return Masked;
        if (!name.Equals("Authorization", StringComparison.OrdinalIgnoreCase)) return value;
        // The scheme and the token's first characters tell which token was sent; the rest would let anyone use it.
        var space = value.IndexOf(' ');
        var token = space < 0 ? value : value[(space + 1)..];
        return (space < 0 ? "" : value[..(space + 1)]) + (token.Length <= 9 ? Masked : token[..9] + "…" + Masked);
    }

    /// <summary>A query string or urlencoded form with its credentials' values masked.</summary>
    public static string Parameters(string text)
    {
        if (text.Length == 0) return text;
        var masked = new StringBuilder(text.Length);
        foreach (var part in text.TrimStart('?').Split('&'))
        {
            if (masked.Length > 0) masked.Append('&');
            var equals = part.IndexOf('=');
            var name = Uri.UnescapeDataString((equals < 0 ? part : part[..equals]).Replace('+', ' '));
            masked.Append(equals >= 0 && SecretParameters.Contains(name) ? part[..(equals + 1)] + Uri.EscapeDataString(Masked) : part);
        }
        return masked.ToString();
    }
}

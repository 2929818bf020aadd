using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace OpenLeads.Server.Zoho;

/// <summary>
/// Finds text in a parsed JSON body that no handler can use: bytes that are not UTF-8, escapes that
/// are not UTF-16 (a lone surrogate such as <c>\ud800</c>), and NUL characters, which PostgreSQL's
/// text cannot hold. System.Text.Json accepts all three when it parses and throws only when a
/// handler reads the string, so the body is checked once here, before any handler sees it.
/// </summary>
public static class BodyText
{
    /// <summary>A string or key of the body that cannot be used: where it is, and why.</summary>
    public sealed record Flaw(string JsonPath, string? ApiName, string Reason);

    /// <summary>The first flaw of a body that parsed as JSON, or null. Costs one scan when there is none.</summary>
    public static Flaw? Find(ReadOnlySpan<byte> json)
    {
        // Raw UTF-8 that validates cannot encode a surrogate or a bare NUL inside a JSON string
        // (the parser refuses raw control characters), so only an escape can hide one.
        if (Utf8.IsValid(json) && !HasSuspectEscape(json)) return null;
        return Walk(json);
    }

    /// <summary><c>\u0000</c>, or <c>\uD800</c> to <c>\uDFFF</c>, anywhere (a false alarm only costs the walk).</summary>
    private static bool HasSuspectEscape(ReadOnlySpan<byte> json)
    {
        var at = 0;
        while (true)
        {
            var found = json[at..].IndexOf("\\u"u8);
            if (found < 0) return false;
            var escape = json[(at + found + 2)..];
            if (escape.Length >= 4)
            {
                if (escape[..4].SequenceEqual("0000"u8)) return true;
                if (escape[0] is (byte)'d' or (byte)'D' && escape[1] is >= (byte)'8' and <= (byte)'9' or >= (byte)'a' and <= (byte)'f'
                        or >= (byte)'A' and <= (byte)'F') return true;
            }
            at += found + 2;
        }
    }

    private sealed class Frame(bool isArray)
    {
        public bool IsArray { get; } = isArray;
        public int Index { get; set; } = -1;
        public string? Property { get; set; }
    }

    private static Flaw? Walk(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = RequestBody.MaxDepth });
        var frames = new List<Frame>();
        while (reader.Read())
        {
            var top = frames.Count > 0 ? frames[^1] : null;
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    if (Problem(ref reader) is { } keyReason)
                    {
                        top!.Property = null; // the path of the object that holds the key, then the key as sent
                        return new Flaw(Path(frames, $".{Lenient(reader.ValueSpan)}"), null, $"the key {keyReason}");
                    }
                    top!.Property = reader.GetString();
                    continue;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    frames.RemoveAt(frames.Count - 1);
                    continue;
            }
            if (top is { IsArray: true }) top.Index++;
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                frames.Add(new Frame(reader.TokenType == JsonTokenType.StartArray));
            }
            else if (reader.TokenType == JsonTokenType.String && Problem(ref reader) is { } valueReason)
            {
                return new Flaw(Path(frames, ""), top is { IsArray: false } ? top.Property : null, $"the value {valueReason}");
            }
        }
        return null;
    }

    /// <summary>Why the current string token cannot be read as text, or null.</summary>
    private static string? Problem(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped) return Utf8.IsValid(reader.ValueSpan) ? null : "is not valid UTF-8";
        string text;
        try
        {
            text = reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            return Utf8.IsValid(reader.ValueSpan) ? "holds an escape that is not valid UTF-16 (a lone surrogate)" : "is not valid UTF-8";
        }
        return text.Contains('\0') ? "holds a NUL character (\\u0000)" : null;
    }

    private static string Path(List<Frame> frames, string last)
    {
        var path = new StringBuilder("$");
        foreach (var frame in frames)
        {
            if (frame.IsArray) path.Append('[').Append(frame.Index).Append(']');
            else if (frame.Property is not null) path.Append('.').Append(frame.Property);
        }
        return Printable(path.Append(last).ToString());
    }

    /// <summary>A key as it was sent, undecodable bytes shown as U+FFFD.</summary>
    private static string Lenient(ReadOnlySpan<byte> raw) => Encoding.UTF8.GetString(raw);

    /// <summary>Control characters (NUL among them) written as escapes, so the path can be shown anywhere.</summary>
    public static string Printable(string text) => Escape(text, char.IsControl);

    /// <summary>Text for a response header, which carries ASCII only.</summary>
    public static string HeaderSafe(string text) => Escape(text, c => char.IsControl(c) || c > '~');

    private static string Escape(string text, Func<char, bool> escape)
    {
        if (!text.Any(escape)) return text;
        var printable = new StringBuilder(text.Length + 8);
        foreach (var c in text) printable.Append(escape(c) ? $"\\u{(int)c:x4}" : c);
        return printable.ToString();
    }
}

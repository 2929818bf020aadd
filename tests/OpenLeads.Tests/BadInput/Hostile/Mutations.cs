using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpenLeads.Tests.BadInput.Hostile;

/// <summary>
/// Damage done to a drafted request on its way out: its bytes, query string, path, method, headers
/// and credentials. None of them can make a refused request acceptable: they break the body, add
/// parameters that name no existing record, repeat a key with its own value last, or swap the method
/// for one that writes nothing.
/// </summary>
public static class Mutations
{
    public static HostileRequest Apply(Tape t, string method, string pathAndQuery, byte[]? body, string? contentType,
        Credentials credentials, string recipe)
    {
        var damage = new List<string>();
        if (body is not null && t.Chance(40))
        {
            (body, var what) = Body(t, body);
            damage.Add(what);
        }
        if (t.Chance(25))
        {
            pathAndQuery = Query(t, pathAndQuery);
            damage.Add("query");
        }
        if (t.Chance(8))
        {
            pathAndQuery = Path(t, pathAndQuery);
            damage.Add("path");
        }
        if (t.Chance(5))
        {
            method = t.Pick("COPY", "FOO", "PROPFIND", "TRACE", "OPTIONS", "HEAD", "PATCH", "MOVE");
            damage.Add("method");
        }
        var headers = new List<(string, string)>();
        if (t.Chance(20))
        {
            headers.Add(t.Pick(("Accept", "text/html"), ("Accept", "*/*;q=abc"), ("Content-Encoding", "gzip"), ("If-Modified-Since", "yesterday"),
                ("If-Modified-Since", "Tue, 01 Dec 2099 00:00:00 GMT"), ("Accept-Charset", "ebcdic"), ("X-Forwarded-For", "::::"),
                ("X-Pad", new string('p', 8000)), ("Origin", "null"), ("X-OpenLeads-Preview", "maybe")));
            damage.Add("header");
        }
        if (contentType is not null && t.Chance(15))
        {
            contentType = t.Pick("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=q", "application/xml",
                "application/json; charset=utf-16", "garbage");
            damage.Add("content type");
        }
        if (credentials == Credentials.DevToken && t.Chance(5)) credentials = t.Pick(Credentials.None, Credentials.Garbage);
        return new HostileRequest(method, pathAndQuery, body, contentType, credentials, headers,
            damage.Count == 0 ? recipe : $"{recipe} + {string.Join(", ", damage)}");
    }

    private static (byte[], string) Body(Tape t, byte[] body)
    {
        switch (t.Next(9))
        {
            case 0:
                return (body[..(1 + t.Next(Math.Max(1, body.Length - 1)))], "truncated");
            case 1:
                return (Spliced(t, body, [t.Pick<byte>(0xff, 0xc3, 0xed, 0x80, 0xf8)]), "invalid UTF-8");
            case 2:
                return (Spliced(t, body, Encoding.ASCII.GetBytes(t.Pick("\\ud800", "\\udfff", "\\u0000", "\\ud83d"))), "escape that is not text");
            case 3:
                var depth = 33 + t.Next(3000);
                return ([.. Encoding.ASCII.GetBytes(new string('[', depth)), .. body, .. Encoding.ASCII.GetBytes(new string(']', depth))], "deep nesting");
            case 4:
                return (Renumbered(t, body), "extreme number");
            case 5:
                return (Repeated(t, body), "repeated key");
            case 6:
                return ([.. body, .. Encoding.UTF8.GetBytes(t.Pick(" x", "}", ",", "\u0000", "{}"))], "trailing bytes");
            case 7:
                return ([0xef, 0xbb, 0xbf, .. body], "byte order mark");
            default:
                return (Encoding.UTF8.GetBytes(t.Pick("", " ", "null", "[]", "\"x\"", "{", "{\"data\":", "1e999", "{\"a\":")), "replaced");
        }
    }

    /// <summary>Bytes put inside the first string that starts at or after a random place (or at the end).</summary>
    private static byte[] Spliced(Tape t, byte[] body, byte[] inside)
    {
        var from = t.Next(body.Length);
        var quote = Array.IndexOf(body, (byte)'"', from);
        var at = quote < 0 ? body.Length : quote + 1;
        return [.. body[..at], .. inside, .. body[at..]];
    }

    /// <summary>A number of the body replaced by one too large for any field, id or count (never one that could be accepted).</summary>
    private static byte[] Renumbered(Tape t, byte[] body)
    {
        var numbers = new List<(int Start, int Length)>();
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 4096 });
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.Number) numbers.Add(((int)reader.TokenStartIndex, reader.ValueSpan.Length));
            }
        }
        catch (JsonException) { }
        if (numbers.Count == 0) return body;
        var (start, length) = numbers[t.Next(numbers.Count)];
        var huge = Encoding.ASCII.GetBytes(t.Pick("1e999", "-1e999", "99999999999999999999999", "-9223372036854775809", "9223372036854775808",
            "1.7976931348623157e308", "123456789012345678901234567890.5"));
        return [.. body[..start], .. huge, .. body[(start + length)..]];
    }

    /// <summary>One key of the root object, or of the first record, written twice: a decoy value first, its own value last.</summary>
    private static byte[] Repeated(Tape t, byte[] body)
    {
        JsonObject? root;
        try
        {
            root = JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
            return body;
        }
        if (root is null || root.Count == 0) return body;
        var target = root["data"] is JsonArray { Count: > 0 } data && data[0] is JsonObject { Count: > 0 } first && t.Chance(60) ? first : root;
        var key = target.ElementAt(t.Next(target.Count)).Key;
        var text = new StringBuilder();
        Write(text, root, target, key, JsonValue.Create(Values.OddText(t)));
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static void Write(StringBuilder text, JsonNode? node, JsonObject target, string key, JsonNode decoy)
    {
        if (node is JsonObject o)
        {
            text.Append('{');
            var comma = "";
            foreach (var (name, value) in o)
            {
                if (ReferenceEquals(o, target) && name == key)
                {
                    text.Append(comma).Append(JsonSerializer.Serialize(name)).Append(':').Append(decoy.ToJsonString());
                    comma = ",";
                }
                text.Append(comma).Append(JsonSerializer.Serialize(name)).Append(':');
                Write(text, value, target, key, decoy);
                comma = ",";
            }
            text.Append('}');
        }
        else if (node is JsonArray a)
        {
            text.Append('[');
            for (var i = 0; i < a.Count; i++)
            {
                if (i > 0) text.Append(',');
                Write(text, a[i], target, key, decoy);
            }
            text.Append(']');
        }
        else
        {
            text.Append(node?.ToJsonString() ?? "null");
        }
    }

    private static string Query(Tape t, string pathAndQuery)
    {
        var name = t.Pick("page", "per_page", "fields", "sort_by", "sort_order", "cvid", "criteria", "word", "email", "module", "type",
            "job_id", "ids", "approved", "converted", "%00", "a%00b", "", "x" + new string('y', 300));
        var value = name == "ids"
            ? OrgShape.MissingIdPrefix + t.Next(99999).ToString("D5")
            : t.Pick("", "%00", "%ZZ", "%", "+", "%ff%fe", "%ed%a0%80", new string('x', 4096), Uri.EscapeDataString(Values.OddText(t)), "1e999", "-1");
        return pathAndQuery + (pathAndQuery.Contains('?') ? "&" : "?") + $"{name}={value}";
    }

    private static string Path(Tape t, string pathAndQuery)
    {
        var q = pathAndQuery.IndexOf('?');
        var (path, query) = q < 0 ? (pathAndQuery, "") : (pathAndQuery[..q], pathAndQuery[q..]);
        path = t.Next(6) switch
        {
            0 => path + "/",
            1 => path.Replace("/crm/", "/crm//"),
            2 => path + "/" + Uri.EscapeDataString(Values.OddText(t)) + "x",
            3 => path.Replace("/actions/", "/actions%2F"),
            4 => path + ";jsessionid=%2e%2e",
            _ => path + new string('a', 5000),
        };
        return path + query;
    }
}

using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;

namespace OpenLeads.Server.Zoho;

/// <summary>
/// Reads a request body as a JSON object whatever its Content-Type: the seed's curl posts JSON
/// with curl's default form content type, and Zoho reads it as JSON all the same.
/// </summary>
public static class RequestBody
{
    /// <summary>Header that explains why a body was refused, since Zoho's own body only says "body".</summary>
    public const string ErrorHeader = "X-OpenLeads-Error";

    /// <summary>Deepest nesting a body may have; deeper is refused as not JSON.</summary>
    public const int MaxDepth = 32;

    public static async Task<(JsonDocument? Document, ZohoProblem? Problem)> ReadObjectAsync(
        HttpContext http, long maxBytes, CancellationToken ct)
    {
        if (http.Request.ContentLength > maxBytes) return (null, ZohoErrors.BodyTooLarge(maxBytes));

        var reader = http.Request.BodyReader;
        while (true)
        {
            ReadResult read;
            try
            {
                read = await reader.ReadAsync(ct);
            }
            catch (Exception e) when (e is BadHttpRequestException or IOException && !http.RequestAborted.IsCancellationRequested)
            {
                // Kestrel's own verdict on the framing (a chunk size of "zz" or one that overflows, a body cut short).
                return Refuse(http, $"the request body could not be read: {e.Message}");
            }
            var buffer = read.Buffer;
            if (buffer.Length > maxBytes)
            {
                reader.AdvanceTo(buffer.End);
                return (null, ZohoErrors.BodyTooLarge(maxBytes));
            }
            if (!read.IsCompleted)
            {
                // Nothing consumed, everything examined: wait for more bytes.
                reader.AdvanceTo(buffer.Start, buffer.End);
                continue;
            }
            try
            {
                return Parse(http, buffer);
            }
            finally
            {
                reader.AdvanceTo(buffer.End);
            }
        }
    }

    private static (JsonDocument?, ZohoProblem?) Parse(HttpContext http, ReadOnlySequence<byte> buffer)
    {
        if (IsBlank(buffer)) return Refuse(http, "the request body is empty; a JSON object is expected");
        var bytes = buffer.ToArray();
        http.Items[Journal.JournalMiddleware.BodyKey] = bytes; // the journal keeps what was read, with no copy of its own
        JsonDocument document;
        try
        {
            // A JsonDocument reads from the memory it was given for as long as it lives, and the pipe's
            // buffer is handed back for reuse once this returns: parse a copy the document owns.
            document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = MaxDepth });
        }
        catch (JsonException e)
        {
            return Refuse(http, $"the request body is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})");
        }
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            return Refuse(http, "the request body must be a JSON object");
        }
        if (BodyText.Find(bytes) is { } flaw)
        {
            document.Dispose();
            http.Response.Headers[ErrorHeader] = BodyText.HeaderSafe($"{flaw.JsonPath}: {flaw.Reason}");
            return (null, ZohoErrors.UnreadableText(flaw.JsonPath, flaw.ApiName));
        }
        return (document, null);
    }

    private static (JsonDocument?, ZohoProblem?) Refuse(HttpContext http, string reason)
    {
        http.Response.Headers[ErrorHeader] = BodyText.HeaderSafe(reason);
        return (null, ZohoErrors.InvalidBody);
    }

    private static bool IsBlank(ReadOnlySequence<byte> buffer)
    {
        foreach (var segment in buffer)
        {
            foreach (var b in segment.Span)
            {
                if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')) return false;
            }
        }
        return true;
    }
}

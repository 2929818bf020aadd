using System.Buffers;
using System.Text;
using System.Text.Json;

namespace OpenLeads.Server.Storage;

/// <summary>
/// Builds the JSON text that a set-based statement reads with json_each: many rows travel in one
/// parameter, so one statement handles a whole batch.
/// </summary>
internal sealed class JsonPayload : IDisposable
{
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);

    public JsonPayload() => Writer = new Utf8JsonWriter(_buffer);

    public Utf8JsonWriter Writer { get; }

    public static string Ids(IEnumerable<long> ids) => "[" + string.Join(',', ids) + "]";

    public override string ToString()
    {
        Writer.Flush();
        return Encoding.UTF8.GetString(_buffer.WrittenSpan);
    }

    public void Dispose() => Writer.Dispose();
}

using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using OpenLeads.Server.Zoho;

namespace OpenLeads.Tests.Zoho;

/// <summary>How a request body becomes a JSON document, apart from any server.</summary>
public sealed class RequestBodyTests
{
    /// <summary>
    /// Regression: the parsed document once read straight from the connection's buffer, which goes
    /// back to the pool as soon as the body is consumed; a request that waited on the database could
    /// then read another request's bytes (two server instances under load showed ids from other bodies).
    /// </summary>
    [Fact]
    public async Task ParsedBody_KeepsItsContent_AfterTheBufferIsReused()
    {
        var body = """{"data":[{"No_of_Employees":1}],"ids":["738964000003000001","not-an-id"]}""";
        var http = new DefaultHttpContext();
        http.Features.Set<IRequestBodyPipeFeature>(new BodyPipe(new ScribblingReader(Encoding.UTF8.GetBytes(body))));

        var (document, problem) = await RequestBody.ReadObjectAsync(http, 4096, CancellationToken.None);

        Assert.Null(problem);
        Assert.Equal(body, document!.RootElement.GetRawText());
    }

    [Fact]
    public async Task BodyOverTheLimit_IsRefusedWithoutParsing()
    {
        var http = new DefaultHttpContext();
        http.Features.Set<IRequestBodyPipeFeature>(new BodyPipe(new ScribblingReader(new byte[5000])));

        var (document, problem) = await RequestBody.ReadObjectAsync(http, 4096, CancellationToken.None);

        Assert.Null(document);
        Assert.Equal((413, "LIMIT_EXCEEDED"), (problem!.HttpStatus, problem.Body.Code));
    }

    private sealed class BodyPipe(PipeReader reader) : IRequestBodyPipeFeature
    {
        public PipeReader Reader { get; } = reader;
    }

    /// <summary>Hands out one buffer, and overwrites it when it is handed back, as a reused pool block would be.</summary>
    private sealed class ScribblingReader(byte[] bytes) : PipeReader
    {
        public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(new ReadResult(new ReadOnlySequence<byte>(bytes), isCanceled: false, isCompleted: true));

        public override void AdvanceTo(SequencePosition consumed) => Array.Fill(bytes, (byte)'#');

        public override void AdvanceTo(SequencePosition consumed, SequencePosition examined) => AdvanceTo(consumed);

        public override bool TryRead(out ReadResult result)
        {
            result = default;
            return false;
        }

        public override void CancelPendingRead() { }

        public override void Complete(Exception? exception = null) { }
    }
}

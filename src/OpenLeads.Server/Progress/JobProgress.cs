using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using OpenLeads.Server.MassUpdate;
using OpenLeads.Server.Metadata;
using OpenLeads.Server.Storage;
using OpenLeads.Server.Zoho;

namespace OpenLeads.Server.Progress;

/// <summary>
/// Live progress of a mass update job: the job status call with <c>Accept: text/event-stream</c> answers server-sent events,
/// one <c>status</c> event (the status object) now and on every change (each batch), until the job has completed or failed.
/// Progress is read from the database, so a stream follows a job run by any instance.
/// </summary>
public static class JobProgress
{
    public const string EventType = "status";

    /// <summary>How often the stream looks at the job: shorter than a batch takes, so every batch is seen.</summary>
    public static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    public static bool IsAsked(HttpContext http) =>
        http.Request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/event-stream", StringComparison.OrdinalIgnoreCase));

    public static IResult Stream(ModuleDefinition module, JobStatus first, IJobStore jobs, CancellationToken ct) =>
        TypedResults.ServerSentEvents(Events(module, first, jobs, ct));

    private static async IAsyncEnumerable<SseItem<string>> Events(ModuleDefinition module, JobStatus first, IJobStore jobs,
        [EnumeratorCancellation] CancellationToken ct)
    {
        var last = first;
        yield return Item(last);
        while (last.State is JobState.Scheduled or JobState.Running)
        {
            await Task.Delay(Poll, ct);
            var next = await jobs.GetAsync(module, last.Id, ct);
            if (next is null) yield break; // reset away
            if (next == last) continue;
            last = next;
            yield return Item(last);
        }
    }

    private static SseItem<string> Item(JobStatus status)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, ZohoJson.WriterOptions)) MassUpdateApi.WriteStatus(writer, status);
        return new SseItem<string>(System.Text.Encoding.UTF8.GetString(stream.ToArray()), EventType);
    }
}

using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Text.Json;

namespace OpenLeads.Client;

public sealed partial class ZohoCrmClient
{
    /// <summary>
    /// Follows OpenLeads' progress stream of a job (<c>Accept: text/event-stream</c>) to its end; null when the server sends no
    /// stream (Zoho CRM) or the stream ends before the job does, so the caller polls instead.
    /// </summary>
    private async Task<MassUpdateJob?> FollowMassUpdateJobAsync(string module, string jobId, IProgress<MassUpdateJob>? progress, CancellationToken ct)
    {
        try
        {
            var token = await _tokens.GetAsync(_http, null, ct).ConfigureAwait(false);
            using var request = new HttpRequestMessage(HttpMethod.Get,
                new Uri(Options.ResolvedApiDomain, CrmPath($"{module}/actions/mass_update?job_id={Uri.EscapeDataString(jobId)}")));
            request.Headers.Authorization = new AuthenticationHeaderValue("Zoho-oauthtoken", token);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode || response.Content.Headers.ContentType?.MediaType != "text/event-stream") return null;
            await using var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            await foreach (var item in SseParser.Create(stream).EnumerateAsync(ct).ConfigureAwait(false))
            {
                if (item.EventType != "status") continue;
                var job = JsonSerializer.Deserialize(item.Data, ClientJson.Default.MassUpdateJob);
                if (job is null) continue;
                progress?.Report(job);
                if (job.IsFinished) return job;
            }
            return null;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or JsonException && !ct.IsCancellationRequested)
        {
            return null; // the stream broke off: polling takes over
        }
    }
}

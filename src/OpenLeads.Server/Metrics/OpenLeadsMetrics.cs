using System.Diagnostics.Metrics;

namespace OpenLeads.Server.Metrics;

/// <summary>
/// OpenLeads's own instruments, on the meter <see cref="MeterName"/>: what the server does beyond ASP.NET Core's
/// request metrics (whose <c>http.server.request.duration</c> carries the route and, from <see cref="RequestTags"/>,
/// the Zoho code). Nothing listens unless <c>OpenLeads:Metrics:Prometheus</c> or an OTLP endpoint is set.
/// </summary>
public sealed class OpenLeadsMetrics
{
    public const string MeterName = "OpenLeads";

    private readonly Counter<long> _massUpdateRecords;
    private readonly Counter<long> _jobBatches;
    private readonly Histogram<double> _jobBatchDuration;
    private readonly Counter<long> _jobBatchRecords;
    private readonly Counter<long> _notifications;
    private readonly Counter<long> _limitRefusals;

    public OpenLeadsMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _massUpdateRecords = meter.CreateCounter<long>("openleads.mass_update.records", "{record}",
            "Records a mass update changed, by module and mode (ids: at once; job: a scheduled job's batches).");
        _jobBatches = meter.CreateCounter<long>("openleads.job.batches", "{batch}", "Job batches run, by module.");
        _jobBatchDuration = meter.CreateHistogram<double>("openleads.job.batch.duration", "s", "How long a job batch took, its transaction included.");
        _jobBatchRecords = meter.CreateCounter<long>("openleads.job.batch.records", "{record}", "Records the job batches went through, by module.");
        _notifications = meter.CreateCounter<long>("openleads.notifications.deliveries", "{delivery}",
            "Notification callbacks tried, by outcome: sent, failed (given up) or retried.");
        _limitRefusals = meter.CreateCounter<long>("openleads.limits.refusals", "{call}",
            "Calls refused with 429 by Zoho's API limits, by limit: concurrency, heavy or credits.");
    }

    public void MassUpdated(string module, string mode, long records)
    {
        if (records > 0) _massUpdateRecords.Add(records, new("module", module), new("mode", mode));
    }

    public void JobBatch(string module, long records, TimeSpan duration)
    {
        KeyValuePair<string, object?> tag = new("module", module);
        _jobBatches.Add(1, tag);
        _jobBatchRecords.Add(records, tag);
        _jobBatchDuration.Record(duration.TotalSeconds, tag);
    }

    public void NotificationDelivery(string outcome) => _notifications.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void LimitRefused(string limit) => _limitRefusals.Add(1, new KeyValuePair<string, object?>("limit", limit));
}

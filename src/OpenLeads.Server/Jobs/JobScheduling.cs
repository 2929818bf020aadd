using OpenLeads.Server.Hosting;
using OpenLeads.Server.MassUpdate;
using OpenLeads.Server.Metadata;
using OpenLeads.Server.Search;
using OpenLeads.Server.Storage;
using OpenLeads.Server.Zoho;

namespace OpenLeads.Server.Jobs;

/// <summary>
/// The cvid path of the mass update: resolves the view and territory, then schedules a job whose
/// records are fixed at once. Answers Zoho's outcome for the <c>data</c> array.
/// </summary>
public static class JobScheduling
{
    public static async Task<ZohoStatus> ScheduleAsync(ModuleDefinition module, MassUpdateRequest request, WriteContext context,
        IViewStore views, IJobStore jobs, JobSignal signal, OpenLeadsSettings settings, CancellationToken ct)
    {
        var (spec, problem) = await SpecAsync(module, request, context, views, settings, ct);
        if (problem is not null) return problem;
        var max = spec!.MaxRecords;
        var result = await jobs.ScheduleAsync(spec, ct);
        if (result.Outcome == ScheduleOutcome.Scheduled) signal.Notify();
        return result.Outcome switch
        {
            ScheduleOutcome.Scheduled => ZohoErrors.ScheduledSuccessfully(result.JobId),
            ScheduleOutcome.AlreadyScheduled => ZohoErrors.AlreadyScheduled,
            ScheduleOutcome.TooManyRecords => ZohoErrors.JobRecordCountExceeded(max, result.Count),
            _ => ZohoErrors.NoRecordsFound,
        };
    }

    /// <summary>The job a cvid mass update asks for (its view's criteria and territories resolved), or why there is none.</summary>
    public static async Task<(JobSpec? Spec, ZohoStatus? Problem)> SpecAsync(ModuleDefinition module, MassUpdateRequest request, WriteContext context,
        IViewStore views, OpenLeadsSettings settings, CancellationToken ct)
    {
        var cvid = request.Cvid!.Value;
        var view = await views.GetAsync(module, cvid, ct);
        if (view is null) return (null, ZohoErrors.InvalidCustomView(ZohoJson.FormatId(cvid)));
        Criteria? where = null;
        if (view.Criteria is not null)
        {
            var (criteria, problem) = CriteriaParser.Parse(module, view.Criteria);
            // A stored view's criteria were checked when it was made; failing now means the metadata changed.
            if (problem is not null) return (null, problem.Body);
            where = criteria;
        }

        IReadOnlyList<long>? territoryIds = null;
        if (request.Territory is { } scope)
        {
            var territories = await views.TerritoriesAsync(ct);
            if (territories.All(t => t.Id != scope.Id)) return (null, ZohoErrors.InvalidTerritory(ZohoJson.FormatId(scope.Id)));
            territoryIds = scope.IncludeChild ? Descendants(territories, scope.Id) : [scope.Id];
        }

        var spec = new JobSpec(module, cvid, where, request.Territory?.Id, territoryIds, request.Territory?.IncludeChild ?? false,
            request.Values, request.OverWrite, settings.MassUpdate.MaxJobRecords, context, settings.Jobs.BatchSize);
        return (spec, null);
    }

    /// <summary>A territory and every territory below it.</summary>
    public static IReadOnlyList<long> Descendants(IReadOnlyList<Territory> territories, long root)
    {
        var found = new List<long> { root };
        for (var i = 0; i < found.Count; i++) found.AddRange(territories.Where(t => t.ParentId == found[i]).Select(t => t.Id));
        return found;
    }
}

using System.Globalization;
using System.Text.Json;
using OpenLeads.Server.Auth;
using OpenLeads.Server.Hosting;
using OpenLeads.Server.Metadata;
using OpenLeads.Server.Zoho;

namespace OpenLeads.Server.Notifications;

/// <summary>
/// Zoho's Notification API, <c>/crm/{version}/actions/watch</c>: POST enables watches, GET lists them, PUT replaces a channel's,
/// PATCH changes some of its details (or, with <c>_delete_events</c>, drops events), DELETE <c>?channel_ids=</c> disables channels.
/// Each call is all or nothing: an item in error changes no watch, and the answer lists the items in error.
/// </summary>
public static class WatchApi
{
    private const string Path = "/actions/watch";

    public static RouteGroupBuilder MapWatch(this RouteGroupBuilder crm)
    {
        crm.MapPost(Path, Enable).RequireZohoScope("notifications", null, "CREATE");
        crm.MapGet(Path, List).RequireZohoScope("notifications", null, "READ");
        crm.MapPut(Path, Replace).RequireZohoScope("notifications", null, "UPDATE");
        crm.MapPatch(Path, Patch).RequireZohoScope("notifications", null, "UPDATE");
        crm.MapDelete(Path, Disable).RequireZohoScope("notifications", null, "DELETE");
        return crm;
    }

    public static Task<IResult> Enable(Org org, ApiVersion version, HttpContext http, WatchStore store, CallbackTargets targets, OpenLeadsSettings settings,
        TimeProvider clock, CancellationToken ct) => ChangeAsync(WatchMode.Enable, org, version, http, store, targets, settings, clock, ct);

    public static Task<IResult> Replace(Org org, ApiVersion version, HttpContext http, WatchStore store, CallbackTargets targets, OpenLeadsSettings settings,
        TimeProvider clock, CancellationToken ct) => ChangeAsync(WatchMode.Replace, org, version, http, store, targets, settings, clock, ct);

    public static Task<IResult> Patch(Org org, ApiVersion version, HttpContext http, WatchStore store, CallbackTargets targets, OpenLeadsSettings settings,
        TimeProvider clock, CancellationToken ct) => ChangeAsync(WatchMode.Patch, org, version, http, store, targets, settings, clock, ct);

    private static async Task<IResult> ChangeAsync(WatchMode mode, Org org, ApiVersion version, HttpContext http, WatchStore store, CallbackTargets targets,
        OpenLeadsSettings settings, TimeProvider clock, CancellationToken ct)
    {
        var (body, problem) = await ZohoRequest.ReadBodyAsync(http, settings, ct);
        if (problem is not null) return problem;
        using var document = body;
        if (!body!.RootElement.TryGetProperty("watch", out var watch)) return ZohoResults.Problem(ZohoErrors.MandatoryBodyKeyMissing("watch"));
        if (watch.ValueKind != JsonValueKind.Array || watch.GetArrayLength() == 0) return ZohoResults.Problem(ZohoErrors.BodyKeyWrongType("watch", "jsonarray"));

        var now = clock.GetUtcNow();
        var inputs = new List<WatchInput>();
        var errors = new List<ZohoStatus>();
        var index = 0;
        foreach (var item in watch.EnumerateArray())
        {
            var (input, error) = WatchRequest.Parse(item, index++, mode, org, version, targets, now);
            if (error is not null) errors.Add(error);
            else inputs.Add(input!);
        }
        if (mode != WatchMode.Enable)
        {
            foreach (var input in inputs)
            {
                if ((await store.ListAsync(input.ChannelId, null, DateTimeOffset.UnixEpoch, ct)).Count == 0)
                {
                    errors.Add(ZohoErrors.NotSubscribed(ZohoJson.FormatId(input.ChannelId)));
                }
            }
        }
        if (errors.Count > 0) return ZohoResults.Data(StatusCodes.Status400BadRequest, "watch", errors);

        var apiBase = $"{http.Request.Scheme}://{http.Request.Host}/crm/{version}";
        var outcomes = await store.ChangeAsync(async session =>
        {
            var answers = new List<ZohoStatus>(inputs.Count);
            foreach (var input in inputs) answers.Add(await ApplyAsync(session, mode, input, org, apiBase, now, ct));
            return answers;
        }, ct);
        return ZohoResults.Data(mode == WatchMode.Enable ? StatusCodes.Status201Created : StatusCodes.Status200OK, "watch", outcomes);
    }

    private static async Task<ZohoStatus> ApplyAsync(WatchStore.WatchSession session, WatchMode mode, WatchInput input, Org org, string apiBase,
        DateTimeOffset now, CancellationToken ct)
    {
        var existing = mode == WatchMode.Enable ? [] : await session.ChannelAsync(input.ChannelId, ct);
        var first = existing.Count == 0 ? null : existing[0];
        if (mode == WatchMode.Replace) await session.RemoveAsync(input.ChannelId, null, ct);
        if (input.DeleteEvents)
        {
            var touched = new List<Watch>();
            foreach (var (module, operations) in input.Events!)
            {
                if (existing.FirstOrDefault(w => w.Module == module) is not { } watch) continue;
                var left = operations.Contains("all") ? [] : watch.Operations.Except(operations).ToHashSet();
                if (left.Count == 0) await session.RemoveAsync(input.ChannelId, module, ct);
                else await session.SaveAsync(watch with { Operations = left }, now, ct);
                touched.Add(watch);
            }
            return ZohoErrors.WatchEventsRemoved with { Details = Events(org, touched) };
        }

        // A PATCH keeps what it does not give; an enable or a replace gives the whole channel.
        var kept = mode == WatchMode.Patch ? existing : [];
        var modules = kept.ToDictionary(w => w.Module, w => (IReadOnlySet<string>)w.Operations.ToHashSet());
        foreach (var (module, operations) in input.Events ?? new Dictionary<string, HashSet<string>>())
        {
            modules[module] = mode == WatchMode.Patch && modules.TryGetValue(module, out var had) ? had.Union(operations).ToHashSet() : operations;
        }
        var saved = new List<Watch>();
        foreach (var (module, operations) in modules)
        {
            var watch = new Watch(input.ChannelId, module, operations,
                input.NotifyUrl?.OriginalString ?? first!.NotifyUrl,
                input.TokenGiven || mode != WatchMode.Patch ? input.Token : first!.Token,
                input.Expiry ?? first!.Expiry,
                mode == WatchMode.Patch ? first!.ApiBase : apiBase,
                input.ReturnAffectedFieldValues ?? (mode == WatchMode.Patch && first!.ReturnAffectedFieldValues),
                input.NotifyOnRelatedAction ?? (mode != WatchMode.Patch || first!.NotifyOnRelatedAction));
            await session.SaveAsync(watch, now, ct);
            saved.Add(watch);
        }
        return (mode == WatchMode.Enable ? ZohoErrors.WatchSubscribed : ZohoErrors.WatchUpdated) with { Details = Events(org, saved) };
    }

    private static ZohoDetails Events(Org org, IEnumerable<Watch> watches) =>
        ZohoDetails.Of("events", watches.Select(w => ZohoDetails.Of([
            new("channel_expiry", ZohoJson.FormatDateTime(w.Expiry)),
            new("resource_uri", $"{w.ApiBase}/{w.Module}"),
            new("resource_id", ResourceId(org, w.Module)),
            new("resource_name", w.Module),
            new("channel_id", ZohoJson.FormatId(w.ChannelId))])).ToArray());

    private static string ResourceId(Org org, string module) => org.TryResolve(module, out var definition) ? ZohoJson.FormatId(definition.Id) : "";

    /// <summary><c>DELETE ?channel_ids=1,2</c>: every watch of each channel goes; a channel with none answers NOT_SUBSCRIBED.</summary>
    public static async Task<IResult> Disable(Org org, HttpContext http, WatchStore store, CancellationToken ct)
    {
        var text = http.Request.Query["channel_ids"].ToString();
        if (text.Length == 0) return ZohoResults.Problem(ZohoErrors.MandatoryParamMissing("channel_ids"));
        var ids = new List<long>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (WatchRequest.ChannelId(part) is not { } id) return ZohoResults.Problem(ZohoErrors.InvalidParam("channel_ids"));
            ids.Add(id);
        }
        var outcomes = await store.ChangeAsync(async session =>
        {
            var answers = new List<ZohoStatus>();
            foreach (var id in ids.Distinct())
            {
                var watches = await session.ChannelAsync(id, ct);
                await session.RemoveAsync(id, null, ct);
                if (watches.Count == 0) answers.Add(ZohoErrors.NotSubscribed(ZohoJson.FormatId(id)));
                answers.AddRange(watches.Select(w => ZohoErrors.WatchUnsubscribed with
                {
                    Details = ZohoDetails.Of([new("resource_uri", $"{w.ApiBase}/{w.Module}"), new("resource_id", ResourceId(org, w.Module)),
                        new("channel_id", ZohoJson.FormatId(id))]),
                }));
            }
            return answers;
        }, ct);
        return ZohoResults.Data(outcomes.Any(o => o.IsSuccess) ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest, "watch", outcomes);
    }

    /// <summary><c>GET ?channel_id=&amp;module=&amp;page=&amp;per_page=</c>: the live watches, one per channel and module; 204 when none.</summary>
    public static async Task<IResult> List(Org org, HttpContext http, WatchStore store, TimeProvider clock, CancellationToken ct)
    {
        var query = http.Request.Query;
        long? channel = null;
        if (query["channel_id"].ToString() is { Length: > 0 } channelText)
        {
            if (WatchRequest.ChannelId(channelText) is not { } id) return ZohoResults.Problem(ZohoErrors.InvalidParam("channel_id"));
            channel = id;
        }
        string? module = null;
        if (query["module"].ToString() is { Length: > 0 } moduleText)
        {
            if (!org.TryResolve(moduleText, out var definition)) return ZohoResults.Problem(ZohoErrors.InvalidModuleParam);
            module = definition.ApiName;
        }
        if (!Positive(query["page"].ToString(), 1, int.MaxValue, out var page)) return ZohoResults.Problem(ZohoErrors.InvalidParam("page"));
        if (!Positive(query["per_page"].ToString(), 200, 200, out var perPage)) return ZohoResults.Problem(ZohoErrors.InvalidParam("per_page"));

        var watches = await store.ListAsync(channel, module, clock.GetUtcNow(), ct);
        var shown = watches.Skip((page - 1) * perPage).Take(perPage).ToList();
        if (shown.Count == 0) return ZohoResults.NoContent();
        return ZohoResults.Json(StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("watch"u8);
            foreach (var watch in shown)
            {
                w.WriteStartObject();
                w.WriteBoolean("notify_on_related_action"u8, watch.NotifyOnRelatedAction);
                w.WriteString("channel_expiry"u8, ZohoJson.FormatDateTime(watch.Expiry));
                w.WriteString("resource_uri"u8, $"{watch.ApiBase}/{watch.Module}");
                w.WriteString("resource_id"u8, ResourceId(org, watch.Module));
                w.WriteBoolean("return_affected_field_values"u8, watch.ReturnAffectedFieldValues);
                w.WriteString("notify_url"u8, watch.NotifyUrl);
                w.WriteString("resource_name"u8, watch.Module);
                w.WriteString("channel_id"u8, ZohoJson.FormatId(watch.ChannelId));
                w.WriteStartArray("events"u8);
                foreach (var operation in WatchRequest.Operations.Where(watch.Operations.Contains)) w.WriteStringValue($"{watch.Module}.{operation}");
                w.WriteEndArray();
                if (watch.Token is null) w.WriteNull("token"u8);
                else w.WriteString("token"u8, watch.Token);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartObject("info"u8);
            w.WriteNumber("per_page"u8, perPage);
            w.WriteNumber("count"u8, shown.Count);
            w.WriteNumber("page"u8, page);
            w.WriteBoolean("more_records"u8, watches.Count > page * (long)perPage);
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    private static bool Positive(string text, int fallback, int max, out int value)
    {
        value = fallback;
        if (text.Length == 0) return true;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= 1 && value <= max;
    }
}

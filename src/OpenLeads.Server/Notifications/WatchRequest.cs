using System.Globalization;
using System.Text.Json;
using OpenLeads.Server.Metadata;
using OpenLeads.Server.Zoho;

namespace OpenLeads.Server.Notifications;

/// <summary>What a watch call does with each item of its <c>watch</c> array.</summary>
public enum WatchMode { Enable, Replace, Patch }

/// <summary>One item of a watch call, checked: what it names and sets (null: not given, for a PATCH).</summary>
public sealed record WatchInput(long ChannelId, IReadOnlyDictionary<string, HashSet<string>>? Events, Uri? NotifyUrl, bool TokenGiven, string? Token,
    DateTimeOffset? Expiry, bool? ReturnAffectedFieldValues, bool? NotifyOnRelatedAction, bool DeleteEvents);

/// <summary>
/// Zoho's rules for an item of <c>{"watch":[…]}</c>: <c>channel_id</c> a long, <c>events</c> <c>Module.create|edit|delete|all</c>,
/// <c>notify_url</c> an absolute URL (and one OpenLeads allows), <c>token</c> at most 50 characters, <c>channel_expiry</c> an ISO
/// time: one hour when not given or past the version's maximum (a day up to v3, a week from v4).
/// </summary>
public static class WatchRequest
{
    public const int MaxTokenLength = 50;
    public static readonly string[] Operations = ["create", "edit", "delete", "all"];

    public static TimeSpan DefaultExpiry => TimeSpan.FromHours(1);

    public static TimeSpan MaxExpiry(ApiVersion version) => version.Major >= 4 ? TimeSpan.FromDays(7) : TimeSpan.FromDays(1);

    public static (WatchInput? Input, ZohoStatus? Error) Parse(JsonElement item, int index, WatchMode mode, Org org, ApiVersion version,
        CallbackTargets targets, DateTimeOffset now)
    {
        if (item.ValueKind != JsonValueKind.Object) return (null, ZohoErrors.WatchKeyInvalid("watch", index));
        var full = mode != WatchMode.Patch;

        if (!item.TryGetProperty("channel_id", out var channel)) return (null, ZohoErrors.WatchKeyMissing("channel_id", index));
        if (ChannelId(channel) is not { } channelId) return (null, ZohoErrors.WatchKeyInvalid("channel_id", index));

        var deleteEvents = false;
        if (item.TryGetProperty("_delete_events", out var delete))
        {
            if (mode != WatchMode.Patch || delete.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) return (null, ZohoErrors.WatchKeyInvalid("_delete_events", index));
            deleteEvents = delete.GetBoolean();
        }

        Dictionary<string, HashSet<string>>? events = null;
        if (item.TryGetProperty("events", out var eventsJson))
        {
            if (eventsJson.ValueKind != JsonValueKind.Array || eventsJson.GetArrayLength() == 0) return (null, ZohoErrors.WatchKeyInvalid("events", index));
            events = [];
            foreach (var entry in eventsJson.EnumerateArray())
            {
                var text = entry.ValueKind == JsonValueKind.String ? entry.GetString()! : "";
                var dot = text.LastIndexOf('.');
                if (dot <= 0 || !org.TryResolve(text[..dot], out var module) || !Operations.Contains(text[(dot + 1)..]))
                {
                    return (null, ZohoErrors.WatchKeyInvalid("events", index));
                }
                if (!events.TryGetValue(module.ApiName, out var operations)) events[module.ApiName] = operations = [];
                operations.Add(text[(dot + 1)..]);
            }
        }
        else if (full || deleteEvents) return (null, ZohoErrors.WatchKeyMissing("events", index));

        Uri? notifyUrl = null;
        if (item.TryGetProperty("notify_url", out var url))
        {
            notifyUrl = CallbackTargets.Parse(url.ValueKind == JsonValueKind.String ? url.GetString() : null);
            if (notifyUrl is null) return (null, ZohoErrors.WatchKeyInvalid("notify_url", index));
            if (!targets.Allows(notifyUrl)) return (null, ZohoErrors.NotifyUrlNotAllowed(index));
        }
        else if (full) return (null, ZohoErrors.WatchKeyMissing("notify_url", index));

        string? token = null;
        var tokenGiven = item.TryGetProperty("token", out var tokenJson);
        if (tokenGiven && tokenJson.ValueKind != JsonValueKind.Null)
        {
            if (tokenJson.ValueKind != JsonValueKind.String) return (null, ZohoErrors.WatchKeyInvalid("token", index));
            token = tokenJson.GetString()!;
            if (token.Length > MaxTokenLength) return (null, ZohoErrors.WatchTokenTooLong(index, MaxTokenLength));
        }

        DateTimeOffset? expiry = full ? now + DefaultExpiry : null;
        if (item.TryGetProperty("channel_expiry", out var expiryJson) && expiryJson.ValueKind != JsonValueKind.Null)
        {
            if (expiryJson.ValueKind != JsonValueKind.String
                || !DateTimeOffset.TryParse(expiryJson.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var given)
                || given <= now)
            {
                return (null, ZohoErrors.WatchKeyInvalid("channel_expiry", index));
            }
            // Zoho: "If it is not specified or set for more than [the maximum], the default expiry time is for one hour."
            expiry = given > now + MaxExpiry(version) ? now + DefaultExpiry : given;
        }

        if (!Flag(item, "return_affected_field_values", out var returnValues)) return (null, ZohoErrors.WatchKeyInvalid("return_affected_field_values", index));
        if (!Flag(item, "notify_on_related_action", out var related)) return (null, ZohoErrors.WatchKeyInvalid("notify_on_related_action", index));
        return (new WatchInput(channelId, events, notifyUrl, tokenGiven, token, expiry, returnValues, related, deleteEvents), null);
    }

    /// <summary>A channel id: a long, as a JSON number or a string of digits (Zoho's SDKs send both).</summary>
    public static long? ChannelId(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetInt64(out var number) && number > 0 => number,
        JsonValueKind.String => ChannelId(value.GetString()),
        _ => null,
    };

    public static long? ChannelId(string? text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0 ? number : null;

    private static bool Flag(JsonElement item, string name, out bool? value)
    {
        value = null;
        if (!item.TryGetProperty(name, out var json) || json.ValueKind == JsonValueKind.Null) return true;
        if (json.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) return false;
        value = json.GetBoolean();
        return true;
    }
}

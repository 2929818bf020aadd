using System.Text.Json;
using OpenLeads.Server.Zoho;

namespace OpenLeads.Server.Notifications;

/// <summary>
/// <c>GET /__admin/notifications</c>: the newest notifications (at most <c>limit</c>, 200 by default), oldest first, each with
/// its callback body, its state and every attempt's answer; <c>DELETE /__admin/notifications</c> empties the outbox.
/// </summary>
public static class NotificationsAdminApi
{
    public const int MaxListed = 1000;

    public static RouteGroupBuilder MapNotificationsAdmin(this RouteGroupBuilder admin)
    {
        admin.MapGet("/notifications", List);
        admin.MapDelete("/notifications", Clear);
        return admin;
    }

    public static async Task<IResult> List(HttpContext http, OutboxStore outbox, CancellationToken ct)
    {
        var limit = 200;
        if (http.Request.Query["limit"].ToString() is { Length: > 0 } text
            && (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxListed))
        {
            return ZohoResults.Problem(ZohoErrors.InvalidParam("limit", $"limit must be a whole number from 1 to {MaxListed}"));
        }
        var entries = await outbox.ListAsync(limit, ct);
        return ZohoResults.Json(StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("notifications"u8);
            foreach (var entry in entries) Write(w, entry);
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    public static async Task<IResult> Clear(OutboxStore outbox, CancellationToken ct)
    {
        var removed = await outbox.ClearAsync(ct);
        return ZohoResults.Json(StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteNumber("removed"u8, removed);
            w.WriteEndObject();
        });
    }

    private static void Write(Utf8JsonWriter w, OutboxEntry entry)
    {
        var n = entry.Notification;
        w.WriteStartObject();
        w.WriteString("id"u8, ZohoJson.FormatId(n.Id));
        w.WriteString("channel_id"u8, ZohoJson.FormatId(n.ChannelId));
        w.WriteString("module"u8, n.Module);
        w.WriteString("operation"u8, n.Operation);
        w.WriteString("notify_url"u8, n.NotifyUrl);
        w.WriteString("status"u8, entry.Status);
        w.WriteNumber("attempts"u8, entry.Attempts.Count);
        w.WriteString("created_time"u8, ZohoJson.FormatDateTime(DateTimeOffset.FromUnixTimeMilliseconds(n.ServerTime)));
        if (entry.Status == "pending") w.WriteString("next_attempt_time"u8, ZohoJson.FormatDateTime(entry.NextAttempt));
        if (entry.Delivered is { } delivered) w.WriteString("delivered_time"u8, ZohoJson.FormatDateTime(delivered));
        w.WritePropertyName("body"u8);
        w.WriteRawValue(CallbackTargets.Parse(n.NotifyUrl) is { } target ? NotificationDeliverer.Body(n, target) : "null", skipInputValidation: true);
        w.WriteStartArray("answers"u8);
        foreach (var attempt in entry.Attempts)
        {
            w.WriteStartObject();
            w.WriteNumber("attempt"u8, attempt.Attempt);
            w.WriteString("time"u8, ZohoJson.FormatDateTime(attempt.At));
            if (attempt.Status is { } status) w.WriteNumber("status"u8, status);
            else w.WriteNull("status"u8);
            if (attempt.Answer is { } answer) w.WriteString("answer"u8, answer);
            if (attempt.Error is { } error) w.WriteString("error"u8, error);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }
}

namespace OpenLeads.Server.Notifications;

/// <summary>
/// The tables of the Notification API, the same on both databases but for the outbox's key and the type of
/// 64-bit numbers: times are Unix milliseconds and flags 0/1 on both, so that every statement is shared.
/// </summary>
public static class NotificationSchema
{
    /// <summary>The settings row every change to a watch bumps; each instance compares it with its copy of the watched modules.</summary>
    public const string VersionKey = "notifications_version";

    public static string Tables(string outboxKey, string big) => $"""
        CREATE TABLE notification_watches (
            channel_id {big} NOT NULL, module text NOT NULL, operations text NOT NULL,
            notify_url text NOT NULL, token text, expires_ms {big} NOT NULL, api_base text NOT NULL,
            return_affected_field_values integer NOT NULL, notify_on_related_action integer NOT NULL, created_ms {big} NOT NULL,
            PRIMARY KEY (channel_id, module));
        CREATE TABLE notification_outbox (
            id {outboxKey}, channel_id {big} NOT NULL, module text NOT NULL, operation text NOT NULL,
            ids text NOT NULL, affected_fields text NOT NULL, notify_url text NOT NULL, token text, api_base text NOT NULL,
            server_time {big} NOT NULL, status text NOT NULL, attempts integer NOT NULL DEFAULT 0, next_attempt_ms {big} NOT NULL,
            lease_owner text, lease_expires_ms {big}, last_status integer, delivered_ms {big});
        CREATE INDEX notification_outbox_due ON notification_outbox (status, next_attempt_ms);
        CREATE TABLE notification_attempts (
            outbox_id {big} NOT NULL, attempt integer NOT NULL, at_ms {big} NOT NULL, status integer, answer text, error text,
            PRIMARY KEY (outbox_id, attempt));
        INSERT INTO settings (key, value) VALUES ('{VersionKey}', '0');
        """;
}

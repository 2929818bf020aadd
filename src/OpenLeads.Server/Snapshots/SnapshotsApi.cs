using System.Diagnostics;
using System.Text.Json;
using OpenLeads.Server.Hosting;
using OpenLeads.Server.Jobs;
using OpenLeads.Server.Storage;
using OpenLeads.Server.Zoho;

namespace OpenLeads.Server.Snapshots;

/// <summary>
/// Snapshots through the control API: <c>POST /__admin/snapshots</c> <c>{"name":"clean"}</c> takes one,
/// <c>POST /__admin/snapshots/{name}/restore</c> brings it back, <c>GET</c> lists them, <c>DELETE …/{name}</c>
/// removes one. What is copied, and how a restore treats a running job: <see cref="SnapshotStore"/>.
/// </summary>
public static class SnapshotsApi
{
    public const int MaxNameLength = 100;

    public static RouteGroupBuilder MapSnapshots(this RouteGroupBuilder admin)
    {
        admin.MapPost("/snapshots", Create);
        admin.MapGet("/snapshots", List);
        admin.MapPost("/snapshots/{name}/restore", Restore);
        admin.MapDelete("/snapshots/{name}", Delete);
        return admin;
    }

    public static async Task<IResult> Create(HttpContext http, ISnapshotStore snapshots, OpenLeadsSettings settings, CancellationToken ct)
    {
        var (body, problem) = await ZohoRequest.ReadBodyAsync(http, settings, ct);
        if (problem is not null) return problem;
        using var document = body;
        var root = body!.RootElement;
        if (root.ValueKind != JsonValueKind.Object) return ZohoResults.Problem(ZohoErrors.InvalidBody);
        if (!root.TryGetProperty("name", out var nameJson)) return ZohoResults.Problem(ZohoErrors.MandatoryBodyKeyMissing("name"));
        if (nameJson.ValueKind != JsonValueKind.String || !IsName(nameJson.GetString()))
        {
            return ZohoResults.Problem(ZohoErrors.BodyKeyWrongType("name", $"text of 1 to {MaxNameLength} letters, digits, '.', '_' or '-'"));
        }
        var replace = false;
        if (root.TryGetProperty("replace", out var replaceJson))
        {
            if (replaceJson.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) return ZohoResults.Problem(ZohoErrors.BodyKeyWrongType("replace", "boolean"));
            replace = replaceJson.GetBoolean();
        }
        var name = nameJson.GetString()!;
        var taken = await snapshots.CreateAsync(name, replace, ct);
        if (taken is null) return ZohoResults.Problem(ZohoErrors.SnapshotExists);
        return ZohoResults.Json(StatusCodes.Status201Created, w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("snapshot"u8);
            Write(w, taken);
            w.WriteEndObject();
        });
    }

    public static async Task<IResult> List(ISnapshotStore snapshots, CancellationToken ct)
    {
        var list = await snapshots.ListAsync(ct);
        return ZohoResults.Json(StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("snapshots"u8);
            foreach (var snapshot in list) Write(w, snapshot);
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    public static async Task<IResult> Restore(string name, ISnapshotStore snapshots, JobSignal jobs, CancellationToken ct)
    {
        if (!IsName(name)) return ZohoResults.Problem(ZohoErrors.UnknownSnapshot);
        var clock = Stopwatch.StartNew();
        var restored = await snapshots.RestoreAsync(name, ct);
        if (restored is null) return ZohoResults.Problem(ZohoErrors.UnknownSnapshot);
        var elapsed = clock.Elapsed.TotalMilliseconds;
        jobs.Notify(); // jobs of the restored state run again from their checkpoints
        return ZohoResults.Json(StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteString("status"u8, "restored");
            w.WritePropertyName("snapshot"u8);
            Write(w, restored);
            w.WriteNumber("duration_ms"u8, Math.Round(elapsed, 1));
            w.WriteEndObject();
        });
    }

    public static async Task<IResult> Delete(string name, ISnapshotStore snapshots, CancellationToken ct)
    {
        if (!IsName(name) || !await snapshots.DeleteAsync(name, ct)) return ZohoResults.Problem(ZohoErrors.UnknownSnapshot);
        return ZohoResults.Json(StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteString("status"u8, "deleted");
            w.WriteString("name"u8, name);
            w.WriteEndObject();
        });
    }

    private static bool IsName(string? name) =>
        name is { Length: > 0 and <= MaxNameLength } && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    private static void Write(Utf8JsonWriter w, SnapshotInfo snapshot)
    {
        w.WriteStartObject();
        w.WriteString("name"u8, snapshot.Name);
        w.WriteString("created_time"u8, ZohoJson.FormatDateTime(snapshot.CreatedTime));
        w.WriteStartObject("records"u8);
        foreach (var (module, count) in snapshot.Records) w.WriteNumber(module, count);
        w.WriteEndObject();
        w.WriteNumber("audit_rows"u8, snapshot.AuditRows);
        w.WriteNumber("jobs"u8, snapshot.Jobs);
        w.WriteNumber("tokens"u8, snapshot.Tokens);
        w.WriteEndObject();
    }
}

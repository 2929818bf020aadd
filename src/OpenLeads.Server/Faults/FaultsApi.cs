using System.Globalization;
using System.Text.Json;
using OpenLeads.Server.Hosting;
using OpenLeads.Server.Zoho;

namespace OpenLeads.Server.Faults;

/// <summary>
/// Faults through the control API: <c>POST /__admin/faults</c> (201 with the fault), <c>GET /__admin/faults</c>,
/// <c>DELETE /__admin/faults/{id}</c> and <c>DELETE /__admin/faults</c>.
/// </summary>
public static class FaultsApi
{
    public static IServiceCollection AddFaults(this IServiceCollection services) =>
        services.AddSingleton<FaultStore>().AddSingleton<FaultBook>();

    public static RouteGroupBuilder MapFaults(this RouteGroupBuilder admin)
    {
        admin.MapPost("/faults", Add);
        admin.MapGet("/faults", List);
        admin.MapDelete("/faults/{id}", Remove);
        admin.MapDelete("/faults", Clear);
        return admin;
    }

    public static async Task<IResult> Add(HttpContext http, FaultStore store, OpenLeadsSettings settings, CancellationToken ct)
    {
        var (body, problem) = await ZohoRequest.ReadBodyAsync(http, settings, ct);
        if (problem is not null) return problem;
        using var document = body;
        var (fault, invalid) = FaultSpec.Parse(body!.RootElement);
        if (invalid is not null) return ZohoResults.Problem(invalid);
        var added = await store.AddAsync(fault!, ct);
        return ZohoResults.Json(StatusCodes.Status201Created, w =>
        {
            w.WriteStartObject();
            w.WritePropertyName("fault"u8);
            Write(w, added);
            w.WriteEndObject();
        });
    }

    public static async Task<IResult> List(FaultStore store, CancellationToken ct)
    {
        var (faults, _) = await store.ListAsync(ct);
        return ZohoResults.Json(StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("faults"u8);
            foreach (var fault in faults) Write(w, fault);
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    public static async Task<IResult> Remove(string id, FaultStore store, CancellationToken ct)
    {
        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var faultId) || await store.RemoveAsync(faultId, ct) == 0)
        {
            return ZohoResults.Problem(new ZohoProblem(StatusCodes.Status404NotFound, ZohoErrors.InvalidId(id)));
        }
        return ZohoResults.Json(StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteString("id"u8, id);
            w.WriteString("status"u8, "deleted");
            w.WriteEndObject();
        });
    }

    public static async Task<IResult> Clear(FaultStore store, CancellationToken ct)
    {
        var removed = await store.RemoveAsync(null, ct);
        return ZohoResults.Json(StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteString("status"u8, "cleared");
            w.WriteNumber("count"u8, removed);
            w.WriteEndObject();
        });
    }

    /// <summary>The fault as it was given, with its id, the times it has left and the requests (or jobs) it has met.</summary>
    private static void Write(Utf8JsonWriter w, Fault fault)
    {
        using var spec = JsonDocument.Parse(fault.Spec);
        w.WriteStartObject();
        w.WriteString("id"u8, fault.Id.ToString(CultureInfo.InvariantCulture));
        foreach (var property in spec.RootElement.EnumerateObject()) property.WriteTo(w);
        if (fault.Remaining is { } remaining) w.WriteNumber("remaining"u8, remaining);
        else w.WriteNull("remaining"u8);
        w.WriteNumber("met"u8, fault.Seen);
        w.WriteEndObject();
    }
}

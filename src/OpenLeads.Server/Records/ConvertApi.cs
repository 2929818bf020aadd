using System.Text.Json;
using OpenLeads.Server.Auth;
using OpenLeads.Server.Hosting;
using OpenLeads.Server.Idempotency;
using OpenLeads.Server.Metadata;
using OpenLeads.Server.Storage;
using OpenLeads.Server.Zoho;

namespace OpenLeads.Server.Records;

/// <summary>
/// <c>POST /crm/{version}/Leads/{id}/actions/convert</c>: the Lead becomes a Contact, an Account (its company, or the one given
/// or already there) and optionally a Deal, by the org's conversion mapping (<see cref="Conversion"/>), in one transaction.
/// </summary>
public static class ConvertApi
{
    public static RouteGroupBuilder MapConvert(this RouteGroupBuilder crm)
    {
        crm.MapPost("/{module}/{id}/actions/convert", Convert).RequireZohoScope("modules", ZohoScopeRequirement.ModuleSub, "CREATE").WithIdempotency();
        return crm;
    }

    public static async Task<IResult> Convert(Org org, ApiVersion version, string module, string id, HttpContext http, IRecordStore store,
        IUserStore users, OpenLeadsSettings settings, TimeProvider clock, CancellationToken ct)
    {
        if (!org.TryResolve(module, out var source)) return ZohoResults.Problem(ZohoErrors.InvalidModule);
        if (source.Conversion is not { } conversion) return ZohoResults.Problem(ZohoErrors.NotConvertable);
        var lead = RecordIds.TryParse(id, out var leadId) ? await store.GetAsync(source, leadId, ct) : null;
        if (lead is null) return ZohoResults.Problem(ZohoErrors.InvalidConvertId);
        if (lead.State.Converted) return ZohoResults.Problem(ZohoErrors.AlreadyConverted);
        var (body, bodyProblem) = await ZohoRequest.ReadBodyAsync(http, settings, ct);
        if (bodyProblem is not null) return bodyProblem;
        using var document = body;
        var (records, problem) = RecordInput.ReadData(body!);
        if (problem is not null) return problem;
        var request = records![0];
        if (request.ValueKind != JsonValueKind.Object) return ZohoResults.Data(StatusCodes.Status400BadRequest, ZohoErrors.RecordNotObject(0));

        foreach (var target in new[] { conversion.Account, conversion.Contact })
        {
            if (target.Module is null) return ZohoResults.Problem(ZohoErrors.ConversionModuleMissing(target.ModuleName));
        }
        var (accountId, accountProblem) = await ExistingAsync(request, conversion.Account, store, ct);
        if (accountProblem is not null) return ZohoResults.Problem(accountProblem);
        var (contactId, contactProblem) = await ExistingAsync(request, conversion.Contact, store, ct);
        if (contactProblem is not null) return ZohoResults.Problem(contactProblem);
        var owner = (UserRef)lead[source, SystemFields.Owner]!;
        var ownerId = owner.Id;
        if (request.TryGetProperty("assign_to", out var assign) && assign.ValueKind != JsonValueKind.Null)
        {
            var json = assign.ValueKind == JsonValueKind.Object && assign.TryGetProperty("id", out var inner) ? inner : assign;
            if (!RecordIds.TryParse(json, out ownerId) || !(await users.ExistingIdsAsync([ownerId], ct)).Contains(ownerId))
            {
                return ZohoResults.Problem(ZohoErrors.InvalidConvertValue("assign_to", "$.data[0].assign_to"));
            }
        }

        ConversionPart? deal = null;
        if (request.TryGetProperty(conversion.Deal.ModuleName, out var dealJson) && dealJson.ValueKind != JsonValueKind.Null)
        {
            if (conversion.Deal.Module is not { } dealModule) return ZohoResults.Problem(ZohoErrors.ConversionModuleMissing(conversion.Deal.ModuleName));
            var (outcomes, valid) = await RecordInput.ValidateAsync(dealModule, [dealJson], requireMandatory: true, alsoCheck: null, users, store, ct);
            if (valid.Count == 0) return ZohoResults.Data(StatusCodes.Status400BadRequest, outcomes[0]!);
            deal = Part(conversion.Deal, null, lead, source, ownerId, valid[0].Values);
        }
        var account = accountId is null && lead[source, conversion.Account.Fields.FirstOrDefault(f => f.Target.ApiName == conversion.Account.Module!.DisplayField).Source?.ApiName ?? ""] is null or ""
            ? null
            : Part(conversion.Account, accountId, lead, source, ownerId);
        var contact = Part(conversion.Contact, contactId, lead, source, ownerId);
        var plan = new ConversionPlan(source, leadId, account, contact, deal, conversion.Contact.LookupTo(conversion.Account),
            conversion.Deal.LookupTo(conversion.Account), conversion.Deal.LookupTo(conversion.Contact));

        var result = await store.ConvertAsync(plan, http.WriteContext(clock, "convert"), ct);
        if (!result.Converted) return ZohoResults.Problem(ZohoErrors.AlreadyConverted);
        return Answer(version, conversion, result);
    }

    /// <summary>The existing record the body names for a target (<c>"Accounts":{"id":…}</c> or an id), which must exist.</summary>
    private static async Task<(long? Id, ZohoProblem? Problem)> ExistingAsync(JsonElement request, ConversionTarget target, IRecordStore store, CancellationToken ct)
    {
        if (!request.TryGetProperty(target.ModuleName, out var given) || given.ValueKind == JsonValueKind.Null) return (null, null);
        var json = given.ValueKind == JsonValueKind.Object && given.TryGetProperty("id", out var inner) ? inner : given;
        if (RecordIds.TryParse(json, out var id) && (await store.ExistingIdsAsync(target.Module!, [id], ct)).Contains(id)) return (id, null);
        return (null, ZohoErrors.InvalidConvertValue(target.ModuleName, $"$.data[0].{target.ModuleName}"));
    }

    /// <summary>A record to make from the converted one: its mapped values (a given value wins), owned by the assignee.</summary>
    private static ConversionPart Part(ConversionTarget target, long? existing, StoredRecord lead, ModuleDefinition source, long ownerId,
        Dictionary<FieldDefinition, object?>? given = null)
    {
        var module = target.Module!;
        var values = new Dictionary<FieldDefinition, object?>();
        foreach (var (to, from) in target.Fields)
        {
            var value = lead[source, from.ApiName];
            if (value is null || !Fits(to, value)) continue;
            values[to] = value;
        }
        foreach (var (field, value) in given ?? []) values[field] = value;
        if (module.Fields.FirstOrDefault(f => f.Type == FieldType.OwnerLookup && f.Writable) is { } owner) values[owner] = ownerId;
        return new ConversionPart(module, existing, values, module.DuplicateCheckFields.Where(f => f.ApiName == module.DisplayField).ToList());
    }

    /// <summary>A picklist takes only the values it lists; a text only what its length holds.</summary>
    private static bool Fits(FieldDefinition field, object value) => value switch
    {
        string text when field.IsPickList => field.PickList.Any(p => p.ActualValue == text),
        string[] many => many.All(v => field.PickList.Any(p => p.ActualValue == v)),
        string text => field.Length is not { } max || text.Length <= max,
        _ => true,
    };

    /// <summary>Before v8: the ids, <c>{"Contacts":"…","Deals":null,"Accounts":"…"}</c>; v8: Zoho's SUCCESS entry naming each record.</summary>
    private static IResult Answer(ApiVersion version, Conversion conversion, ConversionResult result)
    {
        string? Id(long? id) => id is { } value ? ZohoJson.FormatId(value) : null;
        var ids = new (string Key, string? Id)[]
        {
            (conversion.Contact.ModuleName, Id(result.ContactId)), (conversion.Deal.ModuleName, Id(result.DealId)), (conversion.Account.ModuleName, Id(result.AccountId)),
        };
        if (version.IsV8OrLater)
        {
            var details = ZohoDetails.Of([.. ids.Select(p => new KeyValuePair<string, object?>(p.Key, p.Id is null ? null : ZohoDetails.Of("id", p.Id)))]);
            return ZohoResults.Data(StatusCodes.Status200OK, ZohoErrors.Converted(details));
        }
        return ZohoResults.Json(StatusCodes.Status200OK, w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("data"u8);
            w.WriteStartObject();
            foreach (var (key, value) in ids)
            {
                if (value is null) w.WriteNull(key);
                else w.WriteString(key, value);
            }
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }
}

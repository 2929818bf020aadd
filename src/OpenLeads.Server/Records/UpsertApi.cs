using System.Text.Json;
using OpenLeads.Server.Hosting;
using OpenLeads.Server.Metadata;
using OpenLeads.Server.Storage;
using OpenLeads.Server.Zoho;

namespace OpenLeads.Server.Records;

/// <summary>
/// <c>POST /crm/{version}/{module}/upsert</c>: each record updates the existing record that shares a value of a duplicate
/// check field with it, or is inserted; checked as inserts and updates are, written in one transaction.
/// </summary>
public static class UpsertApi
{
    public static async Task<IResult> Upsert(Org org, ApiVersion version, string module, HttpContext http, IRecordStore store, IUserStore users,
        OpenLeadsSettings settings, TimeProvider clock, CancellationToken ct)
    {
        if (!org.TryResolve(module, out var definition)) return ZohoResults.Problem(ZohoErrors.InvalidModule);
        var (body, bodyProblem) = await ZohoRequest.ReadBodyAsync(http, settings, ct);
        if (bodyProblem is not null) return bodyProblem;
        using var document = body;
        var (records, problem) = RecordInput.ReadData(body!);
        if (problem is not null) return problem;
        var (checkFields, checkProblem) = CheckFields(definition, body!.RootElement);
        if (checkProblem is not null) return ZohoResults.Problem(checkProblem);

        // Mandatory values are checked once the lookup has said which records are new.
        var (outcomes, valid) = await RecordInput.ValidateAsync(definition, records!, requireMandatory: false, alsoCheck: null, users, store, ct);
        var context = http.WriteContext(clock, "upsert");
        var results = valid.Count == 0 ? []
            : await store.UpsertAsync(definition, checkFields!,
                [.. valid.Select(v => new UpsertRecord(v.Values, RecordInput.MissingMandatory(definition, v.Values) is null))], context, ct);
        for (var k = 0; k < valid.Count; k++)
        {
            var (index, values) = valid[k];
            var result = results[k];
            outcomes[index] = result.Action switch
            {
                UpsertAction.Insert => Upserted(RecordJson.Success(new RecordStamp(result.Id, context.Now, context.User, context.Now, context.User),
                    "record added"), "insert", null),
                UpsertAction.Update when result.Update!.Outcome == WriteOutcome.Written =>
                    Upserted(RecordJson.Success(result.Update.Stamp!, "record updated"), "update", result.DuplicateField!.ApiName),
                UpsertAction.Update => RecordJson.Outcome(result.Update!, version, massUpdate: false),
                _ => RecordInput.MissingMandatory(definition, values)!,
            };
        }
        return RecordsApi.Outcomes(outcomes!, StatusCodes.Status200OK);
    }

    private static ZohoStatus Upserted(ZohoStatus success, string action, string? duplicateField) =>
        success with { Extra = ZohoDetails.Of("action", action, "duplicate_field", duplicateField) };

    /// <summary>The fields named by <c>duplicate_check_fields</c>, in order; absent, the module's own.</summary>
    private static (IReadOnlyList<FieldDefinition>? Fields, ZohoProblem? Problem) CheckFields(ModuleDefinition module, JsonElement root)
    {
        if (!root.TryGetProperty("duplicate_check_fields", out var given) || given.ValueKind == JsonValueKind.Null)
        {
            return (module.DuplicateCheckFields, null);
        }
        if (given.ValueKind != JsonValueKind.Array) return (null, ZohoErrors.BodyKeyWrongType("duplicate_check_fields", "jsonarray"));
        var fields = new List<FieldDefinition>();
        var index = 0;
        foreach (var item in given.EnumerateArray())
        {
            var name = item.ValueKind == JsonValueKind.String ? item.GetString()! : item.GetRawText();
            var field = module.DuplicateCheckFields.FirstOrDefault(f => f.ApiName == name);
            if (field is null) return (null, ZohoErrors.InvalidDuplicateCheckField(name, index));
            if (!fields.Contains(field)) fields.Add(field);
            index++;
        }
        return fields.Count == 0 ? (module.DuplicateCheckFields, null) : (fields, null);
    }
}

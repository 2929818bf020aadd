using System.Text.Json;
using OpenLeads.Server.Metadata;
using OpenLeads.Server.Storage;
using OpenLeads.Server.Zoho;

namespace OpenLeads.Server.Records;

/// <summary>
/// Reads the <c>{"data":[…]}</c> of an insert or update: checks the envelope and the count
/// limit, then each record's values against the field metadata. Keys that are not writable
/// fields are ignored, as Zoho ignores them.
/// </summary>
public static class RecordInput
{
    public const int MaxRecords = 100;

    /// <summary>The records of the body, or the request-level problem with it.</summary>
    public static (IReadOnlyList<JsonElement>? Records, IResult? Problem) ReadData(JsonDocument body)
    {
        if (!body.RootElement.TryGetProperty("data", out var data))
        {
            return (null, ZohoResults.Problem(ZohoErrors.MandatoryBodyKeyMissing("data")));
        }
        if (data.ValueKind != JsonValueKind.Array)
        {
            return (null, ZohoResults.Problem(ZohoErrors.BodyKeyWrongType("data", "jsonarray")));
        }
        var count = data.GetArrayLength();
        if (count == 0) return (null, ZohoResults.Problem(ZohoErrors.MandatoryBodyKeyMissing("data")));
        if (count > MaxRecords)
        {
            return (null, ZohoResults.Data(StatusCodes.Status400BadRequest, ZohoErrors.RecordCountExceeded(MaxRecords)));
        }
        return ([.. data.EnumerateArray()], null);
    }

    /// <summary>Parses one record's writable values; <paramref name="requireMandatory"/> on insert.</summary>
    private static ZohoStatus? TryParse(ModuleDefinition module, JsonElement record, int index, bool requireMandatory,
        out Dictionary<FieldDefinition, object?> values)
    {
        values = [];
        if (record.ValueKind != JsonValueKind.Object) return ZohoErrors.RecordNotObject(index);
        foreach (var property in record.EnumerateObject())
        {
            if (!module.TryGetField(property.Name, out var field) || !field.Writable) continue;
            if (!FieldValues.TryParse(field, property.Value, out var value, out var error)) return error;
            values[field] = value;
        }
        return requireMandatory ? MissingMandatory(module, values) : null;
    }

    /// <summary>The error naming the first mandatory field a new record lacks, or null when it has them all.</summary>
    public static ZohoStatus? MissingMandatory(ModuleDefinition module, IReadOnlyDictionary<FieldDefinition, object?> values)
    {
        foreach (var field in module.Fields)
        {
            if (field.SystemMandatory && (!values.TryGetValue(field, out var v) || v is null or ""))
            {
                return ZohoErrors.MandatoryFieldMissing(field.ApiName);
            }
        }
        return null;
    }

    /// <summary>
    /// Checks every record of a request: its values against the field metadata, then
    /// <paramref name="alsoCheck"/>, then its owner and lookups against the users and records that
    /// exist. <c>Outcomes[i]</c> holds each refused record's error; <c>Valid</c> lists the others.
    /// </summary>
    public static async Task<(ZohoStatus?[] Outcomes, List<(int Index, Dictionary<FieldDefinition, object?> Values)> Valid)> ValidateAsync(
        ModuleDefinition module, IReadOnlyList<JsonElement> records, bool requireMandatory, Func<JsonElement, int, ZohoStatus?>? alsoCheck,
        IUserStore users, IRecordStore store, CancellationToken ct)
    {
        var outcomes = new ZohoStatus?[records.Count];
        var valid = new List<(int Index, Dictionary<FieldDefinition, object?> Values)>();
        for (var i = 0; i < records.Count; i++)
        {
            var error = TryParse(module, records[i], i, requireMandatory, out var values) ?? alsoCheck?.Invoke(records[i], i);
            if (error is null) valid.Add((i, values));
            else outcomes[i] = error;
        }
        foreach (var (index, error) in await CheckReferencesAsync(module, valid, users, store, ct)) outcomes[index] = error;
        valid.RemoveAll(v => outcomes[v.Index] is not null);
        return (outcomes, valid);
    }

    /// <summary>
    /// Checks that owner and lookup values point at users and records that exist, one query each
    /// for the whole request. Returns the index of every record with a dangling reference.
    /// </summary>
    private static async Task<Dictionary<int, ZohoStatus>> CheckReferencesAsync(ModuleDefinition module,
        IReadOnlyList<(int Index, Dictionary<FieldDefinition, object?> Values)> records,
        IUserStore users, IRecordStore store, CancellationToken ct)
    {
        var problems = new Dictionary<int, ZohoStatus>();
        var userIds = Referenced(records, f => f.IsUserReference);
        var knownUsers = userIds.Count == 0 ? new HashSet<long>() : await users.ExistingIdsAsync(userIds, ct);
        var lookupFields = module.Fields.Where(f => f.Type == FieldType.Lookup).ToArray();
        var knownRecords = new Dictionary<FieldDefinition, IReadOnlySet<long>>();
        foreach (var field in lookupFields)
        {
            var ids = Referenced(records, f => f == field);
            if (ids.Count > 0 && field.LookupTarget is { } target)
            {
                knownRecords[field] = await store.ExistingIdsAsync(target, ids, ct);
            }
        }
        foreach (var (index, values) in records)
        {
            foreach (var (field, value) in values)
            {
                if (!field.IsReference || value is not long id) continue;
                var known = field.IsUserReference ? knownUsers.Contains(id)
                    : knownRecords.TryGetValue(field, out var set) && set.Contains(id);
                if (!known)
                {
                    problems[index] = ZohoErrors.InvalidReference(field, index);
                    break;
                }
            }
        }
        return problems;
    }

    private static HashSet<long> Referenced(IEnumerable<(int Index, Dictionary<FieldDefinition, object?> Values)> records,
        Func<FieldDefinition, bool> which) =>
        [.. records.SelectMany(r => r.Values).Where(v => which(v.Key) && v.Value is long).Select(v => (long)v.Value!)];
}

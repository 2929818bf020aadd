using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;

namespace OpenLeads.Client;

public sealed partial class ZohoCrmClient
{
    /// <summary>
    /// The calls of one module, its records as <see cref="ZohoRecord"/>: <c>crm.Module("Deals")</c>.
    /// Any module the org has works the same; nothing is sent until a call is made.
    /// </summary>
    /// <param name="module">The module's API name, e.g. <c>Deals</c> (see <see cref="GetModulesAsync"/>).</param>
    public ZohoModuleClient Module(string module)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(module);
        return new ZohoModuleClient(this, module);
    }
}

/// <summary>The records, fields and mass updates of one module, from <see cref="ZohoCrmClient.Module"/>.</summary>
public sealed class ZohoModuleClient
{
    private readonly ZohoCrmClient _client;

    internal ZohoModuleClient(ZohoCrmClient client, string module) => (_client, Name) = (client, module);

    /// <summary>The module's API name.</summary>
    public string Name { get; }

    /// <summary>One record, or null when there is none with that id.</summary>
    public async Task<ZohoRecord?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        await _client.GetRecordAsync(Name, id, cancellationToken).ConfigureAwait(false) is { } json ? new ZohoRecord(json) : null;

    /// <summary>Every record (or those of custom view <paramref name="cvid"/>), page after page.</summary>
    public async IAsyncEnumerable<ZohoRecord> ListAsync(string? cvid = null, int perPage = 200,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var json in _client.ListRecordsAsync(Name, cvid, perPage, cancellationToken).ConfigureAwait(false)) yield return new ZohoRecord(json);
    }

    /// <summary>Every record matching Zoho search <paramref name="criteria"/>, e.g. <c>(Stage:equals:Closed Won)</c>.</summary>
    public async IAsyncEnumerable<ZohoRecord> SearchAsync(string criteria, int perPage = 200,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var json in _client.SearchRecordsAsync(Name, criteria, perPage, cancellationToken).ConfigureAwait(false)) yield return new ZohoRecord(json);
    }

    /// <summary>Inserts records, 100 per call; one outcome per record, in order (a new record's id is in its <c>Details["id"]</c>).</summary>
    public Task<IReadOnlyList<RecordOutcome>> InsertAsync(IEnumerable<ZohoRecord> records, CancellationToken cancellationToken = default) =>
        _client.InsertRecordsAsync(Name, records.Select(r => r.Json), cancellationToken);

    /// <summary>Inserts one record; its outcome holds the new id in <c>Details["id"]</c>, or why it was refused.</summary>
    public async Task<RecordOutcome> InsertAsync(ZohoRecord record, CancellationToken cancellationToken = default) =>
        (await InsertAsync([record], cancellationToken).ConfigureAwait(false))[0];

    /// <summary>Updates records, each with its id and the fields to set, 100 per call; one outcome per record, in order.</summary>
    public Task<IReadOnlyList<RecordOutcome>> UpdateAsync(IEnumerable<ZohoRecord> records, CancellationToken cancellationToken = default) =>
        _client.UpdateRecordsAsync(Name, records.Select(r => r.Json), cancellationToken);

    /// <summary>Deletes records, 100 per call; one outcome per id, in order.</summary>
    public Task<IReadOnlyList<RecordOutcome>> DeleteAsync(IEnumerable<string> ids, CancellationToken cancellationToken = default) =>
        _client.DeleteRecordsAsync(Name, ids, cancellationToken);

    /// <summary>Sets <paramref name="fields"/> (as many as the module takes in one mass update) on every record of <paramref name="ids"/>, 500 per call.</summary>
    public Task<MassUpdateResult> MassUpdateAsync(IReadOnlyDictionary<string, JsonNode?> fields, IEnumerable<string> ids, bool? overWrite = null,
        IProgress<int>? progress = null, CancellationToken cancellationToken = default) =>
        _client.MassUpdateAsync(Name, fields, ids, overWrite, progress, cancellationToken);

    /// <summary>The module's fields, typed (a lookup's target in <see cref="ZohoField.LookupModule"/>).</summary>
    public Task<IReadOnlyList<ZohoField>> GetFieldsAsync(CancellationToken cancellationToken = default) =>
        _client.GetFieldDefinitionsAsync(Name, cancellationToken);

    /// <summary>The record a lookup of <paramref name="record"/> points at, read from the lookup field's module; null when the field is empty.</summary>
    /// <param name="record">A record of this module.</param>
    /// <param name="field">A lookup field of this module, e.g. a Deal's <c>Account_Name</c>.</param>
    /// <param name="cancellationToken">Stops the calls.</param>
    public async Task<ZohoRecord?> FollowAsync(ZohoRecord record, string field, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.GetLookup(field) is not { } lookup) return null;
        var fields = await GetFieldsAsync(cancellationToken).ConfigureAwait(false);
        var target = fields.FirstOrDefault(f => f.ApiName == field)?.LookupModule
            ?? throw new ArgumentException($"{field} is not a lookup field of {Name}.", nameof(field));
        return await _client.Module(target).GetAsync(lookup.Id, cancellationToken).ConfigureAwait(false);
    }
}

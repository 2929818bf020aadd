using OpenLeads.Server.Metadata;

namespace OpenLeads.Server.Storage;

/// <summary>
/// The storage contract. Every database OpenLeads runs on implements all of it, and
/// the shared contract tests (tests/…/Storage) run against each implementation.
/// Every write is one transaction with a bounded number of statements, whatever the record count.
/// </summary>
public interface IRecordStore
{
    /// <summary>Inserts records (ids allocated by the store) and returns their ids in input order.</summary>
    Task<IReadOnlyList<long>> InsertAsync(ModuleDefinition module, IEnumerable<RecordValues> records, WriteContext context, CancellationToken ct);

    Task<StoredRecord?> GetAsync(ModuleDefinition module, long id, CancellationToken ct);

    Task<RecordPage> ListAsync(ModuleDefinition module, RecordQuery query, CancellationToken ct);

    /// <summary>How many records of the module match <paramref name="where"/> (all of them when null).</summary>
    Task<long> CountAsync(ModuleDefinition module, Search.Criteria? where, CancellationToken ct);

    /// <summary>Ids among <paramref name="ids"/> that exist in <paramref name="module"/>.</summary>
    Task<IReadOnlySet<long>> ExistingIdsAsync(ModuleDefinition module, IReadOnlyCollection<long> ids, CancellationToken ct);

    /// <summary>Updates records that are approved and unlocked; one result per distinct id, audited.</summary>
    Task<IReadOnlyList<RecordWriteResult>> UpdateAsync(ModuleDefinition module, IReadOnlyList<RecordChange> changes, WriteContext context, CancellationToken ct);

    /// <summary>
    /// Inserts or updates each record in one transaction: one lookup of the existing records that share a value of
    /// <paramref name="checkFields"/> (the first field in order that matches wins), then the inserts and the updates
    /// set-based, each by the same rules as <see cref="InsertAsync"/> and <see cref="UpdateAsync"/>. One result per record, in order.
    /// </summary>
    Task<IReadOnlyList<UpsertResult>> UpsertAsync(ModuleDefinition module, IReadOnlyList<FieldDefinition> checkFields, IReadOnlyList<UpsertRecord> records,
        WriteContext context, CancellationToken ct);

    /// <summary>
    /// Converts a record in one transaction: claims it (a converted record is left alone), finds or inserts the account,
    /// inserts the contact and the deal, and keeps the conversion on the record as its <c>$converted_detail</c>.
    /// </summary>
    Task<ConversionResult> ConvertAsync(ConversionPlan plan, WriteContext context, CancellationToken ct);

    /// <summary>Deletes the records that exist and returns their ids.</summary>
    Task<IReadOnlySet<long>> DeleteAsync(ModuleDefinition module, IReadOnlyCollection<long> ids, CancellationToken ct);

    /// <summary>Sets the command's fields (one, or up to three in Deals) on the records that are approved and unlocked; one result per distinct id, audited.</summary>
    Task<IReadOnlyList<RecordWriteResult>> MassUpdateAsync(ModuleDefinition module, MassUpdateCommand command, WriteContext context, CancellationToken ct);

    /// <summary>
    /// A mass update by ids that is an operation of its own (<c>X-OpenLeads-Operation-Id</c>): its id is taken from the
    /// objects sequence in the same transaction, and its row, audit rows and skipped records carry it. A call that finds
    /// none of its records is no operation and changes nothing at all (its OperationId is null).
    /// </summary>
    Task<(IReadOnlyList<RecordWriteResult> Results, long? OperationId)> MassUpdateOperationAsync(ModuleDefinition module, MassUpdateCommand command,
        WriteContext context, CancellationToken ct);

    /// <summary>The audit rows of one record, oldest first.</summary>
    Task<IReadOnlyList<AuditEntry>> AuditAsync(ModuleDefinition module, long recordId, CancellationToken ct);
}

public interface IUserStore
{
    Task<IReadOnlyList<UserRow>> ListAsync(CancellationToken ct);

    Task<IReadOnlySet<long>> ExistingIdsAsync(IReadOnlyCollection<long> ids, CancellationToken ct);
}

public interface ITokenStore
{
    Task SaveAsync(TokenRow token, CancellationToken ct);

    Task<TokenGrant?> FindAsync(string hash, CancellationToken ct);

    /// <summary>Removes tokens with this label (the generated development token of an earlier start).</summary>
    Task RemoveByLabelAsync(string label, CancellationToken ct);

    Task SaveClientAsync(OAuthClientRow client, CancellationToken ct);

    Task<OAuthClientRow?> FindClientAsync(string clientId, CancellationToken ct);
}

/// <summary>What the control API and start-up need beyond the Zoho surface.</summary>
public interface IAdminStore
{
    /// <summary>
    /// Applies pending schema migrations and brings the org's tables and rows up to date, safe when several
    /// processes start at once; the catalogue then serves the org with the fields API's changes.
    /// </summary>
    Task MigrateAsync(CancellationToken ct);

    /// <summary>Removes records, audit rows and jobs; keeps metadata, users, tokens, views and territories.</summary>
    Task ResetAsync(CancellationToken ct);

    /// <summary>Sets a record's approval and lock state; false when no such record exists.</summary>
    Task<bool> SetStateAsync(ModuleDefinition module, long id, RecordState state, CancellationToken ct);

    /// <summary>Puts a record in a territory (or none); false when no such record exists.</summary>
    Task<bool> SetTerritoryAsync(ModuleDefinition module, long id, long? territoryId, CancellationToken ct);

    Task<string?> GetSettingAsync(string key, CancellationToken ct);

    Task SetSettingAsync(string key, string value, CancellationToken ct);

    Task<long> CountAsync(ModuleDefinition module, CancellationToken ct);

    /// <summary>Throws when the database cannot be reached (the health check).</summary>
    Task PingAsync(CancellationToken ct);
}

/// <summary>The fields API's changes to the org's fields, each one transaction with its column.</summary>
public interface IMetadataStore
{
    /// <summary>Every field created, changed or deleted through the API, oldest first, and the version they make.</summary>
    Task<(IReadOnlyList<FieldChange> Changes, long Version)> ChangesAsync(CancellationToken ct);

    /// <summary>
    /// Gives new fields their ids, keeps them and adds their columns (<paramref name="define"/> reads a field's object as
    /// the org does); answers the new version and the ids, in order.
    /// </summary>
    Task<(long Version, IReadOnlyList<long> Ids)> CreateFieldsAsync(ModuleDefinition module, IReadOnlyList<System.Text.Json.Nodes.JsonObject> fields,
        Func<System.Text.Json.Nodes.JsonObject, FieldDefinition> define, CancellationToken ct);

    /// <summary>Keeps a field's changed object (label, length, picklist: no column changes); answers the new version.</summary>
    Task<long> ChangeFieldAsync(ModuleDefinition module, FieldDefinition field, CancellationToken ct);

    /// <summary>Removes a field and its column (and so its values); answers the new version.</summary>
    Task<long> DeleteFieldAsync(ModuleDefinition module, FieldDefinition field, CancellationToken ct);
}

/// <summary>Custom views and the territory tree.</summary>
public interface IViewStore
{
    Task<IReadOnlyList<CustomView>> ListAsync(ModuleDefinition module, CancellationToken ct);

    Task<CustomView?> GetAsync(ModuleDefinition module, long id, CancellationToken ct);

    Task<long> CreateAsync(ModuleDefinition module, string name, string? criteria, WriteContext context, CancellationToken ct);

    Task<IReadOnlyList<Territory>> TerritoriesAsync(CancellationToken ct);
}

/// <summary>
/// Scheduled mass updates. The set of records is fixed when a job is scheduled, so its counts are
/// exact; each batch updates its records, writes their audit rows and advances the checkpoint in
/// one transaction, under a lease, so a job survives a crash and never runs a batch twice.
/// </summary>
public interface IJobStore
{
    Task<ScheduleResult> ScheduleAsync(JobSpec spec, CancellationToken ct);

    /// <summary>The job of that id (in <paramref name="module"/>, when given: a job status call names its module).</summary>
    Task<JobStatus?> GetAsync(ModuleDefinition? module, long jobId, CancellationToken ct);

    /// <summary>Takes the lease of the oldest runnable job (or of <paramref name="jobId"/>): scheduled, or running with an expired lease.</summary>
    Task<ClaimedJob?> ClaimAsync(string owner, TimeSpan lease, long? jobId, DateTimeOffset now, CancellationToken ct);

    /// <summary>Runs the next batch of a claimed job, if the lease is still this owner's.</summary>
    Task<BatchResult> RunBatchAsync(ClaimedJob job, TimeSpan lease, DateTimeOffset now, CancellationToken ct);

    /// <summary>Marks a job failed (its definition cannot run, or its batches keep failing).</summary>
    Task FailAsync(long jobId, string reason, DateTimeOffset now, CancellationToken ct);
}

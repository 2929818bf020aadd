using OpenLeads.Server.Metadata;

namespace OpenLeads.Server.Storage;

/// <summary>A user as records refer to it: <c>{"name","id"}</c> (and e-mail for the owner).</summary>
public sealed record UserRef(long Id, string Name, string? Email = null);

/// <summary>A user row, as <c>GET /crm/v2/users</c> lists it.</summary>
public sealed record UserRow(
    long Id, string FirstName, string LastName, string Email, string RoleName, long RoleId,
    string ProfileName, long ProfileId, string Status, DateTimeOffset CreatedTime)
{
    public string FullName => $"{FirstName} {LastName}";
    public UserRef Ref => new(Id, FullName, Email);
}

/// <summary>A reference to a record of a lookup's module, rendered <c>{"name","id"}</c>.</summary>
public sealed record LookupRef(long Id, string? Name);

public enum Approval { Approved, Pending, InReview }

/// <summary>Approval and lock state of a record; only the control API changes it.</summary>
public sealed record RecordState(Approval Approval, string? LockAction)
{
    /// <summary>A converted record's <c>$converted_detail</c> (Zoho JSON text, written by the conversion); null when not converted.</summary>
    public string? ConvertedDetail { get; init; }

    public bool Converted => ConvertedDetail is not null;
}

/// <summary>
/// A record as read back: values of <see cref="ModuleDefinition.StoredFields"/> in that order.
/// Owner lookups hold <see cref="UserRef"/>, lookups <see cref="LookupRef"/>.
/// </summary>
public sealed record StoredRecord(long Id, object?[] Values, RecordState State)
{
    public object? this[ModuleDefinition module, string apiName] => Values[module.StoredIndex[apiName]];
}

/// <summary>Who writes, when, and under which request: stamped on records and on audit rows.</summary>
public sealed record WriteContext(UserRef User, DateTimeOffset Now, string RequestId, string Source, long? JobId = null, long? OperationId = null)
{
    /// <summary>The operation its audit rows carry: an ids call's own, else the job's (a job is its own operation).</summary>
    public long? Operation => OperationId ?? JobId;
}

/// <summary>Values for some writable fields of one record (a missing field is left alone), and its territory.</summary>
public sealed record RecordValues(IReadOnlyDictionary<FieldDefinition, object?> Values, long? TerritoryId = null);

public sealed record RecordChange(long Id, IReadOnlyDictionary<FieldDefinition, object?> Values);

/// <summary>The system fields Zoho echoes in a SUCCESS answer.</summary>
public sealed record RecordStamp(long Id, DateTimeOffset CreatedTime, UserRef CreatedBy, DateTimeOffset ModifiedTime, UserRef ModifiedBy);

public enum WriteOutcome { Written, NotFound, Locked, NotApproved, InReview, Converted }

/// <summary>What became of one record of a write; <see cref="Stamp"/> is set when it was written.</summary>
public sealed record RecordWriteResult(long Id, WriteOutcome Outcome, RecordStamp? Stamp = null, string? LockAction = null);

/// <summary>One field and the value a mass update sets it to.</summary>
public sealed record FieldAssignment(FieldDefinition Field, object? Value);

/// <summary>
/// Set each field to its value on many records (multi-select: replace or add). One field, but some modules
/// take more in one call (<see cref="ModuleDefinition.MaxMassUpdateFields"/>: three in Deals).
/// </summary>
public sealed record MassUpdateCommand(IReadOnlyList<FieldAssignment> Values, bool OverWrite, IReadOnlyList<long> Ids)
{
    public MassUpdateCommand(FieldDefinition Field, object? Value, bool OverWrite, IReadOnlyList<long> Ids)
        : this([new FieldAssignment(Field, Value)], OverWrite, Ids)
    {
    }
}

/// <summary>A page of records: optionally only <see cref="Ids"/>, only those matching <see cref="Where"/>.</summary>
public sealed record RecordQuery(int Page, int PerPage, FieldDefinition? SortBy, bool Descending, IReadOnlyList<long>? Ids = null,
    Search.Criteria? Where = null)
{
    /// <summary>Where the page starts: a v8 <c>page_token</c>'s offset, else the page's.</summary>
    public long? Offset { get; init; }

    /// <summary>
    /// The last id of the page before (a v8 <c>page_token</c>'s), for a list in id order: the page starts past it, found in
    /// the id index; a list in another order counts to <see cref="Skip"/>.
    /// </summary>
    public long? AfterId { get; init; }

    public long Skip => Offset ?? (long)(Page - 1) * PerPage;

    /// <summary>The id the page starts past, when the list is in id order and was given one.</summary>
    public long? StartsAfter => SortBy is null ? AfterId : null;
}

public sealed record RecordPage(IReadOnlyList<StoredRecord> Records, bool MoreRecords);

/// <summary>A bearer token as stored: only its SHA-256 hash is kept.</summary>
public sealed record TokenRow(string Hash, long UserId, IReadOnlyList<string> Scopes, DateTimeOffset? ExpiresAt, string Label);

/// <summary>
/// An OAuth client registered through the control API: its secret and its one refresh token are kept
/// only as SHA-256 hashes; the access tokens it is granted act for <see cref="UserId"/> with <see cref="Scopes"/>.
/// </summary>
public sealed record OAuthClientRow(string ClientId, string SecretHash, string RefreshTokenHash, long UserId, IReadOnlyList<string> Scopes);

/// <summary>
/// A token found by its hash, with the user it acts for, and the org's fields version (<see cref="MetadataStore"/>),
/// read in the same statement so that a request sees a field another instance has just made; likewise the faults version
/// (<see cref="Faults.FaultBook"/>), so that a request learns of a fault another instance was given without a statement of its own.
/// </summary>
public sealed record TokenGrant(UserRef User, IReadOnlyList<string> Scopes, DateTimeOffset? ExpiresAt, long FieldsVersion = 0, long FaultsVersion = 0,
    long NotificationsVersion = 0);

/// <summary>One field change of one record, as the audit log keeps it (values as Zoho JSON text).</summary>
public sealed record AuditEntry(
    long Id, long RecordId, string Field, string? OldValue, string? NewValue, UserRef User,
    DateTimeOffset ChangedAt, string RequestId, string Source, long? JobId);

/// <summary>A custom view: a name and the criteria that select its records (none: every record).</summary>
public sealed record CustomView(long Id, string Module, string Name, string? Criteria, string? SystemName, UserRef CreatedBy,
    DateTimeOffset CreatedTime, DateTimeOffset ModifiedTime);

/// <summary>A node of the territory tree.</summary>
public sealed record Territory(long Id, string Name, long? ParentId, string? Description);

public enum JobState { Scheduled, Running, Completed, Failed }

/// <summary>
/// What a scheduled mass update is asked to do: the view's records (in a territory), the fields and
/// their values. The records are split into batches of <see cref="BatchSize"/> when the job is scheduled.
/// </summary>
public sealed record JobSpec(
    ModuleDefinition Module, long Cvid, Search.Criteria? Where, long? TerritoryId, IReadOnlyList<long>? TerritoryIds, bool IncludeChild,
    IReadOnlyList<FieldAssignment> Values, bool OverWrite, int MaxRecords, WriteContext Context, int BatchSize = 20_000);

public enum ScheduleOutcome { Scheduled, AlreadyScheduled, TooManyRecords, NoRecords }

public sealed record ScheduleResult(ScheduleOutcome Outcome, long JobId = 0, long Count = 0);

/// <summary>A job's progress as Zoho reports it.</summary>
public sealed record JobStatus(long Id, string Module, long Cvid, JobState State, long Total, long Updated, long NotUpdated, long Failed,
    DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt);

/// <summary>A job this process holds the lease of, with what each batch needs; an undo job names the operation it undoes (and sets no values).</summary>
public sealed record ClaimedJob(long Id, ModuleDefinition Module, IReadOnlyList<FieldAssignment> Values, bool OverWrite, UserRef CreatedBy,
    string RequestId, string Owner, long Total, long? UndoOf = null)
{
    /// <summary>The field of a one-field job, whose batches set it all in SQL (<see cref="IJobBatchSession.ApplyJobBatchAsync"/>).</summary>
    public FieldDefinition Field => Values is [var only] ? only.Field
        : throw new InvalidOperationException($"Job {Id} sets {Values.Count} fields; its batches go through the record rules.");

    /// <summary>The value of a one-field job's <see cref="Field"/>.</summary>
    public object? Value => Values is [var only] ? only.Value
        : throw new InvalidOperationException($"Job {Id} sets {Values.Count} fields; its batches go through the record rules.");
}

/// <summary>
/// One batch of a job's fixed record set: its number, how many ids it holds, and its lowest and highest id.
/// When the ids are every integer from <see cref="First"/> to <see cref="Last"/> (records inserted together
/// get consecutive ids), SQL names them as that range instead of looking each one up, and the batch's row keeps no
/// list of them (<see cref="Stored"/>).
/// </summary>
public sealed record JobBatch(int Number, int Size, long First, long Last)
{
    public bool IsRun => Last - First + 1 == Size;

    /// <summary>The ids of a run, from its range.</summary>
    public List<long> RunIds() => [.. Enumerable.Range(0, Size).Select(i => First + i)];

    /// <summary>
    /// The ids a batch's row keeps, of a batch's ids in order: none for a run (its range says them; 1,000,000 ids
    /// kept as text cost a job's scheduling a third of a second on SQLite), else every one.
    /// </summary>
    public static long[] Stored(long[] ordered) => ordered.Length > 0 && ordered[^1] - ordered[0] + 1 == ordered.Length ? [] : ordered;
}

/// <summary>
/// Whether a set of distinct ids is every integer from its lowest to its highest (records inserted together get
/// consecutive ids, and users select them so): SQL then names them as that range, one index descent, instead of
/// looking each one up.
/// </summary>
public static class IdRun
{
    public static bool TryGet(IReadOnlyCollection<long> distinctIds, out long first, out long last)
    {
        (first, last) = (long.MaxValue, long.MinValue);
        foreach (var id in distinctIds)
        {
            if (id < first) first = id;
            if (id > last) last = id;
        }
        return distinctIds.Count > 0 && last - first + 1 == distinctIds.Count;
    }
}

/// <summary>What one job batch did: whether the job is done (or its lease lost), its checkpoint, the records it went through and changed.</summary>
public sealed record BatchResult(bool Done, bool LeaseLost, long Checkpoint, long Records = 0, long Updated = 0);

/// <summary>One record of an upsert: its values, and whether it may be inserted (it has every mandatory value).</summary>
public sealed record UpsertRecord(IReadOnlyDictionary<FieldDefinition, object?> Values, bool Insertable);

public enum UpsertAction { Insert, Update, NotInsertable }

/// <summary>
/// What became of one record of an upsert: inserted (<see cref="Id"/>), or the update of the record found by
/// <see cref="DuplicateField"/> (<see cref="Update"/>), or neither found nor insertable.
/// </summary>
public sealed record UpsertResult(UpsertAction Action, long Id = 0, RecordWriteResult? Update = null, FieldDefinition? DuplicateField = null);

/// <summary>One record a conversion makes or uses: an existing one (<see cref="ExistingId"/>), else these values (found first by <see cref="MatchFields"/>).</summary>
public sealed record ConversionPart(ModuleDefinition Module, long? ExistingId, Dictionary<FieldDefinition, object?> Values, IReadOnlyList<FieldDefinition> MatchFields);

/// <summary>
/// A record's conversion: the account (none without a company), the contact, the optional deal, and the lookups that
/// join them (a contact's account, a deal's account and contact).
/// </summary>
public sealed record ConversionPlan(ModuleDefinition Source, long SourceId, ConversionPart? Account, ConversionPart Contact, ConversionPart? Deal,
    FieldDefinition? ContactToAccount, FieldDefinition? DealToAccount, FieldDefinition? DealToContact);

/// <summary>The records a conversion made or used; <see cref="Converted"/> false when the record was already converted (nothing changed).</summary>
public sealed record ConversionResult(bool Converted, long ContactId = 0, long? AccountId = null, long? DealId = null);

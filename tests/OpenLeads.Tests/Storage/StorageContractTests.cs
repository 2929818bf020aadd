using OpenLeads.Server.Auth;
using OpenLeads.Server.Metadata;
using OpenLeads.Server.Storage;

namespace OpenLeads.Tests.Storage;

/// <summary>The stores one provider gives, over one fresh database.</summary>

/// <summary>
/// The storage contract, written once. Each provider's test class derives from this and says how
/// to open a fresh database and how to make its audit writes fail (to prove atomicity).
/// </summary>
public abstract class StorageContractTests : IAsyncLifetime
{
    private static readonly ModuleDefinition Leads = OrgFolder.Demo.Module("Leads");
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 9, 30, 0, TimeSpan.Zero);

    protected StoreSet Stores { get; private set; } = null!;

    protected abstract Task<StoreSet> OpenFreshAsync();

    /// <summary>Makes every later audit insert fail, as a crash between the update and its audit would.</summary>
    protected abstract Task BreakAuditWritesAsync();

    public async Task InitializeAsync()
    {
        Stores = await OpenFreshAsync();
        await Stores.Admin.MigrateAsync(CancellationToken.None);
    }

    public virtual Task DisposeAsync() => Task.CompletedTask;

    private static WriteContext Context(string source = "test") => new(OrgFolder.Demo.Administrator.Ref, Now, "req-1", source);

    private static RecordValues Lead(string lastName, params (string Field, object? Value)[] values) =>
        new(new Dictionary<FieldDefinition, object?>(values.Select(v => KeyValuePair.Create(Leads.Field(v.Field), v.Value)))
        {
            [Leads.Field("Last_Name")] = lastName,
        });

    private async Task<long[]> InsertAsync(params RecordValues[] records) =>
        [.. await Stores.Records.InsertAsync(Leads, records, Context(), CancellationToken.None)];

    [Fact]
    public async Task Migrate_RunTwice_IsANoOp()
    {
        await Stores.Admin.MigrateAsync(CancellationToken.None);

        Assert.Equal(OrgFolder.Demo.Users.Count, (await Stores.Users.ListAsync(CancellationToken.None)).Count);
    }

    [Fact]
    public async Task Insert_AllocatesDistinctIdsInInputOrder_FromTheOrganisationsRange()
    {
        var first = await InsertAsync(Lead("A"), Lead("B"));
        var second = await InsertAsync(Lead("C"));

        Assert.Equal([DemoOrganisation.FirstRecordId, DemoOrganisation.FirstRecordId + 1], first);
        Assert.Equal(DemoOrganisation.FirstRecordId + 2, second[0]);
        Assert.Equal("B", (await Stores.Records.GetAsync(Leads, first[1], CancellationToken.None))![Leads, "Last_Name"]);
    }

    [Fact]
    public async Task Insert_ThenGet_RoundTripsEveryStoredType()
    {
        var referrer = (await InsertAsync(Lead("Referrer", ("First_Name", "Ada"))))[0];
        var followUp = new DateOnly(2027, 1, 15);
        var contacted = new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.FromHours(5));
        var id = (await InsertAsync(Lead("Okafor",
            ("First_Name", "Amara"), ("No_of_Employees", 250L), ("Annual_Revenue", 1250000.5), ("Email_Opt_Out", true),
            ("Rating", "Active"), ("Products_of_Interest", new[] { "CRM", "Desk" }), ("Next_Follow_Up", followUp),
            ("Last_Contacted", contacted), ("Conversion_Probability", 12.25), ("Owner", 738964000000291017L),
            ("Referred_By", referrer))))[0];

        var record = (await Stores.Records.GetAsync(Leads, id, CancellationToken.None))!;

        Assert.Equal("Amara Okafor", record[Leads, "Full_Name"]);
        Assert.Equal(250L, record[Leads, "No_of_Employees"]);
        Assert.Equal(1250000.5, record[Leads, "Annual_Revenue"]);
        Assert.Equal(true, record[Leads, "Email_Opt_Out"]);
        Assert.Equal("Active", record[Leads, "Rating"]);
        Assert.Equal(new[] { "CRM", "Desk" }, record[Leads, "Products_of_Interest"]);
        Assert.Equal(followUp, record[Leads, "Next_Follow_Up"]);
        Assert.Equal(contacted, record[Leads, "Last_Contacted"]);
        Assert.Equal(12.25, record[Leads, "Conversion_Probability"]);
        Assert.Equal(new UserRef(738964000000291017, "Kai Tanaka", "kai.tanaka@zylker.example"), record[Leads, "Owner"]);
        Assert.Equal(new LookupRef(referrer, "Ada Referrer"), record[Leads, "Referred_By"]);
        Assert.Equal(Now, record[Leads, "Created_Time"]);
        Assert.Equal(OrgFolder.Demo.Administrator.Ref, record[Leads, "Created_By"]);
        Assert.Equal(new RecordState(Approval.Approved, null), record.State);
    }

    [Fact]
    public async Task Insert_WhenOneRowViolatesTheSchema_InsertsNone()
    {
        var bad = new RecordValues(new Dictionary<FieldDefinition, object?> { [Leads.Field("Last_Name")] = null });

        await Assert.ThrowsAnyAsync<Exception>(() => InsertAsync(Lead("Kept?"), bad));

        Assert.Equal(0, await Stores.Admin.CountAsync(Leads, CancellationToken.None));
    }

    [Fact]
    public async Task List_PagesAndSorts_AndSaysWhetherMoreRecordsFollow()
    {
        var ids = await InsertAsync(Lead("C"), Lead("A"), Lead("B"));

        var first = await Stores.Records.ListAsync(Leads, new RecordQuery(1, 2, Leads.Field("Last_Name"), Descending: false), CancellationToken.None);
        var second = await Stores.Records.ListAsync(Leads, new RecordQuery(2, 2, Leads.Field("Last_Name"), Descending: false), CancellationToken.None);
        var byId = await Stores.Records.ListAsync(Leads, new RecordQuery(1, 200, null, Descending: true, Ids: [ids[0], ids[2]]), CancellationToken.None);

        Assert.Equal(["A", "B"], first.Records.Select(r => r[Leads, "Last_Name"]));
        Assert.True(first.MoreRecords);
        Assert.Equal(["C"], second.Records.Select(r => r[Leads, "Last_Name"]));
        Assert.False(second.MoreRecords);
        Assert.Equal([ids[2], ids[0]], byId.Records.Select(r => r.Id));
    }

    [Fact]
    public async Task MassUpdate_WritesApprovedUnlockedRecordsOnly_EachWithOneAuditRow()
    {
        var ids = await InsertAsync(Lead("A", ("No_of_Employees", 5L)), Lead("B"), Lead("C"), Lead("D"));
        await Stores.Admin.SetStateAsync(Leads, ids[1], new RecordState(Approval.Pending, null), CancellationToken.None);
        await Stores.Admin.SetStateAsync(Leads, ids[2], new RecordState(Approval.Approved, "record_locking"), CancellationToken.None);
        await Stores.Admin.SetStateAsync(Leads, ids[3], new RecordState(Approval.InReview, null), CancellationToken.None);
        var later = Context("mass_update") with { Now = Now.AddHours(1), User = OrgFolder.Demo.Users[2].Ref };

        var results = await Stores.Records.MassUpdateAsync(Leads,
            new MassUpdateCommand(Leads.Field("No_of_Employees"), 900L, OverWrite: false, [.. ids, 1]), later, CancellationToken.None);

        Assert.Equal([WriteOutcome.Written, WriteOutcome.NotApproved, WriteOutcome.Locked, WriteOutcome.InReview, WriteOutcome.NotFound],
            results.Select(r => r.Outcome));
        Assert.Equal("record_locking", results[2].LockAction);
        Assert.Equal(new RecordStamp(ids[0], Now, OrgFolder.Demo.Administrator.Ref, later.Now, later.User), results[0].Stamp);
        var updated = (await Stores.Records.GetAsync(Leads, ids[0], CancellationToken.None))!;
        Assert.Equal(900L, updated[Leads, "No_of_Employees"]);
        Assert.Equal(later.Now, updated[Leads, "Modified_Time"]);
        var audit = Assert.Single(await Stores.Records.AuditAsync(Leads, ids[0], CancellationToken.None));
        Assert.Equal(("No_of_Employees", "5", "900", later.User.Id, "mass_update", "req-1"),
            (audit.Field, audit.OldValue, audit.NewValue, audit.User.Id, audit.Source, audit.RequestId));
        foreach (var refused in ids[1..])
        {
            Assert.Empty(await Stores.Records.AuditAsync(Leads, refused, CancellationToken.None));
            Assert.Equal(Now, (await Stores.Records.GetAsync(Leads, refused, CancellationToken.None))![Leads, "Modified_Time"]);
        }
    }

    [Fact]
    public async Task MassUpdate_OfAMultiSelect_AddsUnlessOverWrite()
    {
        var field = Leads.Field("Products_of_Interest");
        var ids = await InsertAsync(Lead("A", ("Products_of_Interest", new[] { "CRM" })), Lead("B"));

        await Stores.Records.MassUpdateAsync(Leads, new MassUpdateCommand(field, new[] { "Desk", "CRM" }, false, ids), Context(), CancellationToken.None);
        var added = await Stores.Records.GetAsync(Leads, ids[0], CancellationToken.None);
        var addedToEmpty = await Stores.Records.GetAsync(Leads, ids[1], CancellationToken.None);
        await Stores.Records.MassUpdateAsync(Leads, new MassUpdateCommand(field, new[] { "Books" }, true, ids), Context(), CancellationToken.None);
        var replaced = await Stores.Records.GetAsync(Leads, ids[0], CancellationToken.None);

        Assert.Equal(new[] { "CRM", "Desk" }, added![Leads, "Products_of_Interest"]);
        Assert.Equal(new[] { "Desk", "CRM" }, addedToEmpty![Leads, "Products_of_Interest"]);
        Assert.Equal(new[] { "Books" }, replaced![Leads, "Products_of_Interest"]);
    }

    [Fact]
    public async Task MassUpdate_WhenTheAuditWriteFails_LeavesEveryRecordAsItWas()
    {
        var ids = await InsertAsync(Lead("A", ("No_of_Employees", 5L)), Lead("B", ("No_of_Employees", 6L)));
        await BreakAuditWritesAsync();

        await Assert.ThrowsAnyAsync<Exception>(() => Stores.Records.MassUpdateAsync(Leads,
            new MassUpdateCommand(Leads.Field("No_of_Employees"), 1L, false, ids), Context(), CancellationToken.None));

        Assert.Equal(5L, (await Stores.Records.GetAsync(Leads, ids[0], CancellationToken.None))![Leads, "No_of_Employees"]);
        Assert.Equal(6L, (await Stores.Records.GetAsync(Leads, ids[1], CancellationToken.None))![Leads, "No_of_Employees"]);
    }

    [Fact]
    public async Task Update_MergesRepeatedIds_AndLeavesUnmentionedFieldsAlone()
    {
        var id = (await InsertAsync(Lead("A", ("City", "Berlin"), ("Rating", "Active"))))[0];
        RecordChange Change(string field, object? value) => new(id, new Dictionary<FieldDefinition, object?> { [Leads.Field(field)] = value });

        var results = await Stores.Records.UpdateAsync(Leads, [Change("City", "Lyon"), Change("Rating", null), Change("City", "Osaka")],
            Context("update"), CancellationToken.None);

        Assert.Equal(WriteOutcome.Written, Assert.Single(results).Outcome);
        var record = (await Stores.Records.GetAsync(Leads, id, CancellationToken.None))!;
        Assert.Equal(("Osaka", null, "A"), (record[Leads, "City"], record[Leads, "Rating"], record[Leads, "Last_Name"]));
        Assert.Equal(2, (await Stores.Records.AuditAsync(Leads, id, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task Delete_RemovesAndReturnsOnlyRecordsThatExisted()
    {
        var ids = await InsertAsync(Lead("A"), Lead("B"));

        var deleted = await Stores.Records.DeleteAsync(Leads, [ids[0], 42], CancellationToken.None);

        Assert.Equal([ids[0]], deleted);
        Assert.Null(await Stores.Records.GetAsync(Leads, ids[0], CancellationToken.None));
        Assert.Equal([ids[1]], await Stores.Records.ExistingIdsAsync(Leads, ids, CancellationToken.None));
    }

    [Fact]
    public async Task Reset_RemovesRecordsAndAudit_AndKeepsUsersAndTokens()
    {
        var ids = await InsertAsync(Lead("A"));
        await Stores.Records.MassUpdateAsync(Leads, new MassUpdateCommand(Leads.Field("City"), "Austin", false, ids), Context(), CancellationToken.None);
        await Stores.Tokens.SaveAsync(new TokenRow(AccessTokens.Hash("t"), OrgFolder.Demo.Administrator.Id, ["ZohoCRM.modules.ALL"], null, "x"), CancellationToken.None);

        await Stores.Admin.ResetAsync(CancellationToken.None);

        Assert.Equal(0, await Stores.Admin.CountAsync(Leads, CancellationToken.None));
        Assert.Empty(await Stores.Records.AuditAsync(Leads, ids[0], CancellationToken.None));
        Assert.Equal(OrgFolder.Demo.Users.Count, (await Stores.Users.ListAsync(CancellationToken.None)).Count);
        Assert.NotNull(await Stores.Tokens.FindAsync(AccessTokens.Hash("t"), CancellationToken.None));
    }

    [Fact]
    public async Task Tokens_AreFoundByHash_WithTheirUserScopesAndExpiry_AndRemovedByLabel()
    {
        var expiry = Now.AddHours(1);
        await Stores.Tokens.SaveAsync(new TokenRow(AccessTokens.Hash("secret"), 738964000000291025, ["A", "B"], expiry, "label"), CancellationToken.None);

        var grant = await Stores.Tokens.FindAsync(AccessTokens.Hash("secret"), CancellationToken.None);
        await Stores.Tokens.RemoveByLabelAsync("label", CancellationToken.None);

        Assert.Equal(("Amelia Burrows", expiry), (grant!.User.Name, grant.ExpiresAt));
        Assert.Equal(["A", "B"], grant.Scopes);
        Assert.Null(await Stores.Tokens.FindAsync(AccessTokens.Hash("secret"), CancellationToken.None));
        Assert.Null(await Stores.Tokens.FindAsync(AccessTokens.Hash("other"), CancellationToken.None));
    }

    [Fact]
    public async Task Settings_AreKeptAndOverwritten()
    {
        await Stores.Admin.SetSettingAsync("k", "1", CancellationToken.None);
        await Stores.Admin.SetSettingAsync("k", "2", CancellationToken.None);

        Assert.Equal("2", await Stores.Admin.GetSettingAsync("k", CancellationToken.None));
        Assert.Null(await Stores.Admin.GetSettingAsync("missing", CancellationToken.None));
    }
}

using Microsoft.Extensions.DependencyInjection;
using OpenLeads.Server.Metadata;
using OpenLeads.Server.Storage;
using OpenLeads.Tests.Infrastructure;
using OpenLeads.Tests.Jobs;
using OpenLeads.Tests.Operations;

namespace OpenLeads.Tests.Search;

/// <summary>
/// The word index stays exact under every write path: after each write, a search finds the new words and no longer the
/// old, as the scan does (<see cref="WordSearchCalls.AssertFindsAsync"/> checks both and that the index answered).
/// </summary>
public sealed class WordSearchTests : ServerTest
{
    private async Task<long[]> InsertAsync(string module, params object[] records)
    {
        var response = await Zoho.PostAsync($"/crm/v2/{module}", new { data = records });
        Assert.True(response.Code == 201, response.ToString());
        return [.. response.Data.Select(r => long.Parse(r!["details"]!["id"]!.GetValue<string>()))];
    }

    private Task FindsAsync(string word, params long[] expected) => Zoho.AssertFindsAsync(Server, "Leads", word, expected);

    [Fact]
    public async Task RecordsApi_InsertUpdateDelete_KeepTheIndexExact()
    {
        var ids = await InsertAsync("Leads", new { Last_Name = "Okafor", Company = "Zebrawood Ltd" }, new { Last_Name = "Brandt", City = "Quillby" });
        await FindsAsync("zebrawood", ids[0]);
        await FindsAsync("QUILL", ids[1]);

        Assert.Equal(200, (await Zoho.PutAsync("/crm/v2/Leads", new { data = new[] { new { id = ids[0].ToString(), Company = "Marrowfield" } } })).Code);
        await FindsAsync("zebrawood");
        await FindsAsync("marrowfield", ids[0]);
        await FindsAsync("Okafor", ids[0]);

        Assert.Equal(200, (await Zoho.DeleteAsync($"/crm/v2/Leads?ids={ids[0]}")).Code);
        await FindsAsync("marrowfield");
        await FindsAsync("quillby", ids[1]);
    }

    [Fact]
    public async Task Upsert_KeepsTheIndexExact()
    {
        var ids = await InsertAsync("Leads", new { Last_Name = "Okafor", Email = "amara@lumen.example", Company = "Lumen" });

        var response = await Zoho.PostAsync("/crm/v8/Leads/upsert", new
        {
            data = new object[] { new { Email = "amara@lumen.example", Company = "Cinderhall" }, new { Last_Name = "Haddad", Email = "omar@cedar.example" } },
        });

        Assert.True(response.Code == 200, response.ToString());
        var inserted = long.Parse(response.Data[1]!["details"]!["id"]!.GetValue<string>());
        await FindsAsync("lumen.example", ids[0]);
        await FindsAsync("cinderhall", ids[0]);
        await FindsAsync("cedar", inserted);
    }

    [Fact]
    public async Task MassUpdateByIds_OfATextField_KeepsTheIndexExact_AndOfAnotherField_LeavesTheIndexUntouched()
    {
        var ids = await InsertAsync("Leads", new { Last_Name = "Okafor", City = "Lagos" }, new { Last_Name = "Brandt", City = "Berlin" },
            new { Last_Name = "Chen", City = "Lagos" });

        Assert.Equal(200, (await Zoho.MassUpdateAsync(new { data = new[] { new { City = "Thornbury" } }, ids = new[] { ids[0].ToString(), ids[1].ToString() } })).Code);
        await FindsAsync("lagos", ids[2]);
        await FindsAsync("thornbury", ids[0], ids[1]);

        var before = await IndexStorageAsync();
        Assert.Equal(200, (await Zoho.MassUpdateAsync(new { data = new[] { new { No_of_Employees = 70 } }, ids = ids.Select(i => i.ToString()) })).Code);
        Assert.Equal(70, (await Zoho.GetLeadAsync(ids[2].ToString()))["No_of_Employees"]!.GetValue<int>());
        Assert.Equal(before, await IndexStorageAsync());
    }

    [Fact]
    public async Task MassUpdateJob_OfATextField_AndItsUndo_KeepTheIndexExact()
    {
        var ids = await InsertAsync("Leads", new { Last_Name = "Okafor", City = "Lagos" }, new { Last_Name = "Brandt", City = "Berlin" });

        var (job, _) = await Zoho.ScheduleAsync(new { data = new[] { new { City = "Fernhollow" } }, cvid = JobCalls.AllLeads });
        await Zoho.WaitUntilCompletedAsync(job);
        await FindsAsync("fernhollow", ids);
        await FindsAsync("lagos");

        await Zoho.UndoAndWaitAsync(job, "Leads");
        await FindsAsync("fernhollow");
        await FindsAsync("lagos", ids[0]);
        await FindsAsync("berlin", ids[1]);
    }

    [Fact]
    public async Task Conversion_TheRecordsItMakes_AreFound()
    {
        var lead = (await InsertAsync("Leads", new { First_Name = "Amara", Last_Name = "Okafor", Company = "Brightwater Health", Email = "amara@lumen.example" }))[0];

        var response = await Zoho.PostAsync($"/crm/v2/Leads/{lead}/actions/convert", new { data = new[] { new { overwrite = true } } });

        Assert.True(response.Code == 200, response.ToString());
        await Zoho.AssertFindsAsync(Server, "Contacts", "okafor", long.Parse(response.Data[0]!["Contacts"]!.GetValue<string>()));
        await Zoho.AssertFindsAsync(Server, "Accounts", "brightwater", long.Parse(response.Data[0]!["Accounts"]!.GetValue<string>()));
        await FindsAsync("brightwater", lead);
    }

    [Fact]
    public async Task SnapshotRestore_LeavesTheIndexExact()
    {
        var ids = await InsertAsync("Leads", new { Last_Name = "Okafor", City = "Lagos" }, new { Last_Name = "Brandt", City = "Berlin" });
        Assert.Equal(201, (await Zoho.PostAsync("/__admin/snapshots", new { name = "words" })).Code);
        Assert.Equal(200, (await Zoho.PutAsync("/crm/v2/Leads", new { data = new[] { new { id = ids[0].ToString(), City = "Ashcombe" } } })).Code);
        Assert.Equal(200, (await Zoho.DeleteAsync($"/crm/v2/Leads?ids={ids[1]}")).Code);
        var added = await InsertAsync("Leads", new { Last_Name = "Chen", City = "Ashcombe" });
        await FindsAsync("ashcombe", ids[0], added[0]);

        Assert.Equal(200, (await Zoho.PostAsync("/__admin/snapshots/words/restore", new { })).Code);

        await FindsAsync("ashcombe");
        await FindsAsync("lagos", ids[0]);
        await FindsAsync("berlin", ids[1]);
        await FindsAsync("chen");
        // The triggers are back: a write after the restore is found.
        Assert.Equal(200, (await Zoho.PutAsync("/crm/v2/Leads", new { data = new[] { new { id = ids[1].ToString(), City = "Ashcombe" } } })).Code);
        await FindsAsync("ashcombe", ids[1]);
    }

    [Fact]
    public async Task CustomTextField_CreatedAndDeleted_TheSearchAndItsIndexFollow()
    {
        var ids = await InsertAsync("Leads", new { Last_Name = "Okafor" });
        var created = await Zoho.PostAsync("/crm/v8/settings/fields?module=Leads", new { fields = new[] { new { field_label = "Region Code", data_type = "text" } } });
        Assert.True(created.Code == 201, created.ToString());
        var field = created.Body!["fields"]![0]!["details"]!["id"]!.GetValue<string>();
        Assert.Equal(200, (await Zoho.PutAsync("/crm/v2/Leads", new { data = new[] { new { id = ids[0].ToString(), Region_Code = "Wyvernmoor" } } })).Code);
        await FindsAsync("wyvernmoor", ids[0]);

        Assert.Equal(200, (await Zoho.DeleteAsync($"/crm/v8/settings/fields/{field}?module=Leads")).Code);

        await FindsAsync("wyvernmoor");
        await FindsAsync("okafor", ids[0]);
        Assert.Equal(200, (await Zoho.PutAsync("/crm/v2/Leads", new { data = new[] { new { id = ids[0].ToString(), City = "Wyvernmoor" } } })).Code);
        await FindsAsync("wyvernmoor", ids[0]);
    }

    [Fact]
    public async Task AFieldThatJoinsTheSearchWithText_FillsTheIndexAgain()
    {
        var ids = await InsertAsync("Leads", new { Last_Name = "Okafor", City = "Lagos" });
        var database = Server.Services.GetRequiredService<ISqlDatabase>();
        var leads = Server.Services.GetRequiredService<OrgCatalog>().Current.Module("Leads");
        var all = WordIndex.Columns(leads);
        // As if the org folder of an earlier start had had no City field: the index lacks its text.
        await database.WriteAsync(session => WordIndex.EnsureAsync(session, leads.Table, [.. all.Where(c => c != "City")], new HashSet<string>(),
            CancellationToken.None), CancellationToken.None);
        await database.WriteAsync(session => session.ExecuteAsync(
            $"UPDATE \"{leads.Table}\" SET \"City\" = 'Kestrelford' WHERE id = @id", CancellationToken.None, ("@id", ids[0])), CancellationToken.None);
        Assert.Empty((await WordSearchCalls.BothAsync(Server, "Leads", "kestrelford", 1, 10)).Index.Records);

        await database.WriteAsync(session => WordIndex.EnsureAsync(session, leads.Table, all, new HashSet<string>(), CancellationToken.None),
            CancellationToken.None);

        await FindsAsync("kestrelford", ids[0]);
    }

    /// <summary>What the index of Leads stores, row by row: SQLite's FTS5 blocks, PostgreSQL's side rows with their versions (xmin).</summary>
    private Task<string> IndexStorageAsync()
    {
        var index = WordIndex.Name("Leads");
        var sql = OpenLeadsServer.Provider == "postgres"
            ? $"SELECT id::text || ':' || xmin::text || ':' || words FROM \"{index}\" ORDER BY id"
            : $"SELECT id || ':' || hex(block) FROM \"{index}_data\" ORDER BY id";
        return Server.Services.GetRequiredService<ISqlDatabase>().ReadAsync(async session =>
            string.Join("\n", (await session.QueryAsync(sql, CancellationToken.None)).Select(r => (string)r[0]!)), CancellationToken.None);
    }
}

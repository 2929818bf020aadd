using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Npgsql;
using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.Hosting;

/// <summary>
/// A database made by the landed version e2c5fc7 (Leads only; Fixtures/landed-e2c5fc7, made by that
/// version itself) upgrades in place when this version starts on it: its records, ids, audit rows,
/// jobs, views, territories, tokens and OAuth clients are kept and work, and the new org's modules and
/// the fields API work on it. Runs on SQLite and PostgreSQL.
/// </summary>
public sealed class UpgradeInPlaceTests : IDisposable
{
    private const string AdminKey = "upgrade-admin-key";
    private const string Fixtures = "Fixtures/landed-e2c5fc7";

    private readonly string _directory = Directory.CreateTempSubdirectory("openleads-upgrade-").FullName;
    private string? _postgres;

    public void Dispose()
    {
        if (_postgres is not null) PostgresCluster.Instance.DropDatabase(_postgres);
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>The landed version's database, restored from its dump; answers its connection string.</summary>
    private async Task<string> RestoreAsync(string provider)
    {
        var dump = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, Fixtures, $"{provider}.sql"));
        if (provider == "postgres")
        {
            _postgres = PostgresCluster.Instance.CreateDatabaseOfItsOwn(); // the dump names its schema, public
            await using var connection = new NpgsqlConnection(_postgres);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(dump, connection);
            await command.ExecuteNonQueryAsync();
            return _postgres;
        }
        var file = $"Data Source={Path.Combine(_directory, "landed.db")}";
        await using (var connection = new SqliteConnection(file))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = dump;
            await command.ExecuteNonQueryAsync();
        }
        SqliteConnection.ClearAllPools();
        return file;
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task ADatabaseOfTheLandedVersion_UpgradesInPlace_KeepingEverything(string provider)
    {
        var made = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, Fixtures, $"{provider}.json")))!;
        var connectionString = await RestoreAsync(provider);
        string Made(string key) => made[key]!.GetValue<string>();
        var ids = made["ids"]!.AsArray().Select(i => i!.GetValue<string>()).ToArray();

        await using var server = ServerProcess.Start(_directory,
        [
            $"--OpenLeads:Storage:Provider={provider}", $"--OpenLeads:Storage:ConnectionString={connectionString}",
            "--OpenLeads:Auth:DevToken=", $"--OpenLeads:Admin:Key={AdminKey}", "--OpenLeads:Seed:DemoLeads=300",
        ]);
        using var http = new HttpClient { BaseAddress = new Uri(await server.WaitUntilListeningAsync()) };
        // The token the landed version minted still signs in (no development token this time).
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Zoho-oauthtoken", Made("token"));
        async Task<JsonNode> GetAsync(string path)
        {
            var response = await http.GetAsync(path);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {text}");
            return JsonNode.Parse(text)!;
        }

        // Its records and ids, unchanged, and not seeded again (the database was not empty).
        var list = await GetAsync("/crm/v2/Leads?per_page=200&sort_order=asc");
        Assert.Equal(ids, list["data"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()));
        foreach (var id in made["mass_updated"]!.AsArray()) Assert.Equal(1000, (await Lead(id!.GetValue<string>()))["No_of_Employees"]!.GetValue<int>());
        Assert.Equal("Lagos", (await Lead(Made("updated")))["City"]!.GetValue<string>());
        // A word search finds them: the word index was made, and filled, at this start.
        var found = await GetAsync("/crm/v2/Leads/search?word=lagos&per_page=200");
        Assert.Contains(Made("updated"), found["data"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()));

        // Its audit rows: the timeline of a record names the mass update and the job that changed it.
        var timeline = await GetAsync($"/crm/v2/Leads/{ids[0]}/__timeline");
        Assert.Equal(["job", "mass_update"], timeline["__timeline"]!.AsArray().Select(e => e!["$openleads"]!["operation"]!.GetValue<string>()));

        // Its OAuth client still refreshes.
        using var anonymous = new HttpClient { BaseAddress = http.BaseAddress };
        var client = made["oauth_client"]!;
        var refreshed = await anonymous.PostAsync("/oauth/v2/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token", ["client_id"] = client["client_id"]!.GetValue<string>(),
            ["client_secret"] = client["client_secret"]!.GetValue<string>(), ["refresh_token"] = client["refresh_token"]!.GetValue<string>(),
        }));
        var access = JsonNode.Parse(await refreshed.Content.ReadAsStringAsync())!["access_token"]!.GetValue<string>();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Zoho-oauthtoken", access);

        // Its job, its view (whose records are those it selects), its approval and lock states.
        var job = await GetAsync($"/crm/v2/Leads/actions/mass_update?job_id={Made("job_id")}");
        Assert.Equal("""{"Status":"COMPLETED","Failed_Count":0,"Updated_Count":38,"Not_Updated_Count":2,"Total_Count":40}""", job["data"]![0]!.ToJsonString());
        var viewed = await GetAsync($"/crm/v2/Leads?cvid={Made("view_id")}");
        Assert.Equal([Made("updated")], viewed["data"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()));
        var refused = await http.PostAsync("/crm/v8/Leads/actions/mass_update", Json(new
        {
            data = new[] { new { Rating = "Acquired" } }, ids = new[] { Made("pending"), Made("locked") },
        }));
        var codes = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["data"]!.AsArray().Select(e => e!["code"]!.GetValue<string>());
        Assert.Equal(["NOT_APPROVED", "RECORD_LOCKED"], codes);

        // And what this version adds works on it: a field made through the API, on every record already there.
        var created = await http.PostAsync("/crm/v8/settings/fields?module=Leads", Json(new { fields = new[] { new { field_label = "Upgraded", data_type = "boolean" } } }));
        Assert.Equal(201, (int)created.StatusCode);
        Assert.False((await Lead(ids[0]))["Upgraded"]!.GetValue<bool>());

        async Task<JsonNode> Lead(string id) => (await GetAsync($"/crm/v2/Leads/{id}"))["data"]![0]!;
    }

    private static StringContent Json(object body) => new(ZohoClient.Json(body), Encoding.UTF8, "application/json");
}

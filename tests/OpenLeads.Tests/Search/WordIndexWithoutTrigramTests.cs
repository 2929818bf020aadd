using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Npgsql;
using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.Search;

/// <summary>
/// PostgreSQL without pg_trgm for this server (here: a user who may not create it in a database that lacks it): the
/// server starts, warns once, and a word search still finds its records, through the side table without an index.
/// </summary>
public sealed class WordIndexWithoutTrigramTests : IDisposable
{
    private const string Token = "1000.word-index-token";
    private readonly string _directory = Directory.CreateTempSubdirectory("openleads-no-trgm-").FullName;
    private readonly string _database = PostgresCluster.Instance.CreateDatabaseOfItsOwn();
    private readonly string _role = "openleads_" + Guid.NewGuid().ToString("N")[..12];

    public void Dispose()
    {
        PostgresCluster.Instance.DropDatabase(_database);
        Execute(new NpgsqlConnectionStringBuilder(_database) { Database = "postgres" }.ToString(), $"DROP ROLE IF EXISTS {_role}");
        Directory.Delete(_directory, recursive: true);
    }

    private static void Execute(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    [Fact]
    public async Task WithoutPgTrgm_TheServerStarts_WarnsOnce_AndAWordSearchStillFindsItsRecords()
    {
        Execute(_database, $"CREATE ROLE {_role} LOGIN; CREATE SCHEMA words AUTHORIZATION {_role}");
        var connection = new NpgsqlConnectionStringBuilder(_database) { Username = _role, Password = null, SearchPath = "words" };
        await using var server = ServerProcess.Start(_directory,
        [
            "--OpenLeads:Storage:Provider=postgres", $"--OpenLeads:Storage:ConnectionString={connection}", $"--OpenLeads:Auth:DevToken={Token}",
            "--OpenLeads:Seed:DemoLeads=0",
        ]);
        using var http = new HttpClient { BaseAddress = new Uri(await server.WaitUntilListeningAsync()) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Zoho-oauthtoken", Token);

        var inserted = await http.PostAsync("/crm/v2/Leads", new StringContent(
            """{"data":[{"Last_Name":"Okafor","Company":"Lumen Health"},{"Last_Name":"Brandt","Company":"Nordwind"}]}""", Encoding.UTF8, "application/json"));
        Assert.Equal(201, (int)inserted.StatusCode);
        var id = JsonNode.Parse(await inserted.Content.ReadAsStringAsync())!["data"]![0]!["details"]!["id"]!.GetValue<string>();
        var found = JsonNode.Parse(await http.GetStringAsync("/crm/v2/Leads/search?word=LUMEN"))!;

        Assert.Equal([id], found["data"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()));
        Assert.Single(server.Output.Split('\n'), line => line.Contains("No pg_trgm extension", StringComparison.Ordinal));
    }
}

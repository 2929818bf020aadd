using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Npgsql;
using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.Hosting;

/// <summary>
/// A scheduled mass update survives its server being killed (SIGKILL) in the middle: a new server
/// on the same database resumes the job from its checkpoint, and in the end every record was
/// updated exactly once, with counts that equal the audit rows. Runs on SQLite and PostgreSQL.
/// </summary>
public sealed class JobCrashTests : IDisposable
{
    private const string Token = "1000.crash-test-token";
    private const string AdminKey = "crash-admin-key";
    private const int Records = 24_000;
    private const int Value = 424242;

    private readonly string _directory = Directory.CreateTempSubdirectory("openleads-crash-").FullName;
    private string? _postgres;

    public void Dispose()
    {
        if (_postgres is not null) PostgresCluster.Instance.DropDatabase(_postgres);
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private ServerProcess Start(string provider, string connectionString) => ServerProcess.Start(_directory,
    [
        $"--OpenLeads:Storage:Provider={provider}", $"--OpenLeads:Storage:ConnectionString={connectionString}",
        $"--OpenLeads:Auth:DevToken={Token}", $"--OpenLeads:Admin:Key={AdminKey}", "--OpenLeads:Seed:DemoLeads=0",
        // Small batches and a short lease: many checkpoints to die between (so that even a busy machine polls while the job
        // is under way), and a quick takeover after the crash.
        "--OpenLeads:Jobs:BatchSize=4", "--OpenLeads:Jobs:LeaseSeconds=2", "--OpenLeads:Jobs:PollMilliseconds=100",
    ]);

    private static HttpClient Client(string address)
    {
        var http = new HttpClient { BaseAddress = new Uri(address) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Zoho-oauthtoken", Token);
        http.DefaultRequestHeaders.Add("X-OpenLeads-Admin-Key", AdminKey);
        return http;
    }

    private static async Task<JsonNode> PostAsync(HttpClient http, string path, string json)
    {
        var response = await http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private static async Task<JsonNode> StatusAsync(HttpClient http, string jobId) =>
        JsonNode.Parse(await http.GetStringAsync($"/crm/v2/Leads/actions/mass_update?job_id={jobId}"))!["data"]![0]!;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task JobOfAKilledServer_IsFinishedByTheNextOne_UpdatingEveryRecordExactlyOnce(string provider)
    {
        _postgres = provider == "postgres" ? PostgresCluster.Instance.CreateDatabase() : null;
        var connectionString = _postgres ?? $"Data Source={Path.Combine(_directory, "crash.db")}";

        string jobId;
        long progressAtKill;
        await using (var first = Start(provider, connectionString))
        {
            using var http = Client(await first.WaitUntilListeningAsync());
            await PostAsync(http, "/__admin/seed", $$"""{"module":"Leads","count":{{Records}},"seed":5}""");
            var scheduled = await PostAsync(http, "/crm/v2/Leads/actions/mass_update",
                $$"""{"data":[{"No_of_Employees":{{Value}}}],"cvid":"738964000000087501"}""");
            jobId = scheduled["data"]![0]!["details"]!["job_id"]!.GetValue<string>();

            // Kill it once it is well under way, between or inside a batch: wherever it happens to be.
            var deadline = DateTime.UtcNow.AddSeconds(60);
            do
            {
                progressAtKill = (await StatusAsync(http, jobId))["Updated_Count"]!.GetValue<long>();
            } while (progressAtKill < Records / 10 && DateTime.UtcNow < deadline);
            await first.KillAsync();
        }
        Assert.InRange(progressAtKill, Records / 10, Records - 1);

        await using var second = Start(provider, connectionString);
        using var client = Client(await second.WaitUntilListeningAsync());
        JsonNode status;
        var until = DateTime.UtcNow.AddSeconds(120);
        do
        {
            status = await StatusAsync(client, jobId);
            if (status["Status"]!.GetValue<string>() == "COMPLETED") break;
            await Task.Delay(100);
        } while (DateTime.UtcNow < until);

        Assert.Equal("""{"Status":"COMPLETED","Failed_Count":0,"Updated_Count":24000,"Not_Updated_Count":0,"Total_Count":24000}""",
            status.ToJsonString());
        var (audited, distinct, wrong) = await CountAsync(provider, connectionString, long.Parse(jobId));
        Assert.Equal(Records, audited);  // one audit row per record: nothing updated twice...
        Assert.Equal(Records, distinct); // ...and nothing left out
        Assert.Equal(0, wrong);          // every record holds the job's value
    }

    /// <summary>The job's audit rows, the distinct records they name, and the records without the job's value.</summary>
    private static async Task<(long Audited, long Distinct, long Wrong)> CountAsync(string provider, string connectionString, long jobId)
    {
        const string sql = """
            SELECT (SELECT count(*) FROM audit_log WHERE job_id = @job),
                   (SELECT count(DISTINCT record_id) FROM audit_log WHERE job_id = @job),
                   (SELECT count(*) FROM "Leads" WHERE "No_of_Employees" IS NULL OR "No_of_Employees" <> 424242)
            """;
        await using System.Data.Common.DbConnection connection = provider == "postgres"
            ? new NpgsqlConnection(connectionString)
            : new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@job";
        parameter.Value = jobId;
        command.Parameters.Add(parameter);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }
}

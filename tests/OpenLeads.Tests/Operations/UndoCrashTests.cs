using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Npgsql;
using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.Operations;

/// <summary>
/// An undo job survives its server being killed (SIGKILL) in the middle, as a mass update job does: a new server on
/// the same database finishes it from its checkpoint, with exact counts, every record restored exactly once.
/// Runs on SQLite and PostgreSQL.
/// </summary>
public sealed class UndoCrashTests : IDisposable
{
    private const string Token = "1000.undo-crash-test-token";
    private const string AdminKey = "undo-crash-admin-key";
    private const int Records = 8_000;

    private readonly string _directory = Directory.CreateTempSubdirectory("openleads-undo-crash-").FullName;
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

    private static async Task<JsonNode> WaitAsync(HttpClient http, string jobId, TimeSpan bound)
    {
        var until = DateTime.UtcNow + bound;
        JsonNode status;
        do
        {
            status = await StatusAsync(http, jobId);
            if (status["Status"]!.GetValue<string>() == "COMPLETED") break;
            await Task.Delay(100);
        } while (DateTime.UtcNow < until);
        return status;
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task UndoOfAKilledServer_IsFinishedByTheNextOne_RestoringEveryRecordExactlyOnce(string provider)
    {
        _postgres = provider == "postgres" ? PostgresCluster.Instance.CreateDatabase() : null;
        var connectionString = _postgres ?? $"Data Source={Path.Combine(_directory, "undo-crash.db")}";

        string jobId, undoId;
        long progressAtKill;
        await using (var first = Start(provider, connectionString))
        {
            using var http = Client(await first.WaitUntilListeningAsync());
            await PostAsync(http, "/__admin/seed", $$"""{"module":"Leads","count":{{Records}},"seed":5}""");
            var scheduled = await PostAsync(http, "/crm/v2/Leads/actions/mass_update",
                """{"data":[{"No_of_Employees":424242}],"cvid":"738964000000087501"}""");
            jobId = scheduled["data"]![0]!["details"]!["job_id"]!.GetValue<string>();
            Assert.Equal("COMPLETED", (await WaitAsync(http, jobId, TimeSpan.FromSeconds(120)))["Status"]!.GetValue<string>());
            var undo = await PostAsync(http, $"/openleads/v1/operations/{jobId}/undo", "{}");
            undoId = undo["data"]![0]!["details"]!["job_id"]!.GetValue<string>();

            // Kill it once the undo is well under way, between or inside a batch: wherever it happens to be.
            var deadline = DateTime.UtcNow.AddSeconds(60);
            do
            {
                progressAtKill = (await StatusAsync(http, undoId))["Updated_Count"]!.GetValue<long>();
            } while (progressAtKill < Records / 10 && DateTime.UtcNow < deadline);
            await first.KillAsync();
        }
        Assert.InRange(progressAtKill, Records / 10, Records - 1);

        await using var second = Start(provider, connectionString);
        using var client = Client(await second.WaitUntilListeningAsync());
        var status = await WaitAsync(client, undoId, TimeSpan.FromSeconds(120));

        Assert.Equal($$"""{"Status":"COMPLETED","Failed_Count":0,"Updated_Count":{{Records}},"Not_Updated_Count":0,"Total_Count":{{Records}}}""",
            status.ToJsonString());
        var (audited, distinct, wrong) = await CountAsync(provider, connectionString, long.Parse(jobId), long.Parse(undoId));
        Assert.Equal(Records, audited);  // one audit row per record: nothing restored twice...
        Assert.Equal(Records, distinct); // ...and nothing left out
        Assert.Equal(0, wrong);          // every record holds its value from before the job
    }

    /// <summary>The undo's audit rows, the distinct records they name, and the records whose value is not the one before the job.</summary>
    private static async Task<(long Audited, long Distinct, long Wrong)> CountAsync(string provider, string connectionString, long jobId, long undoId)
    {
        const string sql = """
            SELECT (SELECT count(*) FROM audit_log WHERE operation_id = @undo),
                   (SELECT count(DISTINCT record_id) FROM audit_log WHERE operation_id = @undo),
                   (SELECT count(*) FROM audit_log a JOIN "Leads" t ON t.id = a.record_id
                    WHERE a.operation_id = @job AND coalesce(CAST(t."No_of_Employees" AS TEXT), 'null') <> coalesce(a.old_value, 'null'))
            """;
        await using System.Data.Common.DbConnection connection = provider == "postgres"
            ? new NpgsqlConnection(connectionString)
            : new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in new[] { ("@job", jobId), ("@undo", undoId) })
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }
}

using System.Data.Common;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace OpenLeads.Tests.Infrastructure;

/// <summary>
/// The scene of a crash test: a database of the test's own (a SQLite file in a fresh directory, or a new PostgreSQL
/// database) on which server processes are started, killed (SIGKILL) and started again, a client with the development
/// token and the admin key, and a way to read the database directly afterwards.
/// </summary>
public sealed class CrashScene : IDisposable
{
    public const string Token = "1000.crash-test-token";
    public const string AdminKey = "crash-admin-key";

    private readonly string _directory = Directory.CreateTempSubdirectory("openleads-crash-").FullName;
    private readonly string? _postgres;

    public CrashScene(string provider)
    {
        Provider = provider;
        _postgres = provider == "postgres" ? PostgresCluster.Instance.CreateDatabase() : null;
        ConnectionString = _postgres ?? $"Data Source={Path.Combine(_directory, "crash.db")}";
    }

    public string Provider { get; }

    public string ConnectionString { get; }

    /// <summary>A server on the scene's database, with no demo records and <paramref name="settings"/> besides.</summary>
    public ServerProcess Start(params string[] settings) => ServerProcess.Start(_directory,
    [
        $"--OpenLeads:Storage:Provider={Provider}", $"--OpenLeads:Storage:ConnectionString={ConnectionString}",
        $"--OpenLeads:Auth:DevToken={Token}", $"--OpenLeads:Admin:Key={AdminKey}", "--OpenLeads:Seed:DemoLeads=0",
        .. settings,
    ]);

    /// <summary>Settings for a job crash test: small batches and a short lease, many checkpoints to die between and a quick takeover.</summary>
    public static readonly string[] QuickJobs =
        ["--OpenLeads:Jobs:BatchSize=4", "--OpenLeads:Jobs:LeaseSeconds=2", "--OpenLeads:Jobs:PollMilliseconds=100"];

    public static HttpClient Client(string address)
    {
        var http = new HttpClient { BaseAddress = new Uri(address) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Zoho-oauthtoken", Token);
        http.DefaultRequestHeaders.Add("X-OpenLeads-Admin-Key", AdminKey);
        return http;
    }

    public static async Task<JsonNode> PostAsync(HttpClient http, string path, string json)
    {
        using var response = await http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    public static async Task<JsonNode> StatusAsync(HttpClient http, string jobId) =>
        JsonNode.Parse(await http.GetStringAsync($"/crm/v2/Leads/actions/mass_update?job_id={jobId}"))!["data"]![0]!;

    /// <summary>The job's status once it has COMPLETED, or its last status after <paramref name="bound"/>.</summary>
    public static async Task<JsonNode> WaitAsync(HttpClient http, string jobId, TimeSpan bound)
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

    /// <summary>
    /// Polls <paramref name="updatedCount"/> (a job's Updated_Count) until it reaches <paramref name="atLeast"/> or a minute
    /// passes, then kills <paramref name="server"/> wherever it is: between or inside a batch. Answers the count last seen.
    /// </summary>
    public static async Task<long> KillOnceUnderWayAsync(ServerProcess server, Func<Task<long>> updatedCount, long atLeast)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        long progress;
        do
        {
            progress = await updatedCount();
        } while (progress < atLeast && DateTime.UtcNow < deadline);
        await server.KillAsync();
        return progress;
    }

    /// <summary>The one row of numbers <paramref name="sql"/> answers, read directly from the scene's database.</summary>
    public async Task<long[]> CountsAsync(string sql, params (string Name, long Value)[] parameters)
    {
        await using DbConnection connection = Provider == "postgres" ? new NpgsqlConnection(ConnectionString) : new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return [.. Enumerable.Range(0, reader.FieldCount).Select(reader.GetInt64)];
    }

    public void Dispose()
    {
        if (_postgres is not null) PostgresCluster.Instance.DropDatabase(_postgres);
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}

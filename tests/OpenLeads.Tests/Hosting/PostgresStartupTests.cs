using Npgsql;
using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.Hosting;

/// <summary>
/// The server process on a PostgreSQL connection string that fails: one line naming the problem, exit code 1,
/// and the password nowhere in what it prints, also when it starts.
/// </summary>
public sealed class PostgresStartupTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("openleads-pg-startup-").FullName;
    private readonly string _database = PostgresCluster.Instance.CreateDatabase();
    private readonly string _password = "pw-" + Guid.NewGuid().ToString("N");

    public void Dispose()
    {
        PostgresCluster.Instance.DropDatabase(_database);
        Directory.Delete(_directory, recursive: true);
    }

    private ServerProcess Start(NpgsqlConnectionStringBuilder connection) => ServerProcess.Start(_directory,
        ["--OpenLeads:Storage:Provider=postgres", $"--OpenLeads:Storage:ConnectionString={connection}", "--OpenLeads:Seed:DemoLeads=0"]);

    private NpgsqlConnectionStringBuilder Connection() => new(_database) { Password = _password };

    private void AssertNoPassword(ServerProcess server) => Assert.DoesNotContain(_password, server.Output, StringComparison.Ordinal);

    [Fact]
    public async Task UnknownDatabase_StopsStartUp_WithTheServersMessage_AndNoPassword()
    {
        await using var server = Start(new NpgsqlConnectionStringBuilder(Connection().ToString()) { Database = "openleads_no_such_database", SearchPath = null });

        var line = await server.FailureLineAsync();

        Assert.StartsWith("OpenLeads cannot start: Could not open the PostgreSQL database set by OpenLeads:Storage:ConnectionString (", line, StringComparison.Ordinal);
        Assert.EndsWith("database \"openleads_no_such_database\" does not exist.", line, StringComparison.Ordinal);
        Assert.Contains("Password=***", line, StringComparison.Ordinal);
        AssertNoPassword(server);
    }

    [Fact]
    public async Task UnknownUser_StopsStartUp_NamingTheUser_AndNoPassword()
    {
        // The throwaway cluster trusts every local connection, so a wrong password alone is not refused; an unknown user is.
        await using var server = Start(new NpgsqlConnectionStringBuilder(Connection().ToString()) { Username = "openleads_nobody" });

        var line = await server.FailureLineAsync();

        Assert.Contains("\"openleads_nobody\"", line, StringComparison.Ordinal);
        Assert.Contains("Password=***", line, StringComparison.Ordinal);
        AssertNoPassword(server);
    }

    [Fact]
    public async Task UnreachableServer_StopsStartUp_SayingWhereItTried_AndNoPassword()
    {
        await using var server = Start(new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = 1, Username = "postgres", Password = _password, Timeout = 3 });

        var line = await server.FailureLineAsync();

        Assert.Equal("OpenLeads cannot start: Could not open the PostgreSQL database set by OpenLeads:Storage:ConnectionString " +
                     "(Host=127.0.0.1;Port=1;Username=postgres;Password=***;Timeout=3): Failed to connect to 127.0.0.1:1: Connection refused.", line);
        AssertNoPassword(server);
    }

    [Fact]
    public async Task UnknownKeyword_StopsStartUp_NamingTheSetting()
    {
        await using var server = ServerProcess.Start(_directory,
            ["--OpenLeads:Storage:Provider=postgres", $"--OpenLeads:Storage:ConnectionString=Host=127.0.0.1;Flavour=strawberry;Password={_password}"]);

        var line = await server.FailureLineAsync();

        Assert.StartsWith("OpenLeads cannot start: OpenLeads:Storage:ConnectionString is not a valid PostgreSQL (Npgsql) connection string", line,
            StringComparison.Ordinal);
        AssertNoPassword(server);
    }

    [Fact]
    public async Task Banner_ShowsTheConnectionString_WithItsPasswordHidden()
    {
        await using var server = Start(Connection());
        await server.WaitUntilListeningAsync();

        var storage = server.StandardOutput.Split('\n').Single(l => l.TrimStart().StartsWith("storage:", StringComparison.Ordinal));
        Assert.Contains("postgres (", storage, StringComparison.Ordinal);
        Assert.Contains("Password=***", storage, StringComparison.Ordinal);
        AssertNoPassword(server);
    }
}

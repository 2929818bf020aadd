using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.Hosting;

/// <summary>Settings that stop the server process before it opens anything: one line naming the key, exit code 1.</summary>
public sealed class SettingFailureTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("openleads-settings-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task MisspeltKey_OnTheCommandLine_StopsStartUp_NamingItAndTheNearestSetting()
    {
        await using var server = ServerProcess.Start(_directory, ["--OpenLeads:Auht:DevToken=1000.typo"]);

        var line = await server.FailureLineAsync();

        Assert.StartsWith("OpenLeads cannot start: OpenLeads:Auht:DevToken (command line) is not a setting. Did you mean OpenLeads:Auth:DevToken?", line,
            StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_directory, "data")));
    }

    [Fact]
    public async Task MisspeltKey_InAnEnvironmentVariable_StopsStartUp_NamingTheVariableAndTheNearestSetting()
    {
        await using var server = ServerProcess.Start(_directory, environment: new Dictionary<string, string> { ["OpenLeads__Storage__Provder"] = "postgres" });

        var line = await server.FailureLineAsync();

        Assert.StartsWith("OpenLeads cannot start: OpenLeads:Storage:Provder (environment variable OpenLeads__Storage__Provder) is not a setting. " +
                          "Did you mean OpenLeads:Storage:Provider?", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeysInAnotherCase_AreTheSameSettings()
    {
        await using var server = ServerProcess.Start(_directory, ["--openleads:seed:demoleads=2", "--OPENLEADS:AUTH:DEVTOKEN=1000.any-case"]);
        await server.WaitUntilListeningAsync();

        Assert.Contains("1000.any-case", server.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostgresWithoutAConnectionString_StopsStartUp_SayingWhichSettingToSet()
    {
        await using var server = ServerProcess.Start(_directory, ["--OpenLeads:Storage:Provider=postgres"]);

        var line = await server.FailureLineAsync();

        Assert.StartsWith("OpenLeads cannot start: OpenLeads:Storage:Provider is postgres, which needs a PostgreSQL connection string: " +
                          "set OpenLeads:Storage:ConnectionString (environment variable OpenLeads__Storage__ConnectionString)", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--OpenLeads:Storage:Provider=oracle", "OpenLeads:Storage:Provider is 'oracle'; it must be one of: sqlite, postgres.")]
    [InlineData("--OpenLeads:Storage:ConnectionString=Nonsense Key=1", "OpenLeads:Storage:ConnectionString is not a valid SQLite connection string")]
    [InlineData("--OpenLeads:Seed:DemoLeads=lots", "'OpenLeads:Seed:DemoLeads'")]
    [InlineData("--OpenLeads:Limits:MaxBodyBytes=10", "OpenLeads:Limits:MaxBodyBytes is 10; it must be at least 1024.")]
    [InlineData("--OpenLeads:Jobs:PollMilliseconds=0", "OpenLeads:Jobs:PollMilliseconds is 0; it must be between 1 and 60000.")]
    [InlineData("--OpenLeads:Limits:Edition=gold", "OpenLeads:Limits:Edition is 'gold'; it must be one of: free, standard, professional, enterprise, ultimate.")]
    [InlineData("--OpenLeads:Limits:Concurrency=0", "OpenLeads:Limits:Concurrency is 0; it must be between 1 and 10000.")]
    [InlineData("--OpenLeads:Limits:Credits=-5", "OpenLeads:Limits:Credits is -5; it must be at least 1.")]
    [InlineData("--OpenLeads:ApiDocs:Enabled=sometimes", "'OpenLeads:ApiDocs:Enabled'")]
    public async Task BadValue_StopsStartUp_WithAMessageNamingTheSetting(string argument, string message)
    {
        await using var server = ServerProcess.Start(_directory, [argument]);

        var line = await server.FailureLineAsync();

        Assert.Contains(message, line, StringComparison.Ordinal);
    }
}

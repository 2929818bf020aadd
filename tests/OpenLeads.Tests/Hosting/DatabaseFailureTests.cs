using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.Hosting;

/// <summary>A SQLite database the server process cannot create or write: one line saying where and why, exit code 1.</summary>
public sealed class DatabaseFailureTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("openleads-database-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task DatabaseUnderAFile_StopsStartUp_NamingTheFileInTheWay()
    {
        var file = Path.Combine(_directory, "somefile");
        await File.WriteAllTextAsync(file, "not a directory");
        await using var server = ServerProcess.Start(_directory, [$"--OpenLeads:Storage:ConnectionString=Data Source={file}/db/openleads.db"]);

        var line = await server.FailureLineAsync();

        Assert.Equal($"OpenLeads cannot start: Could not open the SQLite database {file}/db/openleads.db set by OpenLeads:Storage:ConnectionString: " +
                     $"its directory cannot be created, because {file} is a file.", line);
    }

    [Fact]
    public async Task DatabaseDirectoryThatCannotBeCreated_StopsStartUp_NamingIt()
    {
        // Not even root may make a directory in /proc.
        await using var server = ServerProcess.Start(_directory, ["--OpenLeads:Storage:ConnectionString=Data Source=/proc/openleads/openleads.db"]);

        var line = await server.FailureLineAsync();

        Assert.StartsWith("OpenLeads cannot start: Could not open the SQLite database /proc/openleads/openleads.db set by OpenLeads:Storage:ConnectionString: " +
                          "its directory /proc/openleads cannot be created", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DatabaseInADirectoryThatCannotBeWritten_StopsStartUp_NamingIt()
    {
        await using var server = ServerProcess.Start(_directory, ["--OpenLeads:Storage:ConnectionString=Data Source=/proc/openleads.db"]);

        var line = await server.FailureLineAsync();

        Assert.StartsWith("OpenLeads cannot start: Could not open the SQLite database /proc/openleads.db set by OpenLeads:Storage:ConnectionString: " +
                          "it cannot be created or written in /proc (SQLite Error 14: 'unable to open database file')", line, StringComparison.Ordinal);
    }
}

using System.Net;
using System.Net.Sockets;
using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.Hosting;

/// <summary>The server process given an address it cannot listen on: one line naming it, exit code 1.</summary>
public sealed class ListenFailureTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("openleads-listen-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task PortAlreadyInUse_StopsStartUp_NamingTheAddressAndHowToChooseAnother()
    {
        using var other = new TcpListener(IPAddress.Loopback, 0);
        other.Start();
        var address = $"http://127.0.0.1:{((IPEndPoint)other.LocalEndpoint).Port}";
        await using var server = ServerProcess.Start(_directory, [$"--urls={address}", "--OpenLeads:Seed:DemoLeads=0"]);

        var line = await server.FailureLineAsync();

        Assert.Equal($"OpenLeads cannot start: {address} is already in use; stop the other process or choose another address with --urls.", line);
    }

    [Theory]
    [InlineData("localhost-5180", "'localhost-5180' is not an address to listen on")]
    [InlineData("http://127.0.0.1:99999", "has the port 99999")]
    [InlineData("ftp://127.0.0.1:5180", "has the scheme 'ftp'")]
    public async Task BadUrls_StopsStartUp_NamingTheValueAndWhatIsWrong(string urls, string problem)
    {
        await using var server = ServerProcess.Start(_directory, [$"--urls={urls}"]);

        var line = await server.FailureLineAsync();

        Assert.StartsWith($"OpenLeads cannot start: --urls '{urls}' ", line, StringComparison.Ordinal);
        Assert.Contains(problem, line, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_directory, "data")), "no database is opened for an address that cannot be used");
    }
}

using System.Reflection;
using OpenLeads.Server.Hosting;
using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.Hosting;

/// <summary><c>--help</c> and <c>--version</c> of the server process: answered at once, with no database opened and no port taken.</summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("openleads-help-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private async Task<string> AnswerAsync(string argument)
    {
        await using var server = ServerProcess.Start(_directory, [argument]);
        Assert.True(await server.WaitForExitAsync(TimeSpan.FromSeconds(30)), server.Output);
        Assert.Equal(0, server.ExitCode);
        Assert.Equal("", server.StandardError);
        Assert.DoesNotContain("listening", server.Output, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_directory));
        return server.StandardOutput;
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("-?")]
    public async Task Help_ListsEverySetting_WithItsDefault_AndTheWaysToPassThem(string argument)
    {
        var help = await AnswerAsync(argument);

        foreach (var setting in SettingsCatalogue.All.Append(SettingsCatalogue.Urls))
        {
            Assert.Contains($"  {setting.Key}  (default: {(setting.Default is null ? "none" : setting.DefaultText)})", help, StringComparison.Ordinal);
        }
        Assert.Contains("appsettings.json", help, StringComparison.Ordinal);
        Assert.Contains("OpenLeads__Section__Key", help, StringComparison.Ordinal);
        Assert.Contains("--OpenLeads:Section:Key=value", help, StringComparison.Ordinal);
        Assert.Contains("Where to listen", help, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Version_PrintsTheServersInformationalVersion()
    {
        var version = await AnswerAsync("--version");

        var expected = typeof(OpenLeadsSettings).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
        Assert.Equal(expected + Environment.NewLine, version);
    }
}

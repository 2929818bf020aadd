using System.Diagnostics;
using System.Text.RegularExpressions;
using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.Docs;

/// <summary>
/// The examples of docs/TESTING.md are true: a block marked <c>&lt;!-- from: PATH --&gt;</c> is that file's text word for
/// word (the C# examples are tests of <see cref="TestingExamples"/>, the Node one the SDK tests' own set-up), and each
/// block marked <c>&lt;!-- run --&gt;</c> (in docs/TESTING.md and the README) runs, in turn, with bash against a server and succeeds.
/// </summary>
public sealed partial class TestingDocTests : ServerTest
{
    private static readonly string Root = Repository.Root;

    [GeneratedRegex(@"<!-- (from: (?<path>[^ ]+)|run) -->\n```(?<lang>\w+)\n(?<code>.*?)\n```", RegexOptions.Singleline)]
    private static partial Regex Block();

    private static IEnumerable<Match> Blocks(string doc) => Block().Matches(File.ReadAllText(Path.Combine(Root, doc)).ReplaceLineEndings("\n"));

    [Theory]
    [InlineData("docs/TESTING.md")]
    [InlineData("README.md")]
    public void QuotedExamples_AreTheTextOfTheFilesTheyComeFrom(string doc)
    {
        var quoted = Blocks(doc).Where(b => b.Groups["path"].Success).ToList();
        if (doc == "docs/TESTING.md") Assert.True(quoted.Count >= 2, "docs/TESTING.md quotes its C# and Node examples");
        foreach (var block in quoted)
        {
            var source = File.ReadAllText(Path.Combine(Root, block.Groups["path"].Value)).ReplaceLineEndings("\n").Split('\n');
            var code = Dedent(block.Groups["code"].Value);
            Assert.True(IsQuoteOf(code.Split('\n'), source),
                $"{doc}: the example quoted from {block.Groups["path"].Value} is not in that file as written:\n{code}");
        }
    }

    [Theory]
    [InlineData("docs/TESTING.md", 5)]
    [InlineData("README.md", 1)]
    public async Task ShellExamples_RunInTurn_AgainstAServer(string doc, int atLeast)
    {
        var blocks = Blocks(doc).Where(b => !b.Groups["path"].Success).ToList();
        Assert.True(blocks.Count >= atLeast, $"{doc} has its runnable sh examples");
        // The README's reader has the demo Leads of a first start; docs/TESTING.md's seeds its own.
        if (doc == "README.md") await Zoho.SeedLeadsAsync(3);
        foreach (var block in blocks)
        {
            var start = new ProcessStartInfo("bash", ["-euo", "pipefail", "-c", block.Groups["code"].Value])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                Environment =
                {
                    ["OPENLEADS"] = Server.Address.ToString().TrimEnd('/'),
                    ["TOKEN"] = OpenLeadsServer.DevToken,
                    ["ADMIN_KEY"] = OpenLeadsServer.AdminKey,
                },
            };
            using var bash = Process.Start(start)!;
            var output = bash.StandardOutput.ReadToEndAsync();
            var errors = bash.StandardError.ReadToEndAsync();
            await bash.WaitForExitAsync();
            Assert.True(bash.ExitCode == 0, $"{doc} block failed (exit {bash.ExitCode}):\n{block.Groups["code"].Value}\n{await output}\n{await errors}");
        }
    }

    /// <summary>The lines of <paramref name="code"/> follow one another in <paramref name="source"/>, each at one more indentation there.</summary>
    private static bool IsQuoteOf(string[] code, string[] source)
    {
        for (var start = 0; start + code.Length <= source.Length; start++)
        {
            var line = source[start].TrimEnd();
            if (line.TrimStart() != code[0]) continue;
            var indent = line[..(line.Length - code[0].Length)];
            if (code.Select((c, i) => (c, s: source[start + i].TrimEnd())).All(p => p.c.Length == 0 ? p.s.Length == 0 : p.s == indent + p.c)) return true;
        }
        return false;
    }

    /// <summary>Lines without their common indentation and trailing spaces: a quote may sit at another depth than its source.</summary>
    private static string Dedent(string text)
    {
        var lines = text.Split('\n').Select(l => l.TrimEnd()).ToList();
        var indent = lines.Where(l => l.Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
        return string.Join('\n', lines.Select(l => l.Length >= indent ? l[indent..] : l));
    }
}

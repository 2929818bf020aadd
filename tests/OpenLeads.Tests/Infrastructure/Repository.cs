namespace OpenLeads.Tests.Infrastructure;

/// <summary>The clone the tests run from: the folder above the test's build output that holds OpenLeads.slnx.</summary>
public static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "OpenLeads.slnx"))) return directory.FullName;
        }
        throw new DirectoryNotFoundException($"The repository root (OpenLeads.slnx) is not above {AppContext.BaseDirectory}.");
    }
}

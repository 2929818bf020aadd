namespace OpenLeads.Tests.Infrastructure;

/// <summary>A test class with its own server and database, started fresh for every test.</summary>
public abstract class ServerTest : IAsyncLifetime
{
    protected ServerTest(IReadOnlyDictionary<string, string?>? settings = null) => Server = new OpenLeadsServer(settings);

    protected OpenLeadsServer Server { get; }

    protected ZohoClient Zoho { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Zoho = Server.Zoho();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        Zoho.Dispose();
        await Server.DisposeAsync();
    }
}

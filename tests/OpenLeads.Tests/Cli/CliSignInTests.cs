using System.Text.Json.Nodes;
using OpenLeads.Cli;
using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.Cli;

/// <summary>
/// <c>openleads login</c> with the scopes the README registers, and how the tool reports a refusal: one
/// sentence (code, message, details; the scope a call lacks; the credential the accounts server refused),
/// the raw answer only with <c>--verbose</c>.
/// </summary>
public sealed class CliSignInTests : CliTest
{
    private const string ScopeMismatch = "401 OAUTH_SCOPE_MISMATCH invalid oauth scope to access this URL";

    private async Task<JsonNode> RegisterClientAsync(params string[] scopes) =>
        (await Zoho.PostAsync("/__admin/oauth_clients", new { scopes })).Body!;

    private Task<Run> LoginAsync(JsonNode client, string? secret = null, string? refreshToken = null) =>
        RunAsync("login", "--api-domain", Server.Address.ToString(), "--client-id", client["client_id"]!.GetValue<string>(),
            "--client-secret", secret ?? client["client_secret"]!.GetValue<string>(),
            "--refresh-token", refreshToken ?? client["refresh_token"]!.GetValue<string>());

    [Fact]
    public async Task Login_WithTheScopesTheReadmeRegisters_Works_ForMassUpdateAndRecords_AndFieldsNamesTheScopeItLacks()
    {
        var id = (await Zoho.SeedLeadsAsync(1))[0];
        var client = await RegisterClientAsync("ZohoCRM.modules.ALL", "ZohoCRM.mass_update.ALL");

        var login = await LoginAsync(client);
        var update = await RunAsync("mass-update", "Leads", "--set", "No_of_Employees=5", "--ids", id);
        var list = await RunAsync("records", "list", "Leads");
        var fields = await RunAsync("fields", "Leads");

        Assert.Equal((0, ""), (login.ExitCode, login.Error));
        var saved = Path.Combine(Work, "config", "credentials.json");
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(saved));
        Assert.Contains(client["client_secret"]!.GetValue<string>(), await File.ReadAllTextAsync(saved));
        Assert.Equal(0, update.ExitCode);
        Assert.Equal(["openleads: --set is not checked against the fields of Leads: the call needs scope ZohoCRM.settings.fields.READ, "
            + "which the token lacks (ZohoCRM.settings.ALL covers it); sending it unchecked."], Lines(update.Error));
        Assert.Equal(5, (await Zoho.GetLeadAsync(id))["No_of_Employees"]!.GetValue<int>());
        Assert.Equal(0, list.ExitCode);
        Assert.Contains(id, list.Out);
        Assert.Equal(1, fields.ExitCode);
        Assert.Equal([$"openleads: the server refused the request: {ScopeMismatch}; the call needs scope ZohoCRM.settings.fields.READ, "
            + "which the token lacks (ZohoCRM.settings.ALL covers it)"], Lines(fields.Error));
    }

    [Fact]
    public async Task Login_WithoutAModulesScope_KeepsTheWorkingCredentials_AndSaysWhichScopeTheyLack()
    {
        var client = await RegisterClientAsync("ZohoCRM.settings.ALL");

        var login = await LoginAsync(client);
        var fields = await RunAsync("fields", "Leads");

        Assert.Equal(0, login.ExitCode);
        Assert.Equal(["openleads: the token may not list Leads: the call needs scope ZohoCRM.modules.leads.READ, which the token lacks "
            + "(ZohoCRM.modules.ALL covers it)."], Lines(login.Error));
        Assert.Equal(0, fields.ExitCode);
        Assert.Contains("Last_Name", fields.Out);
    }

    [Fact]
    public async Task Login_WithAWrongSecretOrRefreshToken_SaysWhichCredentialWasRefused_AndKeepsNothing()
    {
        var client = await RegisterClientAsync("ZohoCRM.modules.ALL", "ZohoCRM.mass_update.ALL");
        var token = new Uri(Server.Address, "/oauth/v2/token");

        var secret = await LoginAsync(client, secret: "wrong");
        var refresh = await LoginAsync(client, refreshToken: "1000.wrong.token");

        Assert.Equal((1, $"openleads: the accounts server at {token} refused the client credentials (invalid_client): check the client id and secret."),
            (secret.ExitCode, Lines(secret.Error).Single()));
        Assert.Equal((1, $"openleads: the accounts server at {token} refused the refresh token (invalid_code): check it, or log in again with a new one."),
            (refresh.ExitCode, Lines(refresh.Error).Single()));
        Assert.False(File.Exists(Path.Combine(Work, "config", "credentials.json")));
    }

    [Fact]
    public async Task RefusedRequest_IsOneSentence_WithCodeMessageAndDetails_AndExits1()
    {
        var expired = await Zoho.MintTokenAsync(["ZohoCRM.modules.ALL"], expiresIn: 0);

        // A token that may not read the org's modules leaves the module to the server, whose refusal names it.
        var fieldsOnly = await Zoho.MintTokenAsync(["ZohoCRM.settings.fields.READ"]);

        var token = await RunAsync(["records", "list", "Leads", .. WithToken(expired)]);
        var module = await RunAsync(["fields", "Dragons", .. WithToken(fieldsOnly)]);

        Assert.Equal((1, 1), (token.ExitCode, module.ExitCode));
        Assert.Equal(["openleads: the server refused the request: 401 INVALID_TOKEN invalid oauth token"], Lines(token.Error));
        Assert.Equal(["openleads: the server refused the request: 400 INVALID_MODULE the module name given seems to be invalid {\"param_name\":\"module\"}"], Lines(module.Error));
    }

    [Fact]
    public async Task Verbose_AddsTheRawStatusBodyAndHeaders()
    {
        var token = await Zoho.MintTokenAsync(["ZohoCRM.modules.ALL"]);

        var run = await RunAsync(["fields", "Leads", "--verbose", .. WithToken(token)]);

        Assert.Equal(1, run.ExitCode);
        var lines = Lines(run.Error);
        Assert.StartsWith($"openleads: the server refused the request: {ScopeMismatch}", lines[0]);
        Assert.Equal(["Response Status Code = 401", "Response Body:"], lines[1..3]);
        Assert.Equal("OAUTH_SCOPE_MISMATCH", JsonNode.Parse(lines[3])!["code"]!.GetValue<string>());
        Assert.Contains(lines, l => l.StartsWith("X-Request-Id:", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("X-OpenLeads-Error: required-scope=ZohoCRM.settings.fields.READ", lines);
    }

    /// <summary>Against Zoho, which names no scope, the tool's own table must say what OpenLeads' header says.</summary>
    [Fact]
    public async Task TheScopeTheToolKnowsForEachCall_IsTheOneTheServerNames()
    {
        var token = await Zoho.MintTokenAsync(["ZohoCRM.bulk.READ"]);
        (string Method, string Path, string? Body)[] calls =
        [
            ("GET", "/crm/v2/Leads?per_page=1", null), ("GET", "/crm/v2/Leads/738964000003000001", null),
            ("POST", "/crm/v2/Leads", """{"data":[{}]}"""), ("PUT", "/crm/v2/Leads", """{"data":[{}]}"""), ("DELETE", "/crm/v2/Leads?ids=1", null),
            ("GET", "/crm/v2/Leads/search?word=x", null), ("POST", "/crm/v2/Leads/actions/mass_update", "{}"),
            ("GET", "/crm/v2/Leads/actions/mass_update?job_id=1", null), ("GET", "/crm/v2/settings/fields?module=Leads", null),
            ("GET", "/crm/v2/settings/custom_views?module=Leads", null), ("GET", "/crm/v2/settings/territories", null), ("GET", "/crm/v2/users", null),
            ("GET", "/crm/v8/settings/modules", null), ("GET", "/crm/v8/settings/modules/Leads", null), ("GET", "/crm/v8/org", null),
            ("GET", "/crm/v8/settings/layouts?module=Leads", null), ("GET", "/crm/v8/users/738964000000291009", null),
        ];
        using var http = Server.Anonymous();
        foreach (var (method, path, body) in calls)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            request.Headers.Authorization = new("Zoho-oauthtoken", token);
            if (body is not null) request.Content = new StringContent(body);
            using var response = await http.SendAsync(request);

            var named = response.Headers.GetValues(Refusals.ErrorHeader).Single();
            Assert.Equal(named, $"required-scope={Refusals.NeededScope(new HttpMethod(method), new Uri(Server.Address, path))}");
        }
    }
}

using System.CommandLine;
using System.Text.Json.Nodes;
using OpenLeads.Client;

namespace OpenLeads.Cli;

/// <summary><c>job status</c>, <c>fields</c> and <c>login</c>.</summary>
internal static class InfoCommands
{
    private static readonly string[] FieldColumns = ["api_name", "data_type", "length", "mass_update", "read_only"];

    /// <summary>The module login lists one record of: every Zoho CRM organisation has Leads (an org folder without it is answered too).</summary>
    private const string CheckModule = "Leads";

    internal static bool IsJson(ParseResult parse) => parse.GetValue(CliApp.Output) == "json";

    public static Command Job(CliEnvironment environment)
    {
        var module = ModuleCheck.Argument();
        var jobId = new Argument<string>("job-id") { Description = "The job id the mass update answered" };
        var status = new Command("status", "A mass update job's status and counts") { module, jobId };
        status.SetAction((parse, ct) => CliApp.GuardAsync(parse, environment, async () =>
        {
            using var client = CliApp.Connect(parse, environment);
            var name = await ModuleCheck.ResolveAsync(client, parse.GetValue(module)!, ct);
            var job = await client.GetMassUpdateJobAsync(name, parse.GetValue(jobId)!, ct);
            Report.Job(environment, parse.GetValue(jobId)!, job, IsJson(parse));
            return CliApp.Success;
        }));
        return new Command("job", "Scheduled mass update jobs") { status };
    }

    public static Command Fields(CliEnvironment environment)
    {
        var module = ModuleCheck.Argument();
        var command = new Command("fields", "A module's fields: API name, type, length, whether mass-updatable") { module };
        command.SetAction((parse, ct) => CliApp.GuardAsync(parse, environment, async () =>
        {
            using var client = CliApp.Connect(parse, environment);
            var fields = await client.GetFieldsAsync(await ModuleCheck.ResolveAsync(client, parse.GetValue(module)!, ct), ct);
            if (IsJson(parse))
            {
                Report.Json(environment, new JsonObject { ["fields"] = fields.DeepClone() });
                return CliApp.Success;
            }
            Report.Table(environment, FieldColumns, fields.OfType<JsonObject>().Select(f => FieldColumns.Select(k => Report.Cell(f[k])).ToArray()));
            return CliApp.Success;
        }));
        return command;
    }

    public static Command Login(CliEnvironment environment)
    {
        var clientId = new Option<string>("--client-id") { Description = "OAuth client id", Required = true };
        var clientSecret = new Option<string>("--client-secret") { Description = "OAuth client secret", Required = true };
        var refreshToken = new Option<string?>("--refresh-token") { Description = "OAuth refresh token (without one: a self client's client_credentials grant)" };
        var login = new Command("login", "Check OAuth credentials and keep them for later commands (readable only by you)") { clientId, clientSecret, refreshToken };
        login.SetAction((parse, ct) => CliApp.GuardAsync(parse, environment, async () =>
        {
            var saved = new SavedLogin
            {
                ApiDomain = parse.GetValue(CliApp.ApiDomain) ?? environment.Variable("OPENLEADS_API_DOMAIN"),
                AccountsUrl = parse.GetValue(CliApp.AccountsUrl),
                DataCenter = parse.GetValue(CliApp.DataCenter)?.ToString(),
                ClientId = parse.GetValue(clientId),
                ClientSecret = parse.GetValue(clientSecret),
                RefreshToken = parse.GetValue(refreshToken),
            };
            // Only credentials that work are kept: a token from the accounts server, then one call with it.
            string? warning = null;
            using (var client = new ZohoCrmClient(CliApp.Options(null, null, null, null, saved)))
            {
                try
                {
                    await foreach (var _ in client.ListRecordsAsync(CheckModule, perPage: 1, cancellationToken: ct)) break;
                }
                catch (ZohoApiException e) when (e.Code == "INVALID_MODULE")
                {
                    // An org folder without Leads: the API took the token to judge the path, so the credentials work.
                }
                catch (ZohoApiException e) when (e.Code == "OAUTH_SCOPE_MISMATCH")
                {
                    // The API took the token (a scope mismatch is no authentication failure): the credentials work.
                    warning = $"the token may not list {CheckModule}: " +
                        (Refusals.MissingScope(e) is { } scope ? Refusals.ScopeAdvice(scope) : "it lacks the scope") + ".";
                }
            }
            saved.Write(environment.ConfigDirectory);
            Report.Line(environment, $"Signed in; credentials kept in {SavedLogin.PathIn(environment.ConfigDirectory)}.");
            if (warning is not null) await environment.Error.WriteLineAsync($"openleads: {warning}");
            return CliApp.Success;
        }));
        return login;
    }
}

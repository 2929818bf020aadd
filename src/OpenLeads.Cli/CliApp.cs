using System.CommandLine;
using OpenLeads.Client;

namespace OpenLeads.Cli;

/// <summary>
/// The <c>openleads</c> command line: global options for where and how to connect, one command per
/// task. Exit codes: 0 everything done, 2 some records not updated, 1 the request (or the arguments) failed.
/// </summary>
internal static class CliApp
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int SomeRecordsFailed = 2;

    public static readonly Option<string?> ApiDomain = new("--api-domain")
    {
        Description = "The CRM API's address, e.g. http://127.0.0.1:5180 (env OPENLEADS_API_DOMAIN; default: the data centre's)",
        Recursive = true,
    };

    public static readonly Option<string?> AccountsUrl = new("--accounts-url")
    {
        Description = "The accounts server that issues tokens (default: the API domain when given, else the data centre's)",
        Recursive = true,
    };

    public static readonly Option<ZohoDataCenter?> DataCenter = new("--data-center")
    {
        Description = "Zoho data centre: US, EU, IN, AU, JP, CA, CN or SA (default US)",
        Recursive = true,
    };

    public static readonly Option<string?> Token = new("--token")
    {
        Description = "An access token to use instead of the saved login (env OPENLEADS_TOKEN)",
        Recursive = true,
    };

    public static readonly Option<bool> Verbose = new("--verbose")
    {
        Description = "On a refused request, also print the raw answer: status, body and headers",
        Recursive = true,
    };

    public static readonly Option<string> Output = OutputOption();

    private static Option<string> OutputOption()
    {
        var option = new Option<string>("--output")
        {
            Description = "table (default; tab-separated rows when not a terminal) or json: Zoho's JSON as it came, merged across calls",
            Recursive = true,
            DefaultValueFactory = _ => "table",
        };
        option.AcceptOnlyFromAmong("table", "json");
        return option;
    }

    public static async Task<int> RunAsync(string[] args, CliEnvironment environment, CancellationToken ct = default)
    {
        var root = new RootCommand("openleads: mass updates, jobs and records of Zoho CRM or OpenLeads")
        {
            MassUpdateCommand.Create(environment),
            InfoCommands.Job(environment),
            InfoCommands.Fields(environment),
            RecordCommands.Create(environment),
            InfoCommands.Login(environment),
            OrgExportCommand.Create(environment),
            OperationCommands.Undo(environment),
            OperationCommands.Operation(environment),
        };
        foreach (var option in new Option[] { ApiDomain, AccountsUrl, DataCenter, Token, Output, Verbose }) root.Options.Add(option);
        return await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = environment.Out.Profile.Out.Writer, Error = environment.Error }, ct);
    }

    /// <summary>Runs a command's work, turning a refused request or bad input into one sentence and exit code 1.</summary>
    public static async Task<int> GuardAsync(ParseResult parse, CliEnvironment environment, Func<Task<int>> work)
    {
        try
        {
            return await work();
        }
        catch (CliUsageException e)
        {
            await environment.Error.WriteLineAsync($"openleads: {e.Message}");
            return Failure;
        }
        catch (ZohoApiException e)
        {
            await environment.Error.WriteLineAsync($"openleads: {Refusals.Sentence(e)}");
            if (parse.GetValue(Verbose))
            {
                foreach (var line in Refusals.Raw(e)) await environment.Error.WriteLineAsync(line);
            }
            return Failure;
        }
        catch (HttpRequestException e)
        {
            await environment.Error.WriteLineAsync($"openleads: the request failed: {e.Message}");
            return Failure;
        }
    }

    /// <summary>A client from the options, the environment and the saved login, in that order of precedence.</summary>
    public static ZohoCrmClient Connect(ParseResult parse, CliEnvironment environment) =>
        new(Options(parse.GetValue(ApiDomain) ?? environment.Variable("OPENLEADS_API_DOMAIN"), parse.GetValue(AccountsUrl), parse.GetValue(DataCenter),
            parse.GetValue(Token) ?? environment.Variable("OPENLEADS_TOKEN"), SavedLogin.Read(environment.ConfigDirectory)));

    /// <summary>Client options: what was given wins over the saved login; a token wins over OAuth credentials.</summary>
    public static ZohoCrmClientOptions Options(string? apiDomain, string? accountsUrl, ZohoDataCenter? center, string? token, SavedLogin? saved)
    {
        var options = new ZohoCrmClientOptions
        {
            ApiDomain = Url(apiDomain ?? saved?.ApiDomain, "--api-domain"),
            AccountsUrl = Url(accountsUrl ?? saved?.AccountsUrl, "--accounts-url"),
            DataCenter = center ?? (Enum.TryParse<ZohoDataCenter>(saved?.DataCenter, true, out var savedCenter) ? savedCenter : ZohoDataCenter.US),
            AccessToken = string.IsNullOrEmpty(token) ? null : token,
        };
        if (options.AccessToken is null)
        {
            if (saved?.ClientId is null) throw new CliUsageException("not signed in: run 'openleads login', or give --token (or OPENLEADS_TOKEN).");
            (options.ClientId, options.ClientSecret, options.RefreshToken) = (saved.ClientId, saved.ClientSecret, saved.RefreshToken);
        }
        return options;
    }

    private static Uri? Url(string? text, string option) =>
        text is null ? null
        : Uri.TryCreate(text, UriKind.Absolute, out var url) && url.Scheme is "http" or "https" ? url
        : throw new CliUsageException($"{option} '{text}' is not an http(s) address.");
}

/// <summary>Arguments that cannot work, found before any request is sent.</summary>
internal sealed class CliUsageException(string message) : Exception(message);

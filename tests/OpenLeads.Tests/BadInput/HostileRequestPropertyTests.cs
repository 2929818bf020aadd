using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using OpenLeads.Tests.BadInput.Hostile;
using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.BadInput;

/// <summary>
/// Generated hostile requests (see <see cref="Generator"/>) against every endpoint, on a real socket:
/// none is answered with a 5xx, every refusal the application writes is in Zoho's error shape (the
/// accounts server's for the token endpoint), no write is accepted, and a digest of every table of
/// the database is the same before and after. A failure prints CsCheck's seed and the shrunk request;
/// <c>CsCheck_Seed=…</c> replays it. <c>OPENLEADS_HOSTILE_REQUESTS</c> sets how many (10,000 by
/// default); <c>OPENLEADS_HOSTILE_TRACE=1</c> checks the digest after every request, on one thread, to
/// name the request that changed the database.
/// </summary>
public sealed class HostileRequestPropertyTests : ServerTest
{
    private static readonly long Requests =
        long.TryParse(Environment.GetEnvironmentVariable("OPENLEADS_HOSTILE_REQUESTS"), out var n) ? n : 10_000;

    private static readonly bool Trace = Environment.GetEnvironmentVariable("OPENLEADS_HOSTILE_TRACE") == "1";

    [Fact]
    public async Task GeneratedHostileRequests_ToEveryEndpoint_NeverFault_AreZohoShaped_AndChangeNoData()
    {
        var ids = await Zoho.SeedLeadsAsync(6);
        await Zoho.SetStateAsync(ids[1], "pending");
        await Zoho.SetStateAsync(ids[2], lockAction: "record_locking");
        // A record with history: audit rows (and SQLite's autoincrement counter of them) exist before the run.
        Assert.Equal(200, (await Zoho.MassUpdateAsync(new { data = new[] { new { City = "Lagos" } }, ids = new[] { ids[0], ids[3] } })).Code);
        var org = await OrgShape.ReadAsync(Zoho, ["Leads"], ids);
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, MaxConnectionsPerServer = 8 })
        {
            BaseAddress = Server.Address,
            Timeout = TimeSpan.FromSeconds(30),
        };
        var before = await DatabaseDigest.OfAsync(Server);

        await Gen.UInt.Array[48].Select(tape => Generator.Build(new Tape(tape), org)).SampleAsync(async request =>
        {
            var digest = Trace ? await DatabaseDigest.OfAsync(Server) : null;
            using var response = await SendAsync(http, request);
            if (response is null) return;
            await VerdictAsync(request, response);
            if (Trace && await DatabaseDigest.OfAsync(Server) is var after && after != digest)
            {
                Assert.Fail($"this request changed the database: {DatabaseDigest.Difference(digest!, after)}");
            }
        }, iter: Requests, threads: Trace ? 1 : 4, print: r => r.ToString());

        using var health = await http.GetAsync("/health");
        Assert.Equal(200, (int)health.StatusCode);
        var end = await DatabaseDigest.OfAsync(Server);
        Assert.True(before == end, $"The database changed during the run ({DatabaseDigest.Difference(before, end)}). " +
                                   "Rerun with OPENLEADS_HOSTILE_TRACE=1 to name the request that changed it.");
    }

    /// <summary>The answer, or null when the client itself would not send the request (a body on TRACE, say).</summary>
    private static async Task<HttpResponseMessage?> SendAsync(HttpClient http, HostileRequest request)
    {
        // An absolute address: a path such as "//x" would otherwise be read as a host name.
        if (!Uri.TryCreate(http.BaseAddress!.GetLeftPart(UriPartial.Authority) + request.PathAndQuery, UriKind.Absolute, out var address)) return null;
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), address);
        if (request.Body is not null)
        {
            message.Content = new ByteArrayContent(request.Body);
            if (request.ContentType is not null) message.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
        }
        switch (request.Credentials)
        {
            case Credentials.DevToken:
                message.Headers.Authorization = new AuthenticationHeaderValue("Zoho-oauthtoken", OpenLeadsServer.DevToken);
                break;
            case Credentials.Garbage:
                message.Headers.TryAddWithoutValidation("Authorization", "Zoho-oauthtoken 1000.not-a-token");
                break;
            case Credentials.AdminKey:
                message.Headers.Add("X-OpenLeads-Admin-Key", OpenLeadsServer.AdminKey);
                break;
            case Credentials.WrongAdminKey:
                message.Headers.Add("X-OpenLeads-Admin-Key", "not-the-key");
                break;
        }
        foreach (var (name, value) in request.Headers)
        {
            if (!message.Headers.TryAddWithoutValidation(name, value)) message.Content?.Headers.TryAddWithoutValidation(name, value);
        }
        try
        {
            return await http.SendAsync(message);
        }
        catch (HttpRequestException e) when (e.InnerException is not IOException)
        {
            return null; // refused by HttpClient before sending; the server never saw it
        }
        catch (HttpRequestException)
        {
            return null; // the server closed the connection on a request it would not read (Kestrel's own refusal)
        }
    }

    private static async Task VerdictAsync(HostileRequest request, HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync();
        var shown = text.Length > 600 ? text[..600] + "…" : text;
        Assert.True(status < 500, $"HTTP {status}: {shown}");
        // Kestrel's own refusals of malformed HTTP carry no request id and no body: the application never ran.
        var applicationAnswered = response.Headers.Contains("X-Request-Id");
        if (!applicationAnswered || request.Method == "HEAD" || text.Length == 0 && status is 204 or 304) return;

        var isJson = TryParse(text, out var json);
        if (status >= 400)
        {
            Assert.True(isJson, $"HTTP {status} answered with a body that is not JSON: {shown}");
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            if (request.IsTokenEndpoint) Assert.True(json?["error"] is JsonValue, $"not the accounts server's shape: {shown}");
            else AssertZohoErrors(json, text);
            return;
        }
        if (request.Method == "GET" || request.IsConsole()) return;
        // A write answered with a success: either the server accepted bad input or the generator drafted a valid write.
        Assert.True(isJson, $"HTTP {status}: {shown}");
        if (request.IsTokenEndpoint)
        {
            // The accounts server refuses at HTTP 200 with {"error":…}; an access token would mean bad credentials were taken.
            Assert.True(json?["error"] is JsonValue && json["access_token"] is null, $"the token endpoint issued a token: {shown}");
            return;
        }
        var entries = json?["data"] as JsonArray;
        Assert.True(entries is not null, $"a write answered {status} without Zoho's data array: {shown}");
        Assert.All(entries!, e => Assert.True(e?["status"]?.GetValue<string>() == "error", $"a hostile write was accepted: {shown}"));
    }

    private static void AssertZohoErrors(JsonNode? json, string shown)
    {
        IEnumerable<JsonNode?> entries = json?["data"] is JsonArray data ? data : [json];
        Assert.All(entries, e => Assert.True(e is JsonObject o && o["code"] is JsonValue && o["details"] is JsonObject
                                             && o["message"] is JsonValue && o["status"]?.GetValue<string>() == "error",
            $"not Zoho's error shape: {shown}"));
    }

    private static bool TryParse(string text, out JsonNode? json)
    {
        try
        {
            json = JsonNode.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            json = null;
            return false;
        }
    }
}

internal static class HostileRequestExtensions
{
    public static bool IsConsole(this HostileRequest request) => !request.PathAndQuery.StartsWith("/crm", StringComparison.Ordinal)
        && !request.PathAndQuery.StartsWith("/__admin", StringComparison.Ordinal) && !request.IsTokenEndpoint;
}

using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Npgsql;
using OpenLeads.Client;
using OpenLeads.Tests.DemoOrg;
using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.Safety;

/// <summary>
/// <c>Idempotency-Key</c> on a write: the first answer replayed (status, headers, body, marked <c>Idempotent-Replayed: true</c>)
/// to a repeat with the same body and not applied again; another body refused 422; two at once, one applied; a bad key refused;
/// and the client library's retry of a timed-out mass update, whose first try was applied, applied once.
/// </summary>
public sealed class IdempotencyTests : ServerTest
{
    private async Task<ZohoResponse> SendAsync(HttpMethod method, string path, object? body, string? key)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = new StringContent(ZohoClient.Json(body), System.Text.Encoding.UTF8, "application/json");
        if (key is not null) request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        var response = await Zoho.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new ZohoResponse(response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text), response);
    }

    private static object Contact(string name) => new { data = new[] { new { Last_Name = name } } };

    [Fact]
    public async Task ARepeat_WithTheSameKeyAndBody_ReplaysTheFirstAnswer_AndIsNotAppliedAgain()
    {
        var first = await SendAsync(HttpMethod.Post, "/crm/v8/Contacts", Contact("Okafor"), "insert-okafor-1");
        var again = await SendAsync(HttpMethod.Post, "/crm/v8/Contacts", Contact("Okafor"), "insert-okafor-1");

        Assert.Equal(201, first.Code);
        Assert.Equal((first.Code, first.Body!.ToJsonString()), (again.Code, again.Body!.ToJsonString()));
        Assert.Equal(first.Message.Content.Headers.ContentType, again.Message.Content.Headers.ContentType);
        Assert.Equal(first.Message.Headers.GetValues("X-Request-Id"), again.Message.Headers.GetValues("X-Request-Id"));
        Assert.False(first.Message.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal("true", again.Message.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Single((await Zoho.ListAsync("Contacts")).Values, c => c["Last_Name"]!.GetValue<string>() == "Okafor");
        var other = await SendAsync(HttpMethod.Post, "/crm/v8/Contacts", Contact("Okafor"), "insert-okafor-2");
        Assert.Equal(2, (await Zoho.ListAsync("Contacts")).Values.Count(c => c["Last_Name"]!.GetValue<string>() == "Okafor"));
        Assert.False(other.Message.Headers.Contains("Idempotent-Replayed"));
    }

    [Fact]
    public async Task TheSameKey_WithAnotherBody_IsRefused422_AndChangesNothing()
    {
        var id = await Zoho.InsertAsync("Accounts", new { Account_Name = "Zylker" });
        await SendAsync(HttpMethod.Put, $"/crm/v8/Accounts/{id}", new { data = new[] { new { Account_Name = "Zylker Inc" } } }, "rename-zylker");
        var before = await DatabaseDigest.OfAsync(Server);

        var response = await SendAsync(HttpMethod.Put, $"/crm/v8/Accounts/{id}", new { data = new[] { new { Account_Name = "Zylker Ltd" } } }, "rename-zylker");

        ResponseAssert.IsError(422, "INVALID_DATA", "this Idempotency-Key was used with another request; use a new key for a new request",
            """{"header":"Idempotency-Key"}""", response);
        Assert.Equal(before, await DatabaseDigest.OfAsync(Server));
    }

    [Fact]
    public async Task TwoAtOnce_WithOneKey_OneIsApplied_AndBothGetItsAnswer()
    {
        var answers = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => SendAsync(HttpMethod.Post, "/crm/v8/Contacts", Contact("Ito"), "insert-ito")));

        Assert.Equal(answers[0].Body!.ToJsonString(), answers[1].Body!.ToJsonString());
        Assert.Single(answers, a => a.Message.Headers.Contains("Idempotent-Replayed"));
        Assert.Single((await Zoho.ListAsync("Contacts")).Values, c => c["Last_Name"]!.GetValue<string>() == "Ito");
    }

    [Theory]
    [InlineData("")]
    [InlineData("256")]
    public async Task ABadKey_IsRefusedNamingTheHeader_AndChangesNothing(string key)
    {
        var before = await DatabaseDigest.OfAsync(Server);

        var response = await SendAsync(HttpMethod.Post, "/crm/v8/Contacts", Contact("Okafor"), key == "256" ? new string('k', 256) : key);

        ResponseAssert.IsError(400, "INVALID_DATA", "the Idempotency-Key header must be 1 to 255 printable ASCII characters",
            """{"header":"Idempotency-Key","maximum_length":255}""", response);
        Assert.Equal(before, await DatabaseDigest.OfAsync(Server));
    }

    [Fact]
    public async Task TheClient_RetryingATimedOutMassUpdate_WithTheSameKey_NeverAppliesItTwice()
    {
        var id = (await Zoho.SeedLeadsAsync(1))[0];
        // The first try is applied, and its answer held back past the client's timeout.
        var fault = await Zoho.PostAsync("/__admin/faults", new { method = "POST", path = "/crm/*/Leads/actions/mass_update", answer_delay_ms = 4000, times = 1 });
        Assert.True(fault.Code == 201, fault.ToString());
        await Zoho.SendAsync(HttpMethod.Delete, "/__admin/requests");
        using var client = new ZohoCrmClient(new ZohoCrmClientOptions
        {
            ApiDomain = Server.Address, AccessToken = OpenLeadsServer.DevToken, RetryDelay = TimeSpan.FromMilliseconds(10),
            AttemptTimeout = TimeSpan.FromSeconds(1), MaxRetries = 2,
        });

        var result = await client.MassUpdateAsync("Leads", "City", "Lyon", [id]);

        Assert.Equal("SUCCESS", result.Outcomes.Single().Code);
        var tries = (await Zoho.GetAsync("/__admin/requests?path=/crm/*/mass_update")).Body!["requests"]!.AsArray();
        Assert.Equal(2, tries.Count);
        var keys = tries.Select(t => t!["headers"]!["Idempotency-Key"]!.ToJsonString()).ToArray();
        Assert.Equal(keys[0], keys[1]);
        Assert.Equal(1, await AuditRowsAsync(id, "City"));
    }

    /// <summary>The audit rows of one field of a Lead, read from the database: one per time a write applied it.</summary>
    private async Task<long> AuditRowsAsync(string id, string field)
    {
        const string sql = "SELECT count(*) FROM audit_log WHERE module = 'Leads' AND record_id = @id AND field = @field";
        if (Server.PostgresConnectionString is { } postgres)
        {
            await using var pg = new NpgsqlConnection(postgres);
            await pg.OpenAsync();
            await using var command = new NpgsqlCommand(sql, pg);
            command.Parameters.AddWithValue("@id", long.Parse(id));
            command.Parameters.AddWithValue("@field", field);
            return Convert.ToInt64(await command.ExecuteScalarAsync());
        }
        await using var sqlite = new SqliteConnection($"Data Source={Server.DatabasePath};Mode=ReadOnly;Pooling=False");
        await sqlite.OpenAsync();
        await using var query = new SqliteCommand(sql, sqlite);
        query.Parameters.AddWithValue("@id", long.Parse(id));
        query.Parameters.AddWithValue("@field", field);
        return Convert.ToInt64(await query.ExecuteScalarAsync());
    }
}

using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Npgsql;
using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.Hosting;

/// <summary>
/// Server processes on PostgreSQL as a team deploys them: several instances on one database, and a
/// database that goes away and comes back (start-up against a bad one: <see cref="PostgresStartupTests"/>).
/// </summary>
public sealed class PostgresInstancesTests : IDisposable
{
    private const string Token = "1000.instances-test-token";
    private const string AdminKey = "instances-admin-key";

    private readonly string _directory = Directory.CreateTempSubdirectory("openleads-pg-process-").FullName;
    private readonly string _database = PostgresCluster.Instance.CreateDatabase();

    public void Dispose()
    {
        PostgresCluster.Instance.DropDatabase(_database);
        Directory.Delete(_directory, recursive: true);
    }

    private ServerProcess Start(string connectionString, string name, params string[] extra) =>
        ServerProcess.Start(Directory.CreateDirectory(Path.Combine(_directory, name)).FullName,
        [
            "--OpenLeads:Storage:Provider=postgres", $"--OpenLeads:Storage:ConnectionString={connectionString}",
            $"--OpenLeads:Auth:DevToken={Token}", $"--OpenLeads:Admin:Key={AdminKey}", "--OpenLeads:Seed:DemoLeads=0", .. extra,
        ]);

    private static HttpClient Client(string address)
    {
        var http = new HttpClient { BaseAddress = new Uri(address) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Zoho-oauthtoken", Token);
        http.DefaultRequestHeaders.Add("X-OpenLeads-Admin-Key", AdminKey);
        return http;
    }

    /// <summary>Posts JSON with the property names as written (Zoho's field names are not camel case).</summary>
    private static Task<HttpResponseMessage> PostAsync(HttpClient http, string path, object body) =>
        http.PostAsync(path, new StringContent(ZohoClient.Json(body), System.Text.Encoding.UTF8, "application/json"));

    [Fact]
    public async Task AFieldCreatedThroughOneInstance_IsServedByTheOtherFromItsNextRequest_AndAfterARestart()
    {
        string id;
        await using (var first = Start(_database, "a"))
        await using (var second = Start(_database, "b"))
        {
            await Task.WhenAll(first.WaitUntilListeningAsync(), second.WaitUntilListeningAsync());
            using var a = Client(first.Address);
            using var b = Client(second.Address);
            var seeded = await (await a.PostAsJsonAsync("/__admin/seed", new { module = "Leads", count = 2, seed = 3 })).Content.ReadFromJsonAsync<JsonObject>();
            id = seeded!["ids"]![0]!.GetValue<string>();

            var created = await PostAsync(a, "/crm/v8/settings/fields?module=Leads", new { fields = new[] { new { field_label = "Region Code", data_type = "text" } } });
            Assert.Equal(201, (int)created.StatusCode);

            // No wait, no retry: B learns the fields version with the token of its very next request.
            var update = await b.PutAsync($"/crm/v2/Leads/{id}", new StringContent(ZohoClient.Json(new { data = new[] { new { Region_Code = "EU-7" } } })));
            Assert.Equal(200, (int)update.StatusCode);
            var fields = JsonNode.Parse(await b.GetStringAsync("/crm/v8/settings/fields?module=Leads"))!["fields"]!.AsArray();
            Assert.Contains(fields, f => f!["api_name"]!.GetValue<string>() == "Region_Code");
        }

        await using var third = Start(_database, "c");
        using var c = Client(await third.WaitUntilListeningAsync());
        var lead = JsonNode.Parse(await c.GetStringAsync($"/crm/v2/Leads/{id}"))!["data"]![0]!;
        Assert.Equal("EU-7", lead["Region_Code"]!.GetValue<string>());
    }

    [Fact]
    public async Task TwoInstancesOnOneDatabase_ServeOverlappingMassUpdates_WithNoLostUpdateAndNo5xx()
    {
        // Both start at once on an empty database: the migration lock lets one migrate while the other waits.
        await using var first = Start(_database, "a");
        await using var second = Start(_database, "b");
        await Task.WhenAll(first.WaitUntilListeningAsync(), second.WaitUntilListeningAsync());
        using var a = Client(first.Address);
        using var b = Client(second.Address);
        var seeded = await (await a.PostAsJsonAsync("/__admin/seed", new { module = "Leads", count = 120, seed = 3 })).Content.ReadFromJsonAsync<JsonObject>();
        var ids = seeded!["ids"]!.AsArray().Select(id => id!.GetValue<string>()).ToArray();

        var statuses = new ConcurrentBag<int>();
        var written = 0;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(worker => Task.Run(async () =>
        {
            var http = worker % 2 == 0 ? a : b;
            var random = new Random(worker);
            for (var round = 0; round < 12; round++)
            {
                // Overlapping, shuffled subsets: rows are locked in id order, so this must not deadlock.
                var subset = ids.OrderBy(_ => random.Next()).Take(60).ToArray();
                var response = await PostAsync(http, "/crm/v2/Leads/actions/mass_update",
                    new { data = new[] { new { No_of_Employees = worker * 1000 + round } }, ids = subset });
                statuses.Add((int)response.StatusCode);
                var body = await response.Content.ReadFromJsonAsync<JsonObject>();
                Interlocked.Add(ref written, body!["data"]!.AsArray().Count(e => e!["code"]!.GetValue<string>() == "SUCCESS"));
            }
        })));

        Assert.All(statuses, status => Assert.Equal(200, status));
        Assert.Equal(8 * 12 * 60, written);
        await using var connection = new NpgsqlConnection(_database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT count(*) FILTER (WHERE l."No_of_Employees"::text IS DISTINCT FROM last.new_value), (SELECT count(*) FROM audit_log)
            FROM "Leads" l
            JOIN LATERAL (SELECT new_value FROM audit_log a WHERE a.record_id = l.id ORDER BY a.id DESC LIMIT 1) last ON true
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        Assert.Equal(0, reader.GetInt64(0));   // every record holds the value of its last audited change
        Assert.Equal(written, reader.GetInt64(1)); // one audit row per update, none lost, none doubled
    }

    [Fact]
    public async Task TwoInstances_RunScheduledJobsAndIdsUpdatesTogether_EveryJobExactlyOnce_NoUpdateLost()
    {
        await using var first = Start(_database, "ja", "--OpenLeads:Jobs:BatchSize=25", "--OpenLeads:Jobs:PollMilliseconds=50");
        await using var second = Start(_database, "jb", "--OpenLeads:Jobs:BatchSize=25", "--OpenLeads:Jobs:PollMilliseconds=50");
        await Task.WhenAll(first.WaitUntilListeningAsync(), second.WaitUntilListeningAsync());
        using var a = Client(first.Address);
        using var b = Client(second.Address);
        var seeded = await (await a.PostAsJsonAsync("/__admin/seed", new { module = "Leads", count = 2000, seed = 11 })).Content.ReadFromJsonAsync<JsonObject>();
        var ids = seeded!["ids"]!.AsArray().Select(id => id!.GetValue<string>()).ToArray();
        string[] cities = ["Austin", "Berlin", "Toronto", "Osaka"];
        var views = new List<string> { "738964000000087501" }; // All Leads: overlaps every other view
        foreach (var city in cities)
        {
            var created = await (await PostAsync(a, "/__admin/custom_views", new { module = "Leads", name = city, criteria = $"(City:equals:{city})" }))
                .Content.ReadFromJsonAsync<JsonObject>();
            views.Add(created!["id"]!.GetValue<string>());
        }

        var statuses = new ConcurrentBag<int>();
        var jobIds = new ConcurrentBag<string>();
        var schedule = Task.WhenAll(views.Select((cvid, i) => Task.Run(async () =>
        {
            var response = await PostAsync(i % 2 == 0 ? a : b, "/crm/v2/Leads/actions/mass_update",
                new { data = new[] { new { Rating = i % 2 == 0 ? "Active" : "Acquired" } }, cvid });
            statuses.Add((int)response.StatusCode);
            jobIds.Add((await response.Content.ReadFromJsonAsync<JsonObject>())!["data"]![0]!["details"]!["job_id"]!.GetValue<string>());
        })));
        var updates = Task.WhenAll(Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
        {
            var random = new Random(worker);
            for (var round = 0; round < 10; round++)
            {
                var response = await PostAsync(worker % 2 == 0 ? a : b, "/crm/v2/Leads/actions/mass_update",
                    new { data = new[] { new { Rating = worker % 2 == 0 ? "Market Failed" : "Shut Down" } }, ids = ids.OrderBy(_ => random.Next()).Take(100) });
                statuses.Add((int)response.StatusCode);
            }
        })));
        await Task.WhenAll(schedule, updates);

        var deadline = DateTime.UtcNow.AddSeconds(120);
        var done = new Dictionary<string, JsonNode>();
        while (done.Count < jobIds.Count && DateTime.UtcNow < deadline)
        {
            foreach (var job in jobIds.Where(j => !done.ContainsKey(j)))
            {
                var status = JsonNode.Parse(await b.GetStringAsync($"/crm/v2/Leads/actions/mass_update?job_id={job}"))!["data"]![0]!;
                if (status["Status"]!.GetValue<string>() == "COMPLETED") done[job] = status;
            }
            await Task.Delay(100);
        }

        Assert.All(statuses, status => Assert.Equal(200, status));
        Assert.Equal(views.Count, done.Count);
        await using var connection = new NpgsqlConnection(_database);
        await connection.OpenAsync();
        foreach (var (job, status) in done)
        {
            await using var command = new NpgsqlCommand("SELECT count(*), count(DISTINCT record_id) FROM audit_log WHERE job_id = @job", connection);
            command.Parameters.AddWithValue("@job", long.Parse(job));
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            var updated = status["Updated_Count"]!.GetValue<long>();
            Assert.Equal(updated, reader.GetInt64(0)); // no batch ran twice
            Assert.Equal(updated, reader.GetInt64(1));
            Assert.Equal(status["Total_Count"]!.GetValue<long>(),
                updated + status["Not_Updated_Count"]!.GetValue<long>() + status["Failed_Count"]!.GetValue<long>());
        }
        await using var lost = new NpgsqlCommand("""
            SELECT count(*) FROM "Leads" l
            JOIN LATERAL (SELECT new_value FROM audit_log a WHERE a.record_id = l.id AND a.field = 'Rating' ORDER BY a.id DESC LIMIT 1) last ON true
            WHERE to_json(l."Rating")::text IS DISTINCT FROM last.new_value
            """, connection);
        Assert.Equal(0L, (long)(await lost.ExecuteScalarAsync())!); // each record holds its last committed Rating
    }

    [Fact]
    public async Task DatabaseGoingAway_AnswersInternalError_ThenTheServerRecovers_WithNoPartialChange()
    {
        var target = new NpgsqlConnectionStringBuilder(_database);
        await using var proxy = new TcpProxy(target.Host!, target.Port);
        var viaProxy = new NpgsqlConnectionStringBuilder(_database) { Host = "127.0.0.1", Port = proxy.Port, Timeout = 3 }.ToString();
        await using var server = Start(viaProxy, "flaky");
        using var http = Client(await server.WaitUntilListeningAsync());
        var seeded = await (await http.PostAsJsonAsync("/__admin/seed", new { module = "Leads", count = 3, seed = 1 })).Content.ReadFromJsonAsync<JsonObject>();
        var ids = seeded!["ids"]!.AsArray().Select(id => id!.GetValue<string>()).ToArray();

        proxy.Cut();
        var during = await PostAsync(http, "/crm/v2/Leads/actions/mass_update", new { data = new[] { new { City = "Nowhere" } }, ids });
        var duringBody = await during.Content.ReadAsStringAsync();
        proxy.Restore();
        HttpResponseMessage after = null!;
        for (var attempt = 0; attempt < 20; attempt++)
        {
            after = await http.GetAsync($"/crm/v2/Leads?ids={string.Join(',', ids)}");
            if ((int)after.StatusCode == 200) break;
            await Task.Delay(250);
        }

        Assert.Equal(500, (int)during.StatusCode);
        Assert.Equal("""{"code":"INTERNAL_ERROR","details":{},"message":"Internal server error occurred.","status":"error"}""", duringBody);
        Assert.Equal(200, (int)after.StatusCode);
        var leads = (await after.Content.ReadFromJsonAsync<JsonObject>())!["data"]!.AsArray();
        Assert.All(leads, lead => Assert.NotEqual("Nowhere", lead!["City"]?.GetValue<string>()));
    }
}

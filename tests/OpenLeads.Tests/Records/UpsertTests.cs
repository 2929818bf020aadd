using System.Text.Json.Nodes;
using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.Records;

/// <summary><c>POST /crm/{v}/{module}/upsert</c>: insert or update by duplicate check fields, Zoho's per-record answer, its errors.</summary>
public sealed class UpsertTests : ServerTest
{
    private const string Patricia = """{"name":"Patricia Boyle","id":"738964000000291009"}""";

    private async Task<(string Id, string Time)> InsertAsync(string module, object record)
    {
        var response = await Zoho.PostAsync($"/crm/v8/{module}", new { data = new[] { record } });
        Assert.True(response.Code == 201, response.ToString());
        var details = response.Data[0]!["details"]!;
        return (details["id"]!.GetValue<string>(), details["Created_Time"]!.GetValue<string>());
    }

    private static string Success(string id, string created, string modified, string message, string action, string? duplicateField) =>
        $$"""
        {"code":"SUCCESS","details":{"Modified_Time":"{{modified}}","Modified_By":{{Patricia}},"Created_Time":"{{created}}","id":"{{id}}","Created_By":{{Patricia}}},
         "message":"{{message}}","status":"success","action":"{{action}}","duplicate_field":{{(duplicateField is null ? "null" : $"\"{duplicateField}\"")}}}
        """;

    private static string Entry(ZohoResponse response, int i, string key) => response.Data[i]!["details"]![key]!.GetValue<string>();

    [Fact]
    public async Task Upsert_OfLeads_UpdatesTheOneWhoseEmailExists_AndInsertsTheOther()
    {
        var (existing, created) = await InsertAsync("Leads", new { Last_Name = "Okafor", Email = "amara@lumen.example", Company = "Lumen" });

        var response = await Zoho.PostAsync("/crm/v8/Leads/upsert", new
        {
            data = new object[]
            {
                new { Email = "amara@lumen.example", Company = "Lumen Health" },
                new { Last_Name = "Haddad", Email = "omar@cedar.example" },
            },
        });

        var inserted = Entry(response, 1, "id");
        var now = Entry(response, 1, "Created_Time");
        ResponseAssert.Answer(200, $$"""
            {"data":[{{Success(existing, created, Entry(response, 0, "Modified_Time"), "record updated", "update", "Email")}},
                     {{Success(inserted, now, now, "record added", "insert", null)}}]}
            """, response);
        var updated = await Zoho.GetLeadAsync(existing);
        Assert.Equal(("Okafor", "Lumen Health"), (updated["Last_Name"]!.GetValue<string>(), updated["Company"]!.GetValue<string>()));
        Assert.Equal("Haddad", (await Zoho.GetLeadAsync(inserted))["Last_Name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Upsert_ByTheFieldsNamed_FindsAccountsByName_InAnyModule()
    {
        var (existing, created) = await InsertAsync("Accounts", new { Account_Name = "Cedar Logistics", Phone = "555-0100" });

        var response = await Zoho.PostAsync("/crm/v2/Accounts/upsert", new
        {
            data = new[] { new { Account_Name = "Cedar Logistics", Phone = "555-0199" } },
            duplicate_check_fields = new[] { "Account_Name" },
            trigger = Array.Empty<string>(),
        });

        ResponseAssert.Answer(200, $$"""
            {"data":[{{Success(existing, created, Entry(response, 0, "Modified_Time"), "record updated", "update", "Account_Name")}}]}
            """, response);
        var account = (await Zoho.GetAsync($"/crm/v8/Accounts/{existing}")).Data[0]!;
        Assert.Equal("555-0199", account["Phone"]!.GetValue<string>());
    }

    [Fact]
    public async Task Upsert_OfANewRecordWithoutItsMandatoryField_IsRefused_WhileAnUpdateNeedsNone()
    {
        var (existing, _) = await InsertAsync("Leads", new { Last_Name = "Okafor", Email = "amara@lumen.example" });

        var response = await Zoho.PostAsync("/crm/v8/Leads/upsert", new
        {
            data = new object[] { new { Email = "nobody@new.example" }, new { Email = "amara@lumen.example", City = "Lagos" } },
        });

        Assert.Equal(207, response.Code);
        Assert.Equal(ResponseAssert.Canonical(JsonNode.Parse(
                """{"code":"MANDATORY_NOT_FOUND","details":{"api_name":"Last_Name"},"message":"required field not found","status":"error"}""")),
            ResponseAssert.Canonical(response.Data[0]));
        Assert.Equal(("update", "Email", existing),
            (response.Data[1]!["action"]!.GetValue<string>(), response.Data[1]!["duplicate_field"]!.GetValue<string>(), Entry(response, 1, "id")));
        Assert.Single((await Zoho.GetAsync("/crm/v8/Leads")).Data);
    }

    [Fact]
    public async Task Upsert_WithAnUnknownDuplicateCheckField_OrTooManyRecords_IsRefusedAndChangesNothing()
    {
        await InsertAsync("Leads", new { Last_Name = "Okafor", Email = "amara@lumen.example" });
        var digest = await DatabaseDigest.OfAsync(Server);

        var unknown = await Zoho.PostAsync("/crm/v8/Leads/upsert", new
        {
            data = new[] { new { Last_Name = "Haddad", Email = "amara@lumen.example" } },
            duplicate_check_fields = new[] { "Email", "Shoe_Size" },
        });
        var notUnique = await Zoho.PostAsync("/crm/v8/Leads/upsert", new
        {
            data = new[] { new { Last_Name = "Haddad", City = "Lagos" } },
            duplicate_check_fields = new[] { "City" },
        });
        var tooMany = await Zoho.PostAsync("/crm/v8/Leads/upsert", new
        {
            data = Enumerable.Range(0, 101).Select(i => new { Last_Name = $"L{i}" }).ToArray(),
        });
        var notArray = await Zoho.PostAsync("/crm/v8/Leads/upsert", new { data = new[] { new { Last_Name = "Haddad" } }, duplicate_check_fields = "Email" });
        var badModule = await Zoho.PostAsync("/crm/v8/Vendors/upsert", new { data = new[] { new { Last_Name = "Haddad" } } });

        ResponseAssert.IsError(400, "INVALID_DATA", "invalid data", """{"api_name":"Shoe_Size","json_path":"$.duplicate_check_fields[1]"}""", unknown);
        ResponseAssert.IsError(400, "INVALID_DATA", "invalid data", """{"api_name":"City","json_path":"$.duplicate_check_fields[0]"}""", notUnique);
        ResponseAssert.Is(400, """
            {"data":[{"code":"LIMIT_EXCEEDED","details":{"maximum_length":100,"api_name":"data"},"message":"count of records in your request exceeds the limit","status":"error"}]}
            """, tooMany);
        ResponseAssert.IsError(400, "INVALID_DATA", "invalid data", """{"expected_data_type":"jsonarray","api_name":"duplicate_check_fields"}""", notArray);
        ResponseAssert.IsError(400, "INVALID_MODULE", "the module name given seems to be invalid", """{"resource_path_index":0}""", badModule);
        Assert.Equal(digest, await DatabaseDigest.OfAsync(Server));
    }

    [Fact]
    public async Task StatementCount_DoesNotGrowWithTheNumberOfRecords()
    {
        long Measure(int count, string prefix)
        {
            var records = Enumerable.Range(0, count).Select(i => new { Last_Name = $"L{i}", Email = $"{prefix}{i}@x.example" }).ToArray();
            using var counter = new StatementCounter(Server.StorageName);
            var response = Zoho.PostAsync("/crm/v8/Leads/upsert", new { data = records }).GetAwaiter().GetResult();
            Assert.True(response.Code == 200, response.ToString());
            return counter.Count;
        }

        // The fewest of three tries: the server's background pollers (jobs, notifications) may land statements in a window.
        long Fewest(int existing, int count, string prefix) => Enumerable.Range(0, 3).Min(t =>
        {
            Measure(existing, $"{prefix}{t}-");
            return Measure(count, $"{prefix}{t}-");
        });

        var few = Fewest(2, 4, "a");    // two updates, two inserts
        var many = Fewest(50, 100, "b"); // fifty updates, fifty inserts
        // Lookup, insert, read, audit, update, the token and the limiter's slot: never one per record.
        Assert.InRange(few, 1, 10);
        Assert.InRange(many, 1, 10);
    }
}

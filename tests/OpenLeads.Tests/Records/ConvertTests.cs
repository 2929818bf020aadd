using System.Text.Json.Nodes;
using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.Records;

/// <summary><c>POST /crm/{v}/Leads/{id}/actions/convert</c>: the Contact, the Account and the Deal it makes, the converted Lead, the errors.</summary>
public sealed class ConvertTests : ServerTest
{
    private async Task<string> InsertAsync(string module, object record)
    {
        var response = await Zoho.PostAsync($"/crm/v8/{module}", new { data = new[] { record } });
        Assert.True(response.Code == 201, response.ToString());
        return response.Data[0]!["details"]!["id"]!.GetValue<string>();
    }

    private async Task<JsonNode> GetAsync(string module, string id) => (await Zoho.GetAsync($"/crm/v8/{module}/{id}")).Data[0]!;

    private Task<string> LeadAsync() => InsertAsync("Leads", new
    {
        First_Name = "Amara", Last_Name = "Okafor", Company = "Lumen Health", Email = "amara@lumen.example", Phone = "555-0100",
        City = "Lagos", Designation = "CTO", Lead_Source = "Trade Show",
    });

    [Fact]
    public async Task Convert_OfALead_MakesItsContactAccountAndDeal_LinksThem_AndMarksTheLeadConverted()
    {
        var lead = await LeadAsync();

        var response = await Zoho.PostAsync($"/crm/v2/Leads/{lead}/actions/convert", new
        {
            data = new[] { new { overwrite = true, notify_lead_owner = false, notify_new_entity_owner = false,
                Deals = new { Deal_Name = "Lumen rollout", Closing_Date = "2026-03-31", Stage = "Qualification", Amount = 5000 } } },
        });

        Assert.True(response.Code == 200, response.ToString());
        var ids = response.Data[0]!;
        var (contact, account, deal) = (ids["Contacts"]!.GetValue<string>(), ids["Accounts"]!.GetValue<string>(), ids["Deals"]!.GetValue<string>());
        ResponseAssert.Is(200, $$"""{"data":[{"Contacts":"{{contact}}","Deals":"{{deal}}","Accounts":"{{account}}"}]}""", response);

        var c = await GetAsync("Contacts", contact);
        Assert.Equal(("Amara", "Okafor", "amara@lumen.example", "555-0100", "Lagos", "CTO", "Trade Show"),
            (c["First_Name"]!.GetValue<string>(), c["Last_Name"]!.GetValue<string>(), c["Email"]!.GetValue<string>(), c["Phone"]!.GetValue<string>(),
             c["Mailing_City"]!.GetValue<string>(), c["Title"]!.GetValue<string>(), c["Lead_Source"]!.GetValue<string>()));
        var named = $$"""{"name":"Lumen Health","id":"{{account}}"}""";
        Assert.Equal(named, c["Account_Name"]!.ToJsonString());
        Assert.Equal(("Lumen Health", "555-0100"), ((await GetAsync("Accounts", account))["Account_Name"]!.GetValue<string>(), (await GetAsync("Accounts", account))["Phone"]!.GetValue<string>()));
        var d = await GetAsync("Deals", deal);
        Assert.Equal((named, $$"""{"name":"Amara Okafor","id":"{{contact}}"}""", 5000.0, "Trade Show"),
            (d["Account_Name"]!.ToJsonString(), d["Contact_Name"]!.ToJsonString(), d["Amount"]!.GetValue<double>(), d["Lead_Source"]!.GetValue<string>()));

        var converted = await GetAsync("Leads", lead);
        Assert.True(converted["$converted"]!.GetValue<bool>());
        var detail = converted["$converted_detail"]!;
        Assert.Equal((contact, account, deal, "Patricia Boyle"), (detail["Contacts"]!.GetValue<string>(), detail["Accounts"]!.GetValue<string>(),
            detail["Deals"]!.GetValue<string>(), detail["convert_user"]!["name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Convert_ToTheAccountOfTheLeadsCompany_WithoutADeal_AnswersV8sSuccess()
    {
        var account = await InsertAsync("Accounts", new { Account_Name = "Lumen Health" });
        var lead = await LeadAsync();

        var response = await Zoho.PostAsync($"/crm/v8/Leads/{lead}/actions/convert", new { data = new[] { new { overwrite = false } } });

        var contact = response.Data[0]!["details"]!["Contacts"]!["id"]!.GetValue<string>();
        ResponseAssert.Answer(200, $$$"""
            {"data":[{"code":"SUCCESS","details":{"Contacts":{"id":"{{{contact}}}"},"Deals":null,"Accounts":{"id":"{{{account}}}"}},
                      "message":"The record has been converted successfully","status":"success"}]}
            """, response);
        Assert.Single((await Zoho.GetAsync("/crm/v8/Accounts")).Data);
        Assert.False((await GetAsync("Contacts", contact))["Account_Name"] is null);
    }

    [Fact]
    public async Task ConvertedLead_IsRefusedByUpdatesMassUpdatesAndASecondConversion_AndNothingChanges()
    {
        var lead = await LeadAsync();
        var other = await LeadAsync();
        var first = await Zoho.PostAsync($"/crm/v8/Leads/{lead}/actions/convert", new { data = new[] { new { overwrite = true } } });
        Assert.True(first.Code == 200, first.ToString());
        var before = (await GetAsync("Leads", lead)).ToJsonString();
        // A refused mass update leaves the record as it was (SQLite's id counter aside, so it is checked before the digest).
        var massUpdate = await Zoho.PostAsync("/crm/v8/Leads/actions/mass_update", new { data = new[] { new { City = "Abuja" } }, ids = new[] { lead } });
        Assert.Equal(before, (await GetAsync("Leads", lead)).ToJsonString());
        var digest = await DatabaseDigest.OfAsync(Server);

        var update = await Zoho.PutAsync($"/crm/v8/Leads/{lead}", new { data = new[] { new { City = "Abuja" } } });
        var again = await Zoho.PostAsync($"/crm/v8/Leads/{lead}/actions/convert", new { data = new[] { new { overwrite = true } } });
        var unknownLead = await Zoho.PostAsync("/crm/v8/Leads/738964000000999999/actions/convert", new { data = new[] { new { overwrite = true } } });
        var unknownAccount = await Zoho.PostAsync($"/crm/v8/Leads/{other}/actions/convert", new { data = new[] { new { Accounts = new { id = other } } } });
        var unknownUser = await Zoho.PostAsync($"/crm/v8/Leads/{other}/actions/convert", new { data = new[] { new { assign_to = new { id = "1" } } } });
        var badDeal = await Zoho.PostAsync($"/crm/v8/Leads/{other}/actions/convert", new { data = new[] { new { Deals = new { Deal_Name = "No stage" } } } });
        var notConvertable = await Zoho.PostAsync($"/crm/v8/Contacts/{other}/actions/convert", new { data = new[] { new { overwrite = true } } });

        var refused = $$"""{"code":"ID_ALREADY_CONVERTED","details":{"id":"{{lead}}"},"message":"id already converted","status":"error"}""";
        ResponseAssert.Is(400, $$"""{"data":[{{refused}}]}""", update);
        ResponseAssert.Is(400, $$"""{"data":[{{refused}}]}""", massUpdate);
        ResponseAssert.IsError(400, "ID_ALREADY_CONVERTED", "id already converted", """{"resource_path_index":1}""", again);
        ResponseAssert.IsError(400, "INVALID_DATA", "invalid data", """{"resource_path_index":1}""", unknownLead);
        ResponseAssert.IsError(400, "INVALID_DATA", "invalid data", """{"api_name":"Accounts","json_path":"$.data[0].Accounts"}""", unknownAccount);
        ResponseAssert.IsError(400, "INVALID_DATA", "invalid data", """{"api_name":"assign_to","json_path":"$.data[0].assign_to"}""", unknownUser);
        ResponseAssert.Is(400, """{"data":[{"code":"MANDATORY_NOT_FOUND","details":{"api_name":"Closing_Date"},"message":"required field not found","status":"error"}]}""", badDeal);
        ResponseAssert.IsError(400, "NOT_SUPPORTED", "the module is not supported", """{"resource_path_index":0}""", notConvertable);
        Assert.Equal(digest, await DatabaseDigest.OfAsync(Server));
        Assert.False((await GetAsync("Leads", other))["$converted"]!.GetValue<bool>());
    }
}

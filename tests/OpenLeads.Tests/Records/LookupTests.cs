using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.Records;

/// <summary>A lookup must name an existing record of its module, in every write; otherwise Zoho's INVALID_DATA naming it.</summary>
public sealed class LookupTests : ServerTest
{
    private async Task<string> InsertAsync(string module, object record)
    {
        var response = await Zoho.PostAsync($"/crm/v8/{module}", new { data = new[] { record } });
        Assert.True(response.Code == 201, response.ToString());
        return response.Data[0]!["details"]!["id"]!.GetValue<string>();
    }

    private static string Invalid(string field, int index) =>
        $$"""{"data":[{"code":"INVALID_DATA","details":{"api_name":"{{field}}","json_path":"$.data[{{index}}].{{field}}"},"message":"invalid data","status":"error"}]}""";

    [Fact]
    public async Task Lookup_ToARecordOfItsModule_IsStored_AsAnObjectOrABareId()
    {
        var account = await InsertAsync("Accounts", new { Account_Name = "Cedar Logistics" });

        var contact = await InsertAsync("Contacts", new { Last_Name = "Haddad", Account_Name = new { id = account } });
        var deal = await InsertAsync("Deals", new { Deal_Name = "Cedar renewal", Closing_Date = "2026-01-31", Stage = "Qualification", Account_Name = account });

        var stored = (await Zoho.GetAsync($"/crm/v8/Contacts/{contact}")).Data[0]!["Account_Name"]!.ToJsonString();
        Assert.Equal($$"""{"name":"Cedar Logistics","id":"{{account}}"}""", stored);
        Assert.Equal(stored, (await Zoho.GetAsync($"/crm/v8/Deals/{deal}")).Data[0]!["Account_Name"]!.ToJsonString());
    }

    [Fact]
    public async Task Lookup_ToNoRecord_OrToARecordOfAnotherModule_IsRefusedInEveryWrite_AndChangesNothing()
    {
        var account = await InsertAsync("Accounts", new { Account_Name = "Cedar Logistics" });
        var contact = await InsertAsync("Contacts", new { Last_Name = "Haddad", Email = "omar@cedar.example" });
        var lead = await InsertAsync("Leads", new { Last_Name = "Okafor" });
        var digest = await DatabaseDigest.OfAsync(Server);

        var insert = await Zoho.PostAsync("/crm/v8/Contacts", new { data = new[] { new { Last_Name = "Haddad", Account_Name = new { id = "738964000000999999" } } } });
        var otherModule = await Zoho.PostAsync("/crm/v8/Contacts", new { data = new[] { new { Last_Name = "Haddad", Account_Name = new { id = lead } } } });
        var update = await Zoho.PutAsync("/crm/v8/Contacts", new { data = new object[] { new { id = contact, Account_Name = lead } } });
        var updateOne = await Zoho.PutAsync($"/crm/v2/Contacts/{contact}", new { data = new[] { new { Account_Name = new { id = contact } } } });
        var upsert = await Zoho.PostAsync("/crm/v8/Contacts/upsert", new
        {
            data = new object[] { new { Email = "omar@cedar.example", Account_Name = new { id = lead } }, new { Last_Name = "New", Reporting_To = account } },
        });
        var massUpdate = await Zoho.PostAsync("/crm/v8/Contacts/actions/mass_update", new { data = new[] { new { Account_Name = new { id = account } } }, ids = new[] { contact } });

        ResponseAssert.Is(400, Invalid("Account_Name", 0), insert);
        ResponseAssert.Is(400, Invalid("Account_Name", 0), otherModule);
        ResponseAssert.Is(400, Invalid("Account_Name", 0), update);
        ResponseAssert.Is(400, Invalid("Account_Name", 0), updateOne);
        ResponseAssert.Is(400, $$"""
            {"data":[{"code":"INVALID_DATA","details":{"api_name":"Account_Name","json_path":"$.data[0].Account_Name"},"message":"invalid data","status":"error"},
                     {"code":"INVALID_DATA","details":{"api_name":"Reporting_To","json_path":"$.data[1].Reporting_To"},"message":"invalid data","status":"error"}]}
            """, upsert);
        // Zoho's mass update takes no lookup at all, so none can name a missing record.
        ResponseAssert.Is(400, """
            {"data":[{"code":"INVALID_DATA","details":{"api_name":"Account_Name"},"message":"This field cannot be updated in the Mass Update","status":"error"}]}
            """, massUpdate);
        Assert.Equal(digest, await DatabaseDigest.OfAsync(Server));
    }
}

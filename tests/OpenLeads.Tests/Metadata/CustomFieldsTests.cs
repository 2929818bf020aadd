using System.Text.Json.Nodes;
using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.Metadata;

/// <summary>
/// Custom fields through Zoho's fields API: created, changed and deleted with <c>/crm/v8/settings/fields</c>,
/// each with its column in the same transaction, and at once usable by records, search, views, mass
/// updates and jobs; refusals are Zoho-shaped, name the key by its json_path, and change nothing.
/// </summary>
public sealed class CustomFieldsTests : ServerTest
{
    private const string AllLeads = "738964000000087501";

    private Task<ZohoResponse> CreateAsync(object field, string module = "Leads") =>
        Zoho.PostAsync($"/crm/v8/settings/fields?module={module}", new { fields = new[] { field } });

    private async Task<JsonObject?> FieldAsync(string apiName)
    {
        var response = await Zoho.GetAsync("/crm/v8/settings/fields?module=Leads");
        return response.Body!["fields"]!.AsArray().OfType<JsonObject>().FirstOrDefault(f => f["api_name"]!.GetValue<string>() == apiName);
    }

    [Fact]
    public async Task CreatedField_IsListed_AndRecordsSearchMassUpdatesAndJobsUseItAtOnce()
    {
        var ids = await Zoho.SeedLeadsAsync(3);

        var created = await CreateAsync(new
        {
            field_label = "Interest Level", data_type = "picklist",
            pick_list_values = new[] { new { display_value = "High" }, new { display_value = "Low" } },
        });

        Assert.Equal(201, created.Code);
        var outcome = created.Body!["fields"]![0]!;
        Assert.Equal(("SUCCESS", "success"), (outcome["code"]!.GetValue<string>(), outcome["status"]!.GetValue<string>()));
        var field = await FieldAsync("Interest_Level");
        Assert.NotNull(field);
        Assert.Equal(outcome["details"]!["id"]!.GetValue<string>(), field["id"]!.GetValue<string>());
        Assert.Equal(("picklist", true, true), (field["data_type"]!.GetValue<string>(), field["custom_field"]!.GetValue<bool>(),
            field["mass_update"]!.GetValue<bool>()));

        var update = await Zoho.PutAsync($"/crm/v2/Leads/{ids[0]}", new { data = new[] { new { Interest_Level = "High" } } });
        Assert.Equal(200, update.Code);
        Assert.Equal("High", (await Zoho.GetLeadAsync(ids[0]))["Interest_Level"]!.GetValue<string>());
        var wrong = await Zoho.PutAsync($"/crm/v2/Leads/{ids[0]}", new { data = new[] { new { Interest_Level = "Medium" } } });
        Assert.Equal("INVALID_DATA", wrong.Data[0]!["code"]!.GetValue<string>());

        var search = await Zoho.GetAsync("/crm/v2/Leads/search?criteria=(Interest_Level:equals:High)");
        Assert.Equal([ids[0]], search.Data.Select(r => r!["id"]!.GetValue<string>()));

        var massUpdate = await Zoho.MassUpdateAsync(new { data = new[] { new { Interest_Level = "Low" } }, ids = new[] { ids[1] } }, "v8");
        Assert.Equal("SUCCESS", massUpdate.Data[0]!["code"]!.GetValue<string>());
        var (job, _) = await Zoho.ScheduleAsync(new { data = new[] { new { Interest_Level = "High" } }, cvid = AllLeads });
        var status = await Zoho.WaitUntilCompletedAsync(job);
        Assert.Equal(3, status["Updated_Count"]!.GetValue<int>());
        foreach (var id in ids) Assert.Equal("High", (await Zoho.GetLeadAsync(id))["Interest_Level"]!.GetValue<string>());
    }

    [Fact]
    public async Task NewFields_OfEveryStoredType_TakeValues_AndNewRecordsStartWithoutOne()
    {
        var id = (await Zoho.SeedLeadsAsync(1))[0];
        object[] fields =
        [
            new { field_label = "Note", data_type = "text", length = 20 }, new { field_label = "Score", data_type = "integer" },
            new { field_label = "Budget", data_type = "currency", decimal_place = 2 }, new { field_label = "VIP", data_type = "boolean" },
            new { field_label = "Renewal", data_type = "date" }, new { field_label = "Account Manager", data_type = "userlookup" },
            new { field_label = "Parent Lead", data_type = "lookup", lookup = new { module = new { api_name = "Leads" } } },
        ];
        var created = await Zoho.PostAsync("/crm/v8/settings/fields?module=Leads", new { fields });
        Assert.True(created.Code == 201, created.ToString());

        var update = await Zoho.PutAsync($"/crm/v2/Leads/{id}", new
        {
            data = new[] { new { Note = "call back", Score = 7, Budget = 1200.5, VIP = true, Renewal = "2027-03-01",
                Account_Manager = new { id = "738964000000291017" }, Parent_Lead = new { id } } },
        });
        Assert.True(update.Code == 200, update.ToString());
        var lead = await Zoho.GetLeadAsync(id);
        Assert.Equal("""{"Note":"call back","Score":7,"Budget":1200.5,"VIP":true,"Renewal":"2027-03-01","Account_Manager":{"name":"Kai Tanaka","id":"738964000000291017"}}""",
            new JsonObject(new[] { "Note", "Score", "Budget", "VIP", "Renewal", "Account_Manager" }.Select(k => KeyValuePair.Create(k, lead[k]?.DeepClone()))).ToJsonString());
        Assert.Equal(id, lead["Parent_Lead"]!["id"]!.GetValue<string>());
        var tooLong = await Zoho.PutAsync($"/crm/v2/Leads/{id}", new { data = new[] { new { Note = new string('x', 21) } } });
        Assert.Equal("""{"maximum_length":20,"api_name":"Note"}""", tooLong.Data[0]!["details"]!.ToJsonString());

        var inserted = await Zoho.PostAsync("/crm/v2/Leads", new { data = new[] { new { Last_Name = "Fresh" } } });
        var fresh = await Zoho.GetLeadAsync(inserted.Data[0]!["details"]!["id"]!.GetValue<string>());
        Assert.Equal((false, true), (fresh["VIP"]!.GetValue<bool>(), fresh["Note"] is null));
    }

    [Fact]
    public async Task Refusals_NameTheKey_AndChangeNeitherTheMetadataNorTheTable()
    {
        await Zoho.SeedLeadsAsync(1);
        var before = (await Zoho.GetAsync("/crm/v8/settings/fields?module=Leads")).Body!.ToJsonString();
        var digest = await DatabaseDigest.OfAsync(Server);

        var duplicate = await CreateAsync(new { field_label = "City", data_type = "text" });
        var unsupported = await CreateAsync(new { field_label = "Total", data_type = "formula" });
        var tooLong = await CreateAsync(new { field_label = "Code", data_type = "text", length = 256 });
        var noPicks = await CreateAsync(new { field_label = "Tier", data_type = "picklist" });
        var badLookup = await CreateAsync(new { field_label = "Other", data_type = "lookup", lookup = new { module = new { api_name = "Nope" } } });
        var noBody = await Zoho.PostAsync("/crm/v8/settings/fields?module=Leads", new { });
        var badModule = await CreateAsync(new { field_label = "X", data_type = "text" }, "Nope");

        ResponseAssert.Is(400, """{"fields":[{"code":"DUPLICATE_DATA","details":{"api_name":"field_label","json_path":"$.fields[0].field_label"},"message":"duplicate data","status":"error"}]}""", duplicate);
        ResponseAssert.Is(400, """{"fields":[{"code":"INVALID_DATA","details":{"api_name":"data_type","json_path":"$.fields[0].data_type"},"message":"invalid data","status":"error"}]}""", unsupported);
        ResponseAssert.Is(400, """{"fields":[{"code":"INVALID_DATA","details":{"maximum_length":255,"api_name":"length","json_path":"$.fields[0].length"},"message":"invalid data","status":"error"}]}""", tooLong);
        ResponseAssert.Is(400, """{"fields":[{"code":"MANDATORY_NOT_FOUND","details":{"api_name":"pick_list_values","json_path":"$.fields[0].pick_list_values"},"message":"required field not found","status":"error"}]}""", noPicks);
        ResponseAssert.Is(400, """{"fields":[{"code":"INVALID_DATA","details":{"api_name":"module","json_path":"$.fields[0].lookup.module"},"message":"invalid data","status":"error"}]}""", badLookup);
        ResponseAssert.IsError(400, "MANDATORY_NOT_FOUND", "required field not found", """{"api_name":"fields"}""", noBody);
        ResponseAssert.IsError(400, "INVALID_MODULE", "the module name given seems to be invalid", """{"param_name":"module"}""", badModule);
        Assert.Equal(before, (await Zoho.GetAsync("/crm/v8/settings/fields?module=Leads")).Body!.ToJsonString());
        Assert.Equal(digest, await DatabaseDigest.OfAsync(Server));
    }

    [Fact]
    public async Task Patch_ChangesLabelLengthAndPicklist_OfCustomFieldsOnly()
    {
        var created = await CreateAsync(new { field_label = "Tier", data_type = "picklist", pick_list_values = new[] { new { display_value = "Gold" } } });
        var id = created.Body!["fields"]![0]!["details"]!["id"]!.GetValue<string>();

        var patched = await Zoho.SendAsync(HttpMethod.Patch, $"/crm/v8/settings/fields/{id}?module=Leads", ZohoClient.Json(new
        {
            fields = new[] { new { field_label = "Customer Tier", pick_list_values = new[] { new { display_value = "Gold" }, new { display_value = "Silver" } } } },
        }));
        var system = await Zoho.SendAsync(HttpMethod.Patch, "/crm/v8/settings/fields?module=Leads",
            ZohoClient.Json(new { fields = new[] { new { id = "738964000000002004", field_label = "Surname" } } }));

        ResponseAssert.Is(200, $$"""{"fields":[{"code":"SUCCESS","details":{"id":"{{id}}"},"message":"field updated successfully","status":"success"}]}""", patched);
        var field = await FieldAsync("Tier");
        Assert.Equal("Customer Tier", field!["field_label"]!.GetValue<string>());
        Assert.Equal(["Gold", "Silver"], field["pick_list_values"]!.AsArray().Select(p => p!["actual_value"]!.GetValue<string>()));
        ResponseAssert.Is(400, """{"fields":[{"code":"NOT_ALLOWED","details":{"id":"738964000000002004"},"message":"a system field cannot be changed or deleted","status":"error"}]}""", system);
        Assert.Equal("Last Name", (await FieldAsync("Last_Name"))!["field_label"]!.GetValue<string>());
    }

    [Fact]
    public async Task Delete_RemovesACustomFieldAndItsValues_ButNeverAStandardOne()
    {
        var id = (await Zoho.SeedLeadsAsync(1))[0];
        var created = await CreateAsync(new { field_label = "Temp", data_type = "text" });
        var fieldId = created.Body!["fields"]![0]!["details"]!["id"]!.GetValue<string>();
        await Zoho.PutAsync($"/crm/v2/Leads/{id}", new { data = new[] { new { Temp = "x" } } });

        var deleted = await Zoho.DeleteAsync($"/crm/v8/settings/fields/{fieldId}?module=Leads");
        var standard = await Zoho.DeleteAsync("/crm/v8/settings/fields/738964000000002004?module=Leads");
        var unknown = await Zoho.DeleteAsync("/crm/v8/settings/fields/738964000009999999?module=Leads");

        ResponseAssert.Is(200, $$"""{"fields":[{"code":"SUCCESS","details":{"id":"{{fieldId}}"},"message":"field deleted successfully","status":"success"}]}""", deleted);
        Assert.Null(await FieldAsync("Temp"));
        Assert.False((await Zoho.GetLeadAsync(id)).ContainsKey("Temp"));
        Assert.Equal(400, standard.Code);
        ResponseAssert.IsError(400, "INVALID_DATA", "the id given seems to be invalid", """{"resource_path_index":2}""", unknown);
        // The api name is free again, and the new field starts empty.
        Assert.Equal(201, (await CreateAsync(new { field_label = "Temp", data_type = "text" })).Code);
        Assert.Null((await Zoho.GetLeadAsync(id))["Temp"]);
    }
}

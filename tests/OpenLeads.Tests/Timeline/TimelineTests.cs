using System.Text.Json.Nodes;
using OpenLeads.Server.Metadata;
using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.Timeline;

/// <summary>
/// <c>GET /crm/v2/Leads/{id}/__timeline</c>: one entry per write that changed the record (a record
/// update, a mass update by ids, a scheduled mass update by cvid), newest first, each saying who,
/// through what, which fields from what to what, and which OpenLeads request (and job) made it.
/// </summary>
public sealed class TimelineTests : ServerTest
{
    private const string AllLeads = "738964000000087501";
    private const string UnknownId = "738964000009999999";
    private const string Patricia = """{"name":"Patricia Boyle","id":"738964000000291009"}""";

    private static string Canonical(string json) => ResponseAssert.Canonical(JsonNode.Parse(json));

    private async Task<string> InsertAsync(object lead)
    {
        var response = await Zoho.PostAsync("/crm/v2/Leads", new { data = new[] { lead } });
        Assert.True(response.Code == 201, response.ToString());
        return response.Data[0]!["details"]!["id"]!.GetValue<string>();
    }

    private static string RequestId(ZohoResponse response) => response.Message.Headers.GetValues("X-Request-Id").Single();

    /// <summary>A changed field as the timeline shows it: metadata, then the new and old values as JSON.</summary>
    private static string Change(string apiName, string newJson, string oldJson)
    {
        var field = OrgFolder.Demo.Module("Leads").Field(apiName);
        return $$$"""
            {"api_name":"{{{apiName}}}","field_label":"{{{field.Label}}}","id":"{{{field.Id}}}","data_type":"{{{field.DataType}}}",
             "_value":{"new":{{{newJson}}},"old":{{{oldJson}}}}}
            """;
    }

    private static string Entry(string id, string name, string source, string operation, string requestId, string? jobId, params string[] changes) => $$$"""
        {"action":"updated","done_by":{{{Patricia}}},"source":"{{{source}}}",
         "record":{"id":"{{{id}}}","name":"{{{name}}}","module":{"api_name":"Leads","id":"{{{OrgFolder.Demo.Module("Leads").Id}}}"}},
         "field_history":[{{{string.Join(",", changes)}}}],
         "$openleads":{"request_id":"{{{requestId}}}","operation":"{{{operation}}}","job_id":{{{(jobId is null ? "null" : "\"" + jobId + "\"")}}}}}
        """;

    /// <summary>The timeline's entries; each entry's audited_time is checked for Zoho's form, then left out of the comparison.</summary>
    private async Task<JsonArray> TimelineAsync(string id)
    {
        var response = await Zoho.GetAsync($"/crm/v2/Leads/{id}/__timeline");
        Assert.True(response.Code == 200, response.ToString());
        ResponseAssert.IsZohoJson(response);
        Assert.Equal(["__timeline", "info"], ResponseAssert.Keys(response.Body));
        var entries = response.Body!["__timeline"]!.AsArray();
        Assert.Equal(entries.Count, response.Body!["info"]!["count"]!.GetValue<int>());
        foreach (var entry in entries)
        {
            Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$", entry!["audited_time"]!.GetValue<string>());
            entry.AsObject().Remove("audited_time");
        }
        return entries;
    }

    [Fact]
    public async Task Timeline_AfterAnUpdateAMassUpdateAndAJob_ListsEachWriteNewestFirst()
    {
        var id = await InsertAsync(new { First_Name = "Amara", Last_Name = "Okafor", City = "Lagos", No_of_Employees = 3 });

        var update = await Zoho.PutAsync($"/crm/v2/Leads/{id}", new { data = new[] { new { City = "Abuja" } } });
        Assert.True(update.Code == 200, update.ToString());
        var massUpdate = await Zoho.MassUpdateAsync(new { data = new[] { new { No_of_Employees = 5 } }, ids = new[] { id } });
        Assert.True(massUpdate.Data.Single()!["code"]!.GetValue<string>() == "SUCCESS", massUpdate.ToString());
        var (job, jobRequest) = await Zoho.ScheduleAsync(new { data = new[] { new { Rating = "Active" } }, cvid = AllLeads });
        await Zoho.WaitUntilCompletedAsync(job);

        var entries = await TimelineAsync(id);

        Assert.Equal(Canonical($"""
            [{Entry(id, "Amara Okafor", "scheduled_mass_update", "job", jobRequest, job, Change("Rating", "\"Active\"", "null"))},
             {Entry(id, "Amara Okafor", "mass_update", "mass_update", RequestId(massUpdate), null, Change("No_of_Employees", "5", "3"))},
             {Entry(id, "Amara Okafor", "crm_api", "update", RequestId(update), null, Change("City", "\"Abuja\"", "\"Lagos\""))}]
            """), ResponseAssert.Canonical(entries));
    }

    [Fact]
    public async Task Writes_ThatSetAFieldToTheValueItHas_AddNoEntry_ButStillStampTheRecord()
    {
        var id = await InsertAsync(new { Last_Name = "Okafor", City = "Lagos", No_of_Employees = 3, Rating = "Active" });

        var update = await Zoho.PutAsync($"/crm/v2/Leads/{id}", new { data = new[] { new { City = "Lagos", No_of_Employees = 4 } } });
        var same = await Zoho.PutAsync($"/crm/v2/Leads/{id}", new { data = new[] { new { City = "Lagos" } } });
        var massUpdate = await Zoho.MassUpdateAsync(new { data = new[] { new { No_of_Employees = 4 } }, ids = new[] { id } });
        var (job, _) = await Zoho.ScheduleAsync(new { data = new[] { new { Rating = "Active" } }, cvid = AllLeads });
        await Zoho.WaitUntilCompletedAsync(job);

        // Only the one real change is listed; every write still answered SUCCESS and stamped the record.
        var entry = Assert.Single(await TimelineAsync(id))!;
        Assert.Equal(Canonical($"[{Change("No_of_Employees", "4", "3")}]"), ResponseAssert.Canonical(entry["field_history"]));
        Assert.Equal(RequestId(update), entry["$openleads"]!["request_id"]!.GetValue<string>());
        Assert.All(new[] { same, massUpdate }, r => Assert.Equal("SUCCESS", r.Data.Single()!["code"]!.GetValue<string>()));
        var lead = await Zoho.GetLeadAsync(id);
        Assert.True(DateTimeOffset.Parse(lead["Modified_Time"]!.GetValue<string>())
                    >= DateTimeOffset.Parse(massUpdate.Data[0]!["details"]!["Modified_Time"]!.GetValue<string>()));
    }

    [Fact]
    public async Task RequestIds_AreThoseOfTheRequestsThatMadeTheChanges_EachDistinct()
    {
        var id = await InsertAsync(new { Last_Name = "Okafor" });

        var first = await Zoho.PutAsync($"/crm/v2/Leads/{id}", new { data = new[] { new { City = "Abuja" } } });
        var second = await Zoho.PutAsync($"/crm/v2/Leads/{id}", new { data = new[] { new { City = "Kano" } } });

        var entries = await TimelineAsync(id);
        Assert.Equal([RequestId(second), RequestId(first)], entries.Select(e => e!["$openleads"]!["request_id"]!.GetValue<string>()));
        Assert.NotEqual(RequestId(first), RequestId(second));
        Assert.Equal(Canonical(Change("City", "\"Kano\"", "\"Abuja\"")), ResponseAssert.Canonical(entries[0]!["field_history"]!.AsArray().Single()));
    }

    [Fact]
    public async Task UpdateOfSeveralFields_IsOneEntryWithEveryField()
    {
        var id = await InsertAsync(new { Last_Name = "Okafor", Lead_Status = "Not Contacted", Products_of_Interest = new[] { "CRM" } });

        var update = await Zoho.PutAsync("/crm/v2/Leads",
            new { data = new object[] { new { id, Lead_Status = "Contacted", Products_of_Interest = new[] { "CRM", "Desk" }, Email_Opt_Out = true } } });

        var entry = Assert.Single(await TimelineAsync(id))!;
        var history = entry["field_history"]!.AsArray().OrderBy(c => c!["api_name"]!.GetValue<string>(), StringComparer.Ordinal);
        Assert.Equal(Canonical($"""
            [{Change("Email_Opt_Out", "true", "false")},
             {Change("Lead_Status", "\"Contacted\"", "\"Not Contacted\"")},
             {Change("Products_of_Interest", "[\"CRM\",\"Desk\"]", "[\"CRM\"]")}]
            """), ResponseAssert.Canonical(new JsonArray([.. history.Select(c => c!.DeepClone())])));
        Assert.Equal(("crm_api", RequestId(update)), (entry["source"]!.GetValue<string>(), entry["$openleads"]!["request_id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task ClearingAField_ShowsNullAsTheNewValue()
    {
        var id = await InsertAsync(new { Last_Name = "Okafor", No_of_Employees = 12 });

        var massUpdate = await Zoho.MassUpdateAsync(new { data = new[] { new { No_of_Employees = (int?)null } }, ids = new[] { id } });

        Assert.Equal(Canonical($"[{Entry(id, "Okafor", "mass_update", "mass_update", RequestId(massUpdate), null, Change("No_of_Employees", "null", "12"))}]"),
            ResponseAssert.Canonical(await TimelineAsync(id)));
    }

    [Fact]
    public async Task RecordNeverChanged_Answers204_EvenWhenOthersWere()
    {
        var untouched = await InsertAsync(new { Last_Name = "Okafor" });
        var other = await InsertAsync(new { Last_Name = "Brandt" });
        await Zoho.MassUpdateAsync(new { data = new[] { new { No_of_Employees = 5 } }, ids = new[] { other } });

        ResponseAssert.NoContent(await Zoho.GetAsync($"/crm/v2/Leads/{untouched}/__timeline"));
    }

    [Fact]
    public async Task RefusedUpdate_LeavesNoEntry()
    {
        var id = await InsertAsync(new { Last_Name = "Okafor" });
        await Zoho.SetStateAsync(id, lockAction: "record_locking");

        var refused = await Zoho.PutAsync($"/crm/v2/Leads/{id}", new { data = new[] { new { City = "Abuja" } } });

        Assert.Equal("RECORD_LOCKED", refused.Data.Single()!["code"]!.GetValue<string>());
        ResponseAssert.NoContent(await Zoho.GetAsync($"/crm/v2/Leads/{id}/__timeline"));
    }

    [Theory]
    [InlineData(UnknownId)]
    [InlineData("abc")]
    public async Task TimelineOfNoSuchRecord_IsRefused(string id) =>
        ResponseAssert.IsError(400, "INVALID_DATA", "invalid record id", """{"resource_path_index":1}""",
            await Zoho.GetAsync($"/crm/v2/Leads/{id}/__timeline"));

    [Fact]
    public async Task TimelineOfADeletedRecord_IsRefused()
    {
        var id = await InsertAsync(new { Last_Name = "Okafor" });
        await Zoho.PutAsync($"/crm/v2/Leads/{id}", new { data = new[] { new { City = "Abuja" } } });
        await Zoho.DeleteAsync($"/crm/v2/Leads/{id}");

        ResponseAssert.IsError(400, "INVALID_DATA", "invalid record id", """{"resource_path_index":1}""",
            await Zoho.GetAsync($"/crm/v2/Leads/{id}/__timeline"));
    }
}

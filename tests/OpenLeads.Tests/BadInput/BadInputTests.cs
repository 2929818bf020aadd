using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.BadInput;

/// <summary>
/// Odd and hostile input at every endpoint that takes a body or parameters: the answer is always
/// Zoho-shaped, never a 5xx, and no stored data changes unless the request was valid.
/// </summary>
public sealed class BadInputTests : ServerTest
{
    public static TheoryData<string, string, string> Requests() => new()
    {
        // method, path ({id} is a seeded Lead), body
        { "POST", "/crm/v2/Leads/actions/mass_update", """{"data":[{"No_of_Employees":-9223372036854775808}],"ids":["{id}"]}""" },
        { "POST", "/crm/v2/Leads/actions/mass_update", """{"data":[{"No_of_Employees":99999999999999999999999}],"ids":["{id}"]}""" },
        { "POST", "/crm/v2/Leads/actions/mass_update", """{"data":[{"Annual_Revenue":1e308}],"ids":["{id}"]}""" },
        { "POST", "/crm/v2/Leads/actions/mass_update", """{"data":[{"Annual_Revenue":-1e-320}],"ids":["{id}"]}""" },
        { "POST", "/crm/v2/Leads/actions/mass_update", """{"data":[{"Last_Contacted":"9999-12-31T23:59:59-14:00"}],"ids":["{id}"]}""" },
        { "POST", "/crm/v2/Leads/actions/mass_update", """{"data":[{"Next_Follow_Up":"0000-01-01"}],"ids":["{id}"]}""" },
        { "POST", "/crm/v2/Leads/actions/mass_update", """{"data":[{"Products_of_Interest":[["CRM"]]}],"ids":["{id}"]}""" },
        { "POST", "/crm/v2/Leads/actions/mass_update", """{"data":[{"No_of_Employees":1}],"ids":[{"id":"{id}"},[1],null,true,1.5,99999999999999999999]}""" },
        { "POST", "/crm/v2/Leads/actions/mass_update", """{"data":[{"No_of_Employees":1}],"ids":["{id}"],"cvid":{"x":1}}""" },
        { "POST", "/crm/v2/Leads/actions/mass_update", """{"data":[{"No_of_Employees":1},{"No_of_Employees":2}],"ids":["{id}"]}""" },
        { "POST", "/crm/v2/Leads/actions/mass_update", """{"data":[{"No_of_Employees":1,"No_of_Employees":2}],"ids":["{id}"]}""" },
        { "POST", "/crm/v2/Leads/actions/mass_update", """{"data":[1],"ids":["{id}"]}""" },
        { "POST", "/crm/v2/Leads/actions/mass_update", """{"data":null,"ids":null}""" },
        { "POST", "/crm/v2/Leads/actions/mass_update", "\u0000\u0001" },
        { "POST", "/crm/v2/Leads/actions/mass_update", new string('[', 5000) },
        { "POST", "/crm/v2/Leads", """{"data":[{"Last_Name":"X","Owner":null}]}""" },
        { "POST", "/crm/v2/Leads", """{"data":[{"Last_Name":"X","Owner":{"id":{"id":1}}}]}""" },
        { "POST", "/crm/v2/Leads", """{"data":[{"Last_Name":"X","Referred_By":"99999999999999999999"}]}""" },
        { "POST", "/crm/v2/Leads", """{"data":[{"Last_Name":"X","No_of_Employees":-9223372036854775808}]}""" },
        { "POST", "/crm/v2/Leads", """{"data":[{"Last_Name":""}]}""" },
        { "POST", "/crm/v2/Leads", """{"data":[{"Last_Name":"   "}]}""" },
        { "POST", "/crm/v2/Leads", """{"data":[null, 3, "x", []]}""" },
        { "POST", "/crm/v2/Leads", """{"data":"everything"}""" },
        { "PUT", "/crm/v2/Leads", """{"data":[{"id":"{id}","Owner":null}]}""" },
        { "PUT", "/crm/v2/Leads", """{"data":[{"id":"{id}","Email_Opt_Out":"perhaps"}]}""" },
        { "PUT", "/crm/v2/Leads", """{"data":[{"id":["{id}"],"City":"X"}]}""" },
        { "PUT", "/crm/v2/Leads/{id}", """{"data":[{"Created_Time":"2020-01-01T00:00:00+00:00","Last_Name":null}]}""" },
        { "PUT", "/crm/v2/Leads/99999999999999999999", """{"data":[{"City":"X"}]}""" },
        { "DELETE", "/crm/v2/Leads?ids=,,,", "" },
        { "DELETE", "/crm/v2/Leads?ids=99999999999999999999,-1,abc", "" },
        { "GET", "/crm/v2/Leads?page=99999999999&per_page=-1", "" },
        { "GET", "/crm/v2/Leads?page=2147483647&per_page=200", "" },
        { "GET", "/crm/v2/Leads?sort_by=id;DROP TABLE Leads&sort_order=sideways", "" },
        { "GET", "/crm/v2/Leads?fields=Last_Name,\"Owner\"--&ids=1,2", "" },
        { "GET", "/crm/v2/Leads/%20", "" },
        { "GET", "/crm/v2/Leads/0000000000000000000000001", "" },
        { "GET", "/crm/v8/Leads/-1", "" },
        { "GET", "/crm/v2/settings/fields?module=Leads%27", "" },
        { "GET", "/crm/v2/users?type=Everyone", "" },
        { "GET", "/crm/v2/Leads/actions/mass_update?job_id=%27%3B", "" },
        { "POST", "/__admin/seed", """{"module":"Leads","count":1e3}""" },
        { "POST", "/__admin/seed", """{"module":["Leads"],"count":1}""" },
        { "PUT", "/__admin/records/Leads/{id}/state", """{"approval":null,"lock_action":"DROP TABLE"}""" },
        { "PUT", "/__admin/records/Leads/abc/state", """{"approval":"approved"}""" },
        { "POST", "/__admin/tokens", """{"scopes":"ZohoCRM.modules.ALL","expires_in":1}""" },
        { "POST", "/__admin/tokens", """{"scopes":["ZohoCRM.modules.ALL"],"expires_in":9223372036854775807}""" },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task OddInput_GetsAZohoShapedAnswer_NeverAFault_AndLeavesOtherDataAlone(string method, string path, string body)
    {
        var ids = await Zoho.SeedLeadsAsync(2);
        var bystander = await Zoho.SnapshotAsync(ids[1]);

        var response = await Zoho.SendAsync(new HttpMethod(method), path.Replace("{id}", ids[0]),
            body.Length == 0 ? null : body.Replace("{id}", ids[0]));

        Assert.True(response.Code < 500, response.ToString());
        if (response.Code != 204)
        {
            var answer = response.Body!;
            var entries = answer["data"]?.AsArray().Select(e => e!) ?? (answer["code"] is null ? [] : [answer]);
            Assert.All(entries, e => Assert.True(e["code"] is not null && e["message"] is not null && e["status"] is not null && e["details"] is not null, e.ToJsonString()));
        }
        Assert.Equal(bystander, await Zoho.SnapshotAsync(ids[1]));
    }
}

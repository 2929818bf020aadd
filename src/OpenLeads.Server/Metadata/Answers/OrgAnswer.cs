using System.Text.Json.Nodes;
using OpenLeads.Server.Storage;
using OpenLeads.Server.Zoho;

namespace OpenLeads.Server.Metadata.Answers;

/// <summary><c>GET /crm/{v}/org</c>, <c>GET /crm/{v}/users</c> and <c>GET /crm/{v}/settings/territories</c>, from the org's objects.</summary>
public static class OrgAnswer
{
    public static JsonObject Org(Org org)
    {
        var json = org.Info.DeepClone().AsObject();
        AnswerJson.Fill(json, "primary_zuid", ZohoJson.FormatId(org.Administrator.Id));
        AnswerJson.Fill(json, "primary_email", org.Administrator.Email);
        AnswerJson.Fill(json, "company_name", OrgJson.Text(json, "alias") ?? "OpenLeads");
        var id = OrgJson.Text(json, "id") ?? "0";
        AnswerJson.Fill(json, "zgid", id);
        AnswerJson.Fill(json, "ezgid", OrgJson.Text(json, "zgid"));
        AnswerJson.Fill(json, "domain_name", $"org{OrgJson.Text(json, "zgid")}");
        return AnswerJson.Complete(json, "org");
    }

    public static JsonObject User(Org org, UserRow user)
    {
        var json = org.UserJson(user.Id)?.DeepClone() as JsonObject ?? [];
        AnswerJson.Fill(json, "id", ZohoJson.FormatId(user.Id));
        AnswerJson.Fill(json, "first_name", user.FirstName);
        AnswerJson.Fill(json, "last_name", user.LastName);
        AnswerJson.Fill(json, "full_name", user.FullName);
        AnswerJson.Fill(json, "email", user.Email);
        AnswerJson.Fill(json, "role", AnswerJson.Named(user.RoleName, user.RoleId));
        AnswerJson.Fill(json, "profile", AnswerJson.Named(user.ProfileName, user.ProfileId));
        AnswerJson.Fill(json, "status", user.Status);
        AnswerJson.Fill(json, "created_time", AnswerJson.Time(user.CreatedTime));
        return AnswerJson.Complete(json, "user");
    }

    public static JsonObject Territory(Org org, Territory territory, IReadOnlyList<Territory> all, ApiVersion version)
    {
        var json = org.TerritoryJson(territory.Id)?.DeepClone() as JsonObject ?? [];
        var admin = AnswerJson.User(org.Administrator);
        // A territory's times default to the org's beginning: when its first administrator was made.
        var created = AnswerJson.Time(org.Administrator.CreatedTime);
        AnswerJson.Fill(json, "id", ZohoJson.FormatId(territory.Id));
        AnswerJson.Fill(json, "name", territory.Name);
        AnswerJson.Fill(json, "api_name", territory.Name.Replace(' ', '_'));
        AnswerJson.Fill(json, "description", territory.Description);
        AnswerJson.Fill(json, "reporting_to", all.FirstOrDefault(p => p.Id == territory.ParentId) is { } parent
            ? AnswerJson.Named(parent.Name, parent.Id) : null);
        AnswerJson.Fill(json, "manager", admin);
        AnswerJson.Fill(json, "created_time", created);
        AnswerJson.Fill(json, "modified_time", created);
        AnswerJson.Fill(json, "created_by", admin.DeepClone());
        AnswerJson.Fill(json, "modified_by", admin.DeepClone());
        var answer = AnswerJson.Complete(json, "territory");
        // v2 names the parent by id (its SDK reads parent_id); v2.1 on answer reporting_to {name, id}.
        if (version is { Major: 2, Minor: 0 } && answer.ContainsKey("reporting_to"))
        {
            var parentId = answer["reporting_to"]?["id"]?.DeepClone();
            var renamed = new JsonObject();
            foreach (var (key, value) in answer.ToList())
            {
                answer.Remove(key);
                renamed[key == "reporting_to" ? "parent_id" : key] = key == "reporting_to" ? parentId : value;
            }
            return renamed;
        }
        return answer;
    }
}

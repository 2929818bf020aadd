using System.Text;
using System.Text.Json.Nodes;

namespace OpenLeads.Tests.BadInput.Hostile;

/// <summary>Requests that would write if they were valid: each one carries a defect that must be refused.</summary>
public static partial class Generator
{
    private static Draft MassUpdate(Tape t, OrgShape org, string module)
    {
        var fields = org.Modules[module];
        var updatable = fields.Where(f => f.MassUpdate).ToArray();
        var path = $"/crm/{Version(t)}/{ModuleName(t, module)}/actions/mass_update";
        JsonArray ExistingIds() => [.. Enumerable.Range(0, 1 + t.Next(3)).Select(_ => (JsonNode)t.Pick(org.RecordIds))];
        JsonArray MissingIds() => [.. Enumerable.Range(0, 1 + t.Next(4)).Select(_ => Values.OddId(t))];
        JsonObject Body(JsonObject data, JsonNode? ids, JsonNode? cvid = null)
        {
            var body = new JsonObject { ["data"] = new JsonArray(data) };
            if (ids is not null) body["ids"] = ids;
            if (cvid is not null) body["cvid"] = cvid;
            if (t.Chance(30)) body["over_write"] = t.Pick<JsonNode?>(true, false, "yes", 1, null);
            return body;
        }
        var field = t.Pick(updatable);
        var (json, recipe) = t.Next(10) switch
        {
            // A value the field's type refuses, on records that exist (or on a view, which would schedule a job).
            0 => (Body(new JsonObject { [field.ApiName] = Values.Wrong(field, t) }, ExistingIds()), "mass update, wrong value"),
            1 => (Body(new JsonObject { [field.ApiName] = Values.Wrong(field, t) }, null, t.Pick(org.ViewIds)), "cvid mass update, wrong value"),
            // A field that cannot be mass updated, or is not there at all.
            2 => (Body(new JsonObject { [t.Chance(60) && fields.Any(f => !f.MassUpdate) ? t.Pick(fields.Where(f => !f.MassUpdate).ToArray()).ApiName
                    : Values.OddText(t) + "zz"] = Values.Plausible(field, t) }, ExistingIds()), "mass update, field not mass-updatable"),
            // A plausible change of records that do not exist (ids and cvid together too: the ids win before v8).
            3 => (Body(new JsonObject { [field.ApiName] = Values.Plausible(field, t) }, MissingIds(),
                t.Chance(30) ? t.Pick(org.ViewIds) : null), "mass update, missing ids"),
            // Two fields (Zoho allows one, three in Deals: four is always too many).
            4 => (Body(new JsonObject(updatable.Take(4).Select(f => KeyValuePair.Create(f.ApiName, Values.Plausible(f, t)))),
                ExistingIds()), "mass update, too many fields"),
            5 => (Body(new JsonObject { [field.ApiName] = Values.Plausible(field, t) }, null), "mass update, neither ids nor cvid"),
            6 => (Body(new JsonObject { [field.ApiName] = Values.Plausible(field, t) }, null, Values.OddId(t)), "mass update, unknown cvid"),
            7 => (Body(new JsonObject { [field.ApiName] = Values.Plausible(field, t) },
                new JsonArray([.. Enumerable.Range(0, 501).Select(i => (JsonNode)org.RecordIds[i % org.RecordIds.Count])])), "mass update, 501 ids"),
            8 => (new JsonObject { ["data"] = t.Pick<JsonNode?>(null, new JsonArray(), new JsonArray(1), new JsonObject(), "x", new JsonArray(new JsonObject())),
                ["ids"] = ExistingIds() }, "mass update, bad data"),
            _ => (Body(new JsonObject { [field.ApiName] = Values.Plausible(field, t) }, MissingIds()) is var b && t.Chance(50)
                ? Also(b, "territory", t.Pick<JsonNode?>(new JsonObject { ["id"] = "1" }, "x", 5)) : Also(b, "cvid", new JsonObject { ["x"] = 1 }),
                "mass update, odd territory or cvid"),
        };
        return new Draft("POST", path, json, Credentials.DevToken, recipe);
    }

    private static JsonObject Also(JsonObject body, string key, JsonNode? value)
    {
        body[key] = value;
        return body;
    }

    /// <summary>One record of an insert or update: plausible values, then one the type refuses (the last word on a repeated key).</summary>
    private static JsonNode? PoisonedRecord(Tape t, IReadOnlyList<FieldShape> fields, string? id)
    {
        if (t.Chance(8)) return t.Pick<JsonNode?>(null, 3, "x", new JsonArray());
        var record = new JsonObject();
        if (id is not null) record["id"] = id;
        foreach (var field in Enumerable.Range(0, t.Next(5)).Select(_ => t.Pick(fields)).Where(f => f.Writable).Distinct())
        {
            record[field.ApiName] = Values.Plausible(field, t);
        }
        var poisoned = t.Pick(fields.Where(f => f.Writable).ToArray());
        record.Remove(poisoned.ApiName);
        record[poisoned.ApiName] = Values.Wrong(poisoned, t);
        return record;
    }

    private static Draft Insert(Tape t, OrgShape org, string module)
    {
        var fields = org.Modules[module];
        JsonNode? data = t.Next(10) switch
        {
            0 => t.Pick<JsonNode?>(null, "everything", new JsonObject(), new JsonArray(), 5),
            1 => new JsonArray([.. Enumerable.Range(0, 101).Select(_ => (JsonNode)new JsonObject { ["Last_Name"] = "x" })]),
            _ => new JsonArray([.. Enumerable.Range(0, 1 + t.Next(3)).Select(_ => PoisonedRecord(t, fields, null))]),
        };
        var body = new JsonObject { ["data"] = data };
        if (t.Chance(15)) body["trigger"] = t.Pick<JsonNode?>(new JsonArray("workflow"), "approval", null);
        return new Draft("POST", $"/crm/{Version(t)}/{ModuleName(t, module)}", body, Credentials.DevToken, "insert");
    }

    private static Draft UpdateMany(Tape t, OrgShape org, string module)
    {
        var fields = org.Modules[module];
        var data = new JsonArray([.. Enumerable.Range(0, 1 + t.Next(3)).Select(_ => t.Chance(70)
            ? PoisonedRecord(t, fields, t.Pick(org.RecordIds))
            : new JsonObject { ["id"] = Values.OddId(t), [t.Pick(fields).ApiName] = Values.Plausible(t.Pick(fields), t) })]);
        return new Draft("PUT", $"/crm/{Version(t)}/{ModuleName(t, module)}", new JsonObject { ["data"] = data }, Credentials.DevToken, "update");
    }

    private static Draft UpdateOne(Tape t, OrgShape org, string module)
    {
        var fields = org.Modules[module];
        var exists = t.Chance(60);
        var record = exists ? PoisonedRecord(t, fields, null) : new JsonObject { [t.Pick(fields).ApiName] = Values.Plausible(t.Pick(fields), t) };
        return new Draft("PUT", $"/crm/{Version(t)}/{ModuleName(t, module)}/{(exists ? t.Pick(org.RecordIds) : MissingPathId(t))}",
            new JsonObject { ["data"] = new JsonArray(record) }, Credentials.DevToken, "update one");
    }

    private static Draft Delete(Tape t, string module) => t.Chance(50)
        ? new Draft("DELETE", $"/crm/{Version(t)}/{ModuleName(t, module)}/{MissingPathId(t)}", null, Credentials.DevToken, "delete one") { ContentType = null }
        : new Draft("DELETE", $"/crm/{Version(t)}/{ModuleName(t, module)}?ids={Uri.EscapeDataString(string.Join(',',
            Enumerable.Range(0, t.Next(5)).Select(_ => MissingPathId(t))))}", null, Credentials.DevToken, "delete") { ContentType = null };

    private static Draft TokenRequest(Tape t)
    {
        var parameters = new List<(string, string)>
        {
            ("grant_type", t.Pick("refresh_token", "client_credentials", "authorization_code", "password", "", Values.OddText(t))),
            ("client_id", t.Pick("1000.NOSUCHCLIENT", "", Values.OddText(t), "1000.\u0001")),
            ("client_secret", t.Pick("secret", "", Values.OddText(t))),
        };
        if (t.Chance(50)) parameters.Add(("refresh_token", t.Pick("1000.a.b", "", Values.OddText(t), "a\u0000b")));
        if (t.Chance(20)) parameters.Add(("scope", Values.OddText(t)));
        var form = string.Join('&', parameters.Select(p => $"{Uri.EscapeDataString(p.Item1)}={Uri.EscapeDataString(p.Item2)}"));
        var (bytes, type) = t.Next(5) switch
        {
            0 or 1 => (Encoding.UTF8.GetBytes(form), "application/x-www-form-urlencoded"),
            2 => (Encoding.UTF8.GetBytes(form), t.Pick("multipart/form-data; boundary=xyz", "multipart/form-data", "multipart/form-data; boundary=")),
            3 => (Encoding.UTF8.GetBytes($"--b\r\nContent-Disposition: form-data; name=\"grant_type\"\r\n{(t.Chance(50) ? "X: " + new string('a', 20_000) + "\r\n" : "")}\r\nrefresh_token\r\n--b--\r\n"),
                "multipart/form-data; boundary=b"),
            _ => (Encoding.UTF8.GetBytes(form), t.Pick("application/json", "text/plain", "application/x-www-form-urlencoded; charset=latin1")),
        };
        var query = t.Chance(30) ? "?" + form : "";
        return new Draft("POST", "/oauth/v2/token" + query, null, Credentials.None, "token") { Bytes = bytes, ContentType = type };
    }

    /// <summary>The control API: with the key, only bodies it must refuse; without the key (or a wrong one), anything, /reset included.</summary>
    private static Draft Admin(Tape t, OrgShape org, string module)
    {
        var id = t.Pick(org.RecordIds);
        var (method, path, json) = t.Next(8) switch
        {
            0 => ("POST", "/__admin/seed", (JsonNode)new JsonObject { ["module"] = t.Pick<JsonNode?>(module, "Nope", 3, null),
                ["count"] = t.Pick<JsonNode?>(0, -1, 1_000_001, "5", 1.5, JsonNode.Parse("1e3"), null) }),
            1 => ("PUT", $"/__admin/records/{module}/{(t.Chance(50) ? id : MissingPathId(t))}/state",
                new JsonObject { ["approval"] = t.Pick<JsonNode?>("maybe", 1, null, new JsonArray()), ["lock_action"] = t.Pick<JsonNode?>(null, "record_locking", "DROP TABLE") }),
            2 => ("POST", "/__admin/tokens", new JsonObject { ["scopes"] = t.Pick<JsonNode?>("ZohoCRM.modules.ALL", new JsonArray(1), new JsonArray(" "), new JsonArray((JsonNode?)null)),
                ["expires_in"] = t.Pick<JsonNode?>(3600, "x", 1e20) }),
            3 => ("POST", "/__admin/oauth_clients", t.Chance(50)
                ? new JsonObject { ["scopes"] = t.Pick<JsonNode?>(null, "x", new JsonArray(new JsonObject()), new JsonArray("")) }
                : new JsonObject { ["scopes"] = new JsonArray("ZohoCRM.modules.ALL"), ["user_id"] = t.Pick<JsonNode?>("738964000000000001", "abc", -1, new JsonObject()) }),
            4 => ("POST", "/__admin/custom_views", t.Next(3) switch
            {
                0 => new JsonObject { ["module"] = t.Pick<JsonNode?>(null, "Nope", 1), ["name"] = "v" },
                1 => new JsonObject { ["module"] = module, ["name"] = t.Pick<JsonNode?>(null, "", "   ", new string('n', 101), 5) },
                _ => new JsonObject { ["module"] = module, ["name"] = "v", ["criteria"] = t.Pick<JsonNode?>("(", "(Nope:equals:1)", "(City:sideways:x)", 5, new JsonArray()) },
            }),
            5 => ("PUT", $"/__admin/records/{module}/{(t.Chance(50) ? id : MissingPathId(t))}/territory",
                new JsonObject { ["territory_id"] = t.Pick<JsonNode?>("1", "abc", OrgShape.MissingIdPrefix + "00003", new JsonObject()) }),
            6 => ("POST", $"/__admin/jobs/{MissingPathId(t)}/run", null!),
            _ => ("POST", "/__admin/reset", null!),
        };
        var keyless = path == "/__admin/reset" || t.Chance(30);
        return new Draft(method, path, json, keyless ? t.Pick(Credentials.None, Credentials.WrongAdminKey, Credentials.DevToken) : Credentials.AdminKey,
            "control API");
    }
}

using System.Text.Json.Nodes;

namespace OpenLeads.Tests.Metadata;

/// <summary>
/// A small hand-written org folder, as a user would write one: two served modules (Projects, and Tasks
/// that look a Project up), a module the API does not support, one field of a type OpenLeads does not
/// store, and layouts for Projects only. Tests change its files to make it broken.
/// </summary>
public sealed class SmallOrg : IDisposable
{
    public SmallOrg()
    {
        Path = Directory.CreateTempSubdirectory("openleads-org-").FullName;
        Write("org.json", """{"org":[{"id":"555000000000000017","company_name":"Small Co","zgid":"555000","time_zone":"Etc/UTC"}]}""");
        Write("users.json", """
            {"users":[{"id":"555000000000000101","first_name":"Ada","last_name":"Byron","email":"ada@small.example",
              "role":{"name":"CEO","id":"555000000000000201"},"profile":{"name":"Administrator","id":"555000000000000301"},"status":"active"}]}
            """);
        Write("modules.json", """
            {"modules":[
              {"api_name":"Projects","module_name":"Projects","singular_label":"Project","plural_label":"Projects","id":"555000000000001001","api_supported":true,"generated_type":"custom"},
              {"api_name":"Tasks","module_name":"Tasks","singular_label":"Task","plural_label":"Tasks","id":"555000000000001002","api_supported":true,"generated_type":"default"},
              {"api_name":"Home","module_name":"Home","singular_label":"Home","plural_label":"Home","id":"555000000000001003","api_supported":false,"generated_type":"default"}]}
            """);
        Write("fields/Projects.json", """
            {"fields":[
              {"api_name":"Name","field_label":"Project Name","data_type":"text","length":120,"system_mandatory":true,"id":"555000000000002001"},
              {"api_name":"Stage","field_label":"Stage","data_type":"picklist","id":"555000000000002002",
               "pick_list_values":[{"display_value":"Open","actual_value":"Open","id":"555000000000003001"},{"display_value":"Done","actual_value":"Done","id":"555000000000003002"}]},
              {"api_name":"Budget","field_label":"Budget","data_type":"currency","id":"555000000000002003"},
              {"api_name":"Health","field_label":"Health","data_type":"formula","id":"555000000000002004"}]}
            """);
        Write("fields/Tasks.json", """
            {"fields":[
              {"api_name":"Subject","field_label":"Subject","data_type":"text","length":200,"system_mandatory":true,"id":"555000000000002101"},
              {"api_name":"Project","field_label":"Project","data_type":"lookup","id":"555000000000002102",
               "lookup":{"module":{"api_name":"Projects","id":"555000000000001001"}}}]}
            """);
        Write("layouts/Projects.json", """
            {"layouts":[{"id":"555000000000004001","name":"Standard","sections":[
              {"display_label":"Project Information","sequence_number":1,"id":"555000000000004101","fields":[{"api_name":"Name"},{"api_name":"Stage"}]},
              {"display_label":"Money","sequence_number":2,"id":"555000000000004102","fields":[{"api_name":"Budget"}]}]}]}
            """);
    }

    public string Path { get; }

    public void Write(string relative, string text)
    {
        var file = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
        File.WriteAllText(file, text);
    }

    public void Delete(string relative) => File.Delete(System.IO.Path.Combine(Path, relative));

    /// <summary>Changes one file's JSON.</summary>
    public void Edit(string relative, Action<JsonObject> change)
    {
        var json = JsonNode.Parse(File.ReadAllText(System.IO.Path.Combine(Path, relative)))!.AsObject();
        change(json);
        Write(relative, json.ToJsonString());
    }

    public Dictionary<string, string?> Settings => new() { ["OpenLeads:Org:Path"] = Path };

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}

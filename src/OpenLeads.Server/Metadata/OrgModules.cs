using System.Text.Json.Nodes;

namespace OpenLeads.Server.Metadata;

/// <summary>Builds a module and its fields from Zoho's metadata objects.</summary>
internal static class OrgModules
{
    public static ModuleDefinition Build(JsonObject json, string apiName, JsonArray fieldsJson, IReadOnlySet<string> served, OrgRules rules,
        string file, List<string> notices)
    {
        var fields = new List<FieldDefinition>();
        for (var i = 0; i < fieldsJson.Count; i++)
        {
            if (fieldsJson[i] is not JsonObject fieldJson) throw new OrgFolderException(file, $"\"fields\"[{i}] is not a JSON object");
            var field = OrgFields.Read(fieldJson, apiName, served, file, notices);
            if (fields.Any(f => f.ApiName == field.ApiName)) throw new OrgFolderException(file, $"the field {field.ApiName} is listed twice");
            fields.Add(field);
        }
        // Leads and Contacts name a record by First_Name and Last_Name; Full_Name is made of them (a column the database derives).
        if (fields.FindIndex(f => f.ApiName == "Full_Name") is var full and >= 0
            && fields.Any(f => f.ApiName == "First_Name") && fields.Any(f => f.ApiName == "Last_Name"))
        {
            fields[full] = fields[full] with { ReadOnly = true, Storage = FieldStorage.Generated, GeneratedFrom = ["First_Name", "Last_Name"] };
        }
        foreach (var stamp in MissingStamps(apiName, fields)) fields.Add(stamp);

        var display = DisplayField(json, fields) ?? throw new OrgFolderException(file, "the module has no text field to name its records by");
        var moduleId = OrgJson.Id(json["id"]) ?? DerivedIds.For($"module:{apiName}");
        var rule = rules.For(apiName);
        return new ModuleDefinition(apiName, moduleId, OrgJson.Text(json, "singular_label") ?? apiName, display, fields)
        {
            PluralLabel = OrgJson.Text(json, "plural_label") ?? OrgJson.Text(json, "module_name") ?? apiName,
            Json = json,
            Table = OrgNames.Identifier(apiName),
            Convertable = OrgJson.Flag(json, "convertable"),
            MaxMassUpdateFields = rule.MassUpdateMaxFields,
            ConversionRule = rule.Convert,
            DuplicateCheckFields = [.. (rule.DuplicateCheckFields ?? []).Select(n => fields.FirstOrDefault(f => f.ApiName == n))
                .Concat(fields.Where(f => f.Unique)).OfType<FieldDefinition>().Where(f => f.Storage == FieldStorage.Column).Distinct()],
        };
    }

    /// <summary>Each lookup learns the module it points at, once every module exists.</summary>
    public static void ResolveLookups(IReadOnlyList<ModuleDefinition> modules)
    {
        var byName = modules.ToDictionary(m => m.ApiName, StringComparer.OrdinalIgnoreCase);
        foreach (var field in modules.SelectMany(m => m.Fields).Where(f => f.Type == FieldType.Lookup))
        {
            field.LookupTarget = byName[field.LookupModule!];
        }
        foreach (var module in modules) module.Conversion = Conversion.Read(module, module.ConversionRule, byName);
    }

    /// <summary>
    /// The field that names a record: the module's own <c>display_field</c>, else Full_Name, else its
    /// first mandatory text field (Account_Name, Deal_Name, Name), else its first text field.
    /// </summary>
    private static string? DisplayField(JsonObject json, List<FieldDefinition> fields)
    {
        bool Text(FieldDefinition f) => f.Storage != FieldStorage.None && f.Type == FieldType.Text;
        var named = (json["display_field"] as JsonObject) is { } display ? OrgJson.Text(display, "api_name") : null;
        return fields.FirstOrDefault(f => f.ApiName == named && Text(f))?.ApiName
               ?? fields.FirstOrDefault(f => f.ApiName == "Full_Name" && Text(f))?.ApiName
               ?? fields.FirstOrDefault(f => f.SystemMandatory && Text(f))?.ApiName
               ?? fields.FirstOrDefault(Text)?.ApiName;
    }

    /// <summary>Zoho keeps creator, modifier and their times on every record; a hand-written folder may leave them out.</summary>
    private static IEnumerable<FieldDefinition> MissingStamps(string module, List<FieldDefinition> fields)
    {
        (string Name, string Label, FieldType Type)[] stamps =
        [
            (SystemFields.CreatedBy, "Created By", FieldType.OwnerLookup), (SystemFields.ModifiedBy, "Modified By", FieldType.OwnerLookup),
            (SystemFields.CreatedTime, "Created Time", FieldType.DateTime), (SystemFields.ModifiedTime, "Modified Time", FieldType.DateTime),
        ];
        foreach (var (name, label, type) in stamps.Where(s => fields.All(f => f.ApiName != s.Name)))
        {
            var json = new JsonObject
            {
                ["api_name"] = name, ["field_label"] = label, ["display_label"] = label, ["data_type"] = type == FieldType.DateTime ? "datetime" : "ownerlookup",
                ["read_only"] = true, ["field_read_only"] = true, ["id"] = DerivedIds.For($"field:{module}.{name}").ToString(),
            };
            yield return new FieldDefinition(name, label, type, DerivedIds.For($"field:{module}.{name}"))
            {
                ReadOnly = true, SystemManaged = true, Json = json, ZohoDataType = (string)json["data_type"]!, Length = type == FieldType.DateTime ? null : 120,
            };
        }
    }
}

using System.Text.Json.Nodes;

namespace OpenLeads.Server.Metadata;

/// <summary>One module a converted record goes to, and each of its fields with the field of the converted record it takes.</summary>
public sealed record ConversionTarget(string ModuleName, ModuleDefinition? Module, IReadOnlyList<(FieldDefinition Target, FieldDefinition Source)> Fields)
{
    /// <summary>The field of this module that looks up <paramref name="other"/> (a Contact's Account_Name), if it has one.</summary>
    public FieldDefinition? LookupTo(ConversionTarget other) =>
        Module?.Fields.FirstOrDefault(f => f.Type == FieldType.Lookup && f.Writable && f.LookupTarget is { } t && t == other.Module);
}

/// <summary>
/// Where a convertable module's records go (Zoho's lead conversion mapping, <c>convert</c> in <c>zoho_rules.json</c> or an
/// org's <c>openleads.json</c>): the account named by the record's company, the contact, and the optional deal.
/// </summary>
public sealed record Conversion(ConversionTarget Account, ConversionTarget Contact, ConversionTarget Deal)
{
    internal static Conversion? Read(ModuleDefinition source, JsonObject? rule, IReadOnlyDictionary<string, ModuleDefinition> modules)
    {
        if (!source.Convertable || rule is null) return null;
        ConversionTarget Target(string role)
        {
            var json = rule[role] as JsonObject;
            var name = json is null ? role : OrgJson.Text(json, "module") ?? role;
            var module = modules.GetValueOrDefault(name);
            var fields = new List<(FieldDefinition, FieldDefinition)>();
            foreach (var (target, from) in (json?["fields"] as JsonObject) ?? [])
            {
                // A pair is kept when both fields are stored, the target writable, and both of one type (picklists: the value must also be listed).
                if (module is null || !module.TryGetField(target, out var t) || !t.Writable) continue;
                if (from?.GetValueKind() != System.Text.Json.JsonValueKind.String || !source.TryGetField(from.GetValue<string>(), out var s)) continue;
                if (s.Storage == FieldStorage.None || s.Type != t.Type || t.IsReference) continue;
                fields.Add((t, s));
            }
            return new ConversionTarget(name, module, fields);
        }
        return new Conversion(Target("account"), Target("contact"), Target("deal"));
    }
}

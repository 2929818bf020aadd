using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace OpenLeads.Server.Metadata;

/// <summary>A CRM module (Leads) and its fields, in Zoho's field order.</summary>
public sealed class ModuleDefinition
{
    private readonly FrozenDictionary<string, FieldDefinition> _byName;

    public ModuleDefinition(string apiName, long id, string singularLabel, string displayField, IReadOnlyList<FieldDefinition> fields)
    {
        ApiName = apiName;
        Id = id;
        SingularLabel = singularLabel;
        DisplayField = displayField;
        Fields = fields;
        _byName = fields.ToFrozenDictionary(f => f.ApiName, StringComparer.Ordinal);
        StoredFields = [.. fields.Where(f => f.Storage != FieldStorage.None)];
        ColumnFields = [.. fields.Where(f => f.Storage == FieldStorage.Column)];
        StoredIndex = StoredFields.Select((f, i) => (f, i)).ToFrozenDictionary(p => p.f.ApiName, p => p.i, StringComparer.Ordinal);
    }

    public string ApiName { get; }
    public long Id { get; }
    public string SingularLabel { get; }

    /// <summary>The field that names a record where a lookup points at it (<c>{"name","id"}</c>).</summary>
    public string DisplayField { get; }

    /// <summary>Every field, as the metadata lists them.</summary>
    public IReadOnlyList<FieldDefinition> Fields { get; }

    /// <summary>Fields the database returns (columns and generated columns), in a fixed order.</summary>
    public IReadOnlyList<FieldDefinition> StoredFields { get; }

    /// <summary>Fields with a column of their own that writes fill.</summary>
    public IReadOnlyList<FieldDefinition> ColumnFields { get; }

    /// <summary>Position of each stored field in <see cref="Storage.StoredRecord.Values"/>.</summary>
    public FrozenDictionary<string, int> StoredIndex { get; }

    public bool TryGetField(string apiName, [NotNullWhen(true)] out FieldDefinition? field) =>
        _byName.TryGetValue(apiName, out field);

    public FieldDefinition Field(string apiName) =>
        _byName.TryGetValue(apiName, out var field) ? field : throw new KeyNotFoundException($"{ApiName} has no field {apiName}.");
}

/// <summary>The modules this server serves. Zoho matches module names in URLs without regard to case.</summary>
public static class Modules
{
    public static readonly ModuleDefinition Leads = LeadsModule.Definition;

    public static readonly IReadOnlyList<ModuleDefinition> All = [Leads];

    private static readonly FrozenDictionary<string, ModuleDefinition> ByName =
        All.ToFrozenDictionary(m => m.ApiName, StringComparer.OrdinalIgnoreCase);

    public static bool TryResolve(string? name, [NotNullWhen(true)] out ModuleDefinition? module)
    {
        module = null;
        return name is not null && ByName.TryGetValue(name, out module);
    }
}

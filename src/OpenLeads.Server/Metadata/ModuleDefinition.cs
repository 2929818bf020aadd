using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;

namespace OpenLeads.Server.Metadata;

/// <summary>
/// A CRM module of the org and its fields, in Zoho's field order. Built from the org's metadata
/// (<see cref="OrgFolder"/>); every rule of one module (how many fields a mass update may set,
/// whether its records convert) is a property here, read where the rule applies.
/// </summary>
public sealed class ModuleDefinition
{
    private readonly FrozenDictionary<string, FieldDefinition> _byName;

    public ModuleDefinition(string apiName, long id, string singularLabel, string displayField, IReadOnlyList<FieldDefinition> fields)
    {
        ApiName = apiName;
        Id = id;
        SingularLabel = singularLabel;
        PluralLabel = apiName;
        DisplayField = displayField;
        Fields = fields;
        Table = apiName;
        _byName = fields.ToFrozenDictionary(f => f.ApiName, StringComparer.Ordinal);
        StoredFields = [.. fields.Where(f => f.Storage != FieldStorage.None)];
        ColumnFields = [.. fields.Where(f => f.Storage == FieldStorage.Column)];
        StoredIndex = StoredFields.Select((f, i) => (f, i)).ToFrozenDictionary(p => p.f.ApiName, p => p.i, StringComparer.Ordinal);
        CreatedBy = Field(SystemFields.CreatedBy);
        ModifiedBy = Field(SystemFields.ModifiedBy);
        CreatedTime = Field(SystemFields.CreatedTime);
        ModifiedTime = Field(SystemFields.ModifiedTime);
        LastActivityTime = _byName.GetValueOrDefault(SystemFields.LastActivityTime);
    }

    public string ApiName { get; }
    public long Id { get; }
    public string SingularLabel { get; }
    public string PluralLabel { get; init; }

    /// <summary>The table that stores the module's records (its api name).</summary>
    public string Table { get; init; }

    /// <summary>The module's object in Zoho's <c>/settings/modules</c> answer, as the org gave it.</summary>
    public JsonObject? Json { get; init; }

    /// <summary>Fields one mass update may set: Zoho allows one, three in Deals (<see cref="OrgRules"/>).</summary>
    public int MaxMassUpdateFields { get; init; } = 1;

    /// <summary>
    /// The fields an upsert finds an existing record by when the request names none, in order: Zoho's
    /// system-defined duplicate check fields (<see cref="OrgRules"/>), then the fields the metadata marks unique.
    /// Only these may be named in <c>duplicate_check_fields</c>.
    /// </summary>
    public IReadOnlyList<FieldDefinition> DuplicateCheckFields { get; init; } = [];

    /// <summary>Where its records go when converted (<see cref="Convertable"/> modules with a mapping), resolved with the lookups.</summary>
    public Conversion? Conversion { get; internal set; }

    internal JsonObject? ConversionRule { get; init; }

    /// <summary>Its records convert (Zoho's <c>convertable</c>: Leads).</summary>
    public bool Convertable { get; init; }

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

    // The stamps every Zoho module carries; writes set them.
    public FieldDefinition CreatedBy { get; }
    public FieldDefinition ModifiedBy { get; }
    public FieldDefinition CreatedTime { get; }
    public FieldDefinition ModifiedTime { get; }
    public FieldDefinition? LastActivityTime { get; }

    public bool TryGetField(string apiName, [NotNullWhen(true)] out FieldDefinition? field) =>
        _byName.TryGetValue(apiName, out field);

    public FieldDefinition Field(string apiName) =>
        _byName.TryGetValue(apiName, out var field) ? field : throw new KeyNotFoundException($"{ApiName} has no field {apiName}.");
}

/// <summary>The api names of the fields Zoho keeps on every record and only the server writes.</summary>
public static class SystemFields
{
    public const string Owner = "Owner";
    public const string CreatedBy = "Created_By";
    public const string ModifiedBy = "Modified_By";
    public const string CreatedTime = "Created_Time";
    public const string ModifiedTime = "Modified_Time";
    public const string LastActivityTime = "Last_Activity_Time";

    public static readonly FrozenSet<string> Stamps =
        new[] { CreatedBy, ModifiedBy, CreatedTime, ModifiedTime, LastActivityTime }.ToFrozenSet(StringComparer.Ordinal);
}

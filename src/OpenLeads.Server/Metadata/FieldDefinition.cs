namespace OpenLeads.Server.Metadata;

public enum FieldType
{
    Text, TextArea, Email, Phone, Website, Picklist, MultiSelectPicklist, Integer, BigInt, Currency, Double,
    Boolean, Date, DateTime, OwnerLookup, UserLookup, Lookup, ProfileImage, Tag,
    /// <summary>A type OpenLeads does not store yet (subform, multi-select lookup, formula, …): kept in the metadata, answered as null.</summary>
    Unsupported,
}

/// <summary>How a field's value is kept: its own typed column, derived by the database, or not at all.</summary>
public enum FieldStorage { Column, Generated, None }

/// <summary>One field of a module, as Zoho's field metadata describes it.</summary>
public sealed record FieldDefinition(string ApiName, string Label, FieldType Type, long Id)
{
    /// <summary>Zoho's <c>data_type</c> as the org's metadata gives it (the type's own name when the metadata is compiled).</summary>
    public string? ZohoDataType { get; init; }

    /// <summary>The field's object in Zoho's metadata answer, as the org folder (or the fields API) gave it.</summary>
    public System.Text.Json.Nodes.JsonObject? Json { get; init; }

    /// <summary>The column that stores it: the api name, unless that is longer than a database allows.</summary>
    public string Column { get; init; } = ApiName;

    /// <summary>The module a lookup points at, resolved when the org is built (null when the org does not serve it).</summary>
    public ModuleDefinition? LookupTarget { get; internal set; }

    /// <summary>The value names a user: the owner, or a user lookup.</summary>
    public bool IsUserReference => Type is FieldType.OwnerLookup or FieldType.UserLookup;

    /// <summary>The value names another record or a user, kept as its id.</summary>
    public bool IsReference => IsUserReference || Type == FieldType.Lookup;

    public int? Length { get; init; }
    public int? DecimalPlace { get; init; }
    public bool ReadOnly { get; init; }
    public bool SystemMandatory { get; init; }
    public bool Custom { get; init; }
    /// <summary>Set by the server (Created_By, Modified_Time, …), never by a client.</summary>
    public bool SystemManaged { get; init; }
    public IReadOnlyList<PickListValue> PickList { get; init; } = [];
    /// <summary>Target module of a lookup field.</summary>
    public string? LookupModule { get; init; }
    public FieldStorage Storage { get; init; } = FieldStorage.Column;
    /// <summary>For a generated field: the fields it joins with a space (Full_Name).</summary>
    public IReadOnlyList<string> GeneratedFrom { get; init; } = [];

    public string DataType => ZohoDataType ?? Type switch
    {
        FieldType.Text or FieldType.Tag => "text",
        FieldType.TextArea => "textarea",
        FieldType.Email => "email",
        FieldType.Phone => "phone",
        FieldType.Website => "website",
        FieldType.Picklist => "picklist",
        FieldType.MultiSelectPicklist => "multiselectpicklist",
        FieldType.Integer => "integer",
        FieldType.BigInt => "bigint",
        FieldType.Currency => "currency",
        FieldType.Double => "double",
        FieldType.Boolean => "boolean",
        FieldType.Date => "date",
        FieldType.DateTime => "datetime",
        FieldType.OwnerLookup => "ownerlookup",
        FieldType.UserLookup => "userlookup",
        FieldType.Lookup => "lookup",
        FieldType.ProfileImage => "profileimage",
        _ => throw new InvalidOperationException($"Unknown field type {Type}."),
    };

    public string JsonType => Type switch
    {
        FieldType.Integer or FieldType.BigInt => "integer",
        FieldType.Currency or FieldType.Double => "double",
        FieldType.Boolean => "boolean",
        FieldType.OwnerLookup or FieldType.UserLookup or FieldType.Lookup => "jsonobject",
        FieldType.MultiSelectPicklist or FieldType.Tag => "jsonarray",
        _ => "string",
    };

    /// <summary>A client may set it on insert or update.</summary>
    public bool Writable => Storage == FieldStorage.Column && !ReadOnly && !SystemManaged;

    /// <summary>
    /// Zoho's rule: email, lookup, multi-line, image and read-only or system fields cannot be
    /// mass updated; the owner changes through its own action, not the mass update.
    /// </summary>
    public bool MassUpdate => MassUpdateAllowed && Writable && Type is not (FieldType.Email or FieldType.TextArea or FieldType.Lookup
        or FieldType.OwnerLookup or FieldType.UserLookup or FieldType.ProfileImage or FieldType.Tag or FieldType.Unsupported);

    /// <summary>The metadata's own <c>mass_update</c>: a field the org says may not be mass updated stays so.</summary>
    public bool MassUpdateAllowed { get; init; } = true;

    /// <summary>The metadata's <c>unique</c> ("Do not allow duplicate values"): a user-defined duplicate check field of upsert.</summary>
    public bool Unique { get; init; }

    public bool IsPickList => Type is FieldType.Picklist or FieldType.MultiSelectPicklist;

    // A field is defined once, in its module's metadata: identity is equality. Value equality would
    // hash every property (strings included) on each dictionary lookup in the write paths.
    public bool Equals(FieldDefinition? other) => ReferenceEquals(this, other);

    public override int GetHashCode() => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(this);
}

/// <summary>One choice of a picklist. "-None-" is the empty choice and is stored as null.</summary>
public sealed record PickListValue(string DisplayValue, string ActualValue, long Id)
{
    public const string None = "-None-";
}

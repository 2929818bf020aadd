namespace OpenLeads.Server.Metadata;

public enum FieldType
{
    Text, TextArea, Email, Phone, Website, Picklist, MultiSelectPicklist, Integer, Currency, Double,
    Boolean, Date, DateTime, OwnerLookup, Lookup, ProfileImage, Tag,
}

/// <summary>How a field's value is kept: its own typed column, derived by the database, or not at all.</summary>
public enum FieldStorage { Column, Generated, None }

/// <summary>One field of a module, as Zoho's field metadata describes it.</summary>
public sealed record FieldDefinition(string ApiName, string Label, FieldType Type, long Id)
{
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

    public string DataType => Type switch
    {
        FieldType.Text or FieldType.Tag => "text",
        FieldType.TextArea => "textarea",
        FieldType.Email => "email",
        FieldType.Phone => "phone",
        FieldType.Website => "website",
        FieldType.Picklist => "picklist",
        FieldType.MultiSelectPicklist => "multiselectpicklist",
        FieldType.Integer => "integer",
        FieldType.Currency => "currency",
        FieldType.Double => "double",
        FieldType.Boolean => "boolean",
        FieldType.Date => "date",
        FieldType.DateTime => "datetime",
        FieldType.OwnerLookup => "ownerlookup",
        FieldType.Lookup => "lookup",
        FieldType.ProfileImage => "profileimage",
        _ => throw new InvalidOperationException($"Unknown field type {Type}."),
    };

    public string JsonType => Type switch
    {
        FieldType.Integer => "integer",
        FieldType.Currency or FieldType.Double => "double",
        FieldType.Boolean => "boolean",
        FieldType.OwnerLookup or FieldType.Lookup => "jsonobject",
        FieldType.MultiSelectPicklist or FieldType.Tag => "jsonarray",
        _ => "string",
    };

    /// <summary>A client may set it on insert or update.</summary>
    public bool Writable => Storage == FieldStorage.Column && !ReadOnly && !SystemManaged;

    /// <summary>
    /// Zoho's rule: email, lookup, multi-line, image and read-only or system fields cannot be
    /// mass updated; the owner changes through its own action, not the mass update.
    /// </summary>
    public bool MassUpdate => Writable && Type is not (FieldType.Email or FieldType.TextArea or FieldType.Lookup
        or FieldType.OwnerLookup or FieldType.ProfileImage or FieldType.Tag);

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

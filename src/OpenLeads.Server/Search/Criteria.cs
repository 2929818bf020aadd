using OpenLeads.Server.Metadata;

namespace OpenLeads.Server.Search;

/// <summary>Zoho's criteria operators, by their names in <c>(Field:operator:value)</c>.</summary>
public enum CriteriaOperator
{
    Equals, NotEqual, StartsWith, EndsWith, Contains, NotContains, In, NotIn,
    GreaterThan, GreaterEqual, LessThan, LessEqual, Between,
}

/// <summary>
/// Parsed search criteria. Values are already typed by the field's metadata (the stored forms of
/// <see cref="FieldValues"/>), so compiling to SQL only ever binds parameters.
/// </summary>
public abstract record Criteria;

/// <summary>One <c>(Field:operator:value)</c>. A null value (Zoho's <c>${EMPTY}</c>) means "is empty".</summary>
public sealed record Condition(FieldDefinition Field, CriteriaOperator Operator, IReadOnlyList<object?> Values) : Criteria;

/// <summary>Conditions joined by <c>and</c> (<see cref="IsAnd"/>) or <c>or</c>.</summary>
public sealed record Group(bool IsAnd, IReadOnlyList<Criteria> Parts) : Criteria;

/// <summary>
/// A word search (<c>?word=</c>): <see cref="AnyField"/>, the word contained in any searchable field, is what it means;
/// <see cref="Module"/>'s word index, where the database has one for this word, only narrows the records it is checked on.
/// </summary>
public sealed record WordMatch(ModuleDefinition Module, string Word, Group AnyField) : Criteria;

public static class CriteriaOperators
{
    public static readonly IReadOnlyDictionary<string, CriteriaOperator> ByName = new Dictionary<string, CriteriaOperator>(StringComparer.Ordinal)
    {
        ["equals"] = CriteriaOperator.Equals,
        ["not_equal"] = CriteriaOperator.NotEqual,
        ["starts_with"] = CriteriaOperator.StartsWith,
        ["ends_with"] = CriteriaOperator.EndsWith,
        ["contains"] = CriteriaOperator.Contains,
        ["not_contains"] = CriteriaOperator.NotContains,
        ["in"] = CriteriaOperator.In,
        ["not_in"] = CriteriaOperator.NotIn,
        ["greater_than"] = CriteriaOperator.GreaterThan,
        ["greater_equal"] = CriteriaOperator.GreaterEqual,
        ["less_than"] = CriteriaOperator.LessThan,
        ["less_equal"] = CriteriaOperator.LessEqual,
        ["between"] = CriteriaOperator.Between,
    };

    public static string Name(CriteriaOperator op) => ByName.First(p => p.Value == op).Key;

    /// <summary>Which operators a field type takes, as Zoho's search and custom views offer them.</summary>
    public static bool Allows(FieldDefinition field, CriteriaOperator op) => field.Type switch
    {
        FieldType.Text or FieldType.TextArea or FieldType.Email or FieldType.Phone or FieldType.Website =>
            op is CriteriaOperator.Equals or CriteriaOperator.NotEqual or CriteriaOperator.StartsWith or CriteriaOperator.EndsWith
                or CriteriaOperator.Contains or CriteriaOperator.NotContains or CriteriaOperator.In or CriteriaOperator.NotIn,
        FieldType.Picklist or FieldType.MultiSelectPicklist or FieldType.OwnerLookup or FieldType.UserLookup or FieldType.Lookup =>
            op is CriteriaOperator.Equals or CriteriaOperator.NotEqual or CriteriaOperator.In or CriteriaOperator.NotIn,
        FieldType.Boolean => op is CriteriaOperator.Equals or CriteriaOperator.NotEqual,
        FieldType.Integer or FieldType.BigInt or FieldType.Currency or FieldType.Double or FieldType.Date or FieldType.DateTime =>
            op is not (CriteriaOperator.StartsWith or CriteriaOperator.EndsWith or CriteriaOperator.Contains or CriteriaOperator.NotContains),
        _ => false,
    };
}

using System.Text;
using OpenLeads.Server.Metadata;
using OpenLeads.Server.Search;

namespace OpenLeads.Server.Storage;

/// <summary>The few comparisons whose SQL differs between databases; every value becomes a parameter.</summary>
public interface ICriteriaDialect
{
    /// <summary>Binds the stored form of a value of <paramref name="field"/>; returns its placeholder.</summary>
    string Parameter(FieldDefinition field, object value);

    /// <summary>Binds a text (a LIKE pattern); returns its placeholder.</summary>
    string Text(string value);

    string EqualsIgnoringCase(string column, string parameter);

    /// <summary>Case-insensitive LIKE with backslash as the escape character.</summary>
    string LikeIgnoringCase(string column, string pattern);

    string MultiSelectHas(string column, string parameter);

    /// <summary>
    /// The records of <paramref name="module"/> (as <c>t.id</c>) its word index finds for <paramref name="word"/>: every record
    /// that contains the word in a searchable field, and maybe others; null where the index cannot promise that for this word.
    /// </summary>
    string? WordIndex(ModuleDefinition module, string word);
}

/// <summary>
/// Compiles <see cref="Criteria"/> to a WHERE fragment over the record table aliased <c>t</c>.
/// Column names come from metadata; values only ever as parameters. Text compares without regard
/// to case, as Zoho's search does; a negative test (not_equal, not_in, not_contains) also matches
/// records where the field is empty.
/// </summary>
public static class CriteriaSql
{
    public static string Compile(Criteria criteria, ICriteriaDialect dialect) => criteria switch
    {
        Group group => "(" + string.Join(group.IsAnd ? " AND " : " OR ", group.Parts.Select(p => Compile(p, dialect))) + ")",
        Condition condition => Condition(condition, dialect),
        // The index narrows, the conditions decide: the answer is the scan's, record for record.
        WordMatch word => dialect.WordIndex(word.Module, word.Word) is { } index
            ? $"({index} AND {Compile(word.AnyField, dialect)})"
            : Compile(word.AnyField, dialect),
        _ => throw new ArgumentOutOfRangeException(nameof(criteria)),
    };

    private static string Condition(Condition c, ICriteriaDialect dialect)
    {
        var column = "t." + RecordSelect.Quote(c.Field.Column);
        var isText = c.Field.Type is FieldType.Text or FieldType.TextArea or FieldType.Email or FieldType.Phone or FieldType.Website;
        if (c.Values is [null])
        {
            var empty = isText ? $"({column} IS NULL OR {column} = '')" : $"{column} IS NULL";
            return c.Operator == CriteriaOperator.Equals ? empty : $"NOT {empty}";
        }

        string Match(object value) => c.Field.Type switch
        {
            _ when isText => dialect.EqualsIgnoringCase(column, dialect.Parameter(c.Field, value)),
            FieldType.MultiSelectPicklist => dialect.MultiSelectHas(column, dialect.Parameter(c.Field, value)),
            _ => $"{column} = {dialect.Parameter(c.Field, value)}",
        };
        string Like(string pattern) => dialect.LikeIgnoringCase(column, dialect.Text(pattern));
        string AnyOf() => "(" + string.Join(" OR ", c.Values.Select(v => Match(v!))) + ")";
        string Compare(string op) => $"{column} {op} {dialect.Parameter(c.Field, c.Values[0]!)}";
        string OrEmpty(string negated) => $"({column} IS NULL OR NOT {negated})";
        var text = c.Values[0] as string ?? "";

        return c.Operator switch
        {
            CriteriaOperator.Equals => Match(c.Values[0]!),
            CriteriaOperator.NotEqual => OrEmpty(Match(c.Values[0]!)),
            CriteriaOperator.In => AnyOf(),
            CriteriaOperator.NotIn => OrEmpty(AnyOf()),
            CriteriaOperator.StartsWith => Like(EscapeLike(text) + "%"),
            CriteriaOperator.EndsWith => Like("%" + EscapeLike(text)),
            CriteriaOperator.Contains => Like("%" + EscapeLike(text) + "%"),
            CriteriaOperator.NotContains => OrEmpty(Like("%" + EscapeLike(text) + "%")),
            CriteriaOperator.GreaterThan => Compare(">"),
            CriteriaOperator.GreaterEqual => Compare(">="),
            CriteriaOperator.LessThan => Compare("<"),
            CriteriaOperator.LessEqual => Compare("<="),
            CriteriaOperator.Between =>
                $"{column} BETWEEN {dialect.Parameter(c.Field, c.Values[0]!)} AND {dialect.Parameter(c.Field, c.Values[1]!)}",
            _ => throw new ArgumentOutOfRangeException(nameof(c)),
        };
    }

    /// <summary>A LIKE pattern's text with its wildcards and backslash escaped (backslash is the escape character).</summary>
    public static string EscapeLike(string value)
    {
        var escaped = new StringBuilder(value.Length);
        foreach (var ch in value)
        {
            if (ch is '%' or '_' or '\\') escaped.Append('\\');
            escaped.Append(ch);
        }
        return escaped.ToString();
    }
}

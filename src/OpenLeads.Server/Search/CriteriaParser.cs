using System.Text;
using System.Text.Json;
using OpenLeads.Server.Metadata;
using OpenLeads.Server.Zoho;

namespace OpenLeads.Server.Search;

/// <summary>
/// Parses Zoho's criteria syntax, <c>(Field:operator:value)and((…)or(…))</c>: conditions in
/// parentheses, groups in parentheses, <c>and</c> binding tighter than <c>or</c>. In values,
/// <c>\(</c>, <c>\)</c>, <c>\,</c> and <c>\\</c> stand for the character itself; <c>in</c>,
/// <c>not_in</c> and <c>between</c> take comma-separated values; <c>${EMPTY}</c> means empty.
/// Field names are looked up in the metadata and values typed by it: nothing of the text reaches SQL.
/// The first error stops the parse and is returned, naming the part it is about.
/// </summary>
public sealed class CriteriaParser
{
    public const int MaxConditions = 10;
    public const int MaxValues = 100;
    public const string Empty = "${EMPTY}";

    private readonly ModuleDefinition _module;
    private readonly string _text;
    private int _at;
    private int _conditions;
    private ZohoProblem? _error;

    private CriteriaParser(ModuleDefinition module, string text) => (_module, _text) = (module, text);

    public static (Criteria? Criteria, ZohoProblem? Problem) Parse(ModuleDefinition module, string text)
    {
        var parser = new CriteriaParser(module, text);
        var criteria = parser.Expression();
        parser.SkipSpaces();
        if (parser._error is null && parser._at < text.Length) parser.Fail($"unexpected '{text[parser._at]}' at position {parser._at + 1}");
        return parser._error is null ? (criteria, null) : (null, parser._error);
    }

    private Criteria? Expression()
    {
        // Terms joined by and/or; and binds tighter, so a or b and c is a or (b and c).
        var first = Term();
        if (first is null) return null;
        var alternatives = new List<List<Criteria>> { new() { first } };
        while (true)
        {
            SkipSpaces();
            if (_at >= _text.Length || _text[_at] == ')') break;
            var isAnd = Keyword("and");
            if (!isAnd && !Keyword("or")) return Fail($"expected 'and' or 'or' at position {_at + 1}");
            var next = Term();
            if (next is null) return null;
            if (isAnd) alternatives[^1].Add(next);
            else alternatives.Add([next]);
        }
        var groups = alternatives.Select(a => a.Count == 1 ? a[0] : new Group(IsAnd: true, a)).ToList();
        return groups.Count == 1 ? groups[0] : new Group(IsAnd: false, groups);
    }

    private Criteria? Term()
    {
        SkipSpaces();
        if (!Expect('(')) return null;
        SkipSpaces();
        var term = _at < _text.Length && _text[_at] == '(' ? Expression() : ReadConditionText() is { } text ? Condition(text) : null;
        if (term is null) return null;
        SkipSpaces();
        return Expect(')') ? term : null;
    }

    /// <summary>The text up to the unescaped ')' that closes a condition; escapes are kept for the value split.</summary>
    private string? ReadConditionText()
    {
        var start = _at;
        while (_at < _text.Length && _text[_at] != ')')
        {
            if (_text[_at] == '\\') _at++;
            else if (_text[_at] == '(')
            {
                Fail($"unescaped '(' at position {_at + 1}; write \\( in a value");
                return null;
            }
            _at++;
        }
        return _text[start..Math.Min(_at, _text.Length)];
    }

    private Condition? Condition(string text)
    {
        if (++_conditions > MaxConditions) return Fail($"at most {MaxConditions} conditions are allowed");
        var parts = text.Split(':', 3);
        if (parts.Length < 3) return Fail($"'({text})' is not (field:operator:value)");
        var (name, operatorName, rawValue) = (parts[0].Trim(), parts[1].Trim(), parts[2]);

        if (!_module.TryGetField(name, out var field) || field.Storage == FieldStorage.None)
        {
            return Fail($"{name} is not a field of {_module.ApiName} that can be searched", name);
        }
        if (!CriteriaOperators.ByName.TryGetValue(operatorName, out var op)) return Fail($"'{operatorName}' is not an operator", name, operatorName);
        if (!CriteriaOperators.Allows(field, op)) return Fail($"{operatorName} cannot be used on a {field.DataType} field", name, operatorName);

        var raws = op is CriteriaOperator.In or CriteriaOperator.NotIn or CriteriaOperator.Between ? SplitValues(rawValue) : [Unescape(rawValue)];
        if (op == CriteriaOperator.Between && raws.Count != 2) return Fail("between takes two values: low,high", name, operatorName);
        if (raws.Count > MaxValues) return Fail($"at most {MaxValues} values are allowed", name, operatorName);

        var values = new List<object?>(raws.Count);
        foreach (var raw in raws)
        {
            if (raw == Empty && op is not (CriteriaOperator.Equals or CriteriaOperator.NotEqual))
            {
                return Fail($"{Empty} goes with equals or not_equal", name, operatorName);
            }
            var value = raw == Empty ? null : Value(field, raw);
            if (raw != Empty && value is null) return Fail($"'{raw}' is not a valid {field.DataType} value", name, operatorName);
            values.Add(value);
        }
        return new Condition(field, op, values);
    }

    /// <summary>A value typed by the field, or null when it is not one (text is taken as written).</summary>
    private static object? Value(FieldDefinition field, string raw)
    {
        if (raw.Length == 0) return null;
        switch (field.Type)
        {
            case FieldType.Text or FieldType.TextArea or FieldType.Email or FieldType.Phone or FieldType.Website:
                return raw;
            case FieldType.MultiSelectPicklist:
                return field.PickList.Any(p => p.ActualValue == raw) ? raw : null;
            default:
                using (var json = JsonDocument.Parse($"\"{JsonEncodedText.Encode(raw)}\""))
                {
                    return FieldValues.TryParse(field, json.RootElement, out var value, out _) ? value : null;
                }
        }
    }

    private static List<string> SplitValues(string raw)
    {
        var values = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] == '\\' && i + 1 < raw.Length) current.Append(raw[++i]);
            else if (raw[i] == ',') { values.Add(current.ToString()); current.Clear(); }
            else current.Append(raw[i]);
        }
        values.Add(current.ToString());
        return values;
    }

    private static string Unescape(string raw)
    {
        var text = new StringBuilder(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] == '\\' && i + 1 < raw.Length) i++;
            text.Append(raw[i]);
        }
        return text.ToString();
    }

    private bool Keyword(string word)
    {
        if (_at + word.Length > _text.Length || !_text.AsSpan(_at, word.Length).Equals(word, StringComparison.OrdinalIgnoreCase)) return false;
        _at += word.Length;
        return true;
    }

    private bool Expect(char c)
    {
        if (_at < _text.Length && _text[_at] == c)
        {
            _at++;
            return true;
        }
        Fail(_at >= _text.Length ? $"expected '{c}' but the criteria ended" : $"expected '{c}' at position {_at + 1}");
        return false;
    }

    private void SkipSpaces()
    {
        while (_at < _text.Length && char.IsWhiteSpace(_text[_at])) _at++;
    }

    /// <summary>Records the first error; every caller then returns null up to <see cref="Parse"/>.</summary>
    private Condition? Fail(string reason, string? apiName = null, string? op = null)
    {
        _error ??= ZohoErrors.InvalidQuery(reason, apiName, op);
        return null;
    }
}

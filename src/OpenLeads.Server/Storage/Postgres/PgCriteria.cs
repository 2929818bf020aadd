using OpenLeads.Server.Metadata;

namespace OpenLeads.Server.Storage.Postgres;

/// <summary>Criteria in PostgreSQL: lower() equality, ILIKE, = ANY for multi-select arrays.</summary>
internal sealed class PgCriteria : ICriteriaParameters
{
    public List<(string Name, object? Value)> Parameters { get; } = [];

    public string Parameter(FieldDefinition field, object value) => Add(PgValues.ToDb(value));

    public string Text(string value) => Add(value);

    public string EqualsIgnoringCase(string column, string parameter) => $"lower({column}) = lower({parameter})";

    public string LikeIgnoringCase(string column, string pattern) => $"{column} ILIKE {pattern} ESCAPE '\\'";

    public string MultiSelectHas(string column, string parameter) => $"{parameter} = ANY({column})";

    /// <summary>Any word: the side table's ILIKE is rechecked on its text, which holds every searchable field, so it finds every record the scan does.</summary>
    public string? WordIndex(ModuleDefinition module, string word)
    {
        if (word.Length < 3 || Storage.WordIndex.Columns(module).Count == 0) return null;
        var index = RecordSelect.Quote(Storage.WordIndex.Name(module.Table));
        return $"t.id IN (SELECT id FROM {index} WHERE words ILIKE {Add("%" + CriteriaSql.EscapeLike(word) + "%")} ESCAPE '\\')";
    }

    private string Add(object? value)
    {
        var name = $"@c{Parameters.Count}";
        Parameters.Add((name, value));
        return name;
    }
}

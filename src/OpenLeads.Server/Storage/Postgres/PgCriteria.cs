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

    private string Add(object? value)
    {
        var name = $"@c{Parameters.Count}";
        Parameters.Add((name, value));
        return name;
    }
}

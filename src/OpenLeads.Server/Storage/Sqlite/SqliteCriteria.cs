using OpenLeads.Server.Metadata;

namespace OpenLeads.Server.Storage.Sqlite;

/// <summary>Criteria in SQLite: NOCASE equality, LIKE (case-insensitive for ASCII), json_each for multi-select.</summary>
internal sealed class SqliteCriteria : ICriteriaDialect
{
    public List<(string Name, object? Value)> Parameters { get; } = [];

    public string Parameter(FieldDefinition field, object value) => Add(SqliteValues.ToParameter(value));

    public string Text(string value) => Add(value);

    public string EqualsIgnoringCase(string column, string parameter) => $"{column} = {parameter} COLLATE NOCASE";

    public string LikeIgnoringCase(string column, string pattern) => $"{column} LIKE {pattern} ESCAPE '\\'";

    public string MultiSelectHas(string column, string parameter) => $"EXISTS (SELECT 1 FROM json_each({column}) WHERE value = {parameter})";

    private string Add(object? value)
    {
        var name = $"@c{Parameters.Count}";
        Parameters.Add((name, value));
        return name;
    }
}

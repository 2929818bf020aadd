using OpenLeads.Server.Metadata;

namespace OpenLeads.Server.Storage.Sqlite;

/// <summary>Criteria in SQLite: text folded by <see cref="SqliteDatabase.CaseFold"/> (any script), json_each for multi-select.</summary>
internal sealed class SqliteCriteria : ICriteriaParameters
{
    public List<(string Name, object? Value)> Parameters { get; } = [];

    public string Parameter(FieldDefinition field, object value) => Add(SqliteValues.ToParameter(value));

    public string Text(string value) => Add(value);

    public string EqualsIgnoringCase(string column, string parameter) => $"{Fold(column)} = {Fold(parameter)}";

    public string LikeIgnoringCase(string column, string pattern) => $"{Fold(column)} LIKE {Fold(pattern)} ESCAPE '\\'";

    private static string Fold(string expression) => $"{SqliteDatabase.CaseFold}({expression})";

    public string MultiSelectHas(string column, string parameter) => $"EXISTS (SELECT 1 FROM json_each({column}) WHERE value = {parameter})";

    public string? WordIndex(ModuleDefinition module, string word)
    {
        if (!SqliteWords.Indexable(word) || Storage.WordIndex.Columns(module).Count == 0) return null;
        var index = RecordSelect.Quote(Storage.WordIndex.Name(module.Table));
        return $"t.id IN (SELECT rowid FROM {index} WHERE {index} MATCH {Add(SqliteWords.Phrase(word.ToLowerInvariant()))})";
    }

    private string Add(object? value)
    {
        var name = $"@c{Parameters.Count}";
        Parameters.Add((name, value));
        return name;
    }
}

namespace OpenLeads.Server.Storage.Sqlite;

/// <summary>
/// SQLite's word index: an FTS5 table with the trigram tokenizer, contentless (the records hold the text) with
/// contentless_delete, so that a trigger removes a record by its id alone. Its column <c>words</c> is a record's
/// searchable fields joined by newlines.
/// </summary>
internal sealed class SqliteWords : IWordIndexSql
{
    public static readonly SqliteWords Instance = new();

    public const string Kind = "fts5 trigram";

    public Task<string> KindAsync(ISqlSession session, CancellationToken ct) => Task.FromResult(Kind);

    /// <summary>
    /// The table, with FTS5's automatic merging off: with it on (4, its default), each write's small segment set off
    /// merges that made a mass update of a text field over 200,000 records about four times slower (a trigger-fed update
    /// of 100,000 records: 28 s with it, 5.5 s without). A level of segments is still merged when it reaches 16 (FTS5's
    /// <c>crisismerge</c>), so their number stays bounded.
    /// </summary>
    public IEnumerable<string> Create(string index, string kind) =>
    [
        $"CREATE VIRTUAL TABLE {Q(index)} USING fts5(words, content='', contentless_delete=1, tokenize='trigram')",
        $"INSERT INTO {Q(index)} ({Q(index)}, rank) VALUES ('automerge', 0)",
    ];

    public IEnumerable<string> Drop(string index) => [$"DROP TABLE IF EXISTS {Q(index)}"];

    public IEnumerable<string> CreateTriggers(string table, string index, IReadOnlyList<string> columns)
    {
        var changed = string.Join(" OR ", columns.Select(c => $"old.{Q(c)} IS NOT new.{Q(c)}"));
        return
        [
            $"CREATE TRIGGER {Q(Trigger(index, "insert"))} AFTER INSERT ON {Q(table)} BEGIN " +
                $"INSERT INTO {Q(index)} (rowid, words) VALUES (new.id, {Text("new", columns)}); END",
            $"CREATE TRIGGER {Q(Trigger(index, "delete"))} AFTER DELETE ON {Q(table)} BEGIN DELETE FROM {Q(index)} WHERE rowid = old.id; END",
            $"CREATE TRIGGER {Q(Trigger(index, "update"))} AFTER UPDATE OF {string.Join(", ", columns.Select(Q))} ON {Q(table)} " +
                $"WHEN {changed} BEGIN UPDATE {Q(index)} SET words = {Text("new", columns)} WHERE rowid = new.id; END",
        ];
    }

    private static readonly string[] Triggers = ["insert", "delete", "update"];

    public IEnumerable<string> DropTriggers(string table, string index) =>
        Triggers.Select(t => $"DROP TRIGGER IF EXISTS {Q(Trigger(index, t))}");

    public string Fill(string table, string index, IReadOnlyList<string> columns, string? ids) =>
        $"INSERT INTO {Q(index)} (rowid, words) SELECT id, {Text(Q(table), columns)} FROM {Q(table)}" +
        (ids is null ? "" : $" WHERE id IN (SELECT value FROM json_each({ids}))");

    public string Remove(string index, string ids) => $"DELETE FROM {Q(index)} WHERE rowid IN (SELECT value FROM json_each({ids}))";

    public string Text(string alias, IReadOnlyList<string> columns) =>
        $"concat_ws(char(10), {string.Join(", ", columns.Select(c => $"{alias}.{Q(c)}"))})";

    /// <summary>
    /// The index answers a word when its trigram tokenizer folds case at least as coarsely as the scan does (.NET's
    /// ToLowerInvariant, <see cref="SqliteDatabase.CaseFold"/>) on every character that can meet the word's: whenever
    /// .NET lowers a character x to a character y of the word, SQLite must fold x and y alike, or the index would miss a
    /// record the scan finds. SQLite's fold table is older than the ICU that .NET lowers by (Cherokee, Georgian
    /// Mtavruli, newer Latin letters fold in .NET only), and both move with their versions, so the characters where
    /// they differ are found once per process, by asking this SQLite (<see cref="Unfolded"/>); a word with one of them,
    /// a control character or one outside the BMP, and a word of fewer than three characters (no trigram), is left to the scan.
    /// </summary>
    public static bool Indexable(string word)
    {
        var folded = word.ToLowerInvariant();
        if (folded.Length < 3) return false;
        var unfolded = Unfolded.Value;
        foreach (var c in folded)
        {
            if (c < '\u0020' || char.IsSurrogate(c) || unfolded.Contains(c)) return false;
        }
        return true;
    }

    /// <summary>The characters .NET lowers another character to that this SQLite's trigram tokenizer does not fold alike.</summary>
    public static readonly Lazy<IReadOnlySet<char>> Unfolded = new(FindUnfolded);

    /// <summary>
    /// Starts finding <see cref="Unfolded"/> on the thread pool, so that a server's start does not wait the 50 ms it takes
    /// (a CPU profile of a published server's start put it at about a sixth of the start's own work). A search that comes
    /// sooner waits for it on the <see cref="Lazy{T}"/>; a failure is kept there and thrown to that search.
    /// </summary>
    public static void FindUnfoldedInBackground()
    {
        if (!Unfolded.IsValueCreated) _ = Task.Run(() => Unfolded.Value);
    }

    private static HashSet<char> FindUnfolded()
    {
        var pairs = new List<(int CodePoint, char Lower)>();
        for (var cp = 0; cp <= 0x10FFFF; cp++)
        {
            if (cp is >= 0xD800 and <= 0xDFFF) continue;
            var lower = System.Text.Rune.ToLowerInvariant(new System.Text.Rune(cp)).Value;
            if (lower != cp && lower <= 0xFFFF) pairs.Add((cp, (char)lower));
        }
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.CommandText = string.Join(";\n", Instance.Create("probe", Kind));
        command.ExecuteNonQuery();
        command.CommandText = "INSERT INTO probe (rowid, words) VALUES (@id, @text)";
        var (id, text) = (command.Parameters.AddWithValue("@id", 0), command.Parameters.AddWithValue("@text", ""));
        foreach (var (cp, _) in pairs)
        {
            (id.Value, text.Value) = (cp, "q" + char.ConvertFromUtf32(cp) + "z");
            command.ExecuteNonQuery();
        }
        command.Parameters.Clear();
        command.CommandText = "SELECT rowid FROM probe WHERE probe MATCH @word";
        var word = command.Parameters.AddWithValue("@word", "");
        var unfolded = new HashSet<char>();
        foreach (var group in pairs.GroupBy(p => p.Lower))
        {
            word.Value = Phrase("q" + group.Key + "z");
            var found = new HashSet<long>();
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read()) found.Add(reader.GetInt64(0));
            }
            if (group.Any(p => !found.Contains(p.CodePoint))) unfolded.Add(group.Key);
        }
        return unfolded;
    }

    /// <summary>The word as one FTS5 phrase: between double quotes, each of its own doubled; nothing in it is syntax then.</summary>
    public static string Phrase(string word) => "\"" + word.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string Trigger(string index, string what) => Metadata.OrgNames.Identifier($"{index}_{what}");

    private static string Q(string name) => RecordSelect.Quote(name);
}

using System.Text;
using CsCheck;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using OpenLeads.Server.Storage;
using OpenLeads.Server.Storage.Sqlite;
using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.Search;

/// <summary>
/// The word index never changes an answer: generated words over generated Leads (case, accents, scripts whose folding
/// differs between SQLite and .NET, LIKE's wildcards, quotes) find the same records, in the same order, with the same
/// more_records and count, through the index as through the scan; the index folds case as the scan does on every
/// character it takes; and the planner uses it.
/// </summary>
public sealed class WordIndexPropertyTests : ServerTest
{
    /// <summary>Letters in both cases, folding pairs .NET and SQLite agree on and some they do not (Cherokee, Georgian Mtavruli, Kelvin sign, dotted I), wildcards.</summary>
    private const string Alphabet = "abcABC xyzXYZ%_\\\"'.@-\nßüÜéÉİıKkΣσςЖжᎠꭰᲐა";

    private static string Text(Random random, int length)
    {
        var text = new StringBuilder(length);
        for (var i = 0; i < length; i++) text.Append(Alphabet[random.Next(Alphabet.Length)]);
        return text.ToString();
    }

    [Fact]
    public async Task GeneratedWords_FindTheSameRecords_ThroughTheIndexAsThroughTheScan()
    {
        var random = new Random(2026);
        var leads = Enumerable.Range(0, 80).Select(_ => new
        {
            Last_Name = "L" + Text(random, random.Next(1, 12)),
            Company = Text(random, random.Next(0, 14)),
            City = random.Next(3) == 0 ? null : Text(random, random.Next(0, 8)),
            Email = random.Next(2) == 0 ? null : $"{Guid.NewGuid():N}@{(random.Next(2) == 0 ? "abc" : "xyz")}.example",
            Description = Text(random, random.Next(0, 30)),
        }).ToArray();
        var response = await Zoho.PostAsync("/crm/v2/Leads", new { data = leads[..40] });
        Assert.True(response.Code == 201, response.ToString());
        Assert.Equal(201, (await Zoho.PostAsync("/crm/v2/Leads", new { data = leads[40..] })).Code);
        var texts = leads.SelectMany(l => new[] { l.Last_Name, l.Company, l.City ?? "", l.Email ?? "", l.Description }).Where(t => t.Length >= 3).ToArray();
        var store = Server.Services.GetRequiredService<IRecordStore>();

        // A word is a piece of a stored text with its letters' case flipped at random, or letters of the alphabet.
        var fromTexts = Gen.Select(Gen.Int[0, texts.Length - 1], Gen.Int[0, 1000], Gen.Int[3, 8], Gen.UInt, (t, start, length, flips) =>
        {
            var text = texts[t];
            var from = start % (text.Length - 2);
            var piece = text.Substring(from, Math.Min(length, text.Length - from)).ToCharArray();
            for (var i = 0; i < piece.Length; i++) if ((flips >> i & 1) == 1) piece[i] = char.IsUpper(piece[i]) ? char.ToLowerInvariant(piece[i]) : char.ToUpperInvariant(piece[i]);
            return new string(piece).Trim();
        });
        var fromAlphabet = Gen.Char[Alphabet].Array[3, 5].Select(chars => new string(chars).Trim());
        var words = Gen.Frequency((4, fromTexts), (1, fromAlphabet)).Where(w => w.Length >= 2);

        await words.SampleAsync(async word =>
        {
            foreach (var (page, perPage) in new[] { (1, 200), (1, 3), (2, 3) })
            {
                var (index, scan) = await WordSearchCalls.BothAsync(Server, "Leads", word, page, perPage);
                Assert.Equal(scan.Records.Select(r => r.Id), index.Records.Select(r => r.Id));
                Assert.Equal(scan.MoreRecords, index.MoreRecords);
            }
            var match = WordSearchCalls.Criteria(Server, "Leads", word);
            Assert.Equal(await store.CountAsync(match.Module, match.AnyField, CancellationToken.None),
                await store.CountAsync(match.Module, match, CancellationToken.None));
        }, iter: 150, threads: 1, print: w => string.Join(" ", w.Select(c => $"U+{(int)c:X4}")));

        // The API's own answer for a word found through the index.
        await Zoho.AssertFindsAsync(Server, "Leads", "xyz.example",
            [.. (await WordSearchCalls.BothAsync(Server, "Leads", "xyz.example", 1, 200)).Scan.Records.Select(r => r.Id)]);
    }

    /// <summary>
    /// For every code point whose .NET lower case (the scan's fold, string by string) is another character the SQLite index takes
    /// (<see cref="SqliteWords.Indexable"/>), the trigram tokenizer folds the two alike: a text holding the code point is
    /// found by a word holding its lower case. Were it not so, the index would miss records the scan finds. The characters
    /// it does not take include Cherokee's lower case, which SQLite's older fold table does not fold.
    /// </summary>
    [Fact]
    public async Task SqliteTrigramFold_OfEveryCodePointFoldingIntoAnIndexedCharacter_IsTheScansFold()
    {
        await using var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        await using (var create = connection.CreateCommand())
        {
            create.CommandText = string.Join(";\n", SqliteWords.Instance.Create("probe", SqliteWords.Kind));
            await create.ExecuteNonQueryAsync();
        }
        var pairs = new List<(int CodePoint, string Lower)>();
        for (var cp = 0; cp <= 0x10FFFF; cp++)
        {
            if (cp is >= 0xD800 and <= 0xDFFF) continue;
            var lower = char.ConvertFromUtf32(cp).ToLowerInvariant();
            if (lower != char.ConvertFromUtf32(cp) && SqliteWords.Indexable(lower + lower + lower)) pairs.Add((cp, lower));
        }
        await using (var transaction = connection.BeginTransaction())
        await using (var insert = connection.CreateCommand())
        {
            insert.CommandText = "INSERT INTO probe (rowid, words) VALUES (@id, @text)";
            var (id, text) = (insert.Parameters.Add("@id", SqliteType.Integer), insert.Parameters.Add("@text", SqliteType.Text));
            foreach (var (cp, _) in pairs)
            {
                (id.Value, text.Value) = (cp, "q" + char.ConvertFromUtf32(cp) + "z");
                await insert.ExecuteNonQueryAsync();
            }
            await transaction.CommitAsync();
        }
        var missed = new List<string>();
        await using var match = connection.CreateCommand();
        match.CommandText = "SELECT count(*) FROM probe WHERE probe MATCH @word AND rowid = @id";
        var (word, row) = (match.Parameters.Add("@word", SqliteType.Text), match.Parameters.Add("@id", SqliteType.Integer));
        foreach (var (cp, lower) in pairs)
        {
            (word.Value, row.Value) = (SqliteWords.Phrase("q" + lower + "z"), cp);
            if ((long)(await match.ExecuteScalarAsync())! == 0) missed.Add($"U+{cp:X4}");
        }
        Assert.True(pairs.Count > 900, $"{pairs.Count} code points");
        Assert.True(missed.Count == 0, $"the trigram tokenizer does not fold {string.Join(" ", missed)} as .NET does");
        Assert.Contains('\uAB70', SqliteWords.Unfolded.Value); // Cherokee Ꭰ (U+13A0) lowers to ꭰ in .NET, not in SQLite
        Assert.False(SqliteWords.Indexable("ᎠᎠᎠ"));
        Assert.True(SqliteWords.Indexable("Müller"));
        Assert.True(SqliteWords.Indexable("Жук"));
    }

    [Fact]
    public async Task TheQueryPlan_OfAWordSearch_UsesTheIndex()
    {
        Assert.Equal(201, (await Zoho.PostAsync("/crm/v2/Leads", new { data = new[] { new { Last_Name = "Okafor", Company = "Lumen Health" } } })).Code);
        var database = Server.Services.GetRequiredService<ISqlDatabase>();
        var criteria = database.Dialect.Criteria();
        var where = CriteriaSql.Compile(WordSearchCalls.Criteria(Server, "Leads", "lumen"), criteria);
        var postgres = OpenLeadsServer.Provider == "postgres";
        var plan = await database.WriteAsync(async session =>
        {
            // Five Leads are no table to plan for: PostgreSQL is told to prefer any index over a scan, as it would for many.
            if (postgres) await session.ExecuteAsync("SET LOCAL enable_seqscan = off", CancellationToken.None);
            var rows = await session.QueryAsync($"{(postgres ? "EXPLAIN" : "EXPLAIN QUERY PLAN")} SELECT t.id FROM \"Leads\" t WHERE {where} ORDER BY t.id LIMIT 201",
                CancellationToken.None, [.. criteria.Parameters]);
            return string.Join("\n", rows.Select(r => string.Join(" ", r.Select(v => v?.ToString()))));
        }, CancellationToken.None);

        Assert.Contains(postgres ? $"{WordIndex.Name("Leads")}_trgm" : $"SCAN {WordIndex.Name("Leads")} VIRTUAL TABLE INDEX", plan);
        Assert.Contains(postgres ? "Bitmap Index Scan" : "USING INTEGER PRIMARY KEY (rowid=?)", plan);
    }
}

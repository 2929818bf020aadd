namespace OpenLeads.Cli;

/// <summary>
/// Record ids from <c>--ids a,b,c</c> or <c>--ids-file</c>: one id a line, or a CSV whose header has an
/// <c>id</c> column; <c>-</c> reads standard input. Every id is checked before any request is sent.
/// </summary>
internal static class Ids
{
    public static string[] FromList(string list) => Check(list.Split(',', StringSplitOptions.TrimEntries).Select((id, i) => (id, $"--ids item {i + 1}")));

    public static string[] FromFile(string path, TextReader stdin)
    {
        string[] lines;
        try
        {
            lines = path == "-" ? stdin.ReadToEnd().Split('\n') : File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliUsageException($"cannot read --ids-file '{path}': {e.Message}");
        }
        var rows = lines.Select((text, i) => (Text: text.Trim().TrimEnd('\r'), Line: i + 1)).Where(l => l.Text.Length > 0).ToList();
        if (rows.Count == 0) throw new CliUsageException($"--ids-file '{path}' holds no ids.");
        var header = Cells(rows[0].Text);
        var column = Array.FindIndex(header, h => h.Equals("id", StringComparison.OrdinalIgnoreCase));
        if (header.Length > 1 && column < 0) throw new CliUsageException($"--ids-file '{path}' is a CSV without an 'id' column.");
        var data = column < 0 ? rows : rows.Skip(1).ToList();
        return Check(data.Select(r =>
        {
            var cells = column < 0 ? [r.Text] : Cells(r.Text);
            return (column < cells.Length ? cells[Math.Max(column, 0)] : "", $"{(path == "-" ? "stdin" : path)} line {r.Line}");
        }));
    }

    private static string[] Cells(string line) => [.. line.Split(',').Select(c => c.Trim().Trim('"'))];

    private static string[] Check(IEnumerable<(string Id, string Where)> ids)
    {
        var checkedIds = new List<string>();
        foreach (var (id, where) in ids)
        {
            if (id.Length is 0 or > 19 || !id.All(char.IsAsciiDigit)) throw new CliUsageException($"{where}: '{id}' is not a record id (up to 19 digits).");
            checkedIds.Add(id);
        }
        if (checkedIds.Count == 0) throw new CliUsageException("no ids given.");
        return [.. checkedIds];
    }
}

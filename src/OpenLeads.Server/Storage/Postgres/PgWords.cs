using Npgsql;

namespace OpenLeads.Server.Storage.Postgres;

/// <summary>
/// PostgreSQL's word index: a side table per module (id, words) with a GIN trigram index (pg_trgm), kept by row
/// triggers that fire on insert, delete and an update of the searchable columns only. A GIN index on the module's
/// table itself would be written by every update of any column (its Modified_Time index rules out HOT updates),
/// mass updates of other fields included. Without pg_trgm the side table has no index and is scanned.
/// </summary>
internal sealed class PgWords : IWordIndexSql
{
    public static readonly PgWords Instance = new();

    public const string Plain = "table";

    public async Task<string> KindAsync(ISqlSession session, CancellationToken ct) =>
        await session.ScalarAsync("""
            SELECT 'pg_trgm ' || n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'
            """, ct) is string kind ? kind : Plain;

    /// <summary>
    /// Creates pg_trgm where it is installed but not yet created (trusted since PostgreSQL 13: the database's owner may),
    /// in schema public when it can, so that one schema's DROP … CASCADE never takes the extension from the others';
    /// false, and nothing changed, when it cannot be had.
    /// </summary>
    public static async Task<bool> EnsureTrigramAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        if (await connection.ScalarAsync(transaction, "SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'", ct) is not null) return true;
        if (await connection.ScalarAsync(transaction, "SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'", ct) is null) return false;
        foreach (var statement in new[] { "CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public", "CREATE EXTENSION IF NOT EXISTS pg_trgm" })
        {
            await transaction.SaveAsync("openleads_trgm", ct);
            try
            {
                await connection.ExecuteAsync(transaction, statement, ct);
                await transaction.ReleaseAsync("openleads_trgm", ct);
                return true;
            }
            catch (PostgresException)
            {
                await transaction.RollbackAsync("openleads_trgm", ct);
            }
        }
        return false;
    }

    public IEnumerable<string> Create(string index, string kind)
    {
        yield return $"CREATE TABLE {Q(index)} (id bigint PRIMARY KEY, words text NOT NULL)";
        if (kind.StartsWith("pg_trgm ", StringComparison.Ordinal))
        {
            yield return $"CREATE INDEX {Q(Name(index, "trgm"))} ON {Q(index)} USING gin (words {Q(kind["pg_trgm ".Length..])}.gin_trgm_ops)";
        }
    }

    public IEnumerable<string> Drop(string index) => [$"DROP TABLE IF EXISTS {Q(index)}"];

    public IEnumerable<string> CreateTriggers(string table, string index, IReadOnlyList<string> columns)
    {
        var function = Q(Name(index, "sync"));
        var changed = string.Join(" OR ", columns.Select(c => $"OLD.{Q(c)} IS DISTINCT FROM NEW.{Q(c)}"));
        return
        [
            $"""
            CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $body$
            BEGIN
                IF TG_OP = 'DELETE' THEN
                    DELETE FROM {Q(index)} WHERE id = OLD.id;
                ELSE
                    INSERT INTO {Q(index)} (id, words) VALUES (NEW.id, {Text("NEW", columns)})
                    ON CONFLICT (id) DO UPDATE SET words = excluded.words;
                END IF;
                RETURN NULL;
            END
            $body$
            """,
            $"CREATE TRIGGER {Q(Name(index, "insert_delete"))} AFTER INSERT OR DELETE ON {Q(table)} FOR EACH ROW EXECUTE FUNCTION {function}()",
            $"CREATE TRIGGER {Q(Name(index, "update"))} AFTER UPDATE OF {string.Join(", ", columns.Select(Q))} ON {Q(table)} " +
                $"FOR EACH ROW WHEN ({changed}) EXECUTE FUNCTION {function}()",
        ];
    }

    public IEnumerable<string> DropTriggers(string table, string index) =>
    [
        $"DROP TRIGGER IF EXISTS {Q(Name(index, "insert_delete"))} ON {Q(table)}",
        $"DROP TRIGGER IF EXISTS {Q(Name(index, "update"))} ON {Q(table)}",
    ];

    public string Fill(string table, string index, IReadOnlyList<string> columns, string? ids) =>
        $"INSERT INTO {Q(index)} (id, words) SELECT id, {Text(Q(table), columns)} FROM {Q(table)}" + (ids is null ? "" : $" WHERE id = ANY({ids})");

    public string Remove(string index, string ids) => $"DELETE FROM {Q(index)} WHERE id = ANY({ids})";

    public string Text(string alias, IReadOnlyList<string> columns) =>
        $"concat_ws(E'\\n', {string.Join(", ", columns.Select(c => $"{alias}.{Q(c)}"))})";

    private static string Name(string index, string what) => Metadata.OrgNames.Identifier($"{index}_{what}");

    private static string Q(string name) => RecordSelect.Quote(name);
}

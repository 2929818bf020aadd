using System.Text;
using OpenLeads.Server.Metadata;

namespace OpenLeads.Server.Storage;

/// <summary>
/// One typed table per module, made and kept up to date from the org's metadata: a column per stored
/// field (Full_Name derived by the database from First_Name and Last_Name), the system columns
/// (approval, lock action, row version, territory) and indexes on the time stamps. At every start a
/// module without a table gets one and a table gets the columns its fields lack: a database of an
/// earlier version, or of the same org with fields added since, upgrades in place. Nothing is dropped.
/// </summary>
public static class ModuleTables
{
    public static async Task EnsureAsync(ISqlSession sql, Org org, CancellationToken ct)
    {
        foreach (var module in org.Modules)
        {
            var existing = (await sql.QueryAsync(sql.Dialect.ColumnsSql, ct, ("@table", module.Table)))
                .Select(row => (string)row[0]!).ToHashSet(StringComparer.Ordinal);
            if (existing.Count == 0) await sql.ExecuteAsync(Create(module, sql.Dialect), ct);
            else
            {
                foreach (var statement in Missing(module, sql.Dialect, existing)) await sql.ExecuteAsync(statement, ct);
            }
            foreach (var statement in Indexes(module)) await sql.ExecuteAsync(statement, ct);
        }
    }

    /// <summary>The table of a module that has none yet.</summary>
    public static string Create(ModuleDefinition module, ISqlDialect dialect)
    {
        var sql = new StringBuilder($"CREATE TABLE {RecordSelect.Quote(module.Table)} (\n    id {dialect.IdType} PRIMARY KEY");
        foreach (var field in module.StoredFields)
        {
            sql.Append(",\n    ").Append(Column(field, module, dialect, stored: true));
            if (field.Storage == FieldStorage.Column && (field.SystemMandatory || field.SystemManaged
                    || field.Type is FieldType.OwnerLookup or FieldType.Boolean))
            {
                sql.Append(" NOT NULL");
            }
        }
        foreach (var (_, definition) in SystemColumns(dialect)) sql.Append(",\n    ").Append(definition);
        return sql.Append("\n)").ToString();
    }

    /// <summary>The column of a field added to a module that has rows: nullable (they have no value), a checkbox unticked.</summary>
    public static string AddColumn(ModuleDefinition module, FieldDefinition field, ISqlDialect dialect)
    {
        var definition = Column(field, module, dialect, stored: dialect.AddsStoredGeneratedColumns);
        if (field.Type == FieldType.Boolean && field.Storage == FieldStorage.Column) definition += $" NOT NULL DEFAULT {dialect.Boolean(false)}";
        return $"ALTER TABLE {RecordSelect.Quote(module.Table)} ADD COLUMN {definition}";
    }

    private static IEnumerable<string> Missing(ModuleDefinition module, ISqlDialect dialect, HashSet<string> existing)
    {
        var table = RecordSelect.Quote(module.Table);
        foreach (var field in module.StoredFields.Where(f => !existing.Contains(f.Column))) yield return AddColumn(module, field, dialect);
        foreach (var (name, definition) in SystemColumns(dialect).Where(c => !existing.Contains(c.Name)))
        {
            yield return $"ALTER TABLE {table} ADD COLUMN {definition}";
        }
    }

    private static string Column(FieldDefinition field, ModuleDefinition module, ISqlDialect dialect, bool stored)
    {
        var column = $"{RecordSelect.Quote(field.Column)} {dialect.ColumnType(field)}";
        if (field.Storage != FieldStorage.Generated) return column;
        var parts = field.GeneratedFrom.Select(f => $"coalesce({RecordSelect.Quote(module.Field(f).Column)}, '')");
        return $"{column} GENERATED ALWAYS AS (trim({string.Join(" || ' ' || ", parts)})) {(stored ? "STORED" : "VIRTUAL")}";
    }

    /// <summary>
    /// Brings a table from <paramref name="before"/>'s fields to <paramref name="after"/>'s (a snapshot restored): adds the
    /// columns it lacks and drops those of fields <paramref name="after"/> no longer has. Columns no field of
    /// <paramref name="before"/> names are kept, as at start-up.
    /// </summary>
    public static async Task ReconcileAsync(ISqlSession sql, ModuleDefinition before, ModuleDefinition after, CancellationToken ct)
    {
        var existing = (await sql.QueryAsync(sql.Dialect.ColumnsSql, ct, ("@table", after.Table)))
            .Select(row => (string)row[0]!).ToHashSet(StringComparer.Ordinal);
        var kept = after.StoredFields.Select(f => f.Column).ToHashSet(StringComparer.Ordinal);
        foreach (var column in before.StoredFields.Select(f => f.Column).Where(c => existing.Contains(c) && !kept.Contains(c)))
        {
            await sql.ExecuteAsync($"ALTER TABLE {RecordSelect.Quote(after.Table)} DROP COLUMN {RecordSelect.Quote(column)}", ct);
        }
        foreach (var statement in Missing(after, sql.Dialect, existing)) await sql.ExecuteAsync(statement, ct);
    }

    /// <summary>What every record has besides its fields: approval state, lock action, row version and territory.</summary>
    private static IEnumerable<(string Name, string Definition)> SystemColumns(ISqlDialect dialect) =>
    [
        ("approval", "approval text NOT NULL DEFAULT 'approved' CHECK (approval IN ('approved', 'pending', 'in_review'))"),
        ("lock_action", "lock_action text"),
        // A converted record's $converted_detail (null: not converted); a converted record is never written again.
        ("converted_detail", "converted_detail text"),
        ("row_version", $"row_version {dialect.IdType} NOT NULL DEFAULT 1"),
        ("territory_id", $"territory_id {dialect.IdType}"),
    ];

    private static IEnumerable<string> Indexes(ModuleDefinition module)
    {
        var table = RecordSelect.Quote(module.Table);
        foreach (var (suffix, column) in new[] { ("Modified_Time", RecordSelect.Quote(module.ModifiedTime.Column)),
                     ("Created_Time", RecordSelect.Quote(module.CreatedTime.Column)), ("territory", "territory_id") })
        {
            yield return $"CREATE INDEX IF NOT EXISTS {RecordSelect.Quote(OrgNames.Identifier($"{module.Table}_{suffix}"))} ON {table} ({column})";
        }
    }
}

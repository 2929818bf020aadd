using System.Text;
using OpenLeads.Server.Metadata;

namespace OpenLeads.Server.Storage;

/// <summary>
/// The DDL of a module's table, derived from its metadata: one typed column per field, the
/// generated Full_Name, and the system columns (approval state, lock action, row version).
/// The same SQL serves every database; only the column types differ.
/// </summary>
public static class ModuleTables
{
    public static string Create(ModuleDefinition module, Func<FieldDefinition, string> columnType, string idType)
    {
        var table = RecordSelect.Quote(module.ApiName);
        var sql = new StringBuilder($"CREATE TABLE {table} (\n    id {idType} PRIMARY KEY");
        foreach (var field in module.StoredFields)
        {
            sql.Append(",\n    ").Append(RecordSelect.Quote(field.ApiName)).Append(' ').Append(columnType(field));
            if (field.Storage == FieldStorage.Generated)
            {
                var parts = field.GeneratedFrom.Select(f => $"coalesce({RecordSelect.Quote(f)}, '')");
                sql.Append($" GENERATED ALWAYS AS (trim({string.Join(" || ' ' || ", parts)})) STORED");
            }
            else if (field.SystemMandatory || field.SystemManaged || field.Type is FieldType.OwnerLookup or FieldType.Boolean)
            {
                sql.Append(" NOT NULL");
            }
        }
        sql.Append(",\n    approval text NOT NULL DEFAULT 'approved' CHECK (approval IN ('approved', 'pending', 'in_review'))");
        sql.Append(",\n    lock_action text");
        sql.Append($",\n    row_version {idType} NOT NULL DEFAULT 1\n);\n");
        foreach (var indexed in (string[])["Modified_Time", "Created_Time"])
        {
            sql.Append($"CREATE INDEX {RecordSelect.Quote($"{module.ApiName}_{indexed}")} ON {table} ({RecordSelect.Quote(indexed)});\n");
        }
        return sql.ToString();
    }
}

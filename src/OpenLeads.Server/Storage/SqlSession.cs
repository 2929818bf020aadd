using OpenLeads.Server.Metadata;

namespace OpenLeads.Server.Storage;

/// <summary>
/// The statements of one transaction, on whichever database: the seam through which code that is the
/// same on every database (the module tables, the org's users, views and territories) is written once.
/// </summary>
public interface ISqlSession
{
    ISqlDialect Dialect { get; }

    Task<int> ExecuteAsync(string sql, CancellationToken ct, params (string Name, object? Value)[] parameters);

    /// <summary>Every row of the answer, each value as the driver reads it (DBNull as null).</summary>
    Task<List<object?[]>> QueryAsync(string sql, CancellationToken ct, params (string Name, object? Value)[] parameters);
}

/// <summary>What differs between the databases in shared SQL: column types, parameter forms, the catalogue.</summary>
public interface ISqlDialect
{
    /// <summary>The type of ids (records, users, jobs).</summary>
    string IdType { get; }

    string ColumnType(FieldDefinition field);

    /// <summary>A boolean literal of the dialect (for column defaults).</summary>
    string Boolean(bool value);

    /// <summary>The names of a table's columns (<c>@table</c>); none when there is no such table.</summary>
    string ColumnsSql { get; }

    /// <summary>A timestamp as this database stores one.</summary>
    object Time(DateTimeOffset value);

    /// <summary>An added column may be generated and stored (PostgreSQL); SQLite adds only virtual generated columns.</summary>
    bool AddsStoredGeneratedColumns { get; }
}

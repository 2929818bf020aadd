using System.Data.Common;
using OpenLeads.Server.Metadata;

namespace OpenLeads.Server.Storage;

/// <summary>
/// One database, whichever it is: read sessions, and write sessions of one transaction each. The stores
/// whose SQL is the same on every database (users, tokens, views, records' reads, the control API's
/// writes) are written once against it; what differs is in <see cref="ISqlDialect"/>.
/// </summary>
public interface ISqlDatabase
{
    ISqlDialect Dialect { get; }

    Task<T> ReadAsync<T>(Func<ISqlSession, Task<T>> read, CancellationToken ct);

    /// <summary>Runs <paramref name="write"/> in one transaction: all of it commits, or none.</summary>
    Task<T> WriteAsync<T>(Func<ISqlSession, Task<T>> write, CancellationToken ct);
}

/// <summary>The statements of one connection (and its transaction, when writing), counted by <see cref="StorageMetrics"/>.</summary>
public interface ISqlSession
{
    ISqlDialect Dialect { get; }

    DbCommand Command(string sql, params ReadOnlySpan<(string Name, object? Value)> parameters);

    Task<int> ExecuteAsync(string sql, CancellationToken ct, params (string Name, object? Value)[] parameters);

    /// <summary>Every row of the answer, each value as the driver reads it (DBNull as null).</summary>
    Task<List<object?[]>> QueryAsync(string sql, CancellationToken ct, params (string Name, object? Value)[] parameters);
}

/// <summary>What differs between the databases in shared SQL: types, parameter forms, reading values, ids.</summary>
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

    DateTimeOffset ReadTime(DbDataReader reader, int ordinal);

    /// <summary>An added column may be generated and stored (PostgreSQL); SQLite adds only virtual generated columns.</summary>
    bool AddsStoredGeneratedColumns { get; }

    /// <summary><paramref name="column"/> is one of the ids bound to <paramref name="parameter"/> (<see cref="Ids"/>).</summary>
    string InIds(string column, string parameter);

    /// <summary>The ids of <paramref name="ids"/> (a parameter or subquery of <see cref="Ids"/>' form) as rows of one column <c>id</c>.</summary>
    string IdRows(string ids);

    /// <summary>SQL that turns a stored value of <paramref name="field"/> into its Zoho JSON text, as audit rows keep it.</summary>
    string AuditJson(FieldDefinition field, string sql);

    /// <summary>The inverse of <see cref="AuditJson"/> in SQL, for the types it is simple for; null for the others.</summary>
    string? FromAuditJson(FieldDefinition field, string sql);

    /// <summary>What a SELECT of rows of <c>t</c> adds to lock them until the transaction ends (PostgreSQL); empty where the writer is single.</summary>
    string RowLock { get; }

    /// <summary>A set of ids as one parameter.</summary>
    object Ids(IEnumerable<long> ids);

    /// <summary>A stored value (<see cref="StoredRecord.Values"/>' forms) as a parameter.</summary>
    object? Parameter(object? value);

    /// <summary>Reads the plain (non-lookup) value of a field's column.</summary>
    object? ReadValue(DbDataReader reader, int ordinal, FieldDefinition field);

    /// <summary>How NULLs sort in an ORDER BY of records (after the values, on every database).</summary>
    string NullsLast { get; }

    /// <summary>The word index of each module (<see cref="WordIndex"/>).</summary>
    IWordIndexSql Words { get; }

    /// <summary>A fresh set of criteria parameters (<see cref="CriteriaSql"/>).</summary>
    ICriteriaParameters Criteria();

    /// <summary><paramref name="count"/> new ids of the <c>records</c> or <c>objects</c> sequence, in order.</summary>
    Task<long[]> NextIdsAsync(ISqlSession session, string sequence, int count, CancellationToken ct);

    /// <summary>
    /// A statement that makes writers of <paramref name="tables"/> (quoted) wait for this transaction, and with
    /// <paramref name="exclusive"/> readers too (PostgreSQL); none on SQLite, whose write transaction already does.
    /// </summary>
    string? LockTables(IEnumerable<string> tables, bool exclusive);

    /// <summary>The column of <c>mass_update_jobs</c> that holds when a job's lease ends.</summary>
    string JobLeaseExpiry { get; }

    /// <summary>What a claim's inner SELECT ends with so that two claimers skip each other's rows (PostgreSQL); SQLite's single writer needs none.</summary>
    string SkipLocked { get; }

    /// <summary>What an INSERT of explicit values into an identity column needs (PostgreSQL's audit ids).</summary>
    string OverridingIdentity { get; }

    /// <summary>The id sequences kept outside tables (PostgreSQL's), as text; null where they are rows of a table.</summary>
    Task<string?> ReadSequencesAsync(ISqlSession session, CancellationToken ct);

    /// <summary>Sets the id sequences back to what <see cref="ReadSequencesAsync"/> read.</summary>
    Task WriteSequencesAsync(ISqlSession session, string? state, CancellationToken ct);
}

/// <summary>The parameters criteria SQL binds, to pass with the statement.</summary>
public interface ICriteriaParameters : ICriteriaDialect
{
    List<(string Name, object? Value)> Parameters { get; }
}

/// <summary>Shared helpers over <see cref="ISqlSession"/>.</summary>
public static class SqlSessions
{
    public static async Task<object?> ScalarAsync(this ISqlSession session, string sql, CancellationToken ct,
        params (string Name, object? Value)[] parameters)
    {
        await using var command = session.Command(sql, parameters);
        var value = await command.ExecuteScalarAsync(ct);
        return value is DBNull ? null : value;
    }

    /// <summary>The ids a statement answers in its first column.</summary>
    public static async Task<HashSet<long>> IdsAsync(this ISqlSession session, string sql, CancellationToken ct,
        params (string Name, object? Value)[] parameters)
    {
        await using var command = session.Command(sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var ids = new HashSet<long>();
        while (await reader.ReadAsync(ct)) ids.Add(reader.GetInt64(0));
        return ids;
    }

    public static async Task<List<object?[]>> RowsAsync(DbCommand command, CancellationToken ct)
    {
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<object?[]>();
        while (await reader.ReadAsync(ct))
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }

    public static Task WriteAsync(this ISqlDatabase database, Func<ISqlSession, Task> write, CancellationToken ct) =>
        database.WriteAsync<bool>(async session => { await write(session); return true; }, ct);
}

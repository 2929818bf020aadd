using System.Runtime.CompilerServices;
using System.Data.Common;
using System.Text;
using OpenLeads.Server.Metadata;

namespace OpenLeads.Server.Storage;

/// <summary>Reads one column as the stored value of a (non-lookup) field; each database knows its own types.</summary>
public delegate object? ColumnReader(DbDataReader reader, int ordinal, FieldDefinition field);

/// <summary>
/// The SELECT of whole records of a module, built once from its metadata: every stored column,
/// owners joined to their users and lookups to their records' names. The SQL is the same on every
/// database this server runs on; only how values are read differs.
/// </summary>
public sealed class RecordSelect
{
    // One per module definition: a new field makes a new definition, and so a new SELECT.
    private static readonly ConditionalWeakTable<ModuleDefinition, RecordSelect> Cache = new();

    private readonly ModuleDefinition _module;
    private readonly int[] _firstOrdinal;

    private RecordSelect(ModuleDefinition module)
    {
        _module = module;
        Table = Quote(module.Table);
        var columns = new List<string> { "t.id", "t.approval", "t.lock_action", "t.converted_detail" };
        var joins = new StringBuilder();
        _firstOrdinal = new int[module.StoredFields.Count];
        for (var i = 0; i < module.StoredFields.Count; i++)
        {
            var field = module.StoredFields[i];
            var column = "t." + Quote(field.Column);
            _firstOrdinal[i] = columns.Count;
            columns.Add(column);
            if (field.IsUserReference)
            {
                joins.Append($" LEFT JOIN users j{i} ON j{i}.id = {column}");
                columns.Add($"j{i}.full_name");
                columns.Add($"j{i}.email");
            }
            else if (field.LookupTarget is { } target)
            {
                joins.Append($" LEFT JOIN {Quote(target.Table)} j{i} ON j{i}.id = {column}");
                columns.Add($"j{i}.{Quote(target.Field(target.DisplayField).Column)}");
            }
        }
        SelectFrom = $"SELECT {string.Join(", ", columns)} FROM {Table} t{joins}";
    }

    public static RecordSelect For(ModuleDefinition module) => Cache.GetValue(module, m => new RecordSelect(m));

    /// <summary>A WHERE clause of the conditions given (null ones left out), or nothing.</summary>
    public static string Where(params string?[] conditions)
    {
        var given = conditions.OfType<string>().ToArray();
        return given.Length == 0 ? "" : " WHERE " + string.Join(" AND ", given);
    }

    /// <summary>A table or column name from metadata, quoted; never a client string.</summary>
    public static string Quote(string identifier) => $"\"{identifier}\"";

    public string Table { get; }

    /// <summary>SELECT of whole records aliased <c>t</c>; add WHERE, ORDER BY and LIMIT.</summary>
    public string SelectFrom { get; }

    public StoredRecord Read(DbDataReader reader, ColumnReader read)
    {
        var values = new object?[_module.StoredFields.Count];
        for (var i = 0; i < values.Length; i++)
        {
            var field = _module.StoredFields[i];
            var ordinal = _firstOrdinal[i];
            values[i] = field.Type switch
            {
                _ when reader.IsDBNull(ordinal) => null,
                FieldType.OwnerLookup or FieldType.UserLookup => new UserRef(reader.GetInt64(ordinal), NullableString(reader, ordinal + 1) ?? "", NullableString(reader, ordinal + 2)),
                FieldType.Lookup => new LookupRef(reader.GetInt64(ordinal), NullableString(reader, ordinal + 1)),
                _ => read(reader, ordinal, field),
            };
        }
        return new StoredRecord(reader.GetInt64(0), values, ReadState(reader, 1));
    }

    /// <summary>
    /// The columns a write reads before it changes records: state, creation stamp and the current
    /// values of <paramref name="fields"/>. Add the WHERE (and the row lock, where the database has them).
    /// </summary>
    public static string CurrentRowsFrom(ModuleDefinition module, IEnumerable<FieldDefinition> fields)
    {
        var columns = string.Concat(fields.Select(f => ", t." + Quote(f.Column)));
        var (createdTime, createdBy) = (Quote(module.CreatedTime.Column), Quote(module.CreatedBy.Column));
        return $"""
            SELECT t.id, t.approval, t.lock_action, t.converted_detail, t.{createdTime}, t.{createdBy}, u.full_name, u.email{columns}
            FROM {Quote(module.Table)} t LEFT JOIN users u ON u.id = t.{createdBy}
            """;
    }

    public static (long Id, CurrentRow Row) ReadCurrentRow(DbDataReader reader, FieldDefinition[] fields, ColumnReader read, FieldDefinition createdTime)
    {
        var values = new object?[fields.Length];
        for (var i = 0; i < fields.Length; i++) values[i] = reader.IsDBNull(8 + i) ? null : read(reader, 8 + i, fields[i]);
        var createdBy = new UserRef(reader.GetInt64(5), NullableString(reader, 6) ?? "", NullableString(reader, 7));
        return (reader.GetInt64(0), new CurrentRow(ReadState(reader, 1), (DateTimeOffset)read(reader, 4, createdTime)!, createdBy, values));
    }

    private static RecordState ReadState(DbDataReader reader, int ordinal) =>
        new(ParseApproval(reader.GetString(ordinal)), NullableString(reader, ordinal + 1)) { ConvertedDetail = NullableString(reader, ordinal + 2) };

    private static string? NullableString(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static string ApprovalText(Approval approval) => approval switch
    {
        Approval.Approved => "approved",
        Approval.Pending => "pending",
        Approval.InReview => "in_review",
        _ => throw new ArgumentOutOfRangeException(nameof(approval)),
    };

    private static Approval ParseApproval(string text) => text switch
    {
        "approved" => Approval.Approved,
        "pending" => Approval.Pending,
        "in_review" => Approval.InReview,
        _ => throw new InvalidDataException($"Unknown approval state '{text}' in the database."),
    };
}

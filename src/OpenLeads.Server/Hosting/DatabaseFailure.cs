using Microsoft.Data.Sqlite;
using Npgsql;

namespace OpenLeads.Server.Hosting;

/// <summary>
/// Why the database of <c>OpenLeads:Storage:ConnectionString</c> could not be opened, as one sentence that says
/// what to change: for SQLite the path and which part of it is in the way, for PostgreSQL the server's own
/// words. A connection string appears only with its passwords hidden.
/// </summary>
public static class DatabaseFailure
{
    public static string Describe(StorageSettings storage, Exception e) => ConnectionStrings.Scrub(
        storage.Provider == StorageSettings.Postgres ? Postgres(storage, e) : Sqlite(storage, e), storage);

    private static string Postgres(StorageSettings storage, Exception e)
    {
        var detail = e switch
        {
            // The server's message: 'password authentication failed for user "x"', 'database "x" does not exist'.
            PostgresException server => server.MessageText,
            // "Failed to connect to 10.0.0.7:5432" says where; the socket's exception says why.
            NpgsqlException { InnerException: { } inner } client when inner is not NpgsqlException && !client.Message.Contains(inner.Message, StringComparison.Ordinal)
                => $"{client.Message}: {inner.Message}",
            _ => e.Message,
        };
        return $"Could not open the PostgreSQL database set by OpenLeads:Storage:ConnectionString ({ConnectionStrings.Redact(storage)}): {Sentence(detail)}";
    }

    private static string Sqlite(StorageSettings storage, Exception e)
    {
        var dataSource = new SqliteConnectionStringBuilder(storage.ConnectionString).DataSource;
        if (string.IsNullOrEmpty(dataSource) || dataSource == ":memory:")
        {
            return $"Could not open the SQLite database set by OpenLeads:Storage:ConnectionString ({ConnectionStrings.Redact(storage)}): {Sentence(e.Message)}";
        }
        var path = Path.GetFullPath(dataSource);
        var directory = Path.GetDirectoryName(path) ?? "/";
        var because = FileInTheWay(directory) is { } file ? $"its directory cannot be created, because {file} is a file"
            : !Directory.Exists(directory) ? $"its directory {directory} cannot be created ({Trimmed(e.Message)})"
            : $"it cannot be created or written in {directory} ({Trimmed(e.Message)})";
        return $"Could not open the SQLite database {path} set by OpenLeads:Storage:ConnectionString: {because}.";
    }

    /// <summary>The nearest existing ancestor of <paramref name="directory"/> when it is a file rather than a directory.</summary>
    private static string? FileInTheWay(string directory)
    {
        for (var current = directory; !string.IsNullOrEmpty(current); current = Path.GetDirectoryName(current))
        {
            if (File.Exists(current)) return current;
            if (Directory.Exists(current)) return null;
        }
        return null;
    }

    private static string Trimmed(string message) => message.Trim().TrimEnd('.');

    private static string Sentence(string message) => Trimmed(message) + ".";
}

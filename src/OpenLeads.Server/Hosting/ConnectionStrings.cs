using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace OpenLeads.Server.Hosting;

/// <summary>
/// A connection string as it may be shown (the banner, start-up errors): its passwords replaced by
/// <see cref="Hidden"/>. Read with the provider's own builder, so that quoting and synonyms
/// (<c>Password</c>, <c>Pwd</c>, any case) are understood exactly as the driver understands them.
/// </summary>
public static partial class ConnectionStrings
{
    public const string Hidden = "***";

    public static string Redact(StorageSettings storage)
    {
        try
        {
            if (storage.Provider == StorageSettings.Postgres)
            {
                var pg = new NpgsqlConnectionStringBuilder(storage.ConnectionString);
                if (!string.IsNullOrEmpty(pg.Password)) pg.Password = Hidden;
                if (!string.IsNullOrEmpty(pg.SslPassword)) pg.SslPassword = Hidden;
                return pg.ConnectionString;
            }
            var sqlite = new SqliteConnectionStringBuilder(storage.ConnectionString);
            if (!string.IsNullOrEmpty(sqlite.Password)) sqlite.Password = Hidden;
            return sqlite.ConnectionString;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException)
        {
            // The driver cannot read it: hide whatever follows a password keyword.
            return PasswordValue().Replace(storage.ConnectionString, m => m.Groups["key"].Value + Hidden);
        }
    }

    /// <summary>
    /// <paramref name="text"/> with each password of the connection string replaced: for messages written by
    /// others (a driver, the configuration binder) that might quote it.
    /// </summary>
    public static string Scrub(string text, StorageSettings storage)
    {
        foreach (var secret in Passwords(storage).Where(s => s.Length > 0).OrderByDescending(s => s.Length))
        {
            text = text.Replace(secret, Hidden, StringComparison.Ordinal);
        }
        return text;
    }

    private static List<string> Passwords(StorageSettings storage)
    {
        var found = PasswordValue().Matches(storage.ConnectionString).Select(m => m.Groups["value"].Value.Trim().Trim('"', '\'')).ToList();
        try
        {
            if (storage.Provider == StorageSettings.Postgres)
            {
                var pg = new NpgsqlConnectionStringBuilder(storage.ConnectionString);
                found.AddRange([pg.Password ?? "", pg.SslPassword ?? ""]);
            }
            else
            {
                found.Add(new SqliteConnectionStringBuilder(storage.ConnectionString).Password);
            }
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException)
        {
            // Unreadable by the driver: the pattern's matches are all there is.
        }
        return found;
    }

    [GeneratedRegex("""(?<key>\b(?:password|pwd)\s*=\s*)(?<value>"[^"]*"|'[^']*'|[^;]*)""", RegexOptions.IgnoreCase)]
    private static partial Regex PasswordValue();
}

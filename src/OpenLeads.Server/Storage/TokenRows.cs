using System.Data.Common;

namespace OpenLeads.Server.Storage;

/// <summary>Reads token and client rows the same way on every database.</summary>
internal static class TokenRows
{
    /// <summary>The client whose id is <c>@id</c>, in the columns <see cref="Client"/> reads.</summary>
    public const string ClientSelect =
        "SELECT client_id, secret_hash, refresh_token_hash, user_id, scopes FROM oauth_clients WHERE client_id = @id";

    /// <summary>A row of <see cref="ClientSelect"/>.</summary>
    public static OAuthClientRow Client(DbDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3),
            reader.GetString(4).Split(' ', StringSplitOptions.RemoveEmptyEntries));
}

using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenLeads.Cli;

/// <summary>What <c>openleads login</c> keeps, in <c>credentials.json</c> readable only by its owner.</summary>
internal sealed record SavedLogin
{
    [JsonPropertyName("api_domain")] public string? ApiDomain { get; init; }
    [JsonPropertyName("accounts_url")] public string? AccountsUrl { get; init; }
    [JsonPropertyName("data_center")] public string? DataCenter { get; init; }
    [JsonPropertyName("client_id")] public string? ClientId { get; init; }
    [JsonPropertyName("client_secret")] public string? ClientSecret { get; init; }
    [JsonPropertyName("refresh_token")] public string? RefreshToken { get; init; }

    public static string PathIn(string directory) => Path.Combine(directory, "credentials.json");

    public static SavedLogin? Read(string directory)
    {
        var path = PathIn(directory);
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(path), CliJson.Default.SavedLogin);
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new CliUsageException($"cannot read the saved login {path} ({e.Message}); run 'openleads login' again.");
        }
    }

    /// <summary>Writes the file so that only its owner can read it (mode 0600 on Unix) before any secret is in it.</summary>
    public void Write(string directory)
    {
        Directory.CreateDirectory(directory);
        var path = PathIn(directory);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(path, options)) { }
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllText(path, JsonSerializer.Serialize(this, CliJson.Default.SavedLogin));
    }
}

[JsonSourceGenerationOptions(WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SavedLogin))]
internal sealed partial class CliJson : JsonSerializerContext;

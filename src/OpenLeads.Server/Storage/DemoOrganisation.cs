namespace OpenLeads.Server.Storage;

/// <summary>
/// Where the ids this server allocates begin, in Zoho's form: the demo org's prefix followed by a
/// sequence, 18 digits in all (the seed's records are 738964000003000001 and on). The org itself,
/// users, views and territories included, is data: see <see cref="Metadata.OrgFolder"/>.
/// </summary>
public static class DemoOrganisation
{
    public const long FirstRecordId = 738964000003000001;

    /// <summary>Custom views, jobs and other objects take ids from here on.</summary>
    public const long FirstObjectId = 738964000004000001;

    /// <summary>The demo org's "All Leads" view (in its custom_views/Leads.json).</summary>
    public const long AllLeadsView = 738964000000087501;

    /// <summary>The territory a demo Lead of this country belongs to (the demo org's territories.json).</summary>
    public static long? TerritoryOf(string? country) => country switch
    {
        "United States" or "Canada" => 738964000000400009,
        "Germany" or "France" or "Ireland" => 738964000000400013,
        "India" or "Japan" or "Australia" => 738964000000400007,
        _ => null,
    };
}

namespace OpenLeads.Server.Storage;

/// <summary>
/// The organisation every OpenLeads database starts with: its users (the seed's Patricia Boyle
/// first, with the id the seed recorded) and where record ids begin. Ids follow Zoho's form: the
/// organisation's prefix followed by a sequence, 18 digits in all.
/// </summary>
public static class DemoOrganisation
{
    public const long FirstRecordId = 738964000003000001;

    /// <summary>Custom views, jobs and other objects take ids from here on.</summary>
    public const long FirstObjectId = 738964000004000001;

    private static readonly DateTimeOffset Founded = new(2021, 5, 7, 6, 0, 0, TimeSpan.Zero);

    public static readonly IReadOnlyList<UserRow> Users =
    [
        new(738964000000291009, "Patricia", "Boyle", "patricia.boyle@zylker.example", "CEO", 738964000000026005,
            "Administrator", 738964000000026011, "active", Founded),
        new(738964000000291017, "Kai", "Tanaka", "kai.tanaka@zylker.example", "Manager", 738964000000026008,
            "Standard", 738964000000026014, "active", Founded.AddDays(1)),
        new(738964000000291025, "Amelia", "Burrows", "amelia.burrows@zylker.example", "Sales Representative",
            738964000000026017, "Standard", 738964000000026014, "active", Founded.AddDays(2)),
        new(738964000000291033, "Ravi", "Menon", "ravi.menon@zylker.example", "Sales Representative",
            738964000000026017, "Standard", 738964000000026014, "active", Founded.AddDays(3)),
    ];

    /// <summary>The administrator: the development token and the control API's tokens act as this user.</summary>
    public static UserRow Administrator => Users[0];

    public const long AllLeadsView = 738964000000087501;

    /// <summary>The system views of Leads; teams add their own through the control API.</summary>
    public static readonly IReadOnlyList<(long Id, string Name, string SystemName, string? Criteria)> LeadsViews =
    [
        (AllLeadsView, "All Leads", "ALLVIEWS", null),
        (738964000000087503, "Not Contacted Leads", "NOTCONTACTED", "(Lead_Status:equals:Not Contacted)"),
        (738964000000087505, "Junk Leads", "JUNKLEADS", "(Lead_Status:equals:Junk Lead)"),
    ];

    /// <summary>The territory tree: Zylker, its regions, and their sub-regions.</summary>
    public static readonly IReadOnlyList<Territory> Territories =
    [
        new(738964000000400001, "Zylker", null, "The whole organisation"),
        new(738964000000400003, "Americas", 738964000000400001, null),
        new(738964000000400005, "EMEA", 738964000000400001, null),
        new(738964000000400007, "APAC", 738964000000400001, null),
        new(738964000000400009, "North America", 738964000000400003, null),
        new(738964000000400011, "South America", 738964000000400003, null),
        new(738964000000400013, "Europe", 738964000000400005, null),
        new(738964000000400015, "Middle East and Africa", 738964000000400005, null),
    ];

    /// <summary>The territory a demo Lead of this country belongs to.</summary>
    public static long? TerritoryOf(string? country) => country switch
    {
        "United States" or "Canada" => 738964000000400009,
        "Germany" or "France" or "Ireland" => 738964000000400013,
        "India" or "Japan" or "Australia" => 738964000000400007,
        _ => null,
    };
}

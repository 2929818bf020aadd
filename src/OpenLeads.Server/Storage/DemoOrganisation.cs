namespace OpenLeads.Server.Storage;

/// <summary>
/// The organisation every OpenLeads database starts with: its users (the seed's Patricia Boyle
/// first, with the id the seed recorded) and where record ids begin. Ids follow Zoho's form: the
/// organisation's prefix followed by a sequence, 18 digits in all.
/// </summary>
public static class DemoOrganisation
{
    public const long FirstRecordId = 738964000003000001;

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
}

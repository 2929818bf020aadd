using OpenLeads.Server.Metadata;
using OpenLeads.Server.Storage;

namespace OpenLeads.Server.Admin;

/// <summary>Realistic generated Leads: names, companies, contact data and picklist values that vary.</summary>
public static class DemoLeads
{
    private static readonly string[] FirstNames =
    [
        "Olivia", "Liam", "Emma", "Noah", "Ava", "Mateo", "Sofia", "Arjun", "Mia", "Lucas", "Chloe", "Kenji", "Amara",
        "Elias", "Priya", "Hannah", "Diego", "Leila", "Oscar", "Yuki", "Grace", "Tomas", "Nadia", "Felix", "Zara",
    ];

    private static readonly string[] LastNames =
    [
        "Smith", "Garcia", "Chen", "Okafor", "Müller", "Rossi", "Kowalski", "Nguyen", "Patel", "Johansson", "Silva",
        "Dubois", "Tanaka", "Haddad", "O'Brien", "Novak", "Fischer", "Santos", "Kim", "Ibrahim", "Walker", "Costa",
    ];

    private static readonly string[] Companies =
    [
        "Zylker", "Acme Robotics", "Northwind Traders", "Blue Harbor Logistics", "Kestrel Analytics", "Lumen Health",
        "Granite Peak Capital", "Orchid Biotech", "Redwood Foods", "Silverline Telecom", "Tidewater Energy",
        "Copperleaf Software", "Summit Outdoor", "Brightpath Education", "Evergreen Realty", "Ironclad Security",
    ];

    private static readonly (string City, string State, string Country)[] Places =
    [
        ("Austin", "TX", "United States"), ("Chennai", "Tamil Nadu", "India"), ("Berlin", "Berlin", "Germany"),
        ("Toronto", "Ontario", "Canada"), ("Sydney", "NSW", "Australia"), ("Osaka", "Osaka", "Japan"),
        ("Lyon", "Auvergne-Rhône-Alpes", "France"), ("Denver", "CO", "United States"), ("Dublin", "Leinster", "Ireland"),
    ];

    private static readonly string[] Titles = ["CEO", "CTO", "Head of Sales", "Operations Manager", "Procurement Lead", "IT Director", "Founder"];

    public static IEnumerable<RecordValues> Generate(ModuleDefinition module, int count, IReadOnlyList<UserRow> owners, DateTimeOffset now, int seed)
    {
        var random = new Random(seed);
        var f = module.Field;
        string Pick(IReadOnlyList<string> values) => values[random.Next(values.Count)];
        string? PickList(string field) => Pick([.. f(field).PickList.Skip(1).Select(p => p.ActualValue)]);

        for (var i = 0; i < count; i++)
        {
            var first = Pick(FirstNames);
            var last = Pick(LastNames);
            var company = Pick(Companies);
            var domain = new string([.. company.ToLowerInvariant().Where(char.IsAsciiLetter)]) + ".example";
            var place = Places[random.Next(Places.Length)];
            var created = now.AddSeconds(-random.Next(1, 180 * 24 * 3600));
            var modified = created.AddSeconds(random.Next(0, (int)Math.Max(1, (now - created).TotalSeconds)));
            var owner = owners[random.Next(owners.Count)];
            var products = f("Products_of_Interest").PickList.Where(_ => random.Next(4) == 0).Select(p => p.ActualValue).ToArray();
            var values = new Dictionary<FieldDefinition, object?>
            {
                [f("Owner")] = owner.Id,
                [f("Company")] = company,
                [f("First_Name")] = first,
                [f("Last_Name")] = last,
                [f("Salutation")] = PickList("Salutation"),
                [f("Designation")] = Pick(Titles),
                [f("Email")] = $"{Ascii(first)}.{Ascii(last)}@{domain}",
                [f("Phone")] = $"+1 555-{random.Next(100, 999)}-{random.Next(1000, 9999)}",
                [f("Website")] = $"https://www.{domain}",
                [f("Lead_Source")] = PickList("Lead_Source"),
                [f("Lead_Status")] = PickList("Lead_Status"),
                [f("Industry")] = PickList("Industry"),
                [f("No_of_Employees")] = (long)random.Next(1, 5000),
                [f("Annual_Revenue")] = Math.Round(random.Next(50, 50_000) * 1000.0, 2),
                [f("Rating")] = PickList("Rating"),
                [f("Email_Opt_Out")] = random.Next(10) == 0,
                [f("City")] = place.City,
                [f("State")] = place.State,
                [f("Country")] = place.Country,
                [f("Next_Follow_Up")] = DateOnly.FromDateTime(now.UtcDateTime).AddDays(random.Next(1, 60)),
                [f("Conversion_Probability")] = Math.Round(random.NextDouble() * 100, 2),
                [f("Products_of_Interest")] = products.Length == 0 ? null : products,
                [f("Created_By")] = owner.Id,
                [f("Modified_By")] = owner.Id,
                [f("Created_Time")] = created,
                [f("Modified_Time")] = modified,
                [f("Last_Activity_Time")] = modified,
            };
            yield return new RecordValues(values, DemoOrganisation.TerritoryOf(place.Country));
        }
    }

    private static string Ascii(string name) => new([.. name.ToLowerInvariant().Where(char.IsAsciiLetter)]);
}

namespace OpenLeads.Server.Admin;

/// <summary>A city demo records live in, with what an address and a phone number there look like.</summary>
internal sealed record DemoPlace(string City, string State, string Country, string Zip, string DialCode);

/// <summary>The words demo records are made of: people, companies, places and what sales people write.</summary>
internal static class DemoWords
{
    public static readonly string[] FirstNames =
    [
        "Olivia", "Liam", "Emma", "Noah", "Ava", "Mateo", "Sofia", "Arjun", "Mia", "Lucas", "Chloe", "Kenji", "Amara",
        "Elias", "Priya", "Hannah", "Diego", "Leila", "Oscar", "Yuki", "Grace", "Tomas", "Nadia", "Felix", "Zara",
    ];

    public static readonly string[] LastNames =
    [
        "Smith", "Garcia", "Chen", "Okafor", "Müller", "Rossi", "Kowalski", "Nguyen", "Patel", "Johansson", "Silva",
        "Dubois", "Tanaka", "Haddad", "O'Brien", "Novak", "Fischer", "Santos", "Kim", "Ibrahim", "Walker", "Costa",
    ];

    // A company is a name and a kind of business ("Kestrel Analytics"): enough of them that accounts rarely share one.
    public static readonly string[] CompanyNames =
    [
        "Zylker", "Acme", "Northwind", "Blue Harbor", "Kestrel", "Lumen", "Granite Peak", "Orchid", "Redwood", "Silverline",
        "Tidewater", "Copperleaf", "Summit", "Brightpath", "Evergreen", "Ironclad", "Bluebird", "Meridian", "Foxglove", "Atlas",
    ];

    public static readonly string[] CompanyKinds =
    [
        "Robotics", "Traders", "Logistics", "Analytics", "Health", "Capital", "Biotech", "Foods", "Telecom", "Energy",
        "Software", "Outdoor", "Education", "Realty", "Security", "Consulting",
    ];

    public static readonly DemoPlace[] Places =
    [
        new("Austin", "TX", "United States", "78701", "+1"), new("Chennai", "Tamil Nadu", "India", "600001", "+91"),
        new("Berlin", "Berlin", "Germany", "10115", "+49"), new("Toronto", "Ontario", "Canada", "M5H 2N2", "+1"),
        new("Sydney", "NSW", "Australia", "2000", "+61"), new("Osaka", "Osaka", "Japan", "530-0001", "+81"),
        new("Lyon", "Auvergne-Rhône-Alpes", "France", "69001", "+33"), new("Denver", "CO", "United States", "80202", "+1"),
        new("Dublin", "Leinster", "Ireland", "D02 X285", "+353"),
    ];

    public static readonly string[] Streets =
    [
        "Market Street", "Harbour Road", "Station Avenue", "Mill Lane", "Park Boulevard", "King Street", "Riverside Drive",
        "Elm Court", "Hauptstraße", "Rue de la République", "Anna Salai", "Queen Street West",
    ];

    public static readonly string[] Titles = ["CEO", "CTO", "Head of Sales", "Operations Manager", "Procurement Lead", "IT Director", "Founder"];

    public static readonly string[] Departments = ["Sales", "Finance", "Operations", "IT", "Procurement", "Marketing", "Legal"];

    /// <summary>What a deal or project is about: "{company} - {offering}".</summary>
    public static readonly string[] Offerings =
    [
        "CRM rollout", "Annual support renewal", "Fleet tracking pilot", "Data warehouse migration", "Office expansion",
        "Security audit", "Website redesign", "Payroll integration", "Field service app", "Cloud backup",
    ];

    public static readonly string[] NextSteps =
    [
        "Send the proposal", "Book a demo", "Call the decision maker", "Agree on pricing", "Sign the contract", "Plan the kick-off",
    ];

    public static readonly string[] Notes =
    [
        "Met at the spring trade show; interested in a pilot before the end of the quarter.",
        "Prefers e-mail; the budget is approved for the next financial year.",
        "Asked for references from customers in the same industry.",
        "Evaluating two other vendors; price is the deciding factor.",
        "Wants the rollout done before the holiday season.",
    ];
}

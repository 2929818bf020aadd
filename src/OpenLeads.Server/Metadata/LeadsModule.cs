namespace OpenLeads.Server.Metadata;

/// <summary>
/// The Leads module of the demo organisation: Zoho's standard Leads fields with their stock lengths
/// and picklists, plus five custom fields that cover the remaining data types (date, datetime,
/// double, multi-select picklist, lookup).
/// </summary>
internal static class LeadsModule
{
    private const long FieldIdBase = 738964000000002001;
    private const long PickIdBase = 738964000000003001;

    public static readonly ModuleDefinition Definition = Build();

    private static ModuleDefinition Build()
    {
        var fieldId = FieldIdBase;
        var pickId = PickIdBase;
        FieldDefinition F(string api, string label, FieldType type, int? length = null) =>
            new(api, label, type, fieldId++) { Length = length };
        IReadOnlyList<PickListValue> Picks(params string[] values) =>
            [.. values.Select(v => v.Split('|') is [var display, var actual]
                ? new PickListValue(display, actual, pickId++)
                : new PickListValue(v, v, pickId++))];

        FieldDefinition[] fields =
        [
            F("Owner", "Lead Owner", FieldType.OwnerLookup, 120),
            F("Company", "Company", FieldType.Text, 200),
            F("First_Name", "First Name", FieldType.Text, 40),
            F("Last_Name", "Last Name", FieldType.Text, 80) with { SystemMandatory = true },
            F("Full_Name", "Full Name", FieldType.Text, 120) with
            {
                ReadOnly = true, Storage = FieldStorage.Generated, GeneratedFrom = ["First_Name", "Last_Name"],
            },
            F("Salutation", "Salutation", FieldType.Picklist, 120) with
            {
                PickList = Picks(PickListValue.None, "Mr.", "Mrs.", "Ms.", "Dr.", "Prof."),
            },
            F("Designation", "Title", FieldType.Text, 100),
            F("Email", "Email", FieldType.Email, 100),
            F("Secondary_Email", "Secondary Email", FieldType.Email, 100),
            F("Phone", "Phone", FieldType.Phone, 30),
            F("Mobile", "Mobile", FieldType.Phone, 30),
            F("Fax", "Fax", FieldType.Text, 30),
            F("Website", "Website", FieldType.Website, 255),
            F("Lead_Source", "Lead Source", FieldType.Picklist, 120) with
            {
                PickList = Picks(PickListValue.None, "Advertisement", "Chat", "Cold Call", "Employee Referral",
                    "External Referral", "Facebook", "Internal Seminar|Seminar-Internal", "Online Store|OnlineStore",
                    "Partner", "Public Relations", "Sales Email Alias|Sales Mail Alias", "Seminar Partner", "Trade Show",
                    "Twitter", "Web Download", "Web Research"),
            },
            F("Lead_Status", "Lead Status", FieldType.Picklist, 120) with
            {
                PickList = Picks(PickListValue.None, "Attempted to Contact", "Contact in Future", "Contacted",
                    "Junk Lead", "Lost Lead", "Not Contacted", "Pre-Qualified", "Not Qualified"),
            },
            F("Industry", "Industry", FieldType.Picklist, 120) with
            {
                PickList = Picks(PickListValue.None, "ASP (Application Service Provider)", "Data/Telecom OEM",
                    "ERP (Enterprise Resource Planning)", "Government/Military", "Large Enterprise", "ManagementISV",
                    "MSP (Management Service Provider)", "Network Equipment Enterprise|Network Equipment (Enterprise)",
                    "Non-management ISV", "Optical Networking", "Service Provider", "Small/Medium Enterprise",
                    "Storage Equipment", "Storage Service Provider", "Systems Integrator", "Wireless Industry"),
            },
            F("No_of_Employees", "No. of Employees", FieldType.Integer, 9),
            F("Annual_Revenue", "Annual Revenue", FieldType.Currency, 16) with { DecimalPlace = 2 },
            F("Rating", "Rating", FieldType.Picklist, 120) with
            {
                PickList = Picks(PickListValue.None, "Acquired", "Active", "Market Failed", "Project Cancelled",
                    "Shut Down|ShutDown"),
            },
            F("Email_Opt_Out", "Email Opt Out", FieldType.Boolean),
            F("Skype_ID", "Skype ID", FieldType.Text, 50),
            F("Twitter", "Twitter", FieldType.Text, 50),
            F("Street", "Street", FieldType.Text, 250),
            F("City", "City", FieldType.Text, 100),
            F("State", "State", FieldType.Text, 100),
            F("Zip_Code", "Zip Code", FieldType.Text, 30),
            F("Country", "Country", FieldType.Text, 100),
            F("Description", "Description", FieldType.TextArea, 32000),
            F("Record_Image", "Lead Image", FieldType.ProfileImage, 255) with { ReadOnly = true },
            F("Tag", "Tag", FieldType.Tag, 2000) with { ReadOnly = true, Storage = FieldStorage.None },
            // Custom fields of the demo organisation, one per data type the standard fields lack.
            F("Next_Follow_Up", "Next Follow-Up", FieldType.Date) with { Custom = true },
            F("Last_Contacted", "Last Contacted", FieldType.DateTime) with { Custom = true },
            F("Conversion_Probability", "Conversion Probability", FieldType.Double, 16) with
            {
                Custom = true, DecimalPlace = 2,
            },
            F("Products_of_Interest", "Products of Interest", FieldType.MultiSelectPicklist, 2000) with
            {
                Custom = true,
                PickList = Picks("Analytics", "Books", "Campaigns", "CRM", "Desk", "Projects", "Social"),
            },
            F("Referred_By", "Referred By", FieldType.Lookup) with { Custom = true, LookupModule = "Leads" },
            // System fields: present on every record, set by the server.
            F("Created_By", "Created By", FieldType.OwnerLookup, 120) with { ReadOnly = true, SystemManaged = true },
            F("Modified_By", "Modified By", FieldType.OwnerLookup, 120) with { ReadOnly = true, SystemManaged = true },
            F("Created_Time", "Created Time", FieldType.DateTime) with { ReadOnly = true, SystemManaged = true },
            F("Modified_Time", "Modified Time", FieldType.DateTime) with { ReadOnly = true, SystemManaged = true },
            F("Last_Activity_Time", "Last Activity Time", FieldType.DateTime) with { ReadOnly = true, SystemManaged = true },
        ];
        return new ModuleDefinition("Leads", 738964000000002175, "Lead", "Full_Name", fields);
    }
}

using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OpenLeads.Server.Metadata;
using OpenLeads.Server.Search;
using OpenLeads.Server.Zoho;
using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.Search;

/// <summary>
/// <see cref="CriteriaParser"/> on the Leads fields, without a server: the tree it builds, the typed
/// values, and the one INVALID_QUERY error naming the part of the criteria at fault.
/// </summary>
public sealed class CriteriaParserTests
{
    /// <summary>The parsed tree as text: <c>and(…)</c>/<c>or(…)</c> groups, conditions as <c>Field operator value|value</c>.</summary>
    private static string Show(Criteria criteria) => criteria switch
    {
        Group g => (g.IsAnd ? "and(" : "or(") + string.Join(", ", g.Parts.Select(Show)) + ")",
        Condition c => $"{c.Field.ApiName} {CriteriaOperators.Name(c.Operator)} {string.Join("|", c.Values.Select(ShowValue))}",
        _ => throw new ArgumentOutOfRangeException(nameof(criteria)),
    };

    /// <summary>A value with its stored type, so that "250" the text and 250 the integer read differently.</summary>
    private static string ShowValue(object? value) => value switch
    {
        null => "${EMPTY}",
        string s => $"'{s}'",
        long l => "long:" + l.ToString(CultureInfo.InvariantCulture),
        double d => "double:" + d.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "bool:true" : "bool:false",
        DateOnly d => "date:" + d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset t => "datetime:" + t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        _ => $"{value.GetType().Name}:{value}",
    };

    private static string Parsed(string text)
    {
        var (criteria, problem) = CriteriaParser.Parse(OrgFolder.Demo.Module("Leads"), text);
        Assert.True(problem is null, $"'{text}' was refused: {(problem is null ? "" : Wire(problem))}");
        return Show(criteria!);
    }

    /// <summary>The error exactly as a client would read it on the wire.</summary>
    private static string Wire(ZohoProblem problem)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer)) ZohoJson.WriteStatus(writer, problem.Body);
        return $"{problem.HttpStatus} {ResponseAssert.Canonical(JsonNode.Parse(Encoding.UTF8.GetString(buffer.WrittenSpan)))}";
    }

    private static void AssertRefused(string text, string details)
    {
        var (criteria, problem) = CriteriaParser.Parse(OrgFolder.Demo.Module("Leads"), text);
        Assert.True(problem is not null, $"'{text}' parsed as {(criteria is null ? "nothing" : Show(criteria))}");
        Assert.Null(criteria);
        var expected = $$"""{"code":"INVALID_QUERY","details":{{details}},"message":"invalid query formed","status":"error"}""";
        Assert.Equal($"400 {ResponseAssert.Canonical(JsonNode.Parse(expected))}", Wire(problem));
    }

    private static string Conditions(int count) =>
        string.Join("and", Enumerable.Range(1, count).Select(i => $"(No_of_Employees:equals:{i})"));

    [Theory]
    [InlineData("(Last_Name:equals:Okafor)", "Last_Name equals 'Okafor'")]
    [InlineData("(((Last_Name:equals:Okafor)))", "Last_Name equals 'Okafor'")]
    [InlineData("(Last_Name:equals:a)and(City:equals:b)", "and(Last_Name equals 'a', City equals 'b')")]
    [InlineData("(Last_Name:equals:a) or (City:equals:b)", "or(Last_Name equals 'a', City equals 'b')")]
    [InlineData("(Last_Name:equals:a)or(City:equals:b)and(State:equals:c)",
        "or(Last_Name equals 'a', and(City equals 'b', State equals 'c'))")]
    [InlineData("(Last_Name:equals:a)and(City:equals:b)or(State:equals:c)and(Country:equals:d)",
        "or(and(Last_Name equals 'a', City equals 'b'), and(State equals 'c', Country equals 'd'))")]
    [InlineData("((Last_Name:equals:a)or(City:equals:b))and(State:equals:c)",
        "and(or(Last_Name equals 'a', City equals 'b'), State equals 'c')")]
    [InlineData("(Last_Name:equals:a)and((City:equals:b)or((State:equals:c)and(Country:equals:d)))",
        "and(Last_Name equals 'a', or(City equals 'b', and(State equals 'c', Country equals 'd')))")]
    public void AndBindsTighterThanOr_AndParenthesesGroup(string text, string tree) => Assert.Equal(tree, Parsed(text));

    [Theory]
    [InlineData(@"(Company:equals:Smith \(UK\)\, Ltd)", "Company equals 'Smith (UK), Ltd'")]
    [InlineData(@"(Company:equals:back\\slash)", @"Company equals 'back\slash'")]
    [InlineData(@"(Company:equals:ends in a backslash\\)", @"Company equals 'ends in a backslash\'")]
    [InlineData("(Description:contains:time: 10:30)", "Description contains 'time: 10:30'")]
    [InlineData(@"(Company:in:Acme\, Inc,Zylker,\(none\))", "Company in 'Acme, Inc'|'Zylker'|'(none)'")]
    [InlineData("(Lead_Status:in:Contacted,Junk Lead)", "Lead_Status in 'Contacted'|'Junk Lead'")]
    [InlineData("(Lead_Status:not_in:Contacted)", "Lead_Status not_in 'Contacted'")]
    public void EscapesAndValueLists_GiveTheValuesAsWritten(string text, string tree) => Assert.Equal(tree, Parsed(text));

    [Theory]
    [InlineData("(No_of_Employees:greater_than:250)", "No_of_Employees greater_than long:250")]
    [InlineData("(No_of_Employees:between:10,20)", "No_of_Employees between long:10|long:20")]
    [InlineData("(Annual_Revenue:less_equal:1000.5)", "Annual_Revenue less_equal double:1000.5")]
    [InlineData("(Conversion_Probability:between:0.5,99)", "Conversion_Probability between double:0.5|double:99")]
    [InlineData("(Next_Follow_Up:greater_equal:2025-07-01)", "Next_Follow_Up greater_equal date:2025-07-01")]
    [InlineData("(Last_Contacted:less_than:2025-06-30T09:15:00+05:30)", "Last_Contacted less_than datetime:2025-06-30T03:45:00Z")]
    [InlineData("(Last_Contacted:equals:2025-06-30T03:45:00Z)", "Last_Contacted equals datetime:2025-06-30T03:45:00Z")]
    [InlineData("(Email_Opt_Out:equals:true)", "Email_Opt_Out equals bool:true")]
    [InlineData("(Email_Opt_Out:not_equal:false)", "Email_Opt_Out not_equal bool:false")]
    [InlineData("(Owner:equals:738964000000291017)", "Owner equals long:738964000000291017")]
    [InlineData("(Owner:in:738964000000291017,738964000000291025)", "Owner in long:738964000000291017|long:738964000000291025")]
    [InlineData("(Lead_Source:equals:OnlineStore)", "Lead_Source equals 'OnlineStore'")]
    [InlineData("(Products_of_Interest:equals:CRM)", "Products_of_Interest equals 'CRM'")]
    [InlineData("(Email:equals:amara@lumen.example)", "Email equals 'amara@lumen.example'")]
    public void Values_AreTypedByTheField(string text, string tree) => Assert.Equal(tree, Parsed(text));

    [Theory]
    [InlineData("(City:equals:${EMPTY})", "City equals ${EMPTY}")]
    [InlineData("(City:not_equal:${EMPTY})", "City not_equal ${EMPTY}")]
    [InlineData("(No_of_Employees:equals:${EMPTY})", "No_of_Employees equals ${EMPTY}")]
    [InlineData("(Next_Follow_Up:not_equal:${EMPTY})", "Next_Follow_Up not_equal ${EMPTY}")]
    [InlineData("(Lead_Status:equals:${EMPTY})", "Lead_Status equals ${EMPTY}")]
    public void Empty_IsTheAbsentValue(string text, string tree) => Assert.Equal(tree, Parsed(text));

    [Fact]
    public void TenConditions_AreAllowed() =>
        Assert.Equal("and(" + string.Join(", ", Enumerable.Range(1, 10).Select(i => $"No_of_Employees equals long:{i}")) + ")",
            Parsed(Conditions(10)));

    [Fact]
    public void ElevenConditions_AreRefused() =>
        AssertRefused(Conditions(11), """{"reason":"at most 10 conditions are allowed"}""");

    [Fact]
    public void MoreThan100Values_AreRefusedNamingTheCondition() =>
        AssertRefused($"(No_of_Employees:in:{string.Join(",", Enumerable.Range(1, 101))})",
            """{"api_name":"No_of_Employees","operator":"in","reason":"at most 100 values are allowed"}""");

    [Theory]
    [InlineData("(Nickname:equals:x)", """{"api_name":"Nickname","reason":"Nickname is not a field of Leads that can be searched"}""")]
    [InlineData("(Tag:equals:x)", """{"api_name":"Tag","reason":"Tag is not a field of Leads that can be searched"}""")]
    [InlineData("(Last_Name\" OR 1=1 --:equals:x)",
        """{"api_name":"Last_Name\" OR 1=1 --","reason":"Last_Name\" OR 1=1 -- is not a field of Leads that can be searched"}""")]
    public void UnknownField_IsNamed(string text, string details) => AssertRefused(text, details);

    [Theory]
    [InlineData("(Last_Name:like:x)", """{"api_name":"Last_Name","operator":"like","reason":"'like' is not an operator"}""")]
    [InlineData("(Last_Name:equal:x)", """{"api_name":"Last_Name","operator":"equal","reason":"'equal' is not an operator"}""")]
    [InlineData("(Last_Name::x)", """{"api_name":"Last_Name","operator":"","reason":"'' is not an operator"}""")]
    public void UnknownOperator_IsNamedWithItsField(string text, string details) => AssertRefused(text, details);

    [Theory]
    [InlineData("(Last_Name:greater_than:a)", "Last_Name", "greater_than", "text")]
    [InlineData("(Description:between:a,b)", "Description", "between", "textarea")]
    [InlineData("(No_of_Employees:contains:5)", "No_of_Employees", "contains", "integer")]
    [InlineData("(Annual_Revenue:starts_with:1)", "Annual_Revenue", "starts_with", "currency")]
    [InlineData("(Next_Follow_Up:ends_with:01)", "Next_Follow_Up", "ends_with", "date")]
    [InlineData("(Last_Contacted:not_contains:2025)", "Last_Contacted", "not_contains", "datetime")]
    [InlineData("(Lead_Status:starts_with:Con)", "Lead_Status", "starts_with", "picklist")]
    [InlineData("(Lead_Status:greater_than:Contacted)", "Lead_Status", "greater_than", "picklist")]
    [InlineData("(Products_of_Interest:contains:CR)", "Products_of_Interest", "contains", "multiselectpicklist")]
    [InlineData("(Email_Opt_Out:in:true,false)", "Email_Opt_Out", "in", "boolean")]
    [InlineData("(Email_Opt_Out:greater_than:false)", "Email_Opt_Out", "greater_than", "boolean")]
    [InlineData("(Owner:contains:7389)", "Owner", "contains", "ownerlookup")]
    public void OperatorNotAllowedForTheType_IsNamed(string text, string field, string op, string type) =>
        AssertRefused(text, $$"""{"api_name":"{{field}}","operator":"{{op}}","reason":"{{op}} cannot be used on a {{type}} field"}""");

    [Theory]
    [InlineData("(No_of_Employees:equals:many)", "No_of_Employees", "equals", "many", "integer")]
    [InlineData("(No_of_Employees:greater_than:12.5)", "No_of_Employees", "greater_than", "12.5", "integer")]
    [InlineData("(No_of_Employees:between:1,lots)", "No_of_Employees", "between", "lots", "integer")]
    [InlineData("(Annual_Revenue:less_than:1e400)", "Annual_Revenue", "less_than", "1e400", "currency")]
    [InlineData("(Next_Follow_Up:equals:01/07/2025)", "Next_Follow_Up", "equals", "01/07/2025", "date")]
    [InlineData("(Next_Follow_Up:equals:2025-02-30)", "Next_Follow_Up", "equals", "2025-02-30", "date")]
    [InlineData("(Last_Contacted:greater_than:2025-06-30)", "Last_Contacted", "greater_than", "2025-06-30", "datetime")]
    [InlineData("(Last_Contacted:less_than:2025-06-30 10:00)", "Last_Contacted", "less_than", "2025-06-30 10:00", "datetime")]
    [InlineData("(Email_Opt_Out:equals:yes)", "Email_Opt_Out", "equals", "yes", "boolean")]
    [InlineData("(Lead_Status:equals:Lukewarm)", "Lead_Status", "equals", "Lukewarm", "picklist")]
    [InlineData("(Lead_Status:in:Contacted,Lukewarm)", "Lead_Status", "in", "Lukewarm", "picklist")]
    [InlineData("(Products_of_Interest:equals:Sheets)", "Products_of_Interest", "equals", "Sheets", "multiselectpicklist")]
    [InlineData("(Owner:equals:patricia)", "Owner", "equals", "patricia", "ownerlookup")]
    public void ValueOfTheWrongType_IsNamed(string text, string field, string op, string value, string type) =>
        AssertRefused(text, $$"""{"api_name":"{{field}}","operator":"{{op}}","reason":"'{{value}}' is not a valid {{type}} value"}""");

    [Theory]
    [InlineData("(No_of_Employees:between:10)")]
    [InlineData("(No_of_Employees:between:10,20,30)")]
    [InlineData("(Next_Follow_Up:between:2025-07-01)")]
    public void BetweenWithoutTwoValues_IsRefused(string text) =>
        AssertRefused(text, $$"""{"api_name":"{{text[1..text.IndexOf(':', StringComparison.Ordinal)]}}","operator":"between","reason":"between takes two values: low,high"}""");

    [Theory]
    [InlineData("(City:starts_with:${EMPTY})", "City", "starts_with")]
    [InlineData("(Lead_Status:in:Contacted,${EMPTY})", "Lead_Status", "in")]
    [InlineData("(No_of_Employees:greater_than:${EMPTY})", "No_of_Employees", "greater_than")]
    public void EmptyWithAnotherOperator_IsRefused(string text, string field, string op) =>
        AssertRefused(text, $$"""{"api_name":"{{field}}","operator":"{{op}}","reason":"${EMPTY} goes with equals or not_equal"}""");

    [Theory]
    [InlineData("(Last_Name:equals:a", """{"reason":"expected ')' but the criteria ended"}""")]
    [InlineData("((Last_Name:equals:a)", """{"reason":"expected ')' but the criteria ended"}""")]
    [InlineData("(Last_Name:equals:a))", """{"reason":"unexpected ')' at position 21"}""")]
    [InlineData("(Last_Name:equals:a)and", """{"reason":"expected '(' but the criteria ended"}""")]
    [InlineData("Last_Name:equals:a", """{"reason":"expected '(' at position 1"}""")]
    [InlineData("", """{"reason":"expected '(' but the criteria ended"}""")]
    [InlineData("(Company:equals:Smith (UK))", """{"reason":"unescaped '(' at position 23; write \\( in a value"}""")]
    [InlineData("(Last_Name:equals:a) xyz", """{"reason":"expected 'and' or 'or' at position 22"}""")]
    [InlineData("(Last_Name:equals:a)(City:equals:b)", """{"reason":"expected 'and' or 'or' at position 21"}""")]
    [InlineData("(Last_Name:equals:a)andnot(City:equals:b)", """{"reason":"expected '(' at position 24"}""")]
    [InlineData("(Last_Name:equals)", """{"reason":"'(Last_Name:equals)' is not (field:operator:value)"}""")]
    [InlineData("()", """{"reason":"'()' is not (field:operator:value)"}""")]
    public void MalformedText_IsRefusedSayingWhere(string text, string details) => AssertRefused(text, details);

    [Fact]
    public void FirstError_IsTheOneReported()
    {
        AssertRefused("(Nickname:equals:x)and(No_of_Employees:equals:many)",
            """{"api_name":"Nickname","reason":"Nickname is not a field of Leads that can be searched"}""");
        AssertRefused("(Last_Name:equals:a)or(No_of_Employees:equals:many)and(Nickname:equals:x)",
            """{"api_name":"No_of_Employees","operator":"equals","reason":"'many' is not a valid integer value"}""");
    }
}

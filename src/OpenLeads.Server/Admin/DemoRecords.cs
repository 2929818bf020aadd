using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using OpenLeads.Server.Metadata;
using OpenLeads.Server.Storage;

namespace OpenLeads.Server.Admin;

/// <summary>A record that generated records may point at: its id, its name, and the records its own lookups point at.</summary>
public sealed record DemoTarget(long Id, string? Name, IReadOnlyList<long> Refers);

/// <summary>What generated records are made from besides their module: the org's users and territories, the time, and lookup targets by module.</summary>
public sealed record DemoSources(IReadOnlyList<UserRow> Users, IReadOnlyList<Territory> Territories, DateTimeOffset Now,
    IReadOnlyDictionary<string, IReadOnlyList<DemoTarget>> Targets);

/// <summary>
/// Realistic generated records of any module, driven by its metadata: each field gets a value for its
/// type and name (people, companies, addresses, amounts, dates), a picklist one of its values, a
/// lookup a record of its module that already exists (a Deal's contact works at the Deal's account),
/// and a field named Probability the probability of the stage picked. The same seed, metadata and
/// targets give the same records.
/// </summary>
public static class DemoRecords
{
    /// <summary>How many of a lookup's module's records are candidates (the latest ones).</summary>
    public const int MaxTargets = 1000;

    // A lookup to one of these names a company: a record that points at one works there.
    private static readonly HashSet<string> CompanyNames = ["Account_Name", "Company", "Vendor_Name"];

    private sealed record Person(string First, string Last, string Company, DemoPlace Place, UserRow Owner, DateTimeOffset Created,
        DateTimeOffset Modified)
    {
        public string Domain => Ascii(Company) + ".example";
    }

    /// <summary>The latest records of each module the module's lookups point at, for <see cref="Generate"/>.</summary>
    public static async Task<IReadOnlyDictionary<string, IReadOnlyList<DemoTarget>>> TargetsAsync(IRecordStore records, ModuleDefinition module,
        CancellationToken ct)
    {
        var targets = new Dictionary<string, IReadOnlyList<DemoTarget>>(StringComparer.OrdinalIgnoreCase);
        foreach (var target in module.ColumnFields.Select(f => f.LookupTarget).OfType<ModuleDefinition>().Distinct())
        {
            var page = await records.ListAsync(target, new RecordQuery(1, MaxTargets, SortBy: null, Descending: true), ct);
            var lookups = target.StoredFields.Where(f => f.Type == FieldType.Lookup).Select(f => target.StoredIndex[f.ApiName]).ToArray();
            targets[target.ApiName] = [.. page.Records.Select(r => new DemoTarget(r.Id, r[target, target.DisplayField] as string,
                [.. lookups.Select(i => r.Values[i]).OfType<LookupRef>().Select(l => l.Id)]))];
        }
        return targets;
    }

    /// <summary>A mandatory lookup of the module with no record to point at: such records cannot be made.</summary>
    public static FieldDefinition? MissingTarget(ModuleDefinition module, DemoSources sources) =>
        module.ColumnFields.FirstOrDefault(f => f.Type == FieldType.Lookup && f.SystemMandatory
            && sources.Targets.GetValueOrDefault(f.LookupModule!) is null or { Count: 0 });

    public static IEnumerable<RecordValues> Generate(ModuleDefinition module, int count, DemoSources sources, int seed)
    {
        var random = new Random(seed);
        var territories = sources.Territories.Select(t => t.Id).ToHashSet();
        var targets = new Targets(sources.Targets);
        var lookups = LookupOrder(module);
        var others = module.ColumnFields.Where(f => f.Type != FieldType.Lookup && (f.Writable || f.SystemManaged)).ToArray();
        for (var i = 0; i < count; i++)
        {
            var values = new Dictionary<FieldDefinition, object?>();
            var created = sources.Now.AddSeconds(-random.Next(1, 180 * 24 * 3600));
            var person = new Person(Pick(random, DemoWords.FirstNames), Pick(random, DemoWords.LastNames),
                $"{Pick(random, DemoWords.CompanyNames)} {Pick(random, DemoWords.CompanyKinds)}",
                Pick(random, DemoWords.Places), Pick(random, sources.Users), created,
                created.AddSeconds(random.Next(0, (int)Math.Max(1, (sources.Now - created).TotalSeconds))));
            foreach (var field in lookups)
            {
                var target = Lookup(field, module, values, targets, random);
                values[field] = target?.Id;
                if (target?.Name is { } name && CompanyNames.Contains(field.LookupTarget!.DisplayField)) person = person with { Company = name };
            }
            foreach (var field in others) values[field] = Fit(field, Value(field, module, person, values, sources, random));
            SetProbability(module, values);
            var territory = DemoOrganisation.TerritoryOf(person.Place.Country);
            yield return new RecordValues(values, territory is { } t && territories.Contains(t) ? t : null);
        }
    }

    /// <summary>
    /// The module's lookups, those whose records point at a module this one points at too first: a Deal
    /// picks its contact, then the contact's account.
    /// </summary>
    private static FieldDefinition[] LookupOrder(ModuleDefinition module)
    {
        var lookups = module.ColumnFields.Where(f => f.Type == FieldType.Lookup && f.Writable).ToArray();
        var targets = lookups.Select(f => f.LookupTarget).ToHashSet();
        bool Deeper(FieldDefinition f) => f.LookupTarget!.ColumnFields.Any(g => g.LookupTarget is { } t && t != f.LookupTarget && targets.Contains(t));
        return [.. lookups.OrderBy(f => Deeper(f) ? 0 : 1)];
    }

    /// <summary>
    /// A record of the lookup's module; one related to a record this one already points at when there is
    /// such (the contact's account, or a contact of the account).
    /// </summary>
    private static DemoTarget? Lookup(FieldDefinition field, ModuleDefinition module, Dictionary<FieldDefinition, object?> chosen,
        Targets targets, Random random)
    {
        var candidates = targets.Of(field.LookupModule!);
        if (candidates.Count == 0) return null;
        // Nine records in ten point at their account, say; one in four at another record of their own module.
        var pointsAtOwnModule = field.LookupTarget == module;
        var leftEmpty = pointsAtOwnModule ? random.Next(4) != 0 : random.Next(10) == 0;
        if (leftEmpty && !field.SystemMandatory) return null;
        var related = chosen.Where(c => c.Key.Type == FieldType.Lookup && c.Value is long)
            .SelectMany(c => targets.Related(field.LookupModule!, (long)c.Value!)).ToArray();
        return related.Length > 0 ? Pick(random, related) : Pick(random, candidates);
    }

    /// <summary>The lookup targets, indexed both ways: by id, and by the records that point at each one.</summary>
    private sealed class Targets
    {
        private readonly IReadOnlyDictionary<string, IReadOnlyList<DemoTarget>> _byModule;
        private readonly Dictionary<long, (string Module, DemoTarget Target)> _byId = [];
        private readonly Dictionary<(string Module, long Id), List<DemoTarget>> _pointingAt = [];

        public Targets(IReadOnlyDictionary<string, IReadOnlyList<DemoTarget>> byModule)
        {
            _byModule = byModule;
            foreach (var (module, targets) in byModule)
            {
                foreach (var target in targets)
                {
                    _byId[target.Id] = (module, target);
                    foreach (var id in target.Refers)
                    {
                        if (!_pointingAt.TryGetValue((module, id), out var list)) _pointingAt[(module, id)] = list = [];
                        list.Add(target);
                    }
                }
            }
        }

        public IReadOnlyList<DemoTarget> Of(string module) => _byModule.GetValueOrDefault(module) ?? [];

        /// <summary>Records of <paramref name="module"/> that the record <paramref name="id"/> points at, or that point at it.</summary>
        public IEnumerable<DemoTarget> Related(string module, long id)
        {
            if (_byId.TryGetValue(id, out var known))
            {
                foreach (var referred in known.Target.Refers)
                {
                    if (_byId.TryGetValue(referred, out var target) && target.Module.Equals(module, StringComparison.OrdinalIgnoreCase)) yield return target.Target;
                }
            }
            foreach (var target in _pointingAt.GetValueOrDefault((module, id)) ?? []) yield return target;
        }
    }

    private static object? Value(FieldDefinition field, ModuleDefinition module, Person p, Dictionary<FieldDefinition, object?> values,
        DemoSources sources, Random random)
    {
        var name = field.ApiName;
        var today = DateOnly.FromDateTime(sources.Now.UtcDateTime);
        bool Sometimes(int inTen) => field.SystemMandatory || random.Next(10) < inTen;
        return field.Type switch
        {
            FieldType.OwnerLookup => p.Owner.Id,
            FieldType.UserLookup => Pick(random, sources.Users).Id,
            FieldType.DateTime when name == SystemFields.CreatedTime => p.Created,
            FieldType.DateTime when name is SystemFields.ModifiedTime or SystemFields.LastActivityTime => p.Modified,
            FieldType.DateTime => Sometimes(5) ? p.Created.AddSeconds(random.Next(0, (int)Math.Max(1, (p.Modified - p.Created).TotalSeconds))) : null,
            FieldType.Text or FieldType.TextArea => Text(field, module, p, random, Sometimes),
            FieldType.Email when name.StartsWith("Secondary", StringComparison.Ordinal) => Sometimes(2) ? $"{Ascii(p.First)}@mail.example" : null,
            FieldType.Email => $"{Ascii(p.First)}.{Ascii(p.Last)}@{p.Domain}",
            FieldType.Phone => name is "Phone" || (name is "Mobile" ? Sometimes(6) : Sometimes(3)) ? Phone(p, random) : null,
            FieldType.Website => $"https://www.{p.Domain}",
            FieldType.Picklist => field.PickList.Where(v => v.ActualValue != PickListValue.None).Select(v => v.ActualValue).ToArray() is { Length: > 0 } choices
                ? Pick(random, choices) : null,
            FieldType.MultiSelectPicklist => field.PickList.Where(_ => random.Next(4) == 0).Select(v => v.ActualValue).ToArray() is { Length: > 0 } chosen
                ? chosen : null,
            FieldType.Integer when name.Contains("Employees", StringComparison.Ordinal) => (long)random.Next(1, 5000),
            FieldType.Integer when name.Contains("Probability", StringComparison.Ordinal) => random.Next(0, 11) * 10L,
            FieldType.Integer => (long)random.Next(1, (int)Math.Min(1000, Math.Pow(10, field.Length ?? 3))),
            FieldType.Currency when name == "Annual_Revenue" => Math.Round(random.Next(50, 50_000) * 1000.0, 2),
            FieldType.Currency => random.Next(10, 5000) * 100.0,
            FieldType.Double => Math.Round(random.NextDouble() * 100, 2),
            FieldType.Boolean => random.Next(name.EndsWith("Opt_Out", StringComparison.Ordinal) ? 10 : 2) == 0,
            FieldType.Date => Date(field, today, values, random, Sometimes),
            _ => null,
        };
    }

    private static string? Text(FieldDefinition field, ModuleDefinition module, Person p, Random random, Func<int, bool> sometimes)
    {
        var name = field.ApiName;
        if (field.Type == FieldType.TextArea) return sometimes(5) ? Pick(random, DemoWords.Notes) : null;
        // A second address (Other_Street, …) is one most records do not have.
        string? Address(string part) => name.StartsWith("Other_", StringComparison.Ordinal) && !field.SystemMandatory ? null : part;
        return name switch
        {
            "First_Name" => p.First,
            "Last_Name" => p.Last,
            "Designation" or "Title" => Pick(random, DemoWords.Titles),
            "Department" => Pick(random, DemoWords.Departments),
            "Account_Site" => p.Place.City,
            "Account_Number" => random.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture),
            "Ticker_Symbol" => Ascii(p.Company)[..Math.Min(4, Ascii(p.Company).Length)].ToUpperInvariant(),
            "Next_Step" => Pick(random, DemoWords.NextSteps),
            "Assistant" => sometimes(3) ? $"{Pick(random, DemoWords.FirstNames)} {Pick(random, DemoWords.LastNames)}" : null,
            "Skype_ID" => sometimes(3) ? $"{Ascii(p.First)}.{Ascii(p.Last)}" : null,
            "Twitter" => sometimes(3) ? $"@{Ascii(p.First)}{Ascii(p.Last)}" : null,
            "Fax" => sometimes(2) ? Phone(p, random) : null,
            _ when CompanyNames.Contains(name) => p.Company,
            _ when name.EndsWith("Street", StringComparison.Ordinal) => Address($"{random.Next(1, 999)} {Pick(random, DemoWords.Streets)}"),
            _ when name.EndsWith("City", StringComparison.Ordinal) => Address(p.Place.City),
            _ when name.EndsWith("State", StringComparison.Ordinal) => Address(p.Place.State),
            _ when name.EndsWith("Country", StringComparison.Ordinal) => Address(p.Place.Country),
            _ when name.EndsWith("Zip", StringComparison.Ordinal) || name.EndsWith("Zip_Code", StringComparison.Ordinal)
                   || name.EndsWith("_Code", StringComparison.Ordinal) => Address(p.Place.Zip),
            // What the record is called: a deal, a project, … for the person's company.
            _ when name == module.DisplayField => $"{p.Company} - {Pick(random, DemoWords.Offerings)}",
            _ => field.Custom || field.SystemMandatory ? $"{field.Label} {random.Next(100, 999)}" : null,
        };
    }

    private static DateOnly? Date(FieldDefinition field, DateOnly today, Dictionary<FieldDefinition, object?> values, Random random,
        Func<int, bool> sometimes)
    {
        var name = field.ApiName;
        if (name == "Date_of_Birth") return sometimes(5) ? new DateOnly(1955, 1, 1).AddDays(random.Next(0, 45 * 365)) : null;
        if (name.StartsWith("Due", StringComparison.Ordinal) || name.StartsWith("End", StringComparison.Ordinal))
        {
            // After the record's start, when it has one.
            var start = values.FirstOrDefault(v => v.Key.ApiName.StartsWith("Start", StringComparison.Ordinal) && v.Value is DateOnly).Value as DateOnly?;
            return (start ?? today).AddDays(random.Next(30, 180));
        }
        if (name.StartsWith("Start", StringComparison.Ordinal)) return today.AddDays(random.Next(-90, 30));
        if (name.Contains("Follow", StringComparison.Ordinal)) return today.AddDays(random.Next(1, 60));
        return today.AddDays(random.Next(-30, 120));
    }

    /// <summary>A deal's probability is its stage's (Zoho's stage picklist carries one per stage).</summary>
    private static void SetProbability(ModuleDefinition module, Dictionary<FieldDefinition, object?> values)
    {
        if (!module.TryGetField("Probability", out var probability) || !values.ContainsKey(probability)) return;
        var stage = values.Select(v => v.Key.Type == FieldType.Picklist && v.Value is string chosen && v.Key.Json?["pick_list_values"] is JsonArray picks
                ? picks.FirstOrDefault(pick => (string?)pick?["actual_value"] == chosen)?["probability"] as JsonValue : null)
            .FirstOrDefault(p => p is not null);
        if (stage is null || !stage.TryGetValue<int>(out var percent)) return;
        values[probability] = probability.Type == FieldType.Integer ? (long)percent : (object)(double)percent;
    }

    private static string Phone(Person p, Random random) =>
        $"{p.Place.DialCode} {random.Next(200, 999)} {random.Next(100, 999)} {random.Next(1000, 9999)}";

    /// <summary>A value no longer than its field allows.</summary>
    private static object? Fit(FieldDefinition field, object? value) =>
        value is string text && field.Length is { } max && text.Length > max ? text[..max] : value;

    private static T Pick<T>(Random random, IReadOnlyList<T> values) => values[random.Next(values.Count)];

    /// <summary>The letters of a name as an address would have them: "Müller" is "muller", "O'Brien" "obrien".</summary>
    private static string Ascii(string name)
    {
        // The server runs with invariant globalization, where string.Normalize cannot decompose accents.
        var letters = new StringBuilder(name.Length);
        foreach (var c in name.ToLowerInvariant())
        {
            letters.Append(c switch
            {
                'ä' or 'á' or 'à' or 'â' => "a", 'ö' or 'ó' or 'ô' => "o", 'ü' or 'ú' => "u", 'é' or 'è' or 'ê' => "e", 'ç' => "c", 'ß' => "ss",
                _ when char.IsAsciiLetter(c) => c.ToString(),
                _ => "",
            });
        }
        return letters.ToString();
    }
}

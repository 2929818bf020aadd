using Microsoft.Extensions.DependencyInjection;
using OpenLeads.Server.Metadata;
using OpenLeads.Server.Search;
using OpenLeads.Server.Storage;
using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.Search;

/// <summary>A word search through the API, and the same search as the scan answers it (the word index left out), on one server.</summary>
public static class WordSearchCalls
{
    /// <summary>The ids <c>GET …/search?word=</c> answers, in its order (none for 204).</summary>
    public static async Task<long[]> FoundAsync(this ZohoClient zoho, string module, string word)
    {
        var response = await zoho.GetAsync($"/crm/v2/{module}/search?per_page=200&word={Uri.EscapeDataString(word)}");
        if (response.Code == 204) return [];
        Assert.True(response.Code == 200, response.ToString());
        return [.. response.Data.Select(r => long.Parse(r!["id"]!.GetValue<string>()))];
    }

    /// <summary>The word's criteria as the search makes them (a <see cref="WordMatch"/>).</summary>
    public static WordMatch Criteria(OpenLeadsServer server, string module, string word)
    {
        var definition = server.Services.GetRequiredService<OrgCatalog>().Current.Module(module);
        var query = new Microsoft.AspNetCore.Http.QueryCollection(new Dictionary<string, Microsoft.Extensions.Primitives.StringValues> { ["word"] = word });
        var (where, problem) = SearchApi.Criteria(definition, query);
        Assert.Null(problem);
        return Assert.IsType<WordMatch>(where);
    }

    /// <summary>A page of the word's records through the index (as the API answers) and through the scan alone.</summary>
    public static async Task<(RecordPage Index, RecordPage Scan)> BothAsync(OpenLeadsServer server, string module, string word, int page, int perPage)
    {
        var store = server.Services.GetRequiredService<IRecordStore>();
        var match = Criteria(server, module, word);
        var query = new RecordQuery(page, perPage, SortBy: null, Descending: false);
        return (await store.ListAsync(match.Module, query with { Where = match }, CancellationToken.None),
            await store.ListAsync(match.Module, query with { Where = match.AnyField }, CancellationToken.None));
    }

    /// <summary>
    /// Asserts that the API finds exactly <paramref name="expected"/> for the word, that the scan alone finds the same, and
    /// (for a word of three characters or more) that the search went through the index.
    /// </summary>
    public static async Task AssertFindsAsync(this ZohoClient zoho, OpenLeadsServer server, string module, string word, params long[] expected)
    {
        var found = await zoho.FoundAsync(module, word);
        var (_, scan) = await BothAsync(server, module, word, 1, 200);
        Assert.True(expected.Order().SequenceEqual(found.Order()), $"'{word}' found [{string.Join(",", found)}], expected [{string.Join(",", expected)}]");
        Assert.Equal(found.Order(), scan.Records.Select(r => r.Id).Order());
        if (word.Length >= 3) Assert.Contains(WordIndex.Name(Criteria(server, module, word).Module.Table), IndexSql(server, module, word));
    }

    /// <summary>The SQL the word compiles to.</summary>
    public static string IndexSql(OpenLeadsServer server, string module, string word) =>
        CriteriaSql.Compile(Criteria(server, module, word), server.Services.GetRequiredService<ISqlDatabase>().Dialect.Criteria());
}

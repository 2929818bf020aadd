using System.Net.Sockets;
using System.Text;
using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.BadInput;

/// <summary>
/// Bytes that are not text, bodies that are not what their framing or Content-Type says, and NUL
/// characters (which PostgreSQL's text cannot hold): each is a Zoho-shaped 400 that names the part,
/// and not a byte of the database changes, on both databases.
/// </summary>
public sealed class HostileBytesTests : ServerTest
{
    private const string LeadId = "{id}";

    /// <summary>Writes that carry a string; <c>{value}</c> is replaced by the hostile JSON string literal's inside.</summary>
    public static TheoryData<string, string, string> Writes() => new()
    {
        { "POST", "/crm/v2/Leads/actions/mass_update", """{"data":[{"City":"{value}"}],"ids":["{id}"]}""" },
        { "POST", "/crm/v8/Leads/actions/mass_update", """{"data":[{"City":"{value}"}],"ids":["{id}"]}""" },
        { "POST", "/crm/v2/Leads", """{"data":[{"Last_Name":"{value}"}]}""" },
        { "PUT", "/crm/v2/Leads", """{"data":[{"id":"{id}","City":"{value}"}]}""" },
        { "PUT", "/crm/v2/Leads/{id}", """{"data":[{"City":"{value}"}]}""" },
        { "POST", "/__admin/custom_views", """{"module":"Leads","name":"{value}","criteria":"(City:equals:x)"}""" },
    };

    private static readonly (string Name, byte[] Inside, string Reason)[] Values =
    [
        ("invalid UTF-8", [0x61, 0xff, 0xfe, 0x62], "the value is not valid UTF-8"),
        ("a truncated UTF-8 sequence", [0x61, 0xc3], "the value is not valid UTF-8"),
        ("an encoded surrogate", [0xed, 0xa0, 0x80], "the value is not valid UTF-8"),
        ("a lone high surrogate escape", "a\\ud800b"u8.ToArray(), "the value holds an escape that is not valid UTF-16 (a lone surrogate)"),
        ("a lone low surrogate escape", "\\udc00"u8.ToArray(), "the value holds an escape that is not valid UTF-16 (a lone surrogate)"),
        ("a NUL escape", "a\\u0000b"u8.ToArray(), "the value holds a NUL character (\\u0000)"),
    ];

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task StringsThatAreNotText_InAnyWrite_Are400InvalidDataNamingThePath_AndChangeNothing(string method, string path, string template)
    {
        var id = (await Zoho.SeedLeadsAsync(1))[0];
        var field = template.Contains("\"Last_Name\"") ? "Last_Name" : template.Contains("\"name\"") ? "name" : "City";
        var jsonPath = template.StartsWith("""{"data":""") ? $"$.data[0].{field}" : $"$.{field}";
        var before = await DatabaseDigest.OfAsync(Server);
        foreach (var (name, inside, reason) in Values)
        {
            var body = Splice(template.Replace(LeadId, id), inside);
            var response = await Zoho.SendBytesAsync(new HttpMethod(method), path.Replace(LeadId, id), body);

            ResponseAssert.IsError(400, "INVALID_DATA", "invalid data", $$"""{"api_name":"{{field}}","json_path":"{{jsonPath}}"}""", response);
            Assert.Equal($"{jsonPath}: {reason}", Header(response));
            Assert.True(before == await DatabaseDigest.OfAsync(Server), $"{name} changed the database");
        }
    }

    [Fact]
    public async Task AKeyThatIsNotText_IsNamedByItsPlace()
    {
        var id = (await Zoho.SeedLeadsAsync(1))[0];
        var body = Encoding.UTF8.GetBytes($$"""{"data":[{"Ci?ty":"x"}],"ids":["{{id}}"]}""");
        body[Array.IndexOf(body, (byte)'?')] = 0xff;

        var response = await Zoho.SendBytesAsync(HttpMethod.Post, "/crm/v2/Leads/actions/mass_update", body);

        ResponseAssert.IsError(400, "INVALID_DATA", "invalid data", """{"json_path":"$.data[0].Ci\ufffdty"}""", response);
        Assert.Equal("$.data[0].Ci\\ufffdty: the key is not valid UTF-8", Header(response));
    }

    [Fact]
    public async Task ProperSurrogatePairsAndControlCharactersOtherThanNul_AreText()
    {
        var response = await Zoho.SendAsync(HttpMethod.Post, "/crm/v2/Leads", """{"data":[{"Last_Name":"Smile \ud83d\ude00","Description":"a\tb\nc"}]}""");

        Assert.Equal(201, response.Code);
        var lead = await Zoho.GetLeadAsync(response.Data[0]!["details"]!["id"]!.GetValue<string>());
        Assert.Equal("Smile 😀", lead["Last_Name"]!.GetValue<string>());
        Assert.Equal("a\tb\nc", lead["Description"]!.GetValue<string>());
    }

    public static TheoryData<string> SearchesWithNul() =>
    [
        "email=a%00b@example.com",
        "phone=555%00",
        "word=ab%00cd",
        "criteria=(City:equals:Ber%00lin)",
        "criteria=(Last_Name:starts_with:%00)",
    ];

    [Theory]
    [MemberData(nameof(SearchesWithNul))]
    public async Task ANulInASearch_Is400InvalidDataNamingTheParameter(string query)
    {
        await Zoho.SeedLeadsAsync(2);

        var response = await Zoho.GetAsync($"/crm/v2/Leads/search?{query}");

        var param = query[..query.IndexOf('=')];
        ResponseAssert.IsError(400, "INVALID_DATA", "the parameter holds a control character", $$"""{"param_name":"{{param}}"}""", response);
    }

    [Fact]
    public async Task ANulInAnyQueryParameter_IsRefusedBeforeItReachesTheDatabase()
    {
        var response = await Zoho.GetAsync("/crm/v2/Leads?sort_by=City&fields=City,Last_Name%00");

        ResponseAssert.IsError(400, "INVALID_DATA", "the parameter holds a control character", """{"param_name":"fields"}""", response);
    }

    public static TheoryData<string, string> BrokenChunks() => new()
    {
        { "/crm/v2/Leads/actions/mass_update", "zz\r\nabc\r\n0\r\n\r\n" },
        { "/crm/v2/Leads/actions/mass_update", "ffffffffffffffff\r\nabc\r\n0\r\n\r\n" },
        { "/crm/v2/Leads", "5\r\n{\"dat\r\n1x\r\n" },
        { "/crm/v2/Leads", "3;ext=\u0001\r\n{}\r\n0\r\n\r\n" },
    };

    [Theory]
    [MemberData(nameof(BrokenChunks))]
    public async Task MalformedChunkedEncoding_Is400_NotAFault(string path, string chunks)
    {
        var before = await DatabaseDigest.OfAsync(Server);

        var answer = await RawAsync($"POST {path} HTTP/1.1\r\nHost: x\r\nAuthorization: Zoho-oauthtoken {OpenLeadsServer.DevToken}\r\n" +
                                    $"Transfer-Encoding: chunked\r\n\r\n{chunks}");

        Assert.StartsWith("HTTP/1.1 400 ", answer);
        Assert.Contains("""{"code":"INVALID_DATA","details":{"expected_data_type":"jsonobject"},"message":"body","status":"error"}""", answer);
        Assert.Equal(before, await DatabaseDigest.OfAsync(Server));
    }

    [Fact]
    public async Task TokenRequests_WhoseBodyIsNotWhatItsContentTypeSays_AreInvalidRequest()
    {
        using var http = Server.Anonymous();
        var boundaryOverForm = await PostTokenAsync(http, "grant_type=refresh_token&client_id=x", "multipart/form-data; boundary=xyz");
        var longHeaders = await PostTokenAsync(http,
            $"--xyz\r\nContent-Disposition: form-data; name=\"grant_type\"\r\nX-Pad: {new string('a', 20_000)}\r\n\r\nrefresh_token\r\n--xyz--\r\n",
            "multipart/form-data; boundary=xyz");
        var control = await PostTokenAsync(http, "grant_type=refresh_token&client_id=1000.ABC%00&client_secret=s", "application/x-www-form-urlencoded");
        var controlInQuery = await http.PostAsync("/oauth/v2/token?grant_type=refresh_token&refresh_token=a%01b", null);

        foreach (var (response, part) in new[] { (boundaryOverForm, "multipart/form-data"), (longHeaders, "multipart/form-data"),
                     (control, "'client_id'"), (controlInQuery, "'refresh_token'") })
        {
            Assert.Equal(400, (int)response.StatusCode);
            var body = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            Assert.Equal("invalid_request", body["error"]!.GetValue<string>());
            Assert.Contains(part, body["error_description"]!.GetValue<string>());
        }
    }

    private static async Task<HttpResponseMessage> PostTokenAsync(HttpClient http, string body, string contentType)
    {
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        return await http.PostAsync("/oauth/v2/token", content);
    }

    /// <summary>The template's <c>{value}</c> replaced by raw bytes.</summary>
    private static byte[] Splice(string template, byte[] inside)
    {
        var at = template.IndexOf("{value}", StringComparison.Ordinal);
        return [.. Encoding.UTF8.GetBytes(template[..at]), .. inside, .. Encoding.UTF8.GetBytes(template[(at + "{value}".Length)..])];
    }

    private static string? Header(ZohoResponse response) =>
        response.Message.Headers.TryGetValues("X-OpenLeads-Error", out var values) ? values.Single() : null;

    /// <summary>A request written byte for byte on a socket, and what the server answers before it closes or goes quiet.</summary>
    private async Task<string> RawAsync(string request)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(Server.Address.Host, Server.Address.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.Latin1.GetBytes(request));
        var answer = new StringBuilder();
        var buffer = new byte[8192];
        using var quiet = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            while (!answer.ToString().Contains("\r\n0\r\n\r\n") && await stream.ReadAsync(buffer, quiet.Token) is var n and > 0)
            {
                answer.Append(Encoding.Latin1.GetString(buffer, 0, n));
            }
        }
        catch (OperationCanceledException) { }
        catch (IOException) { }
        return answer.ToString();
    }
}

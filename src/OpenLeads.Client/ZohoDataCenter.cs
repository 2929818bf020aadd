namespace OpenLeads.Client;

/// <summary>The Zoho data centres, each with its own accounts server and API domain.</summary>
public enum ZohoDataCenter
{
    /// <summary>United States: accounts.zoho.com, www.zohoapis.com.</summary>
    US,
    /// <summary>Europe: accounts.zoho.eu, www.zohoapis.eu.</summary>
    EU,
    /// <summary>India: accounts.zoho.in, www.zohoapis.in.</summary>
    IN,
    /// <summary>Australia: accounts.zoho.com.au, www.zohoapis.com.au.</summary>
    AU,
    /// <summary>Japan: accounts.zoho.jp, www.zohoapis.jp.</summary>
    JP,
    /// <summary>Canada: accounts.zohocloud.ca, www.zohoapis.ca.</summary>
    CA,
    /// <summary>China: accounts.zoho.com.cn, www.zohoapis.com.cn.</summary>
    CN,
    /// <summary>Saudi Arabia: accounts.zoho.sa, www.zohoapis.sa.</summary>
    SA,
}

/// <summary>Where each data centre's accounts server and API live.</summary>
public static class ZohoDataCenters
{
    /// <summary>The accounts server (token endpoint) of <paramref name="center"/>.</summary>
    public static Uri AccountsUrl(ZohoDataCenter center) => new($"https://{center switch
    {
        ZohoDataCenter.US => "accounts.zoho.com",
        ZohoDataCenter.EU => "accounts.zoho.eu",
        ZohoDataCenter.IN => "accounts.zoho.in",
        ZohoDataCenter.AU => "accounts.zoho.com.au",
        ZohoDataCenter.JP => "accounts.zoho.jp",
        ZohoDataCenter.CA => "accounts.zohocloud.ca",
        ZohoDataCenter.CN => "accounts.zoho.com.cn",
        ZohoDataCenter.SA => "accounts.zoho.sa",
        _ => throw new ArgumentOutOfRangeException(nameof(center)),
    }}");

    /// <summary>The CRM API domain of <paramref name="center"/>.</summary>
    public static Uri ApiDomain(ZohoDataCenter center) => new($"https://{center switch
    {
        ZohoDataCenter.US => "www.zohoapis.com",
        ZohoDataCenter.EU => "www.zohoapis.eu",
        ZohoDataCenter.IN => "www.zohoapis.in",
        ZohoDataCenter.AU => "www.zohoapis.com.au",
        ZohoDataCenter.JP => "www.zohoapis.jp",
        ZohoDataCenter.CA => "www.zohoapis.ca",
        ZohoDataCenter.CN => "www.zohoapis.com.cn",
        ZohoDataCenter.SA => "www.zohoapis.sa",
        _ => throw new ArgumentOutOfRangeException(nameof(center)),
    }}");
}

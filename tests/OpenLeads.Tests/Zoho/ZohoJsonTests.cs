using System.Globalization;
using CsCheck;
using OpenLeads.Server.Zoho;

namespace OpenLeads.Tests.Zoho;

/// <summary>How Zoho's scalar values are written, apart from any server.</summary>
public sealed class ZohoJsonTests
{
    /// <summary>The hand-written date-time is exactly what .NET's pattern writes, for any moment and any whole-minute offset.</summary>
    [Fact]
    public void FormatDateTime_WritesWhatTheZohoPatternWrites()
    {
        var moments = Gen.Select(Gen.Long[DateTime.MinValue.Ticks + TimeSpan.TicksPerDay, DateTime.MaxValue.Ticks - TimeSpan.TicksPerDay],
            Gen.Int[-14 * 60, 14 * 60], (ticks, minutes) => new DateTimeOffset(ticks, TimeSpan.FromMinutes(minutes)));
        moments.Sample(moment => Assert.Equal(moment.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture), ZohoJson.FormatDateTime(moment)));
    }

    [Theory]
    [InlineData("2026-12-02T09:05:07+05:30")]
    [InlineData("0001-01-02T00:00:00-14:00")]
    [InlineData("2026-01-31T23:59:59+00:00")]
    [InlineData("1999-06-15T12:00:00-03:30")]
    public void FormatDateTime_WritesYearMonthDayTimeAndOffset(string expected) =>
        Assert.Equal(expected, ZohoJson.FormatDateTime(DateTimeOffset.Parse(expected, CultureInfo.InvariantCulture)));
}

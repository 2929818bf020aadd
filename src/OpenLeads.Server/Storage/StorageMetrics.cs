using System.Diagnostics.Metrics;

namespace OpenLeads.Server.Storage;

/// <summary>
/// Counts SQL statements per database, so that "a bounded number of statements per request"
/// can be watched in production (dotnet-counters) and asserted in tests.
/// </summary>
public static class StorageMetrics
{
    public const string MeterName = "OpenLeads.Storage";
    public const string StatementsName = "openleads.storage.statements";

    private static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> Statements = Meter.CreateCounter<long>(StatementsName, description: "SQL statements executed");

    public static void CountStatement(string database) => Statements.Add(1, new KeyValuePair<string, object?>("db.name", database));
}

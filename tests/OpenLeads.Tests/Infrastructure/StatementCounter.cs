using System.Diagnostics.Metrics;
using OpenLeads.Server.Storage;

namespace OpenLeads.Tests.Infrastructure;

/// <summary>Counts the SQL statements one database executes while it is alive.</summary>
public sealed class StatementCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly string _database;
    private long _count;

    public StatementCounter(string database)
    {
        _database = database;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == StorageMetrics.MeterName && instrument.Name == StorageMetrics.StatementsName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "db.name" && tag.Value is string name && name == _database) Interlocked.Add(ref _count, value);
            }
        });
        _listener.Start();
    }

    public long Count => Interlocked.Read(ref _count);

    public void Dispose() => _listener.Dispose();
}

using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using OpenLeads.Tests.Infrastructure;

namespace OpenLeads.Tests.Cli;

/// <summary>
/// Counts the requests one server answered on a route, from ASP.NET Core's own request metric: what
/// the server saw, whoever sent it. Only that server's meter is heard (tests run in parallel).
/// </summary>
public sealed class RequestCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly string _method;
    private readonly string _routeEnd;
    private long _count;

    public RequestCounter(OpenLeadsServer server, string method, string routeEnd)
    {
        (_method, _routeEnd) = (method, routeEnd);
        var meters = server.Services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == meters && instrument.Name == "http.server.request.duration") listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<double>((_, _, tags, _) =>
        {
            string? method = null, route = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "http.request.method") method = tag.Value as string;
                if (tag.Key == "http.route") route = tag.Value as string;
            }
            if (method == _method && route?.EndsWith(_routeEnd, StringComparison.Ordinal) == true) Interlocked.Increment(ref _count);
        });
        _listener.Start();
    }

    public long Count => Interlocked.Read(ref _count);

    public void Dispose() => _listener.Dispose();
}

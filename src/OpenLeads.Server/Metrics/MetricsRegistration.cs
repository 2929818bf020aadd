using Microsoft.AspNetCore.Http.Features;
using OpenLeads.Server.Hosting;
using OpenLeads.Server.Journal;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace OpenLeads.Server.Metrics;

/// <summary>
/// OpenTelemetry metrics: ASP.NET Core's request and Kestrel meters, the .NET runtime's, and <see cref="OpenLeadsMetrics"/>;
/// exported over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, and at <c>/metrics</c> in Prometheus's text format
/// when <c>OpenLeads:Metrics:Prometheus</c> is true. With neither, no exporter runs and the instruments cost nothing.
/// </summary>
public static class MetricsRegistration
{
    public const string PrometheusPath = "/metrics";

    public static IServiceCollection AddOpenLeadsMetrics(this IServiceCollection services, MetricsSettings settings, IConfiguration configuration)
    {
        services.AddSingleton<OpenLeadsMetrics>();
        var otlp = !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        services.AddSingleton(new MetricsExport(settings.Prometheus || otlp));
        return settings.Prometheus || otlp ? AddExporters(services, settings.Prometheus, otlp) : services;
    }

    /// <summary>Apart, so that a server with no exporter never loads OpenTelemetry's assemblies.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static IServiceCollection AddExporters(IServiceCollection services, bool prometheus, bool otlp)
    {
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("openleads-server", serviceVersion: ServerCommandLine.Version))
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation().AddRuntimeInstrumentation().AddMeter(OpenLeadsMetrics.MeterName);
                if (prometheus) metrics.AddPrometheusExporter();
                if (otlp) metrics.AddOtlpExporter();
            });
        return services;
    }

    /// <summary>
    /// The Zoho code a request was answered with, as the tag <c>zoho.code</c> of ASP.NET Core's request metrics; no
    /// middleware at all when no exporter runs.
    /// </summary>
    public static IApplicationBuilder UseZohoCodeOnRequestMetrics(this IApplicationBuilder app)
    {
        if (!app.ApplicationServices.GetRequiredService<MetricsExport>().Enabled) return app;
        return app.Use(async (context, next) =>
        {
            await next(context);
            if (context.Features.Get<IHttpMetricsTagsFeature>() is { } tags && context.Items[JournalMiddleware.CodeKey] is string code)
            {
                tags.Tags.Add(new("zoho.code", code));
            }
        });
    }

    public static void MapOpenLeadsMetrics(this WebApplication app, MetricsSettings settings)
    {
        if (settings.Prometheus) MapPrometheus(app);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void MapPrometheus(WebApplication app) => app.MapPrometheusScrapingEndpoint(PrometheusPath);
}

/// <summary>Whether an exporter (Prometheus or OTLP) runs, so that what only feeds one can be left out.</summary>
public sealed record MetricsExport(bool Enabled);

using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Till.Server.Http;
using Till.Storage.Sqlite;

namespace Till.Server.Observability;

/// <summary>
/// Wires OpenTelemetry into a server: metrics always (read by <c>/metrics</c>, and exported over
/// OTLP when an OTLP endpoint is configured), traces only when an OTLP endpoint for them is
/// configured, with the standard variables (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>,
/// <c>OTEL_EXPORTER_OTLP_TRACES_ENDPOINT</c>, <c>OTEL_EXPORTER_OTLP_METRICS_ENDPOINT</c>,
/// <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>, <c>OTEL_EXPORTER_OTLP_HEADERS</c>, <c>OTEL_SERVICE_NAME</c>,
/// <c>OTEL_SDK_DISABLED</c>), which the exporter reads itself.
/// </summary>
internal static class TelemetrySetup
{
    public static void AddTillTelemetry(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var prometheus = new PrometheusText();
        services.AddSingleton(prometheus);
        services.AddSingleton<OpenSessionsGauge>();
        services.AddSingleton<TillTelemetry>();

        var config = builder.Configuration;
        bool Given(string name) => !string.IsNullOrWhiteSpace(config[name]);
        var enabled = !string.Equals(config["OTEL_SDK_DISABLED"], "true", StringComparison.OrdinalIgnoreCase);
        var traces = enabled && (Given("OTEL_EXPORTER_OTLP_ENDPOINT") || Given("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"));
        var metrics = enabled && (Given("OTEL_EXPORTER_OTLP_ENDPOINT") || Given("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"));
        var serviceName = Given("OTEL_SERVICE_NAME") ? config["OTEL_SERVICE_NAME"]! : "till";
        var version = typeof(TelemetrySetup).Assembly.GetName().Version?.ToString();

        var telemetry = services.AddOpenTelemetry().ConfigureResource(r => r.AddService(serviceName, serviceVersion: version));
        telemetry.WithMetrics(m =>
        {
            m.AddMeter(TillTelemetry.MeterName, TillTelemetry.AspNetCoreMeterName, TillTelemetry.KestrelMeterName, TillTelemetry.NpgsqlMeterName);
            m.AddView("till.graphql.cost.requested", new ExplicitBucketHistogramConfiguration { Boundaries = TillTelemetry.CostBuckets });
            m.AddView("till.graphql.cost.actual", new ExplicitBucketHistogramConfiguration { Boundaries = TillTelemetry.CostBuckets });
            m.AddReader(prometheus.Reader);
            if (metrics)
            {
                m.AddOtlpExporter();
            }
        });

        if (traces)
        {
            telemetry.WithTracing(t => t
                .AddAspNetCoreInstrumentation(o =>
                {
                    // A path can hold a secret (a token being revoked is part of its URL): spans carry the route instead.
                    o.EnrichWithHttpResponse = (activity, response) => activity.SetTag("url.path", RequestLog.SafePath(response.HttpContext));
                    o.RecordException = false;
                })
                .AddSource(TillTelemetry.ActivitySourceName, SqliteTelemetry.ActivitySourceName)
                .AddNpgsql()
                .AddOtlpExporter());
        }
    }
}

using System.Globalization;
using System.Text;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Till.Server.Observability;

/// <summary>
/// The metrics in Prometheus' text format (version 0.0.4), from an in-process OpenTelemetry
/// reader with cumulative sums: each scrape collects every instrument once and writes it out.
/// Names follow the OpenTelemetry-to-Prometheus rules: dots become underscores, the unit is a
/// suffix (<c>_seconds</c>, <c>_bytes</c>; a <c>{count}</c> unit adds none) and a counter ends in
/// <c>_total</c>; tag names become label names the same way.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The meter provider owns the reader, and disposes it and its exporter with the server.")]
internal sealed class PrometheusText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly Lock gate = new();
    private readonly Writer writer = new();

    public PrometheusText() => Reader = new BaseExportingMetricReader(writer) { TemporalityPreference = MetricReaderTemporalityPreference.Cumulative };

    /// <summary>The reader to add to the meter provider.</summary>
    public MetricReader Reader { get; }

    /// <summary>Collects every instrument and returns the text.</summary>
    public string Scrape()
    {
        lock (gate)
        {
            writer.Text.Clear();
            Reader.Collect(5000);
            return writer.Text.ToString();
        }
    }

    /// <summary>The Prometheus name of an OpenTelemetry instrument.</summary>
    public static string NameOf(string name, string? unit, bool counter)
    {
        var result = Sanitize(name);
        var suffix = unit switch
        {
            null or "" or "1" => null,
            "s" => "seconds",
            "ms" => "milliseconds",
            "By" => "bytes",
            _ when unit.StartsWith('{') => null,
            _ => Sanitize(unit),
        };
        if (suffix is not null && !result.EndsWith("_" + suffix, StringComparison.Ordinal))
        {
            result += "_" + suffix;
        }

        return counter && !result.EndsWith("_total", StringComparison.Ordinal) ? result + "_total" : result;
    }

    private static string Sanitize(string name)
    {
        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (!(char.IsAsciiLetterOrDigit(chars[i]) || chars[i] == '_' || chars[i] == ':'))
            {
                chars[i] = '_';
            }
        }

        return chars.Length > 0 && char.IsAsciiDigit(chars[0]) ? "_" + new string(chars) : new string(chars);
    }

    // Marked as a push exporter (the default): the SDK lets only its own Prometheus exporter collect
    // a pull-only one, and this one is collected only when Scrape calls Collect.
    private sealed class Writer : BaseExporter<Metric>
    {
        public StringBuilder Text { get; } = new();

        public override ExportResult Export(in Batch<Metric> batch)
        {
            foreach (var metric in batch)
            {
                Write(metric);
            }

            return ExportResult.Success;
        }

        private void Write(Metric metric)
        {
            var (type, counter) = metric.MetricType switch
            {
                MetricType.LongSum or MetricType.DoubleSum => ("counter", true),
                MetricType.LongSumNonMonotonic or MetricType.DoubleSumNonMonotonic or MetricType.LongGauge or MetricType.DoubleGauge => ("gauge", false),
                MetricType.Histogram => ("histogram", false),
                _ => (null, false),
            };
            if (type is null)
            {
                return;
            }

            var name = NameOf(metric.Name, metric.Unit, counter);
            Text.Append("# HELP ").Append(name).Append(' ').Append(Escape(metric.Description, label: false)).Append('\n');
            Text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                var labels = Labels(point);
                switch (metric.MetricType)
                {
                    case MetricType.LongSum or MetricType.LongSumNonMonotonic:
                        Sample(name, labels, null, point.GetSumLong());
                        break;
                    case MetricType.DoubleSum or MetricType.DoubleSumNonMonotonic:
                        Sample(name, labels, null, point.GetSumDouble());
                        break;
                    case MetricType.LongGauge:
                        Sample(name, labels, null, point.GetGaugeLastValueLong());
                        break;
                    case MetricType.DoubleGauge:
                        Sample(name, labels, null, point.GetGaugeLastValueDouble());
                        break;
                    default:
                        long cumulative = 0;
                        foreach (var bucket in point.GetHistogramBuckets())
                        {
                            cumulative += bucket.BucketCount;
                            Sample(name + "_bucket", labels, double.IsPositiveInfinity(bucket.ExplicitBound) ? "+Inf" : Number(bucket.ExplicitBound), cumulative);
                        }

                        Sample(name + "_sum", labels, null, point.GetHistogramSum());
                        Sample(name + "_count", labels, null, point.GetHistogramCount());
                        break;
                }
            }
        }

        private static string Labels(in MetricPoint point)
        {
            var labels = new StringBuilder();
            foreach (var tag in point.Tags)
            {
                labels.Append(labels.Length == 0 ? string.Empty : ",").Append(Sanitize(tag.Key)).Append("=\"")
                    .Append(Escape(Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? string.Empty, label: true)).Append('"');
            }

            return labels.ToString();
        }

        private void Sample(string name, string labels, string? le, double value)
        {
            Text.Append(name);
            if (labels.Length > 0 || le is not null)
            {
                Text.Append('{').Append(labels);
                if (le is not null)
                {
                    Text.Append(labels.Length > 0 ? "," : string.Empty).Append("le=\"").Append(le).Append('"');
                }

                Text.Append('}');
            }

            Text.Append(' ').Append(Number(value)).Append('\n');
        }

        private static string Number(double value) =>
            double.IsPositiveInfinity(value) ? "+Inf" : double.IsNegativeInfinity(value) ? "-Inf" : double.IsNaN(value) ? "NaN" : value.ToString("R", CultureInfo.InvariantCulture);

        private static string Escape(string? text, bool label)
        {
            var escaped = (text ?? string.Empty).Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
            return label ? escaped.Replace("\"", "\\\"", StringComparison.Ordinal) : escaped;
        }
    }
}

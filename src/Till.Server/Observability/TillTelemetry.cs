using System.Diagnostics;
using System.Diagnostics.Metrics;
using GraphQLParser.AST;

namespace Till.Server.Observability;

/// <summary>
/// The one home of Till's own telemetry: the names of its activity sources and meter, and every
/// instrument Till records, each documented with its name, unit and tags (docs/observability.md
/// lists them with their Prometheus names). A part that records something takes this from the
/// services and calls the method for it; the instruments are made from the host's
/// <see cref="IMeterFactory"/>, so each server has its own.
/// </summary>
internal sealed class TillTelemetry
{
    /// <summary>The activity source of Till's spans: one per GraphQL operation, webhook delivery and bulk operation.</summary>
    public const string ActivitySourceName = "Till";

    /// <summary>The meter of every instrument below.</summary>
    public const string MeterName = "Till";

    /// <summary>ASP.NET Core's meter: <c>http.server.request.duration</c> (seconds; <c>http.route</c>, <c>http.response.status_code</c>, <c>http.request.method</c>) counts and times every request.</summary>
    public const string AspNetCoreMeterName = "Microsoft.AspNetCore.Hosting";

    /// <summary>Kestrel's meter: connections open and queued.</summary>
    public const string KestrelMeterName = "Microsoft.AspNetCore.Server.Kestrel";

    /// <summary>Npgsql's meter: the PostgreSQL connection pool (<c>db.client.connection.count</c> by <c>db.client.connection.state</c> idle/used, <c>db.client.connection.max</c>, pending requests, wait time).</summary>
    public const string NpgsqlMeterName = "Npgsql";

    /// <summary>Tag of an outcome: <see cref="Success"/>, <see cref="UserError"/> or <see cref="InternalError"/> for a mutation.</summary>
    public const string OutcomeTag = "outcome";

    public const string Success = "success";

    public const string UserError = "user_error";

    public const string InternalError = "internal_error";

    /// <summary>The bucket bounds of the query cost histograms, in cost points (the most a query may cost is 1,000).</summary>
    public static readonly double[] CostBuckets = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000];

    /// <summary>The bucket bounds of the duration histograms of webhook deliveries and bulk operations, in seconds.</summary>
    public static readonly double[] SlowBuckets = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800];

    /// <summary>Till's spans. A span is made only while something listens (an OTLP exporter, a test).</summary>
    public static readonly ActivitySource Source = new(ActivitySourceName);

    private readonly Counter<long> mutations;
    private readonly Counter<long> throttled;
    private readonly Histogram<long> costRequested;
    private readonly Histogram<long> costActual;
    private readonly Counter<long> webhookDeliveries;
    private readonly Histogram<double> webhookDuration;
    private readonly Counter<long> bulkOperations;
    private readonly Histogram<double> bulkDuration;

    public TillTelemetry(IMeterFactory meters, OpenSessionsGauge openSessions)
    {
        var meter = meters.Create(MeterName);

        // till.graphql.mutations {mutation}: root mutation fields executed; tags graphql.mutation (the field name) and outcome (success, user_error, internal_error).
        mutations = meter.CreateCounter<long>("till.graphql.mutations", "{mutation}", "Root mutation fields executed, by field name and outcome (success, user_error: the payload had userErrors or the field a client error, internal_error).");

        // till.graphql.throttled {request}: Admin API requests refused because the token's bucket held less than the query's requested cost.
        throttled = meter.CreateCounter<long>("till.graphql.throttled", "{request}", "Admin API requests refused as THROTTLED.");

        // till.graphql.cost.requested / .actual {point}: the cost of each priced query before execution, and the cost settled after it.
        costRequested = meter.CreateHistogram<long>("till.graphql.cost.requested", "{point}", "Requested cost of each priced Admin API query.");
        costActual = meter.CreateHistogram<long>("till.graphql.cost.actual", "{point}", "Actual cost of each executed Admin API query.");

        // till.sessions.open {session}: payment sessions open now, across all shops on the database (read at most once a second, see OpenSessionsGauge).
        meter.CreateObservableGauge("till.sessions.open", openSessions.Observe, "{session}", "Payment sessions open now, all shops on this database.");

        // till.webhooks.deliveries {delivery}: webhook delivery attempts; tags webhook.topic and outcome (delivered, failed).
        webhookDeliveries = meter.CreateCounter<long>("till.webhooks.deliveries", "{delivery}", "Webhook delivery attempts, by topic and outcome (delivered, failed).");

        // till.webhooks.delivery.duration (s): how long each attempt took; same tags.
        webhookDuration = meter.CreateHistogram("till.webhooks.delivery.duration", "s", "Duration of each webhook delivery attempt.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SlowBuckets });

        // till.bulk_operations {operation}: bulk operations finished; tags bulk_operation.type (query, mutation) and outcome (completed, failed, canceled).
        bulkOperations = meter.CreateCounter<long>("till.bulk_operations", "{operation}", "Bulk operations finished, by type and outcome (completed, failed, canceled).");

        // till.bulk_operations.duration (s): from creation to the end; same tags.
        bulkDuration = meter.CreateHistogram("till.bulk_operations.duration", "s", "Duration of each bulk operation.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SlowBuckets });
    }

    /// <summary>Counts one root mutation field with its outcome (<see cref="Success"/>, <see cref="UserError"/>, <see cref="InternalError"/>).</summary>
    public void Mutation(string field, string outcome) =>
        mutations.Add(1, new KeyValuePair<string, object?>("graphql.mutation", field), new KeyValuePair<string, object?>(OutcomeTag, outcome));

    /// <summary>Counts a request refused as throttled.</summary>
    public void Throttled() => throttled.Add(1);

    /// <summary>Records a query's requested cost, and its actual cost when it was executed.</summary>
    public void Cost(long requested, long? actual)
    {
        costRequested.Record(requested);
        if (actual is { } value)
        {
            costActual.Record(value);
        }
    }

    /// <summary>Records one webhook delivery attempt (for the webhook sender).</summary>
    public void WebhookDelivery(string topic, bool delivered, TimeSpan elapsed)
    {
        var tags = new TagList { { "webhook.topic", topic }, { OutcomeTag, delivered ? "delivered" : "failed" } };
        webhookDeliveries.Add(1, tags);
        webhookDuration.Record(elapsed.TotalSeconds, tags);
    }

    /// <summary>Records one finished bulk operation (for the bulk operation runner); <paramref name="outcome"/> is completed, failed or canceled.</summary>
    public void BulkOperation(string type, string outcome, TimeSpan elapsed)
    {
        var tags = new TagList { { "bulk_operation.type", type }, { OutcomeTag, outcome } };
        bulkOperations.Add(1, tags);
        bulkDuration.Record(elapsed.TotalSeconds, tags);
    }

    /// <summary>
    /// Starts the span of one GraphQL operation, named like OpenTelemetry's GraphQL conventions:
    /// its type and name (<c>mutation OpenShift</c>, or only <c>query</c> when it has no name).
    /// Null when nothing listens, so the request path pays nothing then.
    /// </summary>
    public static Activity? StartOperation(GraphQLDocument document, string? operationName, string version)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        GraphQLOperationDefinition? operation = null;
        foreach (var definition in document.Definitions)
        {
            if (definition is GraphQLOperationDefinition candidate
                && (string.IsNullOrEmpty(operationName) ? operation is null : candidate.Name?.StringValue == operationName))
            {
                operation = candidate;
                if (!string.IsNullOrEmpty(operationName))
                {
                    break;
                }
            }
        }

        var type = operation?.Operation switch
        {
            OperationType.Mutation => "mutation",
            OperationType.Subscription => "subscription",
            _ => "query",
        };
        var name = operation?.Name?.StringValue;
        var activity = Source.StartActivity(name is null ? type : type + " " + name, ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("graphql.operation.type", type);
            if (name is not null)
            {
                activity.SetTag("graphql.operation.name", name);
            }

            activity.SetTag("till.api_version", version);
        }

        return activity;
    }

    /// <summary>Starts the span of one webhook delivery attempt (for the webhook sender); null when nothing listens.</summary>
    public static Activity? StartWebhookDelivery(string topic)
    {
        var activity = Source.StartActivity("webhook " + topic, ActivityKind.Client);
        activity?.SetTag("webhook.topic", topic);
        return activity;
    }

    /// <summary>Starts the span of one bulk operation run (for the bulk operation runner); null when nothing listens.</summary>
    public static Activity? StartBulkOperation(string type, string id)
    {
        var activity = Source.StartActivity("bulk_operation " + type, ActivityKind.Internal);
        activity?.SetTag("bulk_operation.type", type);
        activity?.SetTag("bulk_operation.id", id);
        return activity;
    }
}

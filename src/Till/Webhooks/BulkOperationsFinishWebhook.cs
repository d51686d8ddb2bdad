using System.Globalization;
using System.Text.Json.Nodes;
using Till.Bulk;
using Till.Ids;
using Till.Storage;

namespace Till.Webhooks;

/// <summary>
/// Fires <c>BULK_OPERATIONS_FINISH</c> when a bulk operation ends: the outbox rows are written in
/// the unit that records the final status, so the webhook goes out exactly when that status commits.
/// </summary>
public sealed class BulkOperationsFinishWebhook(TimeProvider clock) : IBulkOperationFinished
{
    public Task OnFinishedAsync(IUnitOfWork work, BulkOperation finished, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(finished);
        return WebhookOutbox.EnqueueAsync(work, finished.ShopId, WebhookTopics.BulkOperationsFinish, _ => WebhookPayloads.BulkOperationFinished(finished), clock.GetUtcNow());
    }
}

/// <summary>The payload of <c>BULK_OPERATIONS_FINISH</c>, in Shopify's shape: the operation's ID, times, status and error in lower case.</summary>
public static partial class WebhookPayloads
{
    /// <summary>The top-level fields of a <c>BULK_OPERATIONS_FINISH</c> payload.</summary>
    public static readonly IReadOnlySet<string> BulkOperationFields = new HashSet<string>(StringComparer.Ordinal)
    {
        "admin_graphql_api_id", "completed_at", "created_at", "error_code", "status", "type",
    };

    public static JsonObject BulkOperationFinished(BulkOperation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return new JsonObject
        {
            ["admin_graphql_api_id"] = GlobalId.Format(GidTypes.BulkOperation, operation.Id),
            ["completed_at"] = operation.CompletedAt is { } completed ? Time(completed) : null,
            ["created_at"] = Time(operation.CreatedAt),
            ["error_code"] = operation.ErrorCode?.ToLowerInvariant(),
            ["status"] = operation.Status.ToLowerInvariant(),
            ["type"] = operation.Type.ToLowerInvariant(),
        };
    }

    private static string Time(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture);
}

using Till.Webhooks;

namespace Till.Storage;

/// <summary>
/// Webhook subscriptions and the outbox of their deliveries.
/// </summary>
public interface IWebhookRecords
{
    /// <summary>Stores a new subscription; null when the app already has one to the topic at the address.</summary>
    Task<WebhookSubscription?> InsertWebhookSubscriptionAsync(WebhookSubscription subscription);
    /// <summary>Saves a changed subscription; false when the app already has another one to the topic at the address.</summary>
    Task<bool> UpdateWebhookSubscriptionAsync(WebhookSubscription subscription);
    /// <summary>Deletes a subscription and its deliveries not yet made; false when there is none.</summary>
    Task<bool> DeleteWebhookSubscriptionAsync(long shopId, long tokenId, long id);
    /// <summary>Every subscription to one of the topics in the shop whose app's token is live, in ID order.</summary>
    Task<IReadOnlyList<WebhookSubscription>> ListTopicSubscriptionsAsync(long shopId, IReadOnlyList<string> topics);
    /// <summary>Adds a delivery to the outbox, due at once.</summary>
    Task InsertWebhookDeliveryAsync(WebhookDelivery delivery, DateTimeOffset now);
    /// <summary>
    /// Claims up to <paramref name="limit"/> due deliveries of any shop for one attempt each, leased to
    /// <paramref name="owner"/> until <paramref name="leaseUntil"/>. A row another unit has claimed
    /// and not released is skipped; each claim takes the next attempt number.
    /// </summary>
    Task<IReadOnlyList<ClaimedDelivery>> ClaimWebhookDeliveriesAsync(string owner, DateTimeOffset now, DateTimeOffset leaseUntil, int limit);
    /// <summary>Records the outcome of an attempt still leased to <paramref name="owner"/>: delivered, or due again at <paramref name="retryAt"/> (null: given up). False when the lease was lost.</summary>
    Task<bool> FinishWebhookAttemptAsync(long deliveryId, string owner, int attempt, bool delivered, DateTimeOffset now, DateTimeOffset? retryAt, string? failure);
}

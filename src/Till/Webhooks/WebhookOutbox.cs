using System.Text.Json.Nodes;
using Till.Storage;

namespace Till.Webhooks;

/// <summary>
/// The one way to fire a webhook: inside the write unit of work of the change that causes the event,
/// so the outbox rows commit with the change or not at all. A background dispatcher delivers them.
/// </summary>
/// <example>
/// <code>
/// await WebhookOutbox.EnqueueAsync(work, shopId, WebhookTopics.BulkOperationsFinish, _ => payload, now);
/// </code>
/// </example>
public static class WebhookOutbox
{
    /// <summary>
    /// Writes one delivery for every live subscription of the shop to <paramref name="topic"/> whose
    /// filter the payload matches. <paramref name="payloadFor"/> builds the payload for an API version
    /// (called once per version among the matching subscriptions).
    /// </summary>
    public static async Task EnqueueAsync(IUnitOfWork work, long shopId, string topic, Func<string, JsonObject> payloadFor, DateTimeOffset now)
    {
        var prepared = await PrepareAsync(work, shopId, topic).ConfigureAwait(false);
        await prepared.EnqueueAsync(payloadFor, now).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads the topic's subscriptions now, for a use case that writes the event later in the same
    /// unit (reading before the unit's writes saves a round trip where writes are held back until the commit).
    /// </summary>
    public static async Task<PreparedEvent> PrepareAsync(IUnitOfWork work, long shopId, string topic)
    {
        ArgumentNullException.ThrowIfNull(work);
        var subscriptions = await work.ListTopicSubscriptionsAsync(shopId, [topic]).ConfigureAwait(false);
        return new PreparedEvent(work, shopId, topic, subscriptions);
    }

    /// <summary>
    /// <see cref="PrepareAsync(IUnitOfWork, long, string)"/> for several topics a use case may fire,
    /// in one read: the prepared event of each topic, by topic.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, PreparedEvent>> PrepareAsync(IUnitOfWork work, long shopId, IReadOnlyList<string> topics)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(topics);
        var subscriptions = await work.ListTopicSubscriptionsAsync(shopId, topics).ConfigureAwait(false);
        return topics.Distinct(StringComparer.Ordinal).ToDictionary(
            t => t,
            t => new PreparedEvent(work, shopId, t, [.. subscriptions.Where(s => s.Topic == t)]),
            StringComparer.Ordinal);
    }

    /// <summary>An event whose subscriptions were read; <see cref="EnqueueAsync"/> writes its deliveries.</summary>
    public sealed class PreparedEvent(IUnitOfWork work, long shopId, string topic, IReadOnlyList<WebhookSubscription> subscriptions)
    {
        /// <summary>True when nobody subscribes to the topic, so nothing will be written.</summary>
        public bool Empty => subscriptions.Count == 0;

        /// <summary>Writes the deliveries (see <see cref="WebhookOutbox.EnqueueAsync(IUnitOfWork, long, string, Func{string, JsonObject}, DateTimeOffset)"/>).</summary>
        public async Task EnqueueAsync(Func<string, JsonObject> payloadFor, DateTimeOffset now)
        {
            ArgumentNullException.ThrowIfNull(payloadFor);
            if (Empty)
            {
                return;
            }

            var eventId = Guid.NewGuid().ToString();
            var payloads = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
            foreach (var subscription in subscriptions)
            {
                if (!payloads.TryGetValue(subscription.ApiVersion, out var payload))
                {
                    payloads[subscription.ApiVersion] = payload = payloadFor(subscription.ApiVersion);
                }

                if (!PayloadFilter.Matches(subscription.Filter, payload))
                {
                    continue;
                }

                var body = IncludeFields.Apply(payload, subscription.IncludeFields).ToJsonString();
                await work.InsertWebhookDeliveryAsync(new WebhookDelivery(
                    shopId, 0, subscription.Id, subscription.TokenId, topic, subscription.Uri, subscription.ApiVersion,
                    Guid.NewGuid().ToString(), eventId, body, now), now).ConfigureAwait(false);
            }
        }
    }
}

namespace Till.Webhooks;

/// <summary>
/// One delivery of one event to one subscription, as the outbox keeps it: the body is fixed when the
/// event happens (its include fields applied), and so is the address, as Shopify retries to the
/// address a subscription had when the event fired.
/// </summary>
public sealed record WebhookDelivery(
    long ShopId,
    long Id,
    long SubscriptionId,
    long TokenId,
    string Topic,
    string Uri,
    string ApiVersion,
    string WebhookId,
    string EventId,
    string Payload,
    DateTimeOffset TriggeredAt);

/// <summary>A delivery a dispatcher claimed for one attempt, with what it needs to sign and send it.</summary>
/// <param name="Delivery">The outbox row.</param>
/// <param name="Attempt">The number of this attempt, from 1; a claim takes each number once.</param>
/// <param name="Secret">The API secret key of the subscription's app, which signs the body.</param>
public sealed record ClaimedDelivery(WebhookDelivery Delivery, int Attempt, string Secret);

namespace Till.Webhooks;

/// <summary>
/// An app's subscription to a topic: where its deliveries go and what they carry. It belongs to the
/// app (the access token) that made it; other apps of the shop neither see nor receive it.
/// </summary>
public sealed record WebhookSubscription(
    long ShopId,
    long Id,
    long TokenId,
    string Topic,
    string Uri,
    string Format,
    IReadOnlyList<string> IncludeFields,
    IReadOnlyList<string> MetafieldNamespaces,
    IReadOnlyList<MetafieldIdentifier> Metafields,
    string? Filter,
    string? Name,
    string ApiVersion,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>A metafield a subscription asks its payloads to carry.</summary>
public sealed record MetafieldIdentifier(string Namespace, string Key);

/// <summary>What a create or update sets; a null member is left as it is (update) or takes its default (create).</summary>
public sealed record WebhookSubscriptionInput(
    string? Uri,
    string? Format,
    IReadOnlyList<string>? IncludeFields,
    string? Filter,
    IReadOnlyList<string>? MetafieldNamespaces,
    IReadOnlyList<MetafieldIdentifier>? Metafields,
    string? Name);

/// <summary>The sort orders of the subscription list.</summary>
public enum WebhookSubscriptionSortKey
{
    /// <summary>By creation time, then ID.</summary>
    CreatedAt,
    /// <summary>By ID.</summary>
    Id,
}

/// <summary>The list filters beside <c>query:</c> that <c>webhookSubscriptions</c> takes.</summary>
/// <param name="Uri">Only subscriptions with exactly this address.</param>
/// <param name="Format">Only subscriptions of this format.</param>
/// <param name="Topics">Only subscriptions to one of these topics (none: any).</param>
public sealed record WebhookSubscriptionListFilter(string? Uri, string? Format, IReadOnlyList<string> Topics, bool TillTopics = true);

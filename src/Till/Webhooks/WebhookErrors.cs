using Till.Common;

namespace Till.Webhooks;

/// <summary>
/// The user errors of the webhook subscription mutations, each defined once. Their payloads use
/// Shopify's plain <c>UserError</c> (a field and a message, no code), so every kind has a null code.
/// </summary>
public static class WebhookErrors
{
    private static readonly string[] UriField = ["webhookSubscription", "uri"];

    /// <summary>No address was given.</summary>
    public static readonly UserErrorKind UriBlank = new(null, UriField, "Address can't be blank");

    /// <summary>The address is not an absolute URL Till can post to, nor an ARN or Pub/Sub address.</summary>
    public static readonly UserErrorKind UriInvalid = new(null, UriField, "Address is invalid");

    /// <summary>An Amazon EventBridge or Google Pub/Sub address: Till delivers over HTTP only. <c>{0}</c> is the protocol.</summary>
    public static readonly UserErrorKind UriProtocolNotSupported = new(null, UriField, "Address protocol {0} is not supported");

    /// <summary>The app already has a subscription to this topic at this address.</summary>
    public static readonly UserErrorKind UriTaken = new(null, UriField, "Address for this topic has already been taken");

    /// <summary>XML deliveries: Till writes JSON payloads only.</summary>
    public static readonly UserErrorKind FormatNotSupported = new(null, ["webhookSubscription", "format"], "Format XML is not supported; Till delivers JSON payloads");

    /// <summary>The filter does not parse, or names a field the topic's payload lacks. <c>{0}</c> says which.</summary>
    public static readonly UserErrorKind FilterInvalid = new(null, ["webhookSubscription", "filter"], "Filter is invalid: {0}");

    /// <summary>An include field the topic's payload lacks. <c>{0}</c> is the field.</summary>
    public static readonly UserErrorKind IncludeFieldInvalid = new(null, ["webhookSubscription", "includeFields"], "Include fields contains an unknown field: {0}");

    /// <summary>A name longer than the limit, or with characters other than letters, digits, '-' and '_'.</summary>
    public static readonly UserErrorKind NameInvalid = new(null, ["webhookSubscription", "name"], "Name must be at most 50 letters, digits, '-' or '_'");

    /// <summary>The app lacks the scope the topic needs. <c>{0}</c> is the topic, <c>{1}</c> the scope.</summary>
    public static readonly UserErrorKind TopicAccessDenied = new(null, ["topic"], "The app needs the {1} access scope to subscribe to {0}");

    /// <summary>A till version's cash topic asked for by a token acting for a staff member: its payloads carry figures blind counts may hide. <c>{0}</c> is the topic.</summary>
    public static readonly UserErrorKind TopicNeedsShopToken = new(null, ["topic"], "Only a token acting for the shop can subscribe to {0}; this token acts for a staff member");

    /// <summary>No subscription of this app has the ID.</summary>
    public static readonly UserErrorKind NotFound = new(null, ["id"], "Webhook subscription does not exist");

    /// <summary>The checks of <see cref="WebhookSubscriptionCommands.CreateAsync"/> and <c>UpdateAsync</c>, in order.</summary>
    public static readonly IReadOnlyList<UserErrorKind> InCheckOrder =
    [
        NotFound, TopicAccessDenied, TopicNeedsShopToken, UriBlank, UriInvalid, UriProtocolNotSupported, FormatNotSupported, FilterInvalid, IncludeFieldInvalid, NameInvalid, UriTaken,
    ];
}

using Till.Common;
using Till.Storage;

namespace Till.Webhooks;

/// <summary>Creating, changing and deleting an app's webhook subscriptions.</summary>
public sealed class WebhookSubscriptionCommands(ITillStore store, TimeProvider clock)
{
    /// <summary>The longest address Till keeps.</summary>
    public const int MaxUriLength = 2048;

    /// <summary>
    /// Who asks: the shop, the app's token, and whether it holds a scope; whether the token acts for
    /// a staff member rather than the shop; and whether the request's API version knows the till
    /// version's own topics (a Shopify version does not, and sees no subscription to one).
    /// </summary>
    public sealed record Caller(long ShopId, long TokenId, Func<string, bool> HasScope, bool ActsForStaff = false, bool TillTopics = true)
    {
        /// <summary>Whether this caller may see a subscription to <paramref name="topic"/>.</summary>
        public bool Sees(string topic) => TillTopics || !WebhookTopics.TillOnly.Contains(topic);
    }

    /// <summary>Subscribes the caller's app to <paramref name="topic"/>, serialising in <paramref name="apiVersion"/>.</summary>
    public Task<Outcome<WebhookSubscription>> CreateAsync(Caller caller, string topic, WebhookSubscriptionInput input, string apiVersion, IdempotencyKey? idempotency = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(input);
        var now = clock.UtcNowSeconds();
        return WriteUnit.RunAsync(store, caller.ShopId, idempotency, now, async work =>
        {
            var subscription = new WebhookSubscription(
                caller.ShopId, 0, caller.TokenId, topic, input.Uri?.Trim() ?? string.Empty, input.Format ?? "JSON", Clean(input.IncludeFields), Clean(input.MetafieldNamespaces),
                input.Metafields ?? [], Blank(input.Filter), Blank(input.Name), apiVersion, now, now);
            if (Check(caller, subscription) is { } error)
            {
                return Outcome<WebhookSubscription>.Fail(error);
            }

            var created = await work.InsertWebhookSubscriptionAsync(subscription).ConfigureAwait(false);
            return created is null ? WebhookErrors.UriTaken.Fail<WebhookSubscription>() : Outcome<WebhookSubscription>.Ok(created);
        }, onFailure: null, cancellationToken);
    }

    /// <summary>Changes what <paramref name="input"/> sets of one of the caller's subscriptions; its topic stays.</summary>
    public Task<Outcome<WebhookSubscription>> UpdateAsync(Caller caller, long? id, WebhookSubscriptionInput input, IdempotencyKey? idempotency = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(input);
        var now = clock.UtcNowSeconds();
        return WriteUnit.RunAsync(store, caller.ShopId, idempotency, now, async work =>
        {
            var existing = id is { } i ? await work.GetWebhookSubscriptionAsync(caller.ShopId, caller.TokenId, i).ConfigureAwait(false) : null;
            if (existing is null || !caller.Sees(existing.Topic))
            {
                return WebhookErrors.NotFound.Fail<WebhookSubscription>();
            }

            var changed = existing with
            {
                Uri = input.Uri?.Trim() ?? existing.Uri,
                Format = input.Format ?? existing.Format,
                IncludeFields = input.IncludeFields is null ? existing.IncludeFields : Clean(input.IncludeFields),
                MetafieldNamespaces = input.MetafieldNamespaces is null ? existing.MetafieldNamespaces : Clean(input.MetafieldNamespaces),
                Metafields = input.Metafields ?? existing.Metafields,
                Filter = input.Filter is null ? existing.Filter : Blank(input.Filter),
                Name = input.Name is null ? existing.Name : Blank(input.Name),
                UpdatedAt = now,
            };
            if (Check(caller, changed) is { } error)
            {
                return Outcome<WebhookSubscription>.Fail(error);
            }

            return await work.UpdateWebhookSubscriptionAsync(changed).ConfigureAwait(false)
                ? Outcome<WebhookSubscription>.Ok(changed)
                : WebhookErrors.UriTaken.Fail<WebhookSubscription>();
        }, onFailure: null, cancellationToken);
    }

    /// <summary>Deletes one of the caller's subscriptions, with its deliveries not yet made; answers its ID.</summary>
    public Task<Outcome<long>> DeleteAsync(Caller caller, long? id, IdempotencyKey? idempotency = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var now = clock.UtcNowSeconds();
        return WriteUnit.RunAsync(store, caller.ShopId, idempotency, now, async work =>
            id is { } i
            && (caller.TillTopics || await work.GetWebhookSubscriptionAsync(caller.ShopId, caller.TokenId, i).ConfigureAwait(false) is { } found && caller.Sees(found.Topic))
            && await work.DeleteWebhookSubscriptionAsync(caller.ShopId, caller.TokenId, i).ConfigureAwait(false)
                ? Outcome<long>.Ok(i)
                : WebhookErrors.NotFound.Fail<long>(), onFailure: null, cancellationToken);
    }

    /// <summary>The first thing wrong with a subscription about to be saved, in <see cref="WebhookErrors.InCheckOrder"/>.</summary>
    private static UserError? Check(Caller caller, WebhookSubscription s)
    {
        if (WebhookTopics.RequiredScope.TryGetValue(s.Topic, out var scope) && !caller.HasScope(scope))
        {
            return WebhookErrors.TopicAccessDenied.Error(s.Topic, scope);
        }

        if (caller.ActsForStaff && WebhookTopics.TillOnly.Contains(s.Topic))
        {
            return WebhookErrors.TopicNeedsShopToken.Error(s.Topic);
        }

        if (s.Uri.Length == 0)
        {
            return WebhookErrors.UriBlank.Error();
        }

        if (UriProblem(s.Uri) is { } problem)
        {
            return problem;
        }

        if (s.Format != "JSON")
        {
            return WebhookErrors.FormatNotSupported.Error();
        }

        if (s.Filter is not null && PayloadFilter.Problem(s.Filter, s.Topic) is { } filterProblem)
        {
            return WebhookErrors.FilterInvalid.Error(filterProblem);
        }

        if (WebhookTopics.PayloadFields.TryGetValue(s.Topic, out var fields) && s.IncludeFields.FirstOrDefault(f => !fields.Contains(f.Split('.')[0])) is { } unknown)
        {
            return WebhookErrors.IncludeFieldInvalid.Error(unknown);
        }

        if (s.Name is { } name && (name.Length > 50 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            return WebhookErrors.NameInvalid.Error();
        }

        return null;
    }

    /// <summary>An HTTP or HTTPS URL with a host is an address Till posts to; EventBridge and Pub/Sub addresses are refused by protocol.</summary>
    private static UserError? UriProblem(string uri)
    {
        if (uri.StartsWith("pubsub://", StringComparison.OrdinalIgnoreCase))
        {
            return WebhookErrors.UriProtocolNotSupported.Error("pubsub://");
        }

        if (uri.StartsWith("arn:", StringComparison.OrdinalIgnoreCase))
        {
            return WebhookErrors.UriProtocolNotSupported.Error("arn:");
        }

        if (uri.Length > MaxUriLength || !Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || string.IsNullOrEmpty(parsed.Host) || uri.Any(char.IsWhiteSpace))
        {
            return WebhookErrors.UriInvalid.Error();
        }

        return parsed.Scheme is "http" or "https" ? null : WebhookErrors.UriProtocolNotSupported.Error(parsed.Scheme + "://");
    }

    private static List<string> Clean(IReadOnlyList<string>? values) =>
        values is null ? [] : values.Select(v => v.Trim()).Where(v => v.Length > 0).Distinct(StringComparer.Ordinal).ToList();

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

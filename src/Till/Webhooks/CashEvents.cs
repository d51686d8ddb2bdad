using Till.ReasonCodes;
using Till.Sessions;
using Till.Storage;

namespace Till.Webhooks;

/// <summary>
/// The till version's cash events of one write unit: the subscriptions of the topics the use case
/// may fire are read once, before its writes, and each event is written to the outbox in the same
/// unit, so it commits with the change or not at all (a refusal writes none).
/// </summary>
public sealed class CashEvents
{
    private readonly IReadOnlyDictionary<string, WebhookOutbox.PreparedEvent> prepared;

    private CashEvents(IReadOnlyDictionary<string, WebhookOutbox.PreparedEvent> prepared) => this.prepared = prepared;

    /// <summary>The topics a session's open fires: the session, and its opening count.</summary>
    public static readonly IReadOnlyList<string> OpenTopics = [WebhookTopics.TillPaymentSessionsOpen, WebhookTopics.TillCashActivitiesCreate];

    /// <summary>The topics a close fires: its count and closing adjustment, the session, and its review when one is needed.</summary>
    public static readonly IReadOnlyList<string> CloseTopics =
        [WebhookTopics.TillCashActivitiesCreate, WebhookTopics.TillPaymentSessionsClose, WebhookTopics.TillPaymentSessionsReviewRequired];

    /// <summary>The topic every other booking fires: a count, adjustment, payout, reversal or cash transaction.</summary>
    public static readonly IReadOnlyList<string> ActivityTopics = [WebhookTopics.TillCashActivitiesCreate];

    /// <summary>Reads the subscriptions of <paramref name="topics"/> (with any other topics of the unit) in one read.</summary>
    public static async Task<CashEvents> PrepareAsync(IUnitOfWork work, long shopId, IReadOnlyList<string> topics) =>
        new(await WebhookOutbox.PrepareAsync(work, shopId, topics).ConfigureAwait(false));

    /// <summary>The prepared event of a topic read with the others (for a use case that fires a Shopify topic in the same unit).</summary>
    public WebhookOutbox.PreparedEvent Of(string topic) => prepared[topic];

    /// <summary>Fires <c>TILL_CASH_ACTIVITIES_CREATE</c> for a booked activity.</summary>
    public Task ActivityCreatedAsync(CashActivity activity, ReasonCode? reason, DateTimeOffset now) =>
        FireAsync(WebhookTopics.TillCashActivitiesCreate, () => WebhookPayloads.CashActivity(activity, reason), now);

    /// <summary>Fires <c>TILL_PAYMENT_SESSIONS_OPEN</c>.</summary>
    public Task SessionOpenedAsync(PaymentSession session, SessionTotals totals, DateTimeOffset now) =>
        FireAsync(WebhookTopics.TillPaymentSessionsOpen, () => WebhookPayloads.PaymentSession(session, totals), now);

    /// <summary>Fires <c>TILL_PAYMENT_SESSIONS_CLOSE</c>, and <c>TILL_PAYMENT_SESSIONS_REVIEW_REQUIRED</c> when the close needs a manager's approval.</summary>
    public async Task SessionClosedAsync(PaymentSession closed, SessionTotals totals, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(closed);
        await FireAsync(WebhookTopics.TillPaymentSessionsClose, () => WebhookPayloads.PaymentSession(closed, totals), now).ConfigureAwait(false);
        if (closed.Review is { Status: Reviews.ReviewStatus.Required })
        {
            await FireAsync(WebhookTopics.TillPaymentSessionsReviewRequired, () => WebhookPayloads.PaymentSession(closed, totals), now).ConfigureAwait(false);
        }
    }

    private Task FireAsync(string topic, Func<System.Text.Json.Nodes.JsonObject> payload, DateTimeOffset now) =>
        prepared.TryGetValue(topic, out var topicEvent) && !topicEvent.Empty
            ? topicEvent.EnqueueAsync(_ => payload(), now)
            : Task.CompletedTask;
}

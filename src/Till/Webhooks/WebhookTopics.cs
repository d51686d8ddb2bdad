namespace Till.Webhooks;

/// <summary>The topics Till fires, and the access scope a topic needs before an app may subscribe to it.</summary>
public static class WebhookTopics
{
    /// <summary>An order transaction was recorded (through the control API).</summary>
    public const string TenderTransactionsCreate = "TENDER_TRANSACTIONS_CREATE";

    /// <summary>A bulk operation finished, failed or was cancelled.</summary>
    public const string BulkOperationsFinish = "BULK_OPERATIONS_FINISH";

    /// <summary>The till version's topic: a payment session was opened.</summary>
    public const string TillPaymentSessionsOpen = "TILL_PAYMENT_SESSIONS_OPEN";

    /// <summary>The till version's topic: a payment session was closed.</summary>
    public const string TillPaymentSessionsClose = "TILL_PAYMENT_SESSIONS_CLOSE";

    /// <summary>The till version's topic: a cash activity was booked on a drawer (any count, adjustment, payout, reversal or cash transaction).</summary>
    public const string TillCashActivitiesCreate = "TILL_CASH_ACTIVITIES_CREATE";

    /// <summary>The till version's topic: a session closed with a variance above a threshold of its location, so it awaits a manager's approval.</summary>
    public const string TillPaymentSessionsReviewRequired = "TILL_PAYMENT_SESSIONS_REVIEW_REQUIRED";

    /// <summary>
    /// The topics only the till API version knows. A subscription to one is made through that
    /// version, by a token acting for the shop (their payloads carry the expected figures blind counts hide).
    /// </summary>
    public static readonly IReadOnlySet<string> TillOnly = new HashSet<string>(StringComparer.Ordinal)
    {
        TillPaymentSessionsOpen, TillPaymentSessionsClose, TillCashActivitiesCreate, TillPaymentSessionsReviewRequired,
    };

    /// <summary>The <c>X-Shopify-Topic</c> header of a topic whose action is more than one word; any other topic's is its name cut at the last underscore.</summary>
    public static readonly IReadOnlyDictionary<string, string> Headers = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [TillPaymentSessionsReviewRequired] = "till_payment_sessions/review_required",
    };

    /// <summary>
    /// The scope each topic needs (any one of the list; <c>write_</c> implies <c>read_</c>). A topic not
    /// listed needs none; Till accepts subscriptions to every topic of the schema, and only the
    /// topics above ever fire.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> RequiredScope = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [TenderTransactionsCreate] = "read_orders",
        [TillPaymentSessionsOpen] = "read_cash_tracking",
        [TillPaymentSessionsClose] = "read_cash_tracking",
        [TillCashActivitiesCreate] = "read_cash_tracking",
        [TillPaymentSessionsReviewRequired] = "read_cash_tracking",
    };

    /// <summary>The payload fields of the topics Till fires, which a subscription's <c>filter</c> and <c>includeFields</c> may name.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlySet<string>> PayloadFields = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal)
    {
        [TenderTransactionsCreate] = WebhookPayloads.TenderTransactionFields,
        [BulkOperationsFinish] = WebhookPayloads.BulkOperationFields,
        [TillPaymentSessionsOpen] = WebhookPayloads.PaymentSessionFields,
        [TillPaymentSessionsClose] = WebhookPayloads.PaymentSessionFields,
        [TillPaymentSessionsReviewRequired] = WebhookPayloads.PaymentSessionFields,
        [TillCashActivitiesCreate] = WebhookPayloads.CashActivityFields,
    };
}

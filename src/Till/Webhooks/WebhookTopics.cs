namespace Till.Webhooks;

/// <summary>The topics Till fires, and the access scope a topic needs before an app may subscribe to it.</summary>
public static class WebhookTopics
{
    /// <summary>An order transaction was recorded (through the control API).</summary>
    public const string TenderTransactionsCreate = "TENDER_TRANSACTIONS_CREATE";

    /// <summary>A bulk operation finished, failed or was cancelled.</summary>
    public const string BulkOperationsFinish = "BULK_OPERATIONS_FINISH";

    /// <summary>
    /// The scope each topic needs (any one of the list; <c>write_</c> implies <c>read_</c>). A topic not
    /// listed needs none; Till accepts subscriptions to every topic of the schema, and only the
    /// topics above ever fire.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> RequiredScope = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [TenderTransactionsCreate] = "read_orders",
    };

    /// <summary>The payload fields of the topics Till fires, which a subscription's <c>filter</c> and <c>includeFields</c> may name.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlySet<string>> PayloadFields = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal)
    {
        [TenderTransactionsCreate] = WebhookPayloads.TenderTransactionFields,
        [BulkOperationsFinish] = WebhookPayloads.BulkOperationFields,
    };
}

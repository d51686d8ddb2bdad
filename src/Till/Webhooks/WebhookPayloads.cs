using System.Globalization;
using System.Text.Json.Nodes;
using Till.Money;
using Till.Transactions;

namespace Till.Webhooks;

/// <summary>The payloads of the topics Till fires, in Shopify's shape for each topic (the same in every served API version).</summary>
public static partial class WebhookPayloads
{
    /// <summary>The top-level fields of a <c>TENDER_TRANSACTIONS_CREATE</c> payload.</summary>
    public static readonly IReadOnlySet<string> TenderTransactionFields = new HashSet<string>(StringComparer.Ordinal)
    {
        "id", "order_id", "amount", "currency", "user_id", "test", "processed_at", "remote_reference", "payment_details", "payment_method",
    };

    /// <summary>
    /// A recorded order transaction as a tender transaction, amounts written with the currency's minor digits (<c>"12.50"</c>): money in is positive (a sale), money back
    /// to the buyer negative (a refund, change given). Till keeps no orders, so <c>order_id</c> is null;
    /// it has no test mode or card details, so <c>test</c> is false and <c>payment_details</c> null.
    /// </summary>
    public static JsonObject TenderTransaction(OrderTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        return new JsonObject
        {
            ["id"] = transaction.Id,
            ["order_id"] = null,
            ["amount"] = TenderAmount(transaction).ToString("F" + Currency.MinorUnits(transaction.Currency).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
            ["currency"] = transaction.Currency,
            ["user_id"] = transaction.StaffId,
            ["test"] = false,
            ["processed_at"] = transaction.ProcessedAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture),
            ["remote_reference"] = null,
            ["payment_details"] = null,
            ["payment_method"] = PaymentMethod(transaction),
        };
    }

    /// <summary>The signed amount of a tender transaction: positive for a sale, negative for a refund or change.</summary>
    public static decimal TenderAmount(OrderTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        return transaction.Kind == "SALE" ? transaction.Amount : -transaction.Amount;
    }

    /// <summary>The payment method of a tender transaction: the gateway the device reported, in lower case (<c>cash</c>, ...).</summary>
    public static string PaymentMethod(OrderTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        return transaction.Gateway.ToLowerInvariant();
    }
}

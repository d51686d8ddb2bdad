namespace Till.Ids;

/// <summary>The type names used in global IDs.</summary>
public static class GidTypes
{
    /// <summary>Shop.</summary>
    public const string Shop = "Shop";
    /// <summary>Location.</summary>
    public const string Location = "Location";
    /// <summary>Staff member.</summary>
    public const string StaffMember = "StaffMember";
    /// <summary>Point-of-sale device.</summary>
    public const string Device = "PointOfSaleDevice";
    /// <summary>Cash drawer.</summary>
    public const string CashDrawer = "CashDrawer";
    /// <summary>Payment session.</summary>
    public const string PaymentSession = "PointOfSaleDevicePaymentSession";
    /// <summary>Legacy view of a payment session.</summary>
    public const string CashTrackingSession = "CashTrackingSession";
    /// <summary>Legacy view of an adjustment activity.</summary>
    public const string CashTrackingAdjustment = "CashTrackingAdjustment";
    /// <summary>A cash activity, in the till version's <c>tillId</c> (Till's own type name, as Shopify gives activities no ID).</summary>
    public const string TillCashActivity = "TillCashActivity";
    /// <summary>Order transaction.</summary>
    public const string OrderTransaction = "OrderTransaction";
    /// <summary>Custom reason code.</summary>
    public const string CustomReasonCode = "CashManagementCustomReasonCode";
    /// <summary>Default reason code.</summary>
    public const string DefaultReasonCode = "CashManagementDefaultReasonCode";
    /// <summary>System reason code.</summary>
    public const string SystemReasonCode = "CashManagementSystemReasonCode";
    /// <summary>A bulk operation.</summary>
    public const string BulkOperation = "BulkOperation";
    /// <summary>Webhook subscription.</summary>
    public const string WebhookSubscription = "WebhookSubscription";
    /// <summary>Tender transaction (the tender view of an order transaction, sharing its number).</summary>
    public const string TenderTransaction = "TenderTransaction";
}

namespace Till.Shops;

/// <summary>A tenant: everything else belongs to exactly one shop.</summary>
public sealed record Shop(long Id, string Name, string Currency, DateTimeOffset CreatedAt)
{
    /// <summary>The shop's domain, as webhook deliveries name it in <c>X-Shopify-Shop-Domain</c>.</summary>
    public static string DomainOf(long shopId) => $"till-shop-{shopId}.myshopify.com";
}

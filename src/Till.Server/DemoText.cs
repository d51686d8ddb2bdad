using Till.Ids;
using Till.Shops;

namespace Till.Server;

/// <summary>What Till prints about a demo shop: IDs, token, endpoint and a curl to paste.</summary>
internal static class DemoText
{
    public static IEnumerable<string> Describe(DemoShop demo, string baseUrl)
    {
        var endpoint = $"{baseUrl}/admin/api/2026-04/graphql.json";
        var device = GlobalId.Format(GidTypes.Device, demo.Device.Id);
        var staff = GlobalId.Format(GidTypes.StaffMember, demo.Staff.Id);
        yield return $"Demo shop:    {GlobalId.Format(GidTypes.Shop, demo.Shop.Id)} ({demo.Shop.Name}, {demo.Shop.Currency})";
        yield return $"Location:     {GlobalId.Format(GidTypes.Location, demo.Location.Id)}";
        yield return $"Staff member: {staff}";
        yield return $"Device:       {device}";
        yield return $"Cash drawer:  {GlobalId.Format(GidTypes.CashDrawer, demo.Drawer.Id)}";
        yield return $"Demo token:   {demo.Token}";
        yield return $"Endpoint:     {endpoint}";
        yield return "Open a session on the demo device:";
        var query = "mutation { pointOfSaleDevicePaymentSessionOpen(pointOfSaleDeviceId: \\\"" + device + "\\\", staffMemberId: \\\"" + staff
            + "\\\", balance: {amount: \\\"100.00\\\", currencyCode: USD}) { pointOfSaleDevicePaymentSession { id status expectedCashAtOpen { amount currencyCode } } userErrors { field message code } } }";
        yield return $"  curl -s {endpoint} -H 'Content-Type: application/json' -H 'X-Shopify-Access-Token: {demo.Token}' -d '{{\"query\": \"{query}\"}}'";
    }
}

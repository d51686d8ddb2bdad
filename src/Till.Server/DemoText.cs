using Till.Ids;
using Till.Shops;

namespace Till.Server;

/// <summary>
/// What Till prints about a start's secrets and a demo shop: the admin key, IDs, token, endpoint,
/// GraphiQL, a curl that checks the token, and the lines that start the README's walkthrough.
/// </summary>
internal static class DemoText
{
    /// <summary>The lines to print for what a start made (nothing when it made nothing).</summary>
    public static IEnumerable<string> Banner(string? adminKey, DemoShop? demo, string baseUrl)
    {
        if (adminKey is not null)
        {
            yield return $"Admin key:    {adminKey} (the control API at /till/v1 needs it; shown only this once)";
        }

        if (demo is not null)
        {
            foreach (var line in Describe(demo, baseUrl, adminKey))
            {
                yield return line;
            }
        }
    }

    /// <summary>A demo shop's IDs and token, how to check the token, and the walkthrough's first lines.</summary>
    public static IEnumerable<string> Describe(DemoShop demo, string baseUrl, string? adminKey = null)
    {
        var endpoint = $"{baseUrl}/admin/api/2026-04/graphql.json";
        var device = GlobalId.Format(GidTypes.Device, demo.Device.Id);
        yield return $"Demo shop:    {GlobalId.Format(GidTypes.Shop, demo.Shop.Id)} ({demo.Shop.Name}, {demo.Shop.Currency})";
        yield return $"Location:     {GlobalId.Format(GidTypes.Location, demo.Location.Id)}";
        yield return $"Staff member: {GlobalId.Format(GidTypes.StaffMember, demo.Staff.Id)}";
        yield return $"Device:       {device}";
        yield return $"Cash drawer:  {GlobalId.Format(GidTypes.CashDrawer, demo.Drawer.Id)}";
        yield return $"Demo token:   {demo.Token}";
        yield return $"Endpoint:     {endpoint}";
        yield return $"GraphiQL:     {baseUrl}/graphiql (paste the demo token and press Connect)";
        yield return "Check the token: the demo device, its cash drawer, and no session open yet:";
        var query = "{ pointOfSaleDevice(id: \\\"" + device + "\\\") { id cashDrawer { id name } activePaymentSession { id } } }";
        yield return $"  curl -s {endpoint} -H 'Content-Type: application/json' -H 'X-Shopify-Access-Token: {demo.Token}' -d '{{\"query\": \"{query}\"}}'";
        yield return "To follow README.md, \"A session from open to close with curl\", start with these lines:";
        yield return $"  TOKEN={demo.Token}";
        if (adminKey is not null)
        {
            yield return $"  ADMIN_KEY={adminKey}";
        }

        yield return $"  BASE={baseUrl}";
    }
}

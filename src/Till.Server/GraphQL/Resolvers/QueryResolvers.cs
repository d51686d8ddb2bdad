using GraphQL;
using Till.Ids;

namespace Till.Server.GraphQL.Resolvers;

/// <summary>Root query fields.</summary>
internal static class QueryResolvers
{
    private const string Type = "QueryRoot";

    public static void Wire(Wiring w)
    {
        w.FieldAsync(Type, "pointOfSaleDevicePaymentSession", async c =>
            Args.Id(c, "id", GidTypes.PaymentSession) is { } id ? await Load.Session(c, id).ConfigureAwait(false) : null);
        w.FieldAsync(Type, "pointOfSaleDevice", async c =>
            Args.Id(c, "id", GidTypes.Device) is { } id ? await Load.Device(c, id).ConfigureAwait(false) : null);
        w.FieldAsync(Type, "cashDrawer", async c =>
            Args.Id(c, "id", GidTypes.CashDrawer) is { } id ? await Load.Drawer(c, id).ConfigureAwait(false) : null);
    }
}

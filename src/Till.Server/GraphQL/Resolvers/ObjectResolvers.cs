using GraphQL;
using Till.Common;
using Till.Devices;
using Till.Drawers;
using Till.Ids;
using Till.Money;
using Till.ReasonCodes;
using Till.Server.GraphQL.Types;
using Till.Shops;
using Till.Transactions;

namespace Till.Server.GraphQL.Resolvers;

/// <summary>Drawers, devices, people, places, reason codes, order transactions and the plumbing types.</summary>
internal static class ObjectResolvers
{
    public static void Wire(Wiring w)
    {
        WireDrawer(w);
        WireDevice(w);
        WireStaff(w);
        WireLocation(w);
        WireReasonCodes(w);
        WireOrderTransaction(w);

        // The plumbing types are records whose properties carry the fields' names.
        w.IsTypeOf("MoneyV2", o => o is MoneyV2);
        w.Properties("MoneyV2", typeof(MoneyV2));
        w.Properties("PageInfo", typeof(PageInfo));
        w.Properties(type => type.EndsWith("Connection", StringComparison.Ordinal), typeof(Connection));
        w.Properties(type => type.EndsWith("Edge", StringComparison.Ordinal), typeof(Edge));
        w.NeverReturned("GiftCard");
        foreach (var type in new[] { "UserError", "CashDrawerCreateUserError", "CashDrawerFindOrCreateUserError", "CashDrawerUpdateUserError", "CashManagementReasonCodeCreateUserError", "CashManagementReasonCodeDeleteUserError", "PointOfSaleDeviceAssignToCashDrawerUserError", "PointOfSaleDevicePaymentSessionCloseUserError", "PointOfSaleDevicePaymentSessionCountUserError", "PointOfSaleDevicePaymentSessionOpenUserError" })
        {
            w.IsTypeOf(type, o => o is UserError);
            w.Properties(type, typeof(UserError));
        }

        foreach (var (payload, field) in new[]
        {
            ("CashDrawerCreatePayload", "cashDrawer"), ("CashDrawerFindOrCreatePayload", "cashDrawer"), ("CashDrawerUpdatePayload", "cashDrawer"),
            ("CashManagementReasonCodeCreatePayload", "reasonCode"), ("CashManagementReasonCodeDeletePayload", "deletedId"),
            ("PointOfSaleDeviceAssignToCashDrawerPayload", "pointOfSaleDevice"), ("PointOfSaleDevicePaymentSessionAdjustPayload", "pointOfSaleDevicePaymentSession"),
            ("PointOfSaleDevicePaymentSessionClosePayload", "pointOfSaleDevicePaymentSession"), ("PointOfSaleDevicePaymentSessionCountPayload", "pointOfSaleDevicePaymentSession"),
            ("PointOfSaleDevicePaymentSessionOpenPayload", "pointOfSaleDevicePaymentSession"),
        })
        {
            w.Field(payload, field, c => ((Payload)c.Source!).Item);
            w.Field(payload, "userErrors", c => ((Payload)c.Source!).UserErrors);
        }
    }

    private static void WireDrawer(Wiring w)
    {
        const string type = "CashDrawer";
        w.IsTypeOf(type, o => o is CashDrawer);
        w.Field(type, "id", c => GlobalId.Format(GidTypes.CashDrawer, D(c).Id));
        w.Field(type, "name", c => D(c).Name);
        w.Field(type, "balance", c => new MoneyV2(D(c).Balance, D(c).Currency));
        w.FieldAsync(type, "location", async c => await Load.Location(c, D(c).LocationId).ConfigureAwait(false));

        static CashDrawer D(IResolveFieldContext c) => (CashDrawer)c.Source!;
    }

    private static void WireDevice(Wiring w)
    {
        const string type = "PointOfSaleDevice";
        w.IsTypeOf(type, o => o is Device);
        w.Field(type, "id", c => GlobalId.Format(GidTypes.Device, D(c).Id));
        w.Field(type, "fiscalDeviceIdentifier", c => D(c).FiscalDeviceIdentifier);
        w.Field(type, "tillName", c => D(c).Name);
        w.FieldAsync(type, "cashDrawer", async c => D(c).CashDrawerId is { } id && await ShownAsync(c).ConfigureAwait(false) ? await Load.Drawer(c, id).ConfigureAwait(false) : null);
        w.FieldAsync(type, "activePaymentSession", async c => await ShownAsync(c).ConfigureAwait(false) ? await Load.OpenSession(c, D(c).Id).ConfigureAwait(false) : null);

        static Device D(IResolveFieldContext c) => (Device)c.Source!;

        // From 2026-10 the reference returns a device's drawer and session only at a POS Pro location.
        static async Task<bool> ShownAsync(IResolveFieldContext c) =>
            !ApiVersions.Includes(c.Till().Version, PosProDeviceFields)
            || (await Load.Location(c, D(c).LocationId).ConfigureAwait(false))?.PosPro != false;
    }

    /// <summary>The release from which a device's drawer and open session depend on its location's POS Pro switch.</summary>
    private const string PosProDeviceFields = "2026-10";

    private static void WireStaff(Wiring w)
    {
        const string type = "StaffMember";
        w.IsTypeOf(type, o => o is StaffMember);
        w.Field(type, "id", c => GlobalId.Format(GidTypes.StaffMember, S(c).Id));
        w.Constant(type, "accountType", "REGULAR");
        w.Field(type, "active", c => S(c).Active);
        w.Field(type, "email", c => S(c).Email);
        w.Constant(type, "exists", true);
        w.Field(type, "firstName", c => S(c).FirstName);
        w.Field(type, "lastName", c => S(c).LastName);
        w.Field(type, "initials", c => new[] { S(c).FirstName, S(c).LastName }.Where(n => n.Length > 0).Select(n => n[..1].ToUpperInvariant()).ToArray());
        w.Field(type, "isShopOwner", c => S(c).IsShopOwner);
        w.Constant(type, "locale", "en");
        w.Field(type, "name", c => $"{S(c).FirstName} {S(c).LastName}".Trim());
        w.Constant(type, "phone", null);

        static StaffMember S(IResolveFieldContext c) => (StaffMember)c.Source!;
    }

    private static void WireLocation(Wiring w)
    {
        const string type = "Location";
        w.IsTypeOf(type, o => o is Location);
        w.Field(type, "id", c => GlobalId.Format(GidTypes.Location, L(c).Id));
        w.Field(type, "name", c => L(c).Name);
        w.Field(type, "legacyResourceId", c => L(c).Id);
        w.Field(type, "createdAt", c => L(c).CreatedAt);
        w.Field(type, "updatedAt", c => L(c).CreatedAt);
        w.Field(type, "deactivatedAt", c => L(c).DeactivatedAt is { } at ? DateTimeScalar.Format(at) : null);
        w.Field(type, "isActive", c => L(c).IsActive);
        w.Field(type, "activatable", c => !L(c).IsActive);
        w.Field(type, "deactivatable", c => L(c).IsActive);
        w.Constant(type, "deletable", false);
        w.Constant(type, "addressVerified", false);
        w.Constant(type, "fulfillsOnlineOrders", false);
        w.Constant(type, "hasActiveInventory", false);
        w.Constant(type, "hasUnfulfilledOrders", false);
        w.Constant(type, "isFulfillmentService", false);
        w.Constant(type, "isPrimary", false);
        w.Constant(type, "shipsInventory", false);

        static Location L(IResolveFieldContext c) => (Location)c.Source!;
    }

    private static void WireReasonCodes(Wiring w)
    {
        // A reason code's GraphQL object type and its global ID's type have the same name.
        foreach (var (kind, type) in ReasonCodeTypes.All)
        {
            w.IsTypeOf(type, o => o is ReasonCode r && r.Kind == kind);
            w.Field(type, "id", c => GlobalId.Format(type, ((ReasonCode)c.Source!).Id));
            w.Field(type, "code", c => ((ReasonCode)c.Source!).Code);
        }
    }

    private static void WireOrderTransaction(Wiring w)
    {
        const string type = "OrderTransaction";
        w.IsTypeOf(type, o => o is OrderTransaction);
        w.Field(type, "id", c => GlobalId.Format(GidTypes.OrderTransaction, T(c).Id));
        w.Field(type, "amount", c => T(c).Amount);
        w.Field(type, "amountV2", c => new MoneyV2(T(c).Amount, T(c).Currency));
        w.Field(type, "createdAt", c => T(c).CreatedAt);
        w.Field(type, "processedAt", c => T(c).ProcessedAt);
        w.Field(type, "gateway", c => T(c).Gateway);
        w.Field(type, "formattedGateway", c => T(c).IsCash ? "Cash" : T(c).Gateway);
        w.Field(type, "kind", c => T(c).Kind);
        w.Field(type, "manualPaymentGateway", c => T(c).IsCash);
        w.Constant(type, "manuallyCapturable", false);
        w.Constant(type, "multiCapturable", false);
        w.Field(type, "maximumRefundable", c => T(c).Kind == "SALE" ? T(c).Amount : null);
        w.Field(type, "maximumRefundableV2", c => T(c).Kind == "SALE" ? new MoneyV2(T(c).Amount, T(c).Currency) : null);
        w.Constant(type, "status", "SUCCESS");
        w.Constant(type, "test", false);
        foreach (var field in new[] { "accountNumber", "authorizationCode", "authorizationExpiresAt", "errorCode", "parentTransaction", "paymentId", "paymentMethod", "receiptJson", "settlementCurrency", "settlementCurrencyRate", "totalUnsettled", "totalUnsettledV2" })
        {
            w.Constant(type, field, null);
        }

        w.FieldAsync(type, "device", async c => await Load.Device(c, T(c).DeviceId).ConfigureAwait(false));
        w.FieldAsync(type, "location", async c => await Load.Location(c, T(c).LocationId).ConfigureAwait(false));
        w.FieldAsync(type, "user", async c => await Load.Staff(c, T(c).StaffId).ConfigureAwait(false));

        static OrderTransaction T(IResolveFieldContext c) => (OrderTransaction)c.Source!;
    }
}

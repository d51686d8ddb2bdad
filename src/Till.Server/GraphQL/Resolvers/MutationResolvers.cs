using GraphQL;
using Microsoft.Extensions.DependencyInjection;
using Till.Drawers;
using Till.Ids;
using Till.Money;
using Till.ReasonCodes;
using Till.Server.GraphQL.Types;
using Till.Sessions;

namespace Till.Server.GraphQL.Resolvers;

/// <summary>Root mutation fields: each turns its arguments into one use-case call and maps the outcome to its payload.</summary>
internal static class MutationResolvers
{
    private const string Type = "Mutation";

    public static void Wire(Wiring w)
    {
        Mutation(w, "pointOfSaleDevicePaymentSessionOpen", async c => Payload.From(await Ledger(c).OpenAsync(new OpenSessionCommand(
            c.Till().ShopId, Args.Id(c, "pointOfSaleDeviceId", GidTypes.Device), Args.Money(c, "balance"), Args.Id(c, "staffMemberId", GidTypes.StaffMember),
            Args.Time(c), Args.Has(c, "reasonCodeId"), Args.ReasonCode(c), c.GetArgument<string?>("note")), c.CancellationToken).ConfigureAwait(false)));

        Mutation(w, "pointOfSaleDevicePaymentSessionCount", async c => Payload.From(await Ledger(c).CountAsync(CountCommand(c), c.CancellationToken).ConfigureAwait(false)));
        Mutation(w, "pointOfSaleDevicePaymentSessionClose", async c => Payload.From(await Ledger(c).CloseAsync(CountCommand(c), c.CancellationToken).ConfigureAwait(false)));

        Mutation(w, "pointOfSaleDevicePaymentSessionAdjust", async c => Payload.From(await Ledger(c).AdjustAsync(new AdjustSessionCommand(
            c.Till().ShopId, Args.Id(c, "pointOfSaleDevicePaymentSessionId", GidTypes.PaymentSession), Args.Money(c, "cash")!, Args.Id(c, "staffMemberId", GidTypes.StaffMember),
            Args.Time(c), Args.Has(c, "reasonCodeId"), Args.ReasonCode(c), c.GetArgument<string?>("note")), c.CancellationToken).ConfigureAwait(false)));

        Mutation(w, "cashDrawerCreate", async c => Payload.From(await Drawers(c).CreateAsync(
            c.Till().ShopId, Args.Id(c, "locationId", GidTypes.Location), c.GetArgument<string>("name"), c.CancellationToken).ConfigureAwait(false)));

        Mutation(w, "pointOfSaleDeviceAssignToCashDrawer", async c => Payload.From(await Drawers(c).AssignAsync(
            c.Till().ShopId, Args.Id(c, "cashDrawerId", GidTypes.CashDrawer), Args.Id(c, "pointOfSaleDeviceId", GidTypes.Device), c.CancellationToken).ConfigureAwait(false)));

        WireDrawersAndCodes(w);
    }

    private static void WireDrawersAndCodes(Wiring w)
    {
        Mutation(w, "cashDrawerUpdate", async c =>
        {
            var input = c.GetArgument<Dictionary<string, object?>>("input");
            var name = input.TryGetValue("name", out var n) ? n as string ?? string.Empty : string.Empty;
            return Payload.From(await Drawers(c).RenameAsync(c.Till().ShopId, Args.Id(c, "id", GidTypes.CashDrawer), name, c.CancellationToken).ConfigureAwait(false));
        });

        Mutation(w, "cashDrawerFindOrCreate", async c => Payload.From(await Drawers(c).FindOrCreateAsync(
            c.Till().ShopId, Args.Id(c, "locationId", GidTypes.Location), c.GetArgument<string>("name"), Args.Id(c, "pointOfSaleDeviceId", GidTypes.Device), c.CancellationToken).ConfigureAwait(false)));

        Mutation(w, "cashManagementReasonCodeCreate", async c => Payload.From(await Codes(c).CreateAsync(
            c.Till().ShopId, c.GetArgument<string>("code"), c.CancellationToken).ConfigureAwait(false)));

        Mutation(w, "cashManagementReasonCodeDelete", async c =>
        {
            var outcome = await Codes(c).DeleteAsync(c.Till().ShopId, Args.ReasonCode(c, "id"), c.CancellationToken).ConfigureAwait(false);
            return new Payload(outcome.Succeeded ? c.GetArgument<string>("id") : null, outcome.Errors);
        });
    }

    private static ReasonCodeCommands Codes(IResolveFieldContext c) => c.Till().Services.GetRequiredService<ReasonCodeCommands>();

    private static CountSessionCommand CountCommand(IResolveFieldContext c) => new(
        c.Till().ShopId, Args.Id(c, "pointOfSaleDevicePaymentSessionId", GidTypes.PaymentSession), Args.Money(c, "balance") ?? new MoneyInput(string.Empty, string.Empty),
        Args.Id(c, "staffMemberId", GidTypes.StaffMember), Args.Time(c), Args.Has(c, "reasonCodeId"), Args.ReasonCode(c), c.GetArgument<string?>("note"));

    private static SessionLedger Ledger(IResolveFieldContext c) => c.Till().Services.GetRequiredService<SessionLedger>();

    private static DrawerCommands Drawers(IResolveFieldContext c) => c.Till().Services.GetRequiredService<DrawerCommands>();

    /// <summary>Runs a mutation, then lets later reads in the request see what it wrote.</summary>
    private static void Mutation(Wiring w, string field, Func<IResolveFieldContext, Task<Payload>> run) =>
        w.FieldAsync(Type, field, async c =>
        {
            var payload = await run(c).ConfigureAwait(false);
            await c.Till().AfterWriteAsync().ConfigureAwait(false);
            return payload;
        });
}

using GraphQL;
using GraphQL.Resolvers;
using GraphQL.Types;
using Till.CashSettings;
using Till.Ids;
using Till.Server.GraphQL.Resolvers;
using Till.Server.GraphQL.Types;
using Till.Sessions;
using Till.Staff;

namespace Till.Server.GraphQL;

/// <summary>
/// What a token acting for one staff member may do and see, checked while executing, on every API
/// version (it is the token's restriction): its mutations may record only that staff member, and
/// at a location with blind counts a cashier's token is denied the expected and discrepancy
/// figures (<see cref="BlindCounts"/> decides). A refused field resolves to null with
/// <c>ACCESS_DENIED</c> naming the reason, and the rest of the document still runs.
/// </summary>
internal static class StaffRules
{
    private const string ActingStaffAccess = "a token acting for the staff member named in staffMemberId, or one acting for the shop";
    private const string FiguresAccess = "a token acting for a manager, or one acting for the shop";

    /// <summary>A mutation with a <c>staffMemberId</c> argument records that staff member: a token acting for another is refused.</summary>
    public static void CheckRecordsActingStaff(IResolveFieldContext c)
    {
        if (c.Till().ActingStaffId is not { } acting || c.FieldDefinition.Arguments?.Find("staffMemberId") is null)
        {
            return;
        }

        if (Args.Id(c, "staffMemberId", GidTypes.StaffMember) != acting)
        {
            throw ShopifyError.AccessDenied(
                c.FieldDefinition.Name,
                ActingStaffAccess,
                $"This token acts for {GlobalId.Format(GidTypes.StaffMember, acting)} and records only that staff member.");
        }
    }

    /// <summary>
    /// Refuses a token acting for a cashier: a manager's action (changing the settings that hide
    /// figures from cashiers, reversing a cash movement). <paramref name="why"/> ends the message.
    /// </summary>
    public static async Task CheckNotCashierAsync(IResolveFieldContext c, string why)
    {
        if (await c.Till().ActingRoleAsync().ConfigureAwait(false) == StaffRole.Cashier)
        {
            throw ShopifyError.AccessDenied(c.FieldDefinition.Name, FiguresAccess, $"This token acts for a cashier, and only a manager {why}.");
        }
    }

    /// <summary>Where each guarded figure belongs: the location whose settings apply and the status of its session (null: a drawer or location figure).</summary>
    private delegate Task<(long LocationId, SessionStatus? Session)?> FigureScope(IResolveFieldContext c);

    private static readonly Dictionary<(string Type, string Field), FigureScope> Figures = Build();

    private static Dictionary<(string Type, string Field), FigureScope> Build()
    {
        var figures = new Dictionary<(string, string), FigureScope>();
        foreach (var field in new[] { "expectedCashAtOpen", "expectedCashAtClose", "closingAdjustment", "totalDiscrepancy" })
        {
            figures[("PointOfSaleDevicePaymentSession", field)] = c => Task.FromResult(OfSession((PaymentSession)c.Source!));
        }

        foreach (var field in new[] { "expectedOpeningBalance", "expectedClosingBalance", "expectedBalance", "totalDiscrepancy" })
        {
            figures[("CashTrackingSession", field)] = c => Task.FromResult(OfSession(((LegacySession)c.Source!).Session));
        }

        // A count's cash is its discrepancy (counted less expected), as is a closing adjustment's.
        foreach (var field in new[] { "cash", "cashExpected", "cashDiscrepancy" })
        {
            figures[("CashCountActivity", field)] = OfActivityAsync;
        }

        figures[("CashAdjustmentActivity", "cash")] = c => ((CashActivity)c.Source!).Type == ActivityType.ClosingAdjustment ? OfActivityAsync(c) : Task.FromResult<(long, SessionStatus?)?>(null);
        figures[("CashDrawer", "balance")] = c => Task.FromResult<(long, SessionStatus?)?>((((Till.Drawers.CashDrawer)c.Source!).LocationId, null));
        figures[("CashDrawer", "totalDiscrepancies")] = c => Task.FromResult<(long, SessionStatus?)?>((((Till.Drawers.CashDrawer)c.Source!).LocationId, null));
        return figures;

        static (long, SessionStatus?)? OfSession(PaymentSession s) => (s.LocationId, s.Status);

        static async Task<(long, SessionStatus?)?> OfActivityAsync(IResolveFieldContext c) =>
            await Load.Session(c, ((CashActivity)c.Source!).SessionId).ConfigureAwait(false) is { } s ? OfSession(s) : null;
    }

    private static readonly HashSet<string> SummaryFigures = ["cashBalanceAtStart", "cashBalanceAtEnd", "totalDiscrepancies"];

    /// <summary>Wraps the resolver of every guarded figure.</summary>
    public static void Apply(ISchema schema)
    {
        foreach (var type in schema.AllTypes.OfType<IObjectGraphType>())
        {
            foreach (var field in type.Fields)
            {
                if (field.Resolver is not { } inner)
                {
                    continue;
                }

                if (Figures.TryGetValue((type.Name, field.Name), out var scope))
                {
                    field.Resolver = new FigureResolver(inner, scope);
                }
                else if (type.Name == "CashManagementSummary" && SummaryFigures.Contains(field.Name))
                {
                    field.Resolver = new SummaryResolver(inner);
                }
            }
        }
    }

    private sealed class FigureResolver(IFieldResolver inner, FigureScope scope) : IFieldResolver
    {
        public async ValueTask<object?> ResolveAsync(IResolveFieldContext context)
        {
            var request = context.Till();
            if (request.ActingStaffId is not null
                && await request.ActingRoleAsync().ConfigureAwait(false) is { } role
                && await scope(context).ConfigureAwait(false) is { } where
                && BlindCounts.HiddenBecause(role, await Load.CashSettings(context, where.LocationId).ConfigureAwait(false) ?? LocationCashSettings.Default, where.Session) is { } reason)
            {
                throw ShopifyError.AccessDenied(context.FieldDefinition.Name, FiguresAccess, reason);
            }

            return await inner.ResolveAsync(context).ConfigureAwait(false);
        }
    }

    /// <summary>A location summary follows its location's settings; a shop summary is hidden when any location of the shop has blind counts.</summary>
    private sealed class SummaryResolver(IFieldResolver inner) : IFieldResolver
    {
        public async ValueTask<object?> ResolveAsync(IResolveFieldContext context)
        {
            var request = context.Till();
            if (request.ActingStaffId is not null && await request.ActingRoleAsync().ConfigureAwait(false) is { } role)
            {
                var view = (SummaryView)context.Source!;
                var settings = view.LocationId is { } location
                    ? await Load.CashSettings(context, location).ConfigureAwait(false) ?? LocationCashSettings.Default
                    : await request.ReadAsync(u => u.AnyBlindCountLocationAsync(request.ShopId)).ConfigureAwait(false) ? new LocationCashSettings(true, false, null, null) : LocationCashSettings.Default;
                if (BlindCounts.HiddenBecause(role, settings, session: null) is { } reason)
                {
                    throw ShopifyError.AccessDenied(context.FieldDefinition.Name, FiguresAccess, reason);
                }
            }

            return await inner.ResolveAsync(context).ConfigureAwait(false);
        }
    }
}

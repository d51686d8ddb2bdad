using GraphQL;
using Microsoft.Extensions.DependencyInjection;
using Till.Common;
using Till.Ids;
using Till.Reviews;
using Till.Server.GraphQL.Types;
using Till.Sessions;

namespace Till.Server.GraphQL.Resolvers;

/// <summary>The <c>till</c> version's variance reviews: <c>tillReview</c>, <c>tillPaymentSessionApprove</c> and the summaries' count.</summary>
internal static class ReviewResolvers
{
    private const string ReviewType = "TillPaymentSessionReview";

    public static void Wire(Wiring w)
    {
        w.Field("PointOfSaleDevicePaymentSession", "tillReview", c => ((PaymentSession)c.Source!).Review);

        w.IsTypeOf(ReviewType, o => o is SessionReview);
        w.Field(ReviewType, "status", c => R(c).StatusName);
        w.Field(ReviewType, "note", c => R(c).Note);
        w.Field(ReviewType, "time", c => R(c).Time);
        w.FieldAsync(ReviewType, "approvedBy", async c => R(c).ApprovedBy is { } id ? await Load.Staff(c, id).ConfigureAwait(false) : null);
        w.FieldAsync(ReviewType, "reasonCode", async c => R(c).ReasonCodeId is { } id ? await Load.ReasonCode(c, id).ConfigureAwait(false) : null);

        w.FieldAsync("CashManagementSummary", "tillSessionsAwaitingApproval", async c =>
        {
            var view = (SummaryView)c.Source!;
            var request = c.Till();
            return await request.ReadAsync(u => u.CountSessionsAwaitingApprovalAsync(
                request.ShopId, view.LocationId, view.LocationId is null ? view.Currency : null, view.Start, view.End)).ConfigureAwait(false);
        });

        MutationResolvers.Mutation(w, "tillPaymentSessionApprove", async (c, key) => Payload.From(await c.Till().Services.GetRequiredService<ReviewCommands>().ApproveAsync(
            new ApproveReviewCommand(
                c.Till().ShopId, Args.Id(c, "pointOfSaleDevicePaymentSessionId", GidTypes.PaymentSession), Args.Id(c, "staffMemberId", GidTypes.StaffMember),
                Args.Has(c, "reasonCodeId"), Args.ReasonCode(c), Args.Text(c, "note"), key),
            c.CancellationToken).ConfigureAwait(false)));
        w.Field("TillPaymentSessionApprovePayload", "pointOfSaleDevicePaymentSession", c => ((Payload)c.Source!).Item);
        w.Field("TillPaymentSessionApprovePayload", "userErrors", c => ((Payload)c.Source!).UserErrors);
        w.IsTypeOf("TillPaymentSessionApproveUserError", o => o is UserError);
        w.Properties("TillPaymentSessionApproveUserError", typeof(UserError));
    }

    private static SessionReview R(IResolveFieldContext c) => (SessionReview)c.Source!;
}

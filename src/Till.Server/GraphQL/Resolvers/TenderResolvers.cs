using GraphQL;
using Till.Ids;
using Till.Search;
using Till.Server.GraphQL.Types;
using Till.Transactions;
using Till.Webhooks;

namespace Till.Server.GraphQL.Resolvers;

/// <summary>
/// <c>tenderTransactions</c> and <c>TenderTransaction</c>: the recorded order transactions seen as
/// money that moved, and the <c>Order</c> they would belong to, which Till does not keep.
/// </summary>
internal static class TenderResolvers
{
    private const string Type = "TenderTransaction";

    public static void Wire(Wiring w)
    {
        w.FieldAsync("QueryRoot", "tenderTransactions", async c =>
        {
            var filter = await SearchArgument.BindAsync(c, SearchFields.TenderTransactions).ConfigureAwait(false);
            var page = await PageRequest.LoadAsync(
                c, "tt", (u, p) => u.ListTransactionsAsync(c.Till().ShopId, p, filter), t => (t.Id, t.Id)).ConfigureAwait(false);
            return new Connection([.. page.Edges.Select(e => new Edge(e.Cursor, new TenderTransactionView((OrderTransaction)e.Node)))], page.PageInfo);
        });

        w.IsTypeOf(Type, o => o is TenderTransactionView);
        w.Field(Type, "id", c => GlobalId.Format(GidTypes.TenderTransaction, T(c).Id));
        w.Field(Type, "amount", c => new MoneyV2(WebhookPayloads.TenderAmount(T(c)), T(c).Currency));
        w.Field(Type, "paymentMethod", c => WebhookPayloads.PaymentMethod(T(c)));
        w.Field(Type, "processedAt", c => T(c).ProcessedAt);
        w.Constant(Type, "order", null);
        w.Constant(Type, "remoteReference", null);
        w.Constant(Type, "test", false);
        w.Constant(Type, "transactionDetails", null);
        w.FieldAsync(Type, "user", async c => await Load.Staff(c, T(c).StaffId).ConfigureAwait(false));

        // Till records no orders (the control API's transactions name none), and keeps no card details.
        w.NeverReturned("Order");
        w.NeverReturned("TenderTransactionCreditCardDetails");
        w.Constant("OrderTransaction", "order", null);
        w.Constant("GiftCard", "order", null);
    }

    /// <summary>The tender transaction of a global ID, or null when the shop recorded no such transaction.</summary>
    public static async Task<object?> NodeAsync(IResolveFieldContext c, long id)
    {
        if (!c.Till().HasScope(ScopeRules.ReadOrders))
        {
            throw ShopifyError.AccessDenied(c.FieldDefinition.Name, $"`{ScopeRules.ReadOrders}` access scope");
        }

        return await Load.Transaction(c, id).ConfigureAwait(false) is { } t ? new TenderTransactionView(t) : null;
    }

    private static OrderTransaction T(IResolveFieldContext c) => ((TenderTransactionView)c.Source!).Transaction;

    /// <summary>An order transaction answered as a tender transaction (its own GraphQL type, so <c>node</c> tells the two apart).</summary>
    private sealed record TenderTransactionView(OrderTransaction Transaction);
}

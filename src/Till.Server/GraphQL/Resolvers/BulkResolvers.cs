using GraphQL;
using Microsoft.Extensions.DependencyInjection;
using Till.Bulk;
using Till.Ids;
using Till.Search;
using Till.Server.Bulk;
using Till.Server.GraphQL.Types;

namespace Till.Server.GraphQL.Resolvers;

/// <summary>Bulk operations: the object, its queries, and (through <see cref="MutationResolvers"/>) its mutations.</summary>
internal static class BulkResolvers
{
    public static void Wire(Wiring w)
    {
        const string type = "BulkOperation";
        w.IsTypeOf(type, o => o is BulkOperation);
        w.Field(type, "id", c => GlobalId.Format(GidTypes.BulkOperation, B(c).Id));
        w.Field(type, "completedAt", c => B(c).CompletedAt);
        w.Field(type, "createdAt", c => B(c).CreatedAt);
        w.Field(type, "errorCode", c => B(c).ErrorCode);
        w.Field(type, "fileSize", c => Downloadable(c) ? B(c).FileSize : null);
        w.Field(type, "objectCount", c => B(c).ObjectCount);
        w.Field(type, "rootObjectCount", c => B(c).RootObjectCount);
        w.Field(type, "query", c => B(c).Query);
        w.Field(type, "status", c => StatusOf(c));
        w.Field(type, "type", c => B(c).Type);
        w.Field(type, "url", c => StatusOf(c) == BulkStatus.Completed && Downloadable(c) ? BulkDownload.Url(c.Till().Services, B(c).UrlToken!) : null);
        w.Field(type, "partialDataUrl", c => StatusOf(c) == BulkStatus.Failed && Downloadable(c) ? BulkDownload.Url(c.Till().Services, B(c).UrlToken!) : null);

        w.IsTypeOf("BulkOperationUserError", o => o is Common.UserError);
        w.Properties("BulkOperationUserError", typeof(Common.UserError));
        foreach (var payload in new[] { "BulkOperationRunQueryPayload", "BulkOperationCancelPayload" })
        {
            w.Field(payload, "bulkOperation", c => ((Payload)c.Source!).Item);
            w.Field(payload, "userErrors", c => ((Payload)c.Source!).UserErrors);
        }

        w.FieldAsync("QueryRoot", "bulkOperation", async c =>
            Args.Id(c, "id", GidTypes.BulkOperation) is { } id ? await Get(c, id).ConfigureAwait(false) : null);
        w.FieldAsync("QueryRoot", "currentBulkOperation", async c =>
            await c.Till().ReadAsync(u => u.GetLatestBulkOperationAsync(c.Till().ShopId, c.GetArgument<string?>("type") ?? BulkCommands.QueryType)).ConfigureAwait(false));
        w.FieldAsync("QueryRoot", "bulkOperations", async c =>
        {
            var byCompletedAt = c.GetArgument<string?>("sortKey") == "COMPLETED_AT";
            var filter = await SearchArgument.BindAsync(c, SearchFields.BulkOperations).ConfigureAwait(false);
            // Newest first unless reversed, as Shopify lists them.
            return await PageRequest.LoadAsync(
                c, byCompletedAt ? "boc" : "bo",
                (u, page) => u.ListBulkOperationsAsync(c.Till().ShopId, byCompletedAt, page, filter),
                b => (byCompletedAt ? b.CompletedAt?.UtcTicks ?? long.MaxValue : b.Id, b.Id),
                flipOrder: true).ConfigureAwait(false);
        });

        static BulkOperation B(IResolveFieldContext c) => (BulkOperation)c.Source!;
    }

    public static Task<BulkOperation?> Get(IResolveFieldContext c, long id) =>
        c.Till().LoadAsync("bulk", id, u => u.GetBulkOperationAsync(c.Till().ShopId, id));

    /// <summary>Its status as a client sees it: a completed operation whose link has expired is EXPIRED, whether or not the sweep has run.</summary>
    private static string StatusOf(IResolveFieldContext c)
    {
        var operation = (BulkOperation)c.Source!;
        return operation.Status == BulkStatus.Completed && operation.UrlExpiresAt is { } expires && expires <= Now(c) ? BulkStatus.Expired : operation.Status;
    }

    private static bool Downloadable(IResolveFieldContext c) =>
        (BulkOperation)c.Source! is { UrlToken: not null, UrlExpiresAt: { } expires } && expires > Now(c);

    private static DateTimeOffset Now(IResolveFieldContext c) => c.Till().Services.GetRequiredService<TimeProvider>().GetUtcNow();
}

using Till.Common;
using Till.Ids;
using Till.Storage;

namespace Till.Bulk;

/// <summary>Starting and canceling a shop's bulk query operations (running them is the runner's).</summary>
public sealed class BulkCommands(ITillStore store, TimeProvider clock, IBulkOperationFinished finished)
{
    /// <summary>The type of every operation Till runs: bulk mutations are not served.</summary>
    public const string QueryType = "QUERY";

    /// <summary>
    /// Creates a query operation in CREATED for a query the caller already checked, to run with the
    /// scopes of the token that asked; refused while the shop has another query operation in progress.
    /// </summary>
    public Task<Outcome<BulkOperation>> StartAsync(long shopId, string query, bool groupObjects, string apiVersion, IReadOnlyCollection<string> scopes, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        return WriteUnit.RunAsync(
            store, shopId, null, now,
            async work =>
            {
                if (await work.GetBulkOperationInProgressAsync(shopId, QueryType).ConfigureAwait(false) is { } running)
                {
                    return BulkErrors.RunQuery.InProgress.Fail<BulkOperation>(GlobalId.Format(GidTypes.BulkOperation, running.Id));
                }

                var created = await work.InsertBulkOperationAsync(shopId, QueryType, query, apiVersion, [.. scopes.Order(StringComparer.Ordinal)], groupObjects, now).ConfigureAwait(false);
                return created is not null
                    ? Outcome<BulkOperation>.Ok(created)
                    : BulkErrors.RunQuery.InProgress.Fail<BulkOperation>("another one was created at the same time");
            },
            null,
            cancellationToken);
    }

    /// <summary>
    /// Starts canceling an operation: one no node has picked up is canceled at once, a running one
    /// becomes CANCELING until its runner stops at its next page.
    /// </summary>
    public Task<Outcome<BulkOperation>> CancelAsync(long shopId, long? id, CancellationToken cancellationToken = default) =>
        WriteUnit.RunAsync(
            store, shopId, null, clock.GetUtcNow(),
            async work =>
            {
                var operation = id is { } known ? await work.GetBulkOperationAsync(shopId, known).ConfigureAwait(false) : null;
                if (operation is null)
                {
                    return BulkErrors.Cancel.NotFound.Fail<BulkOperation>();
                }

                if (!operation.InProgress || operation.Status == BulkStatus.Canceling)
                {
                    return BulkErrors.Cancel.NotCancelable.Fail<BulkOperation>(operation.Status.ToLowerInvariant());
                }

                var changed = await work.RequestBulkCancelAsync(shopId, operation.Id, clock.GetUtcNow()).ConfigureAwait(false);
                if (changed is { Status: BulkStatus.Canceled })
                {
                    // Canceled before any node picked it up: it ends here.
                    await finished.OnFinishedAsync(work, changed, cancellationToken).ConfigureAwait(false);
                }
                return changed is { InProgress: true } or { Status: BulkStatus.Canceled }
                    ? Outcome<BulkOperation>.Ok(changed)
                    : BulkErrors.Cancel.NotCancelable.Fail<BulkOperation>((changed ?? operation).Status.ToLowerInvariant());
            },
            null,
            cancellationToken);
}

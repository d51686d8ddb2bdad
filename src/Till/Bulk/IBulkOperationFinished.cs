using Till.Storage;

namespace Till.Bulk;

/// <summary>
/// The one place that hears that a bulk operation ended (COMPLETED, FAILED or CANCELED, not
/// EXPIRED). It is called inside the write unit that records the final status, so whatever it
/// writes (an outbox row for the <c>BULK_OPERATIONS_FINISH</c> webhook, say) commits with that
/// status or not at all. It runs once per operation: a node that lost the operation's lease never
/// gets that far.
/// </summary>
public interface IBulkOperationFinished
{
    /// <summary>Called with the operation as it now is, inside the unit that ends it.</summary>
    Task OnFinishedAsync(IUnitOfWork work, BulkOperation finished, CancellationToken cancellationToken);
}

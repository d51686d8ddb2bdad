using Till.Reviews;
using Till.Sessions;
using Till.Transactions;

namespace Till.Storage;

/// <summary>
/// Writes to the ledger: sessions, their activities (which move the drawer) and order
/// transactions, and a session's review.
/// </summary>
public interface ISessionRecords
{
    /// <summary>Inserts an open session; null when the device already has one (the unique index decides).</summary>
    Task<PaymentSession?> InsertSessionAsync(PaymentSession session);
    /// <summary>Marks an open session closed; false when it was no longer open.</summary>
    Task<bool> CloseSessionAsync(PaymentSession closed);
    /// <summary>Records the approval of a session whose review is required; false when it is not (any more).</summary>
    Task<bool> ApproveSessionReviewAsync(long shopId, long sessionId, SessionReview approval);
    /// <summary>Appends an activity and moves its drawer's book balance by its cash.</summary>
    Task<CashActivity> AppendActivityAsync(CashActivity activity);
    /// <summary>Inserts an order transaction.</summary>
    Task<OrderTransaction> InsertTransactionAsync(OrderTransaction transaction);
}

using Till.Common;
using Till.ReasonCodes;
using Till.Sessions;
using Till.Staff;
using Till.Storage;

namespace Till.Reviews;

/// <summary>Approve a closed session's variance review. IDs are null when the argument named nothing of the right type.</summary>
public sealed record ApproveReviewCommand(long ShopId, long? SessionId, long? StaffId, bool ReasonCodeGiven, ReasonCodeRef? ReasonCode, string? Note, IdempotencyKey? Idempotency = null);

/// <summary>The use case of variance reviews: a manager other than the closer approves, once.</summary>
public sealed class ReviewCommands(ITillStore store, TimeProvider clock)
{
    /// <summary>Records the approval of a session whose review is required.</summary>
    public Task<Outcome<PaymentSession>> ApproveAsync(ApproveReviewCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var now = clock.UtcNowSeconds();
        return WriteUnit.RunAsync(
            store, command.ShopId, command.Idempotency, now, work => ApproveCoreAsync(work, command, now),
            _ => ReviewErrors.NotSaved.Fail<PaymentSession>(),
            cancellationToken);
    }

    private static async Task<Outcome<PaymentSession>> ApproveCoreAsync(IUnitOfWork work, ApproveReviewCommand command, DateTimeOffset now)
    {
        // Read in a write unit, the session row is locked, so two approvals queue and the second sees the first.
        var session = command.SessionId is { } sessionId ? await work.GetSessionAsync(command.ShopId, sessionId).ConfigureAwait(false) : null;
        if (session is null)
        {
            return ReviewErrors.SessionNotFound.Fail<PaymentSession>();
        }

        var staff = command.StaffId is { } staffId ? await work.GetStaffAsync(command.ShopId, staffId).ConfigureAwait(false) : null;
        if (staff is not { Active: true })
        {
            return ReviewErrors.StaffMemberNotFound.Fail<PaymentSession>();
        }

        ReasonCode? reason = null;
        if (command.ReasonCodeGiven)
        {
            reason = command.ReasonCode is { } reference ? await work.GetReasonCodeAsync(command.ShopId, reference.Id).ConfigureAwait(false) : null;
            if (reason is not { Deleted: false } || reason.Kind != command.ReasonCode!.Kind)
            {
                return ReviewErrors.ReasonCodeNotFound.Fail<PaymentSession>();
            }
        }

        if (session.Review is null)
        {
            return ReviewErrors.ReviewNotRequired.Fail<PaymentSession>();
        }

        if (session.Review.Status == ReviewStatus.Approved)
        {
            return ReviewErrors.AlreadyApproved.Fail<PaymentSession>();
        }

        if (staff.Role != StaffRole.Manager)
        {
            return ReviewErrors.NotAManager.Fail<PaymentSession>();
        }

        if (staff.Id == session.ClosingStaffId)
        {
            return ReviewErrors.ClosedBySameStaffMember.Fail<PaymentSession>();
        }

        if (Rules.Note(command.Note, ReviewErrors.NoteTooLong) is { } noteError)
        {
            return Outcome<PaymentSession>.Fail(noteError);
        }

        var approval = new SessionReview(ReviewStatus.Approved, staff.Id, reason?.Id, command.Note, now);
        if (!await work.ApproveSessionReviewAsync(command.ShopId, session.Id, approval).ConfigureAwait(false))
        {
            return ReviewErrors.AlreadyApproved.Fail<PaymentSession>();
        }

        return Outcome<PaymentSession>.Ok(session with { Review = approval });
    }
}

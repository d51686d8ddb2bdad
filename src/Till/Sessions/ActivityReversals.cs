using Till.Common;
using Till.ReasonCodes;
using Till.Storage;
using Till.Webhooks;

namespace Till.Sessions;

/// <summary>
/// Corrections by reversal, never by editing: <c>tillCashActivityReverse</c> appends the opposite
/// of an adjustment or a cash payout to its (open) session, linked to it both ways. An activity
/// is reversed at most once; sales are refunded and counts counted again instead.
/// </summary>
public sealed class ActivityReversals(ITillStore store, TimeProvider clock)
{
    /// <summary>Reverses an activity, answering the reversal.</summary>
    public Task<Outcome<CashActivity>> ReverseAsync(ReverseActivityCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var now = clock.UtcNowSeconds();
        return WriteUnit.RunAsync(
            store, command.ShopId, command.Idempotency, now, work => ReverseCoreAsync(work, command, now),
            _ => ReversalErrors.FailedToReverse.Fail<CashActivity>(),
            cancellationToken);
    }

    private static async Task<Outcome<CashActivity>> ReverseCoreAsync(IUnitOfWork work, ReverseActivityCommand command, DateTimeOffset now)
    {
        var original = command.ActivityId is { } activityId ? await work.GetActivityAsync(command.ShopId, activityId).ConfigureAwait(false) : null;
        if (original is null)
        {
            return ReversalErrors.ActivityNotFound.Fail<CashActivity>();
        }

        // The session and its drawer are locked from here on, so the checks below stay true until the commit.
        var context = await work.GetSessionContextAsync(command.ShopId, original.SessionId, command.StaffId, CashEvents.ActivityTopics, cashSettings: false).ConfigureAwait(false);
        var (session, staff, drawer) = context;
        if (command.StaffId is null || staff is not { Active: true })
        {
            return ReversalErrors.StaffMemberNotFound.Fail<CashActivity>();
        }

        ReasonCode? reason = null;
        if (command.ReasonCodeGiven)
        {
            var found = command.ReasonCode is { } reference ? await work.GetReasonCodeAsync(command.ShopId, reference.Id).ConfigureAwait(false) : null;
            if (found is not { Deleted: false } || found.Kind != command.ReasonCode!.Kind)
            {
                return ReversalErrors.ReasonCodeNotFound.Fail<CashActivity>();
            }

            reason = found;
        }

        var refusal = original switch
        {
            { Kind: ActivityKind.Transaction } => ReversalErrors.TransactionNotReversible,
            { Kind: ActivityKind.Count } => ReversalErrors.CountNotReversible,
            { Type: ActivityType.ClosingAdjustment } => ReversalErrors.ClosingAdjustmentNotReversible,
            { ReversesId: not null } => ReversalErrors.ReversalNotReversible,
            _ => null,
        };
        if (refusal is not null)
        {
            return refusal.Fail<CashActivity>();
        }

        if (session is not { Status: SessionStatus.Open })
        {
            return ReversalErrors.SessionClosed.Fail<CashActivity>();
        }

        if (drawer is null)
        {
            return ReversalErrors.DrawerGone.Fail<CashActivity>();
        }

        if (await work.GetReversalOfAsync(command.ShopId, original.Id).ConfigureAwait(false) is not null)
        {
            return ReversalErrors.AlreadyReversed.Fail<CashActivity>();
        }

        if (Rules.Note(command.Note, ReversalErrors.NoteTooLong) is { } noteError)
        {
            return Outcome<CashActivity>.Fail(noteError);
        }

        var reversal = new CashActivity
        {
            ShopId = command.ShopId,
            DrawerId = drawer.Id,
            SessionId = session.Id,
            Kind = ActivityKind.Adjustment,
            Type = original.Type,
            Cash = -original.Cash,
            Currency = original.Currency,
            Time = now < session.OpeningTime ? session.OpeningTime : now,
            StaffId = command.StaffId.Value,
            ReasonCodeId = reason?.Id,
            Note = command.Note,
            ReversesId = original.Id,
        };
        var totals = context.Totals ?? await work.GetSessionTotalsAsync(command.ShopId, session.Id).ConfigureAwait(false);
        if (!LedgerBounds.Books(drawer.Balance, totals, [reversal]))
        {
            return ReversalErrors.OutOfRange.Fail<CashActivity>();
        }

        var events = CashEvents.For(work, command.ShopId, CashEvents.ActivityTopics, context.Subscriptions);
        var booked = await work.AppendActivityAsync(reversal).ConfigureAwait(false);
        await events.ActivityCreatedAsync(booked, reason, now).ConfigureAwait(false);
        return Outcome<CashActivity>.Ok(booked);
    }
}

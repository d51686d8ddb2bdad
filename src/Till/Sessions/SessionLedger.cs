using Till.Common;
using Till.ReasonCodes;
using Till.Reviews;
using Till.Storage;
using Till.Webhooks;

namespace Till.Sessions;

/// <summary>
/// The use cases of a payment session: open, count, adjust and close. Each runs in one write
/// unit of work, checks its arguments in the documented order (first failure wins) and either
/// commits everything or nothing.
/// </summary>
public sealed class SessionLedger(ITillStore store, TimeProvider clock)
{
    /// <summary>Opens a session with a counted float.</summary>
    public Task<Outcome<PaymentSession>> OpenAsync(OpenSessionCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var now = Now();
        return WriteUnit.RunAsync(
            store, command.ShopId, command.Idempotency, now, work => OpenCoreAsync(work, command, now),
            _ => SessionErrors.Open.NotSaved.Fail<PaymentSession>(),
            cancellationToken);
    }

    private static async Task<Outcome<PaymentSession>> OpenCoreAsync(IUnitOfWork work, OpenSessionCommand command, DateTimeOffset now)
    {
        // One read of everything the checks need; the store locks device, session and drawer in its
        // own order, and the errors are still reported in the documented order.
        var context = command.DeviceId is { } deviceId
            ? await work.GetOpenContextAsync(command.ShopId, deviceId, command.StaffId, command.ReasonCodeGiven ? command.ReasonCode?.Id : null, CashEvents.OpenTopics).ConfigureAwait(false)
            : OpenContext.None;
        var device = context.Device;
        if (device is null)
        {
            return SessionErrors.Open.DeviceNotFound.Fail<PaymentSession>();
        }

        if (command.StaffId is null || context.Staff is not { Active: true })
        {
            return SessionErrors.Open.StaffMemberNotFound.Fail<PaymentSession>();
        }

        var (reasonOk, reason) = ReasonCodeGiven(command.ReasonCodeGiven, command.ReasonCode, context.Reason);
        if (!reasonOk)
        {
            return SessionErrors.Open.ReasonCodeNotFound.Fail<PaymentSession>();
        }

        var alreadyOpen = context.OpenSession is not null;
        var drawer = context.Drawer;
        if (drawer is null)
        {
            return SessionErrors.Open.NoCashDrawer.Fail<PaymentSession>();
        }

        if (alreadyOpen)
        {
            return SessionErrors.Open.AlreadyOpen.Fail<PaymentSession>();
        }

        decimal? balance = null;
        if (command.Balance is { } given)
        {
            if (given.CurrencyCode != drawer.Currency)
            {
                return SessionErrors.Open.CurrencyMismatch.Fail<PaymentSession>(drawer.Currency);
            }

            if (Rules.Amount(given.Amount, drawer.Currency, SessionErrors.Open.Balance, out var parsed) is { } amountError)
            {
                return Outcome<PaymentSession>.Fail(amountError);
            }

            balance = parsed;
        }

        if ((Rules.FutureTime(command.Time, now, SessionErrors.Open.TimeInFuture) ?? Rules.Note(command.Note, SessionErrors.Open.NoteTooLong)) is { } otherError)
        {
            return Outcome<PaymentSession>.Fail(otherError);
        }

        var floatSetup = drawer.ActivityCount == 0;
        var counted = balance ?? (floatSetup ? 0m : drawer.Balance);
        var expected = floatSetup ? counted : drawer.Balance;
        if (floatSetup && reason is null)
        {
            reason = context.FloatSetup;
        }

        if (DenominationRules.Check(command.Denominations, drawer.Currency, counted, out var denominations) is { } denominationError)
        {
            return Outcome<PaymentSession>.Fail(denominationError);
        }

        var openingCash = floatSetup ? counted : counted - expected;
        if (!LedgerBounds.Fits(drawer.Balance + openingCash) || !LedgerBounds.Fits(counted - expected))
        {
            return SessionErrors.Open.OutOfRange.Fail<PaymentSession>();
        }

        var openingTime = command.Time ?? now;
        var events = CashEvents.For(work, command.ShopId, CashEvents.OpenTopics, context.Subscriptions);
        var session = await work.InsertSessionAsync(new PaymentSession
        {
            ShopId = command.ShopId,
            DeviceId = device.Id,
            DrawerId = drawer.Id,
            LocationId = drawer.LocationId,
            Currency = drawer.Currency,
            Status = SessionStatus.Open,
            OpeningTime = openingTime,
            CreatedAt = now,
            OpeningStaffId = command.StaffId!.Value,
            OpeningNote = command.Note,
            ExpectedCashAtOpen = expected,
            CashCountedAtOpen = counted,
        }).ConfigureAwait(false);
        if (session is null)
        {
            return SessionErrors.Open.AlreadyOpen.Fail<PaymentSession>();
        }

        var opening = await work.AppendActivityAsync(new CashActivity
        {
            ShopId = command.ShopId,
            DrawerId = drawer.Id,
            SessionId = session.Id,
            Kind = ActivityKind.Count,
            Type = ActivityType.Opening,
            Cash = openingCash,
            Currency = drawer.Currency,
            Time = openingTime,
            StaffId = command.StaffId.Value,
            ReasonCodeId = reason?.Id,
            Note = command.Note,
            Counted = counted,
            Expected = expected,
            Discrepancy = counted - expected,
            Denominations = denominations,
        }).ConfigureAwait(false);

        await events.SessionOpenedAsync(session, LedgerFigures.SessionDelta(opening), now).ConfigureAwait(false);
        await events.ActivityCreatedAsync(opening, reason, now).ConfigureAwait(false);
        return Outcome<PaymentSession>.Ok(session);
    }

    /// <summary>Records a mid-session count: the book balance is re-based to the counted cash.</summary>
    public Task<Outcome<PaymentSession>> CountAsync(CountSessionCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var now = Now();
        return WriteUnit.RunAsync(
            store, command.ShopId, command.Idempotency, now, work => CountOrCloseAsync(work, command, closing: false, now),
            _ => SessionErrors.Count.FailedToRecordCount.Fail<PaymentSession>(),
            cancellationToken);
    }

    /// <summary>Closes a session with the counted cash, booking the closing adjustment.</summary>
    public Task<Outcome<PaymentSession>> CloseAsync(CountSessionCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var now = Now();
        return WriteUnit.RunAsync(
            store, command.ShopId, command.Idempotency, now, work => CountOrCloseAsync(work, command, closing: true, now),
            _ => SessionErrors.Close.FailedToCloseSession.Fail<PaymentSession>(),
            cancellationToken);
    }

    private static async Task<Outcome<PaymentSession>> CountOrCloseAsync(IUnitOfWork work, CountSessionCommand command, bool closing, DateTimeOffset now)
    {
        var topics = closing ? CashEvents.CloseTopics : CashEvents.ActivityTopics;
        var context = command.SessionId is { } sessionId
            ? await work.GetSessionContextAsync(command.ShopId, sessionId, command.StaffId, topics, cashSettings: closing).ConfigureAwait(false)
            : SessionContext.None;
        var (session, staff, drawer) = context;
        if (session is null)
        {
            return SessionErrors.CountOrClose.SessionNotFound.Fail<PaymentSession>();
        }

        if (staff is not { Active: true })
        {
            return SessionErrors.CountOrClose.StaffMemberNotFound.Fail<PaymentSession>();
        }

        var (reasonOk, reason) = await ReasonCodeAsync(work, command.ShopId, command.ReasonCodeGiven, command.ReasonCode).ConfigureAwait(false);
        if (!reasonOk)
        {
            return SessionErrors.CountOrClose.ReasonCodeNotFound.Fail<PaymentSession>();
        }

        if (session.Status != SessionStatus.Open)
        {
            return SessionErrors.CountOrClose.SessionClosed.Fail<PaymentSession>();
        }

        if (drawer is null)
        {
            return SessionErrors.CountOrClose.DrawerGone.Fail<PaymentSession>();
        }

        var time = command.Time ?? now;
        if (time < session.OpeningTime)
        {
            return SessionErrors.CountOrClose.TimeBeforeOpen.Fail<PaymentSession>();
        }

        if (command.Balance.CurrencyCode != drawer.Currency)
        {
            return SessionErrors.CountOrClose.CurrencyMismatch.Fail<PaymentSession>(drawer.Currency);
        }

        if ((Rules.Amount(command.Balance.Amount, drawer.Currency, SessionErrors.CountOrClose.Balance, out var counted)
            ?? Rules.FutureTime(command.Time, now, SessionErrors.CountOrClose.TimeInFuture)
            ?? Rules.Note(command.Note, SessionErrors.CountOrClose.NoteTooLong)) is { } ruleError)
        {
            return Outcome<PaymentSession>.Fail(ruleError);
        }

        if (DenominationRules.Check(command.Denominations, drawer.Currency, counted, out var denominations) is { } denominationError)
        {
            return Outcome<PaymentSession>.Fail(denominationError);
        }

        var expected = drawer.Balance;
        var difference = counted - expected;
        List<CashActivity> bookings =
        [
            new CashActivity
            {
                ShopId = command.ShopId,
                DrawerId = drawer.Id,
                SessionId = session.Id,
                Kind = ActivityKind.Count,
                Type = closing ? ActivityType.Closing : ActivityType.MidSession,
                Cash = closing ? 0m : difference,
                Currency = drawer.Currency,
                Time = time,
                StaffId = command.StaffId!.Value,
                ReasonCodeId = reason?.Id,
                Note = command.Note,
                Counted = counted,
                Expected = expected,
                Discrepancy = difference,
                Denominations = denominations,
            },
        ];
        if (closing && difference != 0)
        {
            bookings.Add(new CashActivity
            {
                ShopId = command.ShopId,
                DrawerId = drawer.Id,
                SessionId = session.Id,
                Kind = ActivityKind.Adjustment,
                Type = ActivityType.ClosingAdjustment,
                Cash = difference,
                Currency = drawer.Currency,
                Time = time,
                StaffId = command.StaffId.Value,
                ReasonCodeId = reason?.Id,
                Note = command.Note,
            });
        }

        var totals = context.Totals ?? await work.GetSessionTotalsAsync(command.ShopId, session.Id).ConfigureAwait(false);
        if (!LedgerBounds.Books(drawer.Balance, totals, bookings))
        {
            return SessionErrors.CountOrClose.OutOfRange.Fail<PaymentSession>();
        }

        var events = CashEvents.For(work, command.ShopId, topics, context.Subscriptions);
        var totalsAfter = totals;
        foreach (var booking in bookings)
        {
            var booked = await work.AppendActivityAsync(booking).ConfigureAwait(false);
            await events.ActivityCreatedAsync(booked, reason, now).ConfigureAwait(false);
            totalsAfter = totalsAfter.Plus(LedgerFigures.SessionDelta(booked));
        }

        if (!closing)
        {
            // The unit holds the session's lock: its totals after these bookings are known, and
            // the payload reads them from here instead of from the database again.
            return Outcome<PaymentSession>.Ok(session with { Totals = totalsAfter });
        }

        // A close whose adjustment exceeds a threshold of the location still closes (the cash was
        // counted) and asks for a manager's approval. No adjustment exceeds anything. The settings
        // came with the context read (a store that did not bring them reads them only when there is
        // an adjustment).
        SessionReview? review = null;
        if (difference != 0
            && VarianceRule.Exceeds(context.CashSettings ?? await work.GetLocationCashSettingsAsync(command.ShopId, session.LocationId).ConfigureAwait(false), difference, VarianceRule.CashHandled(session, totals)))
        {
            review = SessionReview.Required;
        }

        var closed = session with
        {
            Status = SessionStatus.Closed,
            Review = review,
            ClosingTime = time,
            ClosingStaffId = command.StaffId.Value,
            ClosingNote = command.Note,
            ExpectedCashAtClose = expected,
            CashCountedAtClose = counted,
            ClosingAdjustment = difference,
            Totals = totalsAfter,
        };
        if (!await work.CloseSessionAsync(closed).ConfigureAwait(false))
        {
            return SessionErrors.CountOrClose.SessionClosed.Fail<PaymentSession>();
        }

        await events.SessionClosedAsync(closed, totalsAfter, now).ConfigureAwait(false);
        return Outcome<PaymentSession>.Ok(closed);
    }

    /// <summary>Adds or removes cash during a session.</summary>
    public Task<Outcome<PaymentSession>> AdjustAsync(AdjustSessionCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var now = Now();
        return WriteUnit.RunAsync(store, command.ShopId, command.Idempotency, now, work => AdjustCoreAsync(work, command, now), onFailure: null, cancellationToken);
    }

    private static async Task<Outcome<PaymentSession>> AdjustCoreAsync(IUnitOfWork work, AdjustSessionCommand command, DateTimeOffset now)
    {
        var context = command.SessionId is { } sessionId
            ? await work.GetSessionContextAsync(command.ShopId, sessionId, command.StaffId, CashEvents.ActivityTopics, cashSettings: false).ConfigureAwait(false)
            : SessionContext.None;
        var (session, staff, drawer) = context;
        if (session is null)
        {
            return SessionErrors.Adjust.SessionNotFound.Fail<PaymentSession>();
        }

        if (session.Status != SessionStatus.Open)
        {
            return SessionErrors.Adjust.SessionClosed.Fail<PaymentSession>();
        }

        if (staff is not { Active: true })
        {
            return SessionErrors.Adjust.StaffMemberNotFound.Fail<PaymentSession>();
        }

        var (reasonOk, reason) = await ReasonCodeAsync(work, command.ShopId, command.ReasonCodeGiven, command.ReasonCode).ConfigureAwait(false);
        if (!reasonOk)
        {
            return SessionErrors.Adjust.ReasonCodeNotFound.Fail<PaymentSession>();
        }

        if (drawer is null)
        {
            return SessionErrors.Adjust.DrawerGone.Fail<PaymentSession>();
        }

        if (command.Cash.CurrencyCode != drawer.Currency)
        {
            return SessionErrors.Adjust.CurrencyMismatch.Fail<PaymentSession>(drawer.Currency);
        }

        if (Rules.Amount(command.Cash.Amount, drawer.Currency, SessionErrors.Adjust.Cash, out var cash) is { } amountError)
        {
            return Outcome<PaymentSession>.Fail(amountError);
        }

        if (cash == 0)
        {
            return SessionErrors.Adjust.ZeroAmount.Fail<PaymentSession>();
        }

        var time = command.Time ?? now;
        if (time < session.OpeningTime)
        {
            return SessionErrors.Adjust.TimeBeforeOpen.Fail<PaymentSession>();
        }

        if ((Rules.FutureTime(command.Time, now, SessionErrors.Adjust.TimeInFuture) ?? Rules.Note(command.Note, SessionErrors.Adjust.NoteTooLong)) is { } ruleError)
        {
            return Outcome<PaymentSession>.Fail(ruleError);
        }

        var payout = reason?.IsCashPayout == true;
        var activity = new CashActivity
        {
            ShopId = command.ShopId,
            DrawerId = drawer.Id,
            SessionId = session.Id,
            Kind = ActivityKind.Adjustment,
            Type = payout ? ActivityType.CashPayout : ActivityType.Adjustment,
            Cash = payout ? -Math.Abs(cash) : cash,
            Currency = drawer.Currency,
            Time = time,
            StaffId = command.StaffId!.Value,
            ReasonCodeId = reason?.Id,
            Note = command.Note,
        };
        var totals = context.Totals ?? await work.GetSessionTotalsAsync(command.ShopId, session.Id).ConfigureAwait(false);
        if (!LedgerBounds.Books(drawer.Balance, totals, [activity]))
        {
            return SessionErrors.Adjust.OutOfRange.Fail<PaymentSession>();
        }

        var events = CashEvents.For(work, command.ShopId, CashEvents.ActivityTopics, context.Subscriptions);
        var booked = await work.AppendActivityAsync(activity).ConfigureAwait(false);
        await events.ActivityCreatedAsync(booked, reason, now).ConfigureAwait(false);
        return Outcome<PaymentSession>.Ok(session with { Totals = totals.Plus(LedgerFigures.SessionDelta(booked)) });
    }

    private static async Task<(bool Ok, ReasonCode? Code)> ReasonCodeAsync(IUnitOfWork work, long shopId, bool given, ReasonCodeRef? reference)
    {
        var code = given && reference is not null ? await work.GetReasonCodeAsync(shopId, reference.Id).ConfigureAwait(false) : null;
        return ReasonCodeGiven(given, reference, code);
    }

    // A reason code argument is good when absent, or when it names a live code of the kind its ID says.
    private static (bool Ok, ReasonCode? Code) ReasonCodeGiven(bool given, ReasonCodeRef? reference, ReasonCode? found) =>
        !given ? (true, null)
        : found is { Deleted: false } && reference is not null && found.Kind == reference.Kind ? (true, found)
        : (false, null);

    private DateTimeOffset Now() => clock.UtcNowSeconds();
}

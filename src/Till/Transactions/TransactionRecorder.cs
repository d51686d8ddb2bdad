using Till.Common;
using Till.Sessions;
using Till.Storage;
using Till.Webhooks;

namespace Till.Transactions;

/// <summary>Records order transactions: cash ones become activities in the device's open session.</summary>
public sealed class TransactionRecorder(ITillStore store, TimeProvider clock)
{
    /// <summary>The transaction kinds a device may report.</summary>
    public static readonly IReadOnlySet<string> Kinds = new HashSet<string>(StringComparer.Ordinal) { "SALE", "REFUND", "CHANGE" };

    private static readonly IReadOnlyList<string> TenderTopics = [WebhookTopics.TenderTransactionsCreate];

    private static readonly IReadOnlyList<string> TenderAndCashTopics = [WebhookTopics.TenderTransactionsCreate, WebhookTopics.TillCashActivitiesCreate];

    /// <summary>
    /// Records one transaction; a cash one without an open session is refused with NO_OPEN_SESSION.
    /// With <paramref name="idempotency"/>, a retry of a recorded transaction answers the first one
    /// and records nothing (<see cref="IdempotencyConflictException"/> when the key came with another request).
    /// </summary>
    public Task<Outcome<OrderTransaction>> RecordAsync(RecordTransactionCommand command, IdempotencyKey? idempotency = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var now = clock.UtcNowSeconds();
        return WriteUnit.RunAsync(store, command.ShopId, idempotency, now, work => RecordCoreAsync(work, command, now), onFailure: null, cancellationToken);
    }

    private static async Task<Outcome<OrderTransaction>> RecordCoreAsync(IUnitOfWork work, RecordTransactionCommand command, DateTimeOffset now)
    {
        // One read of everything the checks need; it locks device, session and drawer (PostgreSQL),
        // so the activity's place in the drawer's order is the order in which its cash reaches the balance.
        var context = command.DeviceId is { } deviceId
            ? await work.GetDeviceContextAsync(command.ShopId, deviceId, command.StaffId, TenderAndCashTopics).ConfigureAwait(false)
            : DeviceContext.None;
        var device = context.Device;
        if (device is null)
        {
            return TransactionErrors.Record.DeviceNotFound.Fail<OrderTransaction>();
        }

        if (!Kinds.Contains(command.Kind))
        {
            return TransactionErrors.Record.InvalidKind.Fail<OrderTransaction>();
        }

        if (string.IsNullOrWhiteSpace(command.Gateway) || command.Gateway.Length > 100)
        {
            return TransactionErrors.Record.InvalidGateway.Fail<OrderTransaction>();
        }

        if (context.Staff is not { Active: true })
        {
            return TransactionErrors.Record.StaffMemberNotFound.Fail<OrderTransaction>();
        }

        if (command.Amount <= 0)
        {
            return TransactionErrors.Record.AmountNotPositive.Fail<OrderTransaction>();
        }

        var session = context.OpenSession;
        var isCash = string.Equals(command.Gateway, "cash", StringComparison.OrdinalIgnoreCase);
        if (isCash && session is null)
        {
            return TransactionErrors.Record.NoOpenSession.Fail<OrderTransaction>();
        }

        var currency = session?.Currency ?? context.Location!.Currency;
        if (command.Currency != currency)
        {
            return TransactionErrors.Record.CurrencyMismatch.Fail<OrderTransaction>(currency);
        }

        if (Rules.Amount(command.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture), currency, TransactionErrors.Record.Amount, out _) is { } amountError)
        {
            return Outcome<OrderTransaction>.Fail(amountError);
        }

        if (Rules.FutureTime(command.ProcessedAt, now, TransactionErrors.Record.TimeInFuture) is { } timeError)
        {
            return Outcome<OrderTransaction>.Fail(timeError);
        }

        var processedAt = command.ProcessedAt ?? now;
        if (session is not null && processedAt < session.OpeningTime)
        {
            return TransactionErrors.Record.TimeBeforeOpen.Fail<OrderTransaction>();
        }

        var recorded = new OrderTransaction(
            command.ShopId, 0, device.Id, device.LocationId, session?.Id, command.Kind, isCash ? "cash" : command.Gateway.Trim(),
            command.Amount, currency, command.StaffId!.Value, processedAt, now);
        var cash = isCash
            ? new CashActivity
            {
                ShopId = command.ShopId,
                DrawerId = session!.DrawerId,
                SessionId = session.Id,
                Kind = ActivityKind.Transaction,
                Type = command.Kind,
                Cash = recorded.DrawerCash,
                Currency = currency,
                Time = processedAt,
                StaffId = command.StaffId.Value,
            }
            : null;
        if (session is not null)
        {
            var totals = context.OpenSessionTotals ?? await work.GetSessionTotalsAsync(command.ShopId, session.Id).ConfigureAwait(false);
            if (!LedgerBounds.Books(context.SessionDrawer?.Balance ?? 0m, totals, cash is null ? [] : [cash], recorded))
            {
                return TransactionErrors.Record.OutOfRange.Fail<OrderTransaction>();
            }
        }

        // Every recorded transaction is a tender transaction: its webhook is written in this unit, so
        // it commits with the transaction or not at all. A cash one books an activity too, which
        // fires the till version's TILL_CASH_ACTIVITIES_CREATE. Both topics' subscriptions came with
        // the context read (whether the gateway is cash is known only after it); a card
        // transaction fires only the first.
        var events = CashEvents.For(work, command.ShopId, cash is null ? TenderTopics : TenderAndCashTopics, context.Subscriptions);
        var (transaction, activity) = await work.RecordTransactionAsync(recorded, cash).ConfigureAwait(false);
        await events.Of(WebhookTopics.TenderTransactionsCreate).EnqueueAsync(_ => WebhookPayloads.TenderTransaction(transaction), now).ConfigureAwait(false);
        if (activity is not null)
        {
            await events.ActivityCreatedAsync(activity, null, now).ConfigureAwait(false);
        }

        return Outcome<OrderTransaction>.Ok(transaction);
    }
}

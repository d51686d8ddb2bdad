using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Till.Money;

namespace Till.Sessions;

/// <summary>
/// The tamper-evident chain of a drawer's ledger. Each activity's link (<c>tillHash</c>) is the
/// SHA-256, in lower-case hex, of its canonical bytes, which start with the previous link of the
/// same drawer, so changing, removing, inserting or reordering any activity breaks every link
/// after it. docs/extensions.md ("The ledger chain") documents the bytes for anyone to recompute.
/// </summary>
public static class LedgerChain
{
    /// <summary>The first field of every activity's canonical bytes: the format's name and version.</summary>
    public const string Format = "till-ledger-1";

    /// <summary>
    /// The canonical bytes of an activity at <paramref name="position"/> (1 for a drawer's first
    /// activity) after the link <paramref name="previous"/> (null for the first): each field as
    /// <c>length:value,</c> (length in UTF-8 bytes, in decimal), or <c>-,</c> for a field with no
    /// value, in the order this method writes them.
    /// </summary>
    public static byte[] Canonical(string? previous, long position, CashActivity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var text = new StringBuilder(256);
        Field(text, Format);
        Field(text, previous ?? string.Empty);
        Field(text, Number(activity.ShopId));
        Field(text, Number(activity.DrawerId));
        Field(text, Number(position));
        Field(text, Number(activity.SessionId));
        Field(text, activity.Kind.ToString());
        Field(text, activity.Type);
        Field(text, Number(MoneyAmount.ToThousandths(activity.Cash)));
        Field(text, activity.Currency);
        Field(text, Number(activity.Time.UtcTicks));
        Field(text, Number(activity.StaffId));
        Field(text, activity.ReasonCodeId is { } reason ? Number(reason) : null);
        // Both databases store U+FFFD for NUL (PostgreSQL cannot keep NUL), so the stored note is hashed.
        Field(text, activity.Note?.Replace('\0', '\uFFFD'));
        Field(text, Thousandths(activity.Counted));
        Field(text, Thousandths(activity.Expected));
        Field(text, Thousandths(activity.Discrepancy));
        Field(text, activity.TransactionId is { } transaction ? Number(transaction) : null);
        Field(text, activity.ReversesId is { } reversed ? Number(reversed) : null);
        Field(text, DenominationCount.Format(activity.Denominations));
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>The link of an activity at <paramref name="position"/> after <paramref name="previous"/>.</summary>
    public static string Link(string? previous, long position, CashActivity activity) =>
        Convert.ToHexStringLower(SHA256.HashData(Canonical(previous, position, activity)));

    private static void Field(StringBuilder text, string? value)
    {
        if (value is null)
        {
            text.Append("-,");
            return;
        }

        text.Append(Encoding.UTF8.GetByteCount(value).ToString(CultureInfo.InvariantCulture)).Append(':').Append(value).Append(',');
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string? Thousandths(decimal? amount) => amount is { } a ? Number(MoneyAmount.ToThousandths(a)) : null;
}

/// <summary>
/// Walks one drawer's chain in recording order (by ID), given the drawer's ledger head and
/// activity count as read before the activities: the first <c>count</c> links must hold and the
/// last of them be the head; activities booked after that read must chain on from it. Feed it
/// the activities with <see cref="Step"/>, then call <see cref="Finish"/>.
/// </summary>
public sealed class LedgerWalk(string? head, long activityCount)
{
    private string? previous;
    private long lastId;

    /// <summary>The activities walked so far.</summary>
    public long Position { get; private set; }

    /// <summary>The first break, once found; the walk stops there.</summary>
    public LedgerBreak? Break { get; private set; }

    /// <summary>The hash of the last activity walked.</summary>
    public string? Last => previous;

    /// <summary>The ID of the last activity walked (0 before the first).</summary>
    public long LastId => lastId;

    /// <summary>
    /// Starts the walk after an activity already known to hold (a verified checkpoint): the one
    /// with <paramref name="activityId"/> at <paramref name="position"/>, whose link is
    /// <paramref name="hash"/>. Only before the first <see cref="Step"/>.
    /// </summary>
    public void ResumeAfter(long activityId, long position, string hash)
    {
        if (Position != 0 || Break is not null)
        {
            throw new InvalidOperationException("A walk resumes only before its first step.");
        }

        Position = position;
        previous = hash;
        lastId = activityId;
        if (position == activityCount && !string.Equals(hash, head, StringComparison.Ordinal))
        {
            Break = new LedgerBreak(activityId, position, "the drawer's ledger head is not the hash of this, its last recorded activity");
        }
    }

    /// <summary>Checks the next activity; false once the chain is broken.</summary>
    public bool Step(CashActivity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (Break is not null)
        {
            return false;
        }

        Position++;
        var expected = LedgerChain.Link(previous, Position, activity);
        if (!string.Equals(expected, activity.Hash, StringComparison.Ordinal))
        {
            Break = new LedgerBreak(activity.Id, Position, activity.Hash is null
                ? "it has no ledger hash"
                : "its hash does not match its content and the link before it (an activity was changed, removed, inserted or reordered)");
            return false;
        }

        if (Position == activityCount && !string.Equals(activity.Hash, head, StringComparison.Ordinal))
        {
            Break = new LedgerBreak(activity.Id, Position, "the drawer's ledger head is not the hash of this, its last recorded activity");
            return false;
        }

        previous = activity.Hash;
        lastId = activity.Id;
        return true;
    }

    /// <summary>The first break of the whole walk, or null when the chain holds.</summary>
    public LedgerBreak? Finish()
    {
        if (Break is null && Position < activityCount)
        {
            Break = new LedgerBreak(lastId == 0 ? null : lastId, Position, string.Create(CultureInfo.InvariantCulture,
                $"the drawer records {activityCount} activities but its ledger holds {Position} (an activity was removed after the last one that links)"));
        }

        if (Break is null && activityCount == 0 && head is not null)
        {
            Break = new LedgerBreak(null, 0, "the drawer has a ledger head but no activities");
        }

        return Break;
    }
}

/// <summary>
/// Where a drawer's chain breaks: the activity (null when the drawer has none left), its position
/// in the chain, and what is wrong.
/// </summary>
public sealed record LedgerBreak(long? ActivityId, long Position, string Problem);

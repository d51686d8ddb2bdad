namespace Till.Seeding;

/// <summary>
/// A payment session of generated history, as stored: amounts in thousandths, times in UTC ticks;
/// the closing figures are null while it is open. <see cref="Id"/> is the generator's own number,
/// which the loader maps to the row's real ID.
/// </summary>
public readonly record struct SeedSession(
    long Id, long Device, long Drawer, long Location, string Status, long OpeningTime, long OpeningStaff, long ExpectedAtOpen, long CountedAtOpen,
    long? ClosingTime, long? ClosingStaff, long? ExpectedAtClose, long? CountedAtClose, long? ClosingAdjustment);

/// <summary>An order transaction of generated history, of any tender; <see cref="Session"/> is a generator number.</summary>
public readonly record struct SeedTransaction(long Id, long Device, long Location, long Session, string Kind, string Gateway, long Amount, long Staff, long Time);

/// <summary>A cash activity of generated history; <see cref="Session"/> and <see cref="Transaction"/> are generator numbers.</summary>
public readonly record struct SeedActivity(
    long Id, long Drawer, long Session, string Kind, string Type, long Cash, long Time, long Staff, long? ReasonCode, string? Note,
    long? Counted, long? Expected, long? Discrepancy, long? Transaction);

/// <summary>
/// One batch of generated history, written in foreign-key order (sessions, transactions,
/// activities) in one transaction. A session's transactions and activities are in its batch.
/// </summary>
public sealed class HistoryBatch
{
    /// <summary>The sessions, in generator-number order.</summary>
    public List<SeedSession> Sessions { get; } = [];

    /// <summary>The order transactions, in generator-number order.</summary>
    public List<SeedTransaction> Transactions { get; } = [];

    /// <summary>The cash activities, in generator-number order.</summary>
    public List<SeedActivity> Activities { get; } = [];

    /// <summary>Empties the batch for the next one.</summary>
    public void Clear()
    {
        Sessions.Clear();
        Transactions.Clear();
        Activities.Clear();
    }
}

/// <summary>A drawer of the seeded shop with its device, its location's staff, and its running book balance (thousandths).</summary>
public sealed class SeedDrawer(long id, long device, long location, IReadOnlyList<long> staff)
{
    /// <summary>The drawer's ID.</summary>
    public long Id { get; } = id;

    /// <summary>The device assigned to it.</summary>
    public long Device { get; } = device;

    /// <summary>Its location.</summary>
    public long Location { get; } = location;

    /// <summary>The staff members who work its shifts.</summary>
    public IReadOnlyList<long> Staff { get; } = staff;

    /// <summary>The book balance: the sum of its activities' cash.</summary>
    public long Balance { get; set; }

    /// <summary>How many activities it has.</summary>
    public long ActivityCount { get; set; }
}

/// <summary>The shop's reason codes the generated history refers to.</summary>
public sealed record SeedReasonCodes(long FloatSetup, long CashPayout, long TipPayout, long PettyCash, long CashPickup, long ChangeCorrection, long CashCount);

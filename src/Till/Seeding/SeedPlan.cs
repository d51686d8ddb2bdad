namespace Till.Seeding;

/// <summary>
/// What <c>till seed</c> makes: a shop with <see cref="Locations"/> locations, each with
/// <see cref="DrawersPerLocation"/> drawers (a device assigned to each) and
/// <see cref="StaffPerLocation"/> staff members, and <see cref="Days"/> days of shifts ending on
/// <see cref="LastDay"/> (a date in <see cref="TimeZone"/>). The same plan with the same
/// <see cref="Seed"/> makes the same ledger.
/// </summary>
public sealed record SeedPlan
{
    /// <summary>The seed of every random choice.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>How many days of history.</summary>
    public int Days { get; init; } = 90;

    /// <summary>The last day with shifts, in <see cref="TimeZone"/>; it must be before today there.</summary>
    public DateOnly LastDay { get; init; }

    /// <summary>The zone the shop's days and opening hours are in.</summary>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;

    /// <summary>The shop's name.</summary>
    public string ShopName { get; init; } = "Seeded Shop";

    /// <summary>The shop's currency.</summary>
    public string Currency { get; init; } = "USD";

    /// <summary>Locations of the shop.</summary>
    public int Locations { get; init; } = 5;

    /// <summary>Drawers (and devices) per location.</summary>
    public int DrawersPerLocation { get; init; } = 2;

    /// <summary>Staff members per location.</summary>
    public int StaffPerLocation { get; init; } = 4;

    /// <summary>Shifts per drawer per open day; they split the opening hours, 08:00 to 20:00.</summary>
    public int ShiftsPerDay { get; init; } = 2;

    /// <summary>The average number of order transactions (all tenders) in a shift on an ordinary day.</summary>
    public int Sales { get; init; } = 30;

    /// <summary>When above 1: one more drawer with a session still open holding this many activities (for benchmarks).</summary>
    public int OpenSessionActivities { get; init; }

    /// <summary>How many more drawers get a session opened through the ledger use case, holding only its opening count.</summary>
    public int FreshSessions { get; init; }

    /// <summary>Sessions written per transaction.</summary>
    public int BatchSessions { get; init; } = 5_000;
}

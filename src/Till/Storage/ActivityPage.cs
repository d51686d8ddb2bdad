namespace Till.Storage;

/// <summary>
/// Which slice of an activity list to read, keyed by (time ticks, id). <see cref="Descending"/>
/// walks from the newest; <see cref="AfterKey"/> excludes everything up to and including that key
/// in the walking direction; at most <see cref="Limit"/> rows; <see cref="StaffId"/> and <see cref="Filter"/> filter.
/// </summary>
public sealed record ActivityPage(bool Descending, (long Ticks, long Id)? AfterKey, int Limit, long? StaffId, Search.BoundFilter? Filter = null);

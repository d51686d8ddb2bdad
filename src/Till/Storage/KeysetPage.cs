namespace Till.Storage;

/// <summary>
/// A slice of a list ordered by (sort key, id): walk ascending or descending, start after a key
/// (exclusive, in the walking direction), and read at most <see cref="Limit"/> rows.
/// </summary>
public sealed record KeysetPage(bool Descending, (long Key, long Id)? After, int Limit);

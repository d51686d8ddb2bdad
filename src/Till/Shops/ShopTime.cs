using System.Globalization;
using NodaTime;
using NodaTime.TimeZones;

namespace Till.Shops;

/// <summary>
/// A shop's local time: its IANA time zone, from the time zone database Till ships with (the same on
/// every node, whatever the machine has installed), and the days it counts. A day is the range of
/// instants from one local midnight to the next, so it lasts 23 or 25 hours across a daylight-saving
/// change (23.5 or 24.5 on Lord Howe Island); where midnight itself is skipped, the day starts at the
/// first instant that exists.
/// </summary>
public sealed class ShopTime
{
    /// <summary>The time zone a shop has unless one is given.</summary>
    public const string Utc = "UTC";

    private static readonly IDateTimeZoneProvider Zones = DateTimeZoneProviders.Tzdb;

    private readonly DateTimeZone zone;

    private ShopTime(DateTimeZone zone) => this.zone = zone;

    /// <summary>The zone's IANA identifier, such as <c>America/New_York</c>.</summary>
    public string ZoneId => zone.Id;

    /// <summary>Whether <paramref name="zoneId"/> names a zone of the IANA time zone database (exactly, as spelt there).</summary>
    public static bool IsKnown(string? zoneId) => zoneId is not null && Zones.GetZoneOrNull(zoneId) is not null;

    /// <summary>The time of a zone; an unknown identifier (which validation keeps out of the database) counts as UTC.</summary>
    public static ShopTime Of(string? zoneId) => new((zoneId is null ? null : Zones.GetZoneOrNull(zoneId)) ?? DateTimeZone.Utc);

    /// <summary>The first instant of a local day.</summary>
    public DateTimeOffset StartOf(DateOnly day)
    {
        if (day == DateOnly.MinValue)
        {
            return DateTimeOffset.MinValue;
        }

        return zone.AtStartOfDay(new LocalDate(day.Year, day.Month, day.Day)).ToDateTimeOffset().ToUniversalTime();
    }

    /// <summary>
    /// The instants of the local days from <paramref name="first"/> to <paramref name="last"/>, both
    /// included, as [start, end); the last representable day runs to the end of time.
    /// </summary>
    public (DateTimeOffset Start, DateTimeOffset End) Days(DateOnly first, DateOnly last) =>
        (StartOf(first), last == DateOnly.MaxValue ? DateTimeOffset.MaxValue : StartOf(last.AddDays(1)));

    /// <summary>The zone's offset from UTC at an instant.</summary>
    public TimeSpan OffsetAt(DateTimeOffset instant) => zone.GetUtcOffset(Instant.FromDateTimeOffset(instant)).ToTimeSpan();

    /// <summary>
    /// The zone's abbreviation at an instant as the time zone database writes it: <c>EST</c> or
    /// <c>EDT</c> in New York, a numeric one such as <c>+1030</c> where the database has no letters.
    /// </summary>
    public string AbbreviationAt(DateTimeOffset instant) => zone.GetZoneInterval(Instant.FromDateTimeOffset(instant)).Name;

    /// <summary>The offset as <c>-0500</c>, <c>+1030</c> or <c>+0000</c>.</summary>
    public static string FormatOffset(TimeSpan offset)
    {
        var sign = offset < TimeSpan.Zero ? "-" : "+";
        var whole = offset.Duration();
        return sign + ((int)whole.TotalHours).ToString("00", CultureInfo.InvariantCulture) + whole.Minutes.ToString("00", CultureInfo.InvariantCulture);
    }

    /// <summary>The version of the time zone database, such as <c>2025b</c>.</summary>
    public static string DatabaseVersion => TzdbDateTimeZoneSource.Default.TzdbVersion;
}

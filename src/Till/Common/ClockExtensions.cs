namespace Till.Common;

/// <summary>Server-chosen times are whole seconds, so they print without fractions.</summary>
public static class ClockExtensions
{
    /// <summary>Now in UTC, truncated to the second.</summary>
    public static DateTimeOffset UtcNowSeconds(this TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        return new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
    }
}

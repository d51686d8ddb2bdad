using System.Text.Json.Serialization;
using Till.Reviews;

namespace Till.Sessions;

/// <summary>One device's shift on its drawer, from open to close.</summary>
public sealed record PaymentSession
{
    /// <summary>Owning shop.</summary>
    public required long ShopId { get; init; }
    /// <summary>Numeric ID.</summary>
    public long Id { get; init; }
    /// <summary>The device the shift runs on.</summary>
    public required long DeviceId { get; init; }
    /// <summary>The drawer the session opened on; it keeps it until closed.</summary>
    public required long DrawerId { get; init; }
    /// <summary>The drawer's location.</summary>
    public required long LocationId { get; init; }
    /// <summary>The drawer's currency.</summary>
    public required string Currency { get; init; }
    /// <summary>Open or closed.</summary>
    public required SessionStatus Status { get; init; }
    /// <summary>When it opened.</summary>
    public required DateTimeOffset OpeningTime { get; init; }
    /// <summary>When its record was made (written with the session; null reads as its opening time).</summary>
    public DateTimeOffset? CreatedAt { get; init; }
    /// <summary>Who opened it.</summary>
    public required long OpeningStaffId { get; init; }
    /// <summary>Note given at open.</summary>
    public string? OpeningNote { get; init; }
    /// <summary>Book balance when it opened.</summary>
    public required decimal ExpectedCashAtOpen { get; init; }
    /// <summary>Cash counted when it opened.</summary>
    public required decimal CashCountedAtOpen { get; init; }
    /// <summary>When it closed.</summary>
    public DateTimeOffset? ClosingTime { get; init; }
    /// <summary>Who closed it.</summary>
    public long? ClosingStaffId { get; init; }
    /// <summary>Note given at close.</summary>
    public string? ClosingNote { get; init; }
    /// <summary>Book balance just before the close.</summary>
    public decimal? ExpectedCashAtClose { get; init; }
    /// <summary>Cash counted at close.</summary>
    public decimal? CashCountedAtClose { get; init; }
    /// <summary>Counted minus expected at close.</summary>
    public decimal? ClosingAdjustment { get; init; }
    /// <summary>The variance review, when the close's adjustment exceeded a threshold of the location.</summary>
    public SessionReview? Review { get; init; }

    /// <summary>
    /// The totals kept on the session's row, read with it, or left by the booking that returns
    /// the session (adjust, count, close: the totals after it); null when the reader cannot vouch
    /// for them (a session read inside a write, which may book more before it returns, or one
    /// replayed from a stored result), so a caller reads them by ID instead.
    /// </summary>
    [JsonIgnore]
    public SessionTotals? Totals { get; init; }
}

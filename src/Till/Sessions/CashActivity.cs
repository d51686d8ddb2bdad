namespace Till.Sessions;

/// <summary>One append-only change to a drawer's cash.</summary>
public sealed record CashActivity
{
    /// <summary>Owning shop.</summary>
    public required long ShopId { get; init; }
    /// <summary>Numeric ID; also the recording order.</summary>
    public long Id { get; init; }
    /// <summary>The drawer whose balance changed.</summary>
    public required long DrawerId { get; init; }
    /// <summary>The session it belongs to.</summary>
    public required long SessionId { get; init; }
    /// <summary>Shape of the activity.</summary>
    public required ActivityKind Kind { get; init; }
    /// <summary>The type name within its kind, e.g. SALE, ADJUSTMENT, OPENING.</summary>
    public required string Type { get; init; }
    /// <summary>Signed change to the book balance.</summary>
    public required decimal Cash { get; init; }
    /// <summary>Currency of every amount on it.</summary>
    public required string Currency { get; init; }
    /// <summary>When it happened.</summary>
    public required DateTimeOffset Time { get; init; }
    /// <summary>Who did it.</summary>
    public required long StaffId { get; init; }
    /// <summary>Reason code, if any.</summary>
    public long? ReasonCodeId { get; init; }
    /// <summary>Free-text note.</summary>
    public string? Note { get; init; }
    /// <summary>Counted cash (counts only).</summary>
    public decimal? Counted { get; init; }
    /// <summary>Book balance just before (counts only).</summary>
    public decimal? Expected { get; init; }
    /// <summary>Counted minus expected (counts only).</summary>
    public decimal? Discrepancy { get; init; }
    /// <summary>Order transaction (transaction activities only).</summary>
    public long? TransactionId { get; init; }
    /// <summary>The notes and coins a count found, when the counter gave them (counts only).</summary>
    public IReadOnlyList<DenominationCount>? Denominations { get; init; }
    /// <summary>The activity this one reverses (reversals only).</summary>
    public long? ReversesId { get; init; }
    /// <summary>
    /// The activity's link in its drawer's ledger chain (<see cref="LedgerChain"/>): set by the
    /// store when it books the activity, and read back with it.
    /// </summary>
    public string? Hash { get; init; }
}

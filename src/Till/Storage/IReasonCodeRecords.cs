using Till.ReasonCodes;

namespace Till.Storage;

/// <summary>
/// Writes to the shop's reason codes.
/// </summary>
public interface IReasonCodeRecords
{
    /// <summary>Creates a custom reason code; null when a live one has the same key.</summary>
    Task<ReasonCode?> CreateCustomReasonCodeAsync(long shopId, string code, string codeKey);
    /// <summary>Marks a reason code deleted.</summary>
    Task MarkReasonCodeDeletedAsync(long shopId, long reasonCodeId);
}

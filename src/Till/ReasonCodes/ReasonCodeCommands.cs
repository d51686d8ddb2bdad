using Till.Common;
using Till.Storage;

namespace Till.ReasonCodes;

/// <summary>Creating and deleting a shop's custom reason codes.</summary>
public sealed class ReasonCodeCommands(ITillStore store, TimeProvider clock)
{
    /// <summary>The longest custom code.</summary>
    public const int MaxLength = 255;

    /// <summary>Creates a custom code, unique per shop after trimming and ignoring case.</summary>
    public Task<Outcome<ReasonCode>> CreateAsync(long shopId, string code, IdempotencyKey? idempotency = null, CancellationToken cancellationToken = default)
    {
        var trimmed = code.Trim();
        if (trimmed.Length == 0)
        {
            return Task.FromResult(ReasonCodeErrors.Create.Blank.Fail<ReasonCode>());
        }

        if (trimmed.Length > MaxLength)
        {
            return Task.FromResult(ReasonCodeErrors.Create.TooLong.Fail<ReasonCode>());
        }

        return WriteUnit.RunAsync(
            store, shopId, idempotency, clock.UtcNowSeconds(),
            async work => await work.CreateCustomReasonCodeAsync(shopId, trimmed, ReasonCode.KeyOf(trimmed)).ConfigureAwait(false) is { } created
                ? Outcome<ReasonCode>.Ok(created)
                : ReasonCodeErrors.Create.AlreadyExists.Fail<ReasonCode>(),
            _ => ReasonCodeErrors.Create.NotSaved.Fail<ReasonCode>(),
            cancellationToken);
    }

    /// <summary>Deletes a custom code; activities that used it keep it.</summary>
    public Task<Outcome<long>> DeleteAsync(long shopId, ReasonCodeRef? reference, IdempotencyKey? idempotency = null, CancellationToken cancellationToken = default) =>
        WriteUnit.RunAsync(
            store, shopId, idempotency, clock.UtcNowSeconds(), work => DeleteCoreAsync(work, shopId, reference),
            _ => ReasonCodeErrors.Delete.DatabaseError.Fail<long>(),
            cancellationToken);

    private static async Task<Outcome<long>> DeleteCoreAsync(IUnitOfWork work, long shopId, ReasonCodeRef? reference)
    {
        var code = reference is not null ? await work.GetReasonCodeAsync(shopId, reference.Id).ConfigureAwait(false) : null;
        if (code is null || code.Deleted || code.Kind != reference!.Kind)
        {
            return ReasonCodeErrors.Delete.NotFound.Fail<long>();
        }

        if (code.Kind != ReasonCodeKind.Custom)
        {
            return ReasonCodeErrors.Delete.NotDeletable.Fail<long>();
        }

        await work.MarkReasonCodeDeletedAsync(shopId, code.Id).ConfigureAwait(false);
        return Outcome<long>.Ok(code.Id);
    }
}

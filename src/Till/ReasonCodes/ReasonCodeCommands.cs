using System.Data.Common;
using Till.Common;
using Till.Storage;

namespace Till.ReasonCodes;

/// <summary>Creating and deleting a shop's custom reason codes.</summary>
public sealed class ReasonCodeCommands(ITillStore store, TimeProvider clock)
{
    /// <summary>The longest custom code.</summary>
    public const int MaxLength = 255;

    /// <summary>Creates a custom code, unique per shop after trimming and ignoring case.</summary>
    public async Task<Outcome<ReasonCode>> CreateAsync(long shopId, string code, IdempotencyKey? idempotency = null, CancellationToken cancellationToken = default)
    {
        var trimmed = code.Trim();
        if (trimmed.Length == 0)
        {
            return Outcome<ReasonCode>.Fail(["code"], "Code must not be blank.", "BLANK");
        }

        if (trimmed.Length > MaxLength)
        {
            return Outcome<ReasonCode>.Fail(["code"], $"Code must be at most {MaxLength} characters.", null);
        }

        try
        {
            await using var work = await store.BeginAsync(write: true, cancellationToken).ConfigureAwait(false);
            if (await Idempotency.ReplayAsync<ReasonCode>(work, shopId, idempotency).ConfigureAwait(false) is { } replay)
            {
                return replay;
            }

            var created = await work.CreateCustomReasonCodeAsync(shopId, trimmed, ReasonCode.KeyOf(trimmed)).ConfigureAwait(false);
            if (created is null)
            {
                return Outcome<ReasonCode>.Fail(["code"], "A reason code with this code already exists.", "CODE_ALREADY_EXISTS");
            }

            await Idempotency.RememberAsync(work, shopId, idempotency, created, clock.UtcNowSeconds()).ConfigureAwait(false);
            await work.CommitAsync(cancellationToken).ConfigureAwait(false);
            return Outcome<ReasonCode>.Ok(created);
        }
        catch (DbException)
        {
            return Outcome<ReasonCode>.Fail(null, "The reason code could not be saved.", "NOT_SAVED");
        }
    }

    /// <summary>Deletes a custom code; activities that used it keep it.</summary>
    public async Task<Outcome<long>> DeleteAsync(long shopId, ReasonCodeRef? reference, IdempotencyKey? idempotency = null, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var work = await store.BeginAsync(write: true, cancellationToken).ConfigureAwait(false);
            if (await Idempotency.ReplayAsync<long>(work, shopId, idempotency).ConfigureAwait(false) is { } replay)
            {
                return replay;
            }

            var code = reference is not null ? await work.GetReasonCodeAsync(shopId, reference.Id).ConfigureAwait(false) : null;
            if (code is null || code.Deleted || code.Kind != reference!.Kind)
            {
                return Outcome<long>.Fail(["id"], "Reason code not found.", "NOT_FOUND");
            }

            if (code.Kind != ReasonCodeKind.Custom)
            {
                return Outcome<long>.Fail(["id"], "Only custom reason codes can be deleted.", "NOT_DELETABLE");
            }

            await work.MarkReasonCodeDeletedAsync(shopId, code.Id).ConfigureAwait(false);
            await Idempotency.RememberAsync(work, shopId, idempotency, code.Id, clock.UtcNowSeconds()).ConfigureAwait(false);
            await work.CommitAsync(cancellationToken).ConfigureAwait(false);
            return Outcome<long>.Ok(code.Id);
        }
        catch (DbException)
        {
            return Outcome<long>.Fail(null, "The reason code could not be deleted.", "DATABASE_ERROR");
        }
    }
}

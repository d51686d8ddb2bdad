using Till.Sessions;
using Till.Storage;

namespace Till.Drawers;

/// <summary>
/// The result of checking one drawer's ledger chain. <see cref="Activities"/> is the position the
/// check reached (up to and including a broken activity); <see cref="Checked"/> how many links it
/// recomputed; <see cref="From"/> the checkpoint it started from (null when it walked the whole chain).
/// </summary>
public sealed record DrawerVerification(long ShopId, long DrawerId, long Activities, string? Head, LedgerBreak? Break)
{
    /// <summary>True when every link holds.</summary>
    public bool Ok => Break is null;

    /// <summary>The verified checkpoint the check started from; null for a check of the whole chain.</summary>
    public LedgerCheckpoint? From { get; init; }

    /// <summary>How many activities' links the check recomputed.</summary>
    public long Checked { get; init; }

    /// <summary>The ID of the last activity that holds (0 when none does).</summary>
    public long LastActivityId { get; init; }
}

/// <summary>The result of checking every drawer of a shop, or of a database: the first break, or the totals.</summary>
public sealed record LedgerReport(long Activities, long Drawers, DrawerVerification? FirstBroken)
{
    /// <summary>True when every chain holds.</summary>
    public bool Ok => FirstBroken is null;
}

/// <summary>
/// Recomputes drawers' ledger chains (<see cref="LedgerChain"/>) from their stored activities and
/// says where one breaks. A drawer's head and count are read before its activities, so bookings
/// that land meanwhile chain on and are checked too.
/// <para>
/// A check that holds stores the drawer's <see cref="LedgerCheckpoint"/>: the last activity it
/// reached. An incremental check starts from it: it re-reads the checkpoint's activity, which must
/// still carry the verified link and still re-link from the activity before it, counts the
/// drawer's activities up to it (the count must still be the checkpoint's position, so a removed
/// or inserted older activity shows), and recomputes only the links after it. An older activity
/// whose content was changed, or two older activities that swapped places, are found only by a
/// full check, which recomputes every link. A check that finds a break drops the checkpoint, so
/// the drawer's next checks are full ones until the chain holds again.
/// </para>
/// </summary>
public sealed class LedgerVerification(ITillStore store, TimeProvider clock)
{
    private const int Page = 1000;

    /// <summary>
    /// Checks one drawer; null when the shop has no such drawer. With <paramref name="full"/> the
    /// whole chain is recomputed; otherwise the check starts from the drawer's checkpoint when it
    /// has one. Either way the checkpoint moves to where a check that holds ended, or is dropped
    /// when the check finds a break.
    /// </summary>
    public async Task<DrawerVerification?> VerifyDrawerAsync(long shopId, long drawerId, bool full = false, CancellationToken cancellationToken = default)
    {
        DrawerVerification result;
        LedgerCheckpoint? stored;
        await using (var work = await store.BeginAsync(write: false, cancellationToken).ConfigureAwait(false))
        {
            var drawer = await work.GetDrawerAsync(shopId, drawerId).ConfigureAwait(false);
            if (drawer is null)
            {
                return null;
            }

            stored = await work.GetLedgerCheckpointAsync(shopId, drawerId).ConfigureAwait(false);
            result = await VerifyAsync(work, drawer, full ? null : stored, cancellationToken).ConfigureAwait(false);
        }

        await KeepAsync([(result, stored)], cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>
    /// Checks every drawer of one shop (or of every shop when <paramref name="shopId"/> is null),
    /// stopping at the first break. Always full: every link is recomputed, and the checkpoints of
    /// the drawers that hold are moved to their heads (the broken drawer's is dropped).
    /// </summary>
    public async Task<LedgerReport> VerifyAllAsync(long? shopId, CancellationToken cancellationToken = default)
    {
        var results = new List<(DrawerVerification, LedgerCheckpoint?)>();
        var report = await WalkAllAsync(shopId, results, cancellationToken).ConfigureAwait(false);
        await KeepAsync(results, cancellationToken).ConfigureAwait(false);
        return report;
    }

    private async Task<LedgerReport> WalkAllAsync(long? shopId, List<(DrawerVerification, LedgerCheckpoint?)> results, CancellationToken cancellationToken)
    {
        await using var work = await store.BeginAsync(write: false, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<long> shops = shopId is { } one ? [one] : await work.ListShopIdsAsync().ConfigureAwait(false);
        long activities = 0, drawers = 0;
        foreach (var shop in shops)
        {
            (long Key, long Id)? after = null;
            while (true)
            {
                var page = await work.ListDrawersAsync(shop, new KeysetPage(false, after, 250)).ConfigureAwait(false);
                foreach (var drawer in page)
                {
                    var stored = await work.GetLedgerCheckpointAsync(drawer.ShopId, drawer.Id).ConfigureAwait(false);
                    var result = await VerifyAsync(work, drawer, null, cancellationToken).ConfigureAwait(false);
                    results.Add((result, stored));
                    if (!result.Ok)
                    {
                        return new LedgerReport(activities, drawers, result);
                    }

                    activities += result.Activities;
                    drawers++;
                }

                if (page.Count < 250)
                {
                    break;
                }

                after = (page[^1].Id, page[^1].Id);
            }
        }

        return new LedgerReport(activities, drawers, null);
    }

    /// <summary>Moves or drops the checkpoints the checks call for, in one write unit; nothing when none changes.</summary>
    private async Task KeepAsync(IReadOnlyList<(DrawerVerification Result, LedgerCheckpoint? Stored)> results, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var changes = new List<(DrawerVerification Result, LedgerCheckpoint? Next)>();
        foreach (var (result, stored) in results)
        {
            if (!result.Ok)
            {
                if (stored is not null)
                {
                    changes.Add((result, null));
                }
            }
            else if (result.Activities > 0 && result.LastActivityId > 0 && result.Head is { } head && (stored is null || result.Activities > stored.Position || !string.Equals(stored.Hash, head, StringComparison.Ordinal)))
            {
                changes.Add((result, new LedgerCheckpoint(result.ShopId, result.DrawerId, result.LastActivityId, head, result.Activities, now)));
            }
        }

        if (changes.Count == 0)
        {
            return;
        }

        await store.WriteAsync(
            async work =>
            {
                foreach (var (result, next) in changes)
                {
                    if (next is null)
                    {
                        await work.DropLedgerCheckpointAsync(result.ShopId, result.DrawerId).ConfigureAwait(false);
                    }
                    else
                    {
                        await work.SaveLedgerCheckpointAsync(next).ConfigureAwait(false);
                    }
                }

                return new Written<bool>(true, Commit: true);
            },
            cancellationToken).ConfigureAwait(false);
    }

    private static async Task<DrawerVerification> VerifyAsync(IUnitOfWork work, CashDrawer drawer, LedgerCheckpoint? checkpoint, CancellationToken cancellationToken)
    {
        var walk = new LedgerWalk(drawer.LedgerHead, drawer.ActivityCount);
        long after = 0;
        if (checkpoint is not null)
        {
            if (await CheckpointBreakAsync(work, drawer, checkpoint).ConfigureAwait(false) is { } broken)
            {
                return new DrawerVerification(drawer.ShopId, drawer.Id, checkpoint.Position, drawer.LedgerHead, broken) { From = checkpoint };
            }

            walk.ResumeAfter(checkpoint.ActivityId, checkpoint.Position, checkpoint.Hash);
            after = checkpoint.ActivityId;
        }

        var start = walk.Position;
        while (walk.Break is null)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var page = await work.ListChainAsync(drawer.ShopId, drawer.Id, after, Page).ConfigureAwait(false);
            foreach (var activity in page)
            {
                if (!walk.Step(activity))
                {
                    break;
                }
            }

            if (page.Count < Page)
            {
                break;
            }

            after = page[^1].Id;
        }

        var breaks = walk.Finish();
        return new DrawerVerification(drawer.ShopId, drawer.Id, walk.Position, walk.Last ?? drawer.LedgerHead, breaks)
        {
            From = checkpoint,
            Checked = walk.Position - start,
            LastActivityId = walk.LastId,
        };
    }

    /// <summary>What is wrong with a stored checkpoint, if anything: its activity, that activity's link and the count up to it.</summary>
    private static async Task<LedgerBreak?> CheckpointBreakAsync(IUnitOfWork work, CashDrawer drawer, LedgerCheckpoint checkpoint)
    {
        if (checkpoint.Position > drawer.ActivityCount)
        {
            return new LedgerBreak(checkpoint.ActivityId, checkpoint.Position, FormattableString.Invariant(
                $"the drawer records {drawer.ActivityCount} activities, fewer than the {checkpoint.Position} its verified checkpoint holds (activities were removed)"));
        }

        var rows = await work.ListChainThroughAsync(drawer.ShopId, drawer.Id, checkpoint.ActivityId, 2).ConfigureAwait(false);
        if (rows.Count == 0 || rows[0].Id != checkpoint.ActivityId)
        {
            return new LedgerBreak(checkpoint.ActivityId, checkpoint.Position, "the activity of the drawer's verified checkpoint is gone (an activity was removed)");
        }

        var activity = rows[0];
        if (!string.Equals(activity.Hash, checkpoint.Hash, StringComparison.Ordinal))
        {
            return new LedgerBreak(activity.Id, checkpoint.Position, "its hash is not the one verified at the drawer's checkpoint (an activity was changed, removed, inserted or reordered)");
        }

        var count = await work.CountChainThroughAsync(drawer.ShopId, drawer.Id, checkpoint.ActivityId).ConfigureAwait(false);
        if (count != checkpoint.Position)
        {
            return new LedgerBreak(activity.Id, checkpoint.Position, FormattableString.Invariant(
                $"the drawer holds {count} activities up to its verified checkpoint, which held {checkpoint.Position} (an earlier activity was removed or inserted)"));
        }

        var previous = rows.Count > 1 ? rows[1].Hash : null;
        if (!string.Equals(LedgerChain.Link(previous, checkpoint.Position, activity), activity.Hash, StringComparison.Ordinal))
        {
            return new LedgerBreak(activity.Id, checkpoint.Position, "its hash does not match its content and the link before it (an activity was changed, removed, inserted or reordered)");
        }

        return null;
    }
}

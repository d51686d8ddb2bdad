using Till.Sessions;
using Till.Storage;

namespace Till.Drawers;

/// <summary>The result of checking one drawer's ledger chain.</summary>
public sealed record DrawerVerification(long ShopId, long DrawerId, long Activities, string? Head, LedgerBreak? Break)
{
    /// <summary>True when every link holds.</summary>
    public bool Ok => Break is null;
}

/// <summary>The result of checking every drawer of a shop, or of a database: the first break, or the totals.</summary>
public sealed record LedgerReport(long Activities, long Drawers, DrawerVerification? FirstBroken)
{
    /// <summary>True when every chain holds.</summary>
    public bool Ok => FirstBroken is null;
}

/// <summary>
/// Recomputes drawers' ledger chains (<see cref="LedgerChain"/>) from their stored activities and
/// says where one breaks. Reads only; a drawer's head and count are read before its activities, so
/// bookings that land meanwhile chain on and are checked too.
/// </summary>
public sealed class LedgerVerification(ITillStore store)
{
    private const int Page = 1000;

    /// <summary>Checks one drawer; null when the shop has no such drawer.</summary>
    public async Task<DrawerVerification?> VerifyDrawerAsync(long shopId, long drawerId, CancellationToken cancellationToken = default)
    {
        await using var work = await store.BeginAsync(write: false, cancellationToken).ConfigureAwait(false);
        var drawer = await work.GetDrawerAsync(shopId, drawerId).ConfigureAwait(false);
        return drawer is null ? null : await VerifyAsync(work, drawer, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Checks every drawer of one shop (or of every shop when <paramref name="shopId"/> is null), stopping at the first break.</summary>
    public async Task<LedgerReport> VerifyAllAsync(long? shopId, CancellationToken cancellationToken = default)
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
                    var result = await VerifyAsync(work, drawer, cancellationToken).ConfigureAwait(false);
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

    private static async Task<DrawerVerification> VerifyAsync(IUnitOfWork work, CashDrawer drawer, CancellationToken cancellationToken)
    {
        var walk = new LedgerWalk(drawer.LedgerHead, drawer.ActivityCount);
        long after = 0;
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

        var broken = walk.Finish();
        return new DrawerVerification(drawer.ShopId, drawer.Id, walk.Position, walk.Last ?? drawer.LedgerHead, broken);
    }
}

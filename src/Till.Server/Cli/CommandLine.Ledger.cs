using System.Globalization;
using Till.Drawers;
using Till.Ids;

namespace Till.Server.Cli;

/// <summary>`till ledger verify`: recomputes the drawers' ledger chains.</summary>
public static partial class CommandLine
{
    private const string LedgerVerifyHelp = """
        Usage: till ledger verify [--database DB] [--shop SHOP_ID]
        Recomputes every drawer's whole ledger chain (each activity's tillHash) from the stored
        activities, and moves each drawer's verified checkpoint to its head (drops it for a broken one).
        Prints "ok: N activities on M drawers" and exits 0 when every link holds, or the first broken
        link, naming the drawer and the activity, and exits 1.
          --shop SHOP_ID  only this shop's drawers, as gid://shopify/Shop/N or N
        """;

    private static async Task<int> LedgerVerifyAsync(Dictionary<string, string?> options, TextWriter output)
    {
        long? shopId = null;
        if (options.TryGetValue("--shop", out var shopText) && shopText is not null)
        {
            shopId = GlobalId.ParseOf(shopText, GidTypes.Shop)
                ?? (long.TryParse(shopText, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new UsageException("--shop must be a shop ID such as gid://shopify/Shop/1"));
        }

        using var store = await OpenAsync(options).ConfigureAwait(false);
        var report = await new LedgerVerification(store.Store, TimeProvider.System).VerifyAllAsync(shopId).ConfigureAwait(false);
        if (report.FirstBroken is { Break: { } broken } drawer)
        {
            var activity = broken.ActivityId is { } id ? GlobalId.Format(GidTypes.TillCashActivity, id) : "(none)";
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"broken: drawer {GlobalId.Format(GidTypes.CashDrawer, drawer.DrawerId)} (shop {GlobalId.Format(GidTypes.Shop, drawer.ShopId)}), activity {activity} at position {broken.Position}: {broken.Problem}")).ConfigureAwait(false);
            return 1;
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"ok: {report.Activities} activities on {report.Drawers} drawers")).ConfigureAwait(false);
        return 0;
    }
}

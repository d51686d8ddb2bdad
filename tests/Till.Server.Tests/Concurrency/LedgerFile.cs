using Till.Ids;
using Till.Money;
using Till.Server.Tests.Support;

namespace Till.Server.Tests.Concurrency;

/// <summary>Reads a running server's ledger: straight from its database, and through its store.</summary>
internal static class LedgerFile
{
    /// <summary>The number inside a global ID.</summary>
    public static long Number(string gid)
    {
        GlobalId.TryParse(gid, out var id).ShouldBeTrue(gid);
        return id.Id;
    }

    public static Task<object?> ScalarAsync(TillServer server, string sql, params (string Name, object Value)[] parameters) =>
        server.Database.ScalarAsync(sql, parameters.Select(p => (p.Name, (object?)p.Value)).ToArray());

    public static async Task<long> CountAsync(TillServer server, string sql, params (string Name, object Value)[] parameters) =>
        (long)(await ScalarAsync(server, sql, parameters))!;

    /// <summary>Σ cash over the drawer's activities, from the file (amounts are integer thousandths).</summary>
    public static async Task<decimal> ActivitySumAsync(TillServer server, string drawerGid) =>
        MoneyAmount.FromThousandths((long)(await ScalarAsync(server, "SELECT CAST(COALESCE(SUM(cash), 0) AS BIGINT) FROM cash_activities WHERE drawer_id = @d", ("@d", Number(drawerGid))))!);

    /// <summary>The drawer's book balance as the store keeps it.</summary>
    public static async Task<decimal> BookBalanceAsync(TillServer server, string shopGid, string drawerGid)
    {
        await using var work = await server.Store.BeginAsync(false);
        var drawer = await work.GetDrawerAsync(Number(shopGid), Number(drawerGid));
        drawer.ShouldNotBeNull();
        return drawer.Balance;
    }

    /// <summary>Asserts the drawer's book balance equals the sum of its activities, and returns it.</summary>
    public static async Task<decimal> AssertBalancedAsync(TillServer server, string shopGid, string drawerGid)
    {
        var balance = await BookBalanceAsync(server, shopGid, drawerGid);
        balance.ShouldBe(await ActivitySumAsync(server, drawerGid), "book balance vs Σ cash_activities.cash");
        return balance;
    }
}

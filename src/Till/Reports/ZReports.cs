using Till.Devices;
using Till.Search;
using Till.Sessions;
using Till.Storage;

namespace Till.Reports;

/// <summary>Builds Z reports from the ledger: one read unit, the day's closed sessions page by page.</summary>
public sealed class ZReports(ITillStore store)
{
    private const int PageSize = 250;

    /// <summary>
    /// The Z report of <paramref name="locationId"/> for <paramref name="date"/> (a day of the
    /// shop's time zone); null when the shop has no such location.
    /// </summary>
    public async Task<ZReport?> BuildAsync(long shopId, long locationId, DateOnly date, CancellationToken cancellationToken = default)
    {
        await using var work = await store.BeginAsync(write: false, cancellationToken).ConfigureAwait(false);
        var shop = await work.GetShopAsync(shopId).ConfigureAwait(false);
        var location = shop is null ? null : await work.GetLocationAsync(shopId, locationId).ConfigureAwait(false);
        if (shop is null || location is null)
        {
            return null;
        }

        var day = date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var filter = SearchBinder.Bind(SearchParser.Parse($"location_id:{locationId} closing_date:{day}"), SearchFields.Sessions, null, null, shop.Time).Filter;

        var names = new Dictionary<long, string>();
        var devices = new Dictionary<long, string>();
        var reasons = new Dictionary<long, string>();
        var sessions = new List<ZReportSession>();
        var movements = new Dictionary<(string, string?), (int Count, decimal Total)>();

        (long, long)? after = null;
        for (; ; )
        {
            var page = await work.ListSessionsAsync(shopId, SessionSortKey.ClosingTime, new KeysetPage(false, after, PageSize), filter).ConfigureAwait(false);
            foreach (var session in page)
            {
                var totals = session.Totals ?? await work.GetSessionTotalsAsync(shopId, session.Id).ConfigureAwait(false);
                decimal payIns = 0, payOuts = 0;
                (long, long)? adjustmentsAfter = null;
                for (; ; )
                {
                    var adjustments = await work.ListSessionAdjustmentsAsync(shopId, session.Id, true, new KeysetPage(false, adjustmentsAfter, PageSize)).ConfigureAwait(false);
                    foreach (var adjustment in adjustments.Where(a => a.Type is ActivityType.Adjustment or ActivityType.CashPayout))
                    {
                        var direction = adjustment.Cash >= 0 ? "PAY_IN" : "PAY_OUT";
                        if (adjustment.Cash >= 0)
                        {
                            payIns += adjustment.Cash;
                        }
                        else
                        {
                            payOuts += adjustment.Cash;
                        }

                        var reason = adjustment.ReasonCodeId is { } reasonId ? await ReasonAsync(work, shopId, reasonId, reasons).ConfigureAwait(false) : null;
                        var key = (direction, reason);
                        var sum = movements.GetValueOrDefault(key);
                        movements[key] = (sum.Count + 1, sum.Total + adjustment.Cash);
                    }

                    if (adjustments.Count < PageSize)
                    {
                        break;
                    }

                    adjustmentsAfter = (adjustments[^1].Id, adjustments[^1].Id);
                }

                var figures = new ZReportFigures(
                    session.CashCountedAtOpen,
                    totals.TotalCashSales,
                    totals.TotalCashRefunds,
                    payIns,
                    payOuts,
                    session.ExpectedCashAtClose ?? 0,
                    session.CashCountedAtClose ?? 0,
                    session.ClosingAdjustment ?? 0);
                var closedBy = session.ClosingStaffId ?? session.OpeningStaffId;
                sessions.Add(new ZReportSession(
                    session.Id,
                    await DeviceAsync(work, shopId, session.DeviceId, devices).ConfigureAwait(false),
                    await NameAsync(work, shopId, session.OpeningStaffId, names).ConfigureAwait(false),
                    await NameAsync(work, shopId, closedBy, names).ConfigureAwait(false),
                    closedBy,
                    session.OpeningTime,
                    session.ClosingTime ?? session.OpeningTime,
                    figures,
                    session.Review?.Status));
            }

            if (page.Count < PageSize)
            {
                break;
            }

            var last = page[^1];
            after = ((last.ClosingTime ?? last.OpeningTime).UtcTicks, last.Id);
        }

        var staff = sessions
            .GroupBy(s => s.ClosedById)
            .Select(g => new ZReportStaff(g.Key, g.First().ClosedBy, g.Count(), g.Aggregate(ZReportFigures.Zero, (sum, s) => sum.Plus(s.Figures))))
            .OrderBy(s => s.Name, StringComparer.OrdinalIgnoreCase)
            .ThenBy(s => s.StaffId)
            .ToList();
        var byReason = movements
            .Select(m => new ZReportMovement(m.Key.Item1, m.Key.Item2, m.Value.Count, m.Value.Total))
            .OrderBy(m => m.Direction, StringComparer.Ordinal)
            .ThenBy(m => m.ReasonCode ?? string.Empty, StringComparer.OrdinalIgnoreCase)
            .ToList();
        var drawerFilter = SearchBinder.Bind(SearchParser.Parse($"location_id:{locationId}"), SearchFields.Drawers, null, null, shop.Time).Filter;
        var drawers = new List<ZReportDrawer>();
        (long, long)? drawersAfter = null;
        for (; ; )
        {
            var page = await work.ListDrawersAsync(shopId, new KeysetPage(false, drawersAfter, PageSize), drawerFilter).ConfigureAwait(false);
            drawers.AddRange(page.Select(d => new ZReportDrawer(d.Id, d.Name, d.ActivityCount, d.LedgerHead)));
            if (page.Count < PageSize)
            {
                break;
            }

            drawersAfter = (page[^1].Id, page[^1].Id);
        }

        return new ZReport(
            location.Id,
            location.Name,
            date,
            shop.TimeZone,
            location.Currency,
            sessions,
            byReason,
            staff,
            sessions.Aggregate(ZReportFigures.Zero, (sum, s) => sum.Plus(s.Figures)),
            drawers);
    }

    private static async Task<string> NameAsync(IUnitOfWork work, long shopId, long staffId, Dictionary<long, string> names)
    {
        if (!names.TryGetValue(staffId, out var name))
        {
            var staff = await work.GetStaffAsync(shopId, staffId).ConfigureAwait(false);
            name = staff is null ? $"Staff member {staffId}" : $"{staff.FirstName} {staff.LastName}".Trim();
            names[staffId] = name;
        }

        return name;
    }

    private static async Task<string> DeviceAsync(IUnitOfWork work, long shopId, long deviceId, Dictionary<long, string> devices)
    {
        if (!devices.TryGetValue(deviceId, out var name))
        {
            name = Device.DisplayNameOf(deviceId, (await work.GetDeviceAsync(shopId, deviceId).ConfigureAwait(false))?.Name);
            devices[deviceId] = name;
        }

        return name;
    }

    private static async Task<string?> ReasonAsync(IUnitOfWork work, long shopId, long reasonId, Dictionary<long, string> reasons)
    {
        if (!reasons.TryGetValue(reasonId, out var code))
        {
            code = (await work.GetReasonCodeAsync(shopId, reasonId).ConfigureAwait(false))?.Code ?? $"Reason code {reasonId}";
            reasons[reasonId] = code;
        }

        return code;
    }
}

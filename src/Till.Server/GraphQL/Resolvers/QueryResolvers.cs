using GraphQL;
using Microsoft.Extensions.DependencyInjection;
using Till.Ids;
using Till.ReasonCodes;
using Till.Search;
using Till.Server.GraphQL.Types;
using Till.Sessions;

namespace Till.Server.GraphQL.Resolvers;

/// <summary>Root query fields.</summary>
internal static class QueryResolvers
{
    private const string Type = "QueryRoot";
    private const int MaxNodes = 250;
    private const string TillVersion = "till";

    public static void Wire(Wiring w)
    {
        w.FieldAsync(Type, "pointOfSaleDevicePaymentSession", async c =>
            Args.Id(c, "id", GidTypes.PaymentSession) is { } id ? await Load.Session(c, id).ConfigureAwait(false) : null);
        w.FieldAsync(Type, "pointOfSaleDevice", async c =>
            Args.Id(c, "id", GidTypes.Device) is { } id ? await Load.Device(c, id).ConfigureAwait(false) : null);
        w.FieldAsync(Type, "cashDrawer", async c =>
            Args.Id(c, "id", GidTypes.CashDrawer) is { } id ? await Load.Drawer(c, id).ConfigureAwait(false) : null);
        w.FieldAsync(Type, "cashTrackingSession", async c =>
            Args.Id(c, "id", GidTypes.CashTrackingSession) is { } id && await Load.Session(c, id).ConfigureAwait(false) is { } s ? new LegacySession(s) : null);

        w.FieldAsync(Type, "cashDrawers", async c =>
        {
            var filter = await SearchArgument.BindAsync(c, SearchFields.Drawers).ConfigureAwait(false);
            return await PageRequest.LoadAsync(c, "dr", (u, page) => u.ListDrawersAsync(c.Till().ShopId, page, filter), d => (d.Id, d.Id)).ConfigureAwait(false);
        });

        w.FieldAsync(Type, "cashManagementReasonCodes", async c => await PageRequest.LoadAsync(
            c, "rc", (u, page) => u.ListReasonCodesAsync(c.Till().ShopId, page), r => (r.Id, r.Id)).ConfigureAwait(false));

        w.FieldAsync(Type, "pointOfSaleDevicePaymentSessions", async c =>
        {
            var sortKey = c.GetArgument<string?>("sortKey") switch
            {
                "OPENING_TIME" => SessionSortKey.OpeningTime,
                "CLOSING_TIME" => SessionSortKey.ClosingTime,
                _ => SessionSortKey.Id,
            };
            return await SessionsAsync(c, SearchFields.Sessions, sortKey, "ps", s => s).ConfigureAwait(false);
        });

        w.FieldAsync(Type, "cashTrackingSessions", async c =>
        {
            var key = c.GetArgument<string?>("sortKey") ?? "ID";
            var sortKey = key switch
            {
                "OPENING_TIME_ASC" or "OPENING_TIME_DESC" => SessionSortKey.OpeningTime,
                "CLOSING_TIME_ASC" or "CLOSING_TIME_DESC" => SessionSortKey.ClosingTime,
                "TOTAL_DISCREPANCY_ASC" or "TOTAL_DISCREPANCY_DESC" => SessionSortKey.TotalDiscrepancy,
                _ => SessionSortKey.Id,
            };
            // The reference lists the sessions of locations with a POS Pro subscription only.
            var fields = ApiVersions.Includes(c.Till().Version, "2027-01") ? SearchFields.TrackingSessions202701 : SearchFields.TrackingSessions;
            return await SessionsAsync(c, fields, sortKey, "ts" + key, s => new LegacySession(s), descendingKey: key.EndsWith("_DESC", StringComparison.Ordinal), posProOnly: true).ConfigureAwait(false);
        });

        w.FieldAsync(Type, "cashManagementLocationSummary", async c =>
        {
            var location = Args.Id(c, "locationId", GidTypes.Location) is { } id ? await Load.Location(c, id).ConfigureAwait(false) : null;
            if (location is null)
            {
                throw new ShopifyError("Location not found.", new Dictionary<string, object?> { ["code"] = "NOT_FOUND" });
            }

            var (start, end) = await DateRangeAsync(c).ConfigureAwait(false);
            var summary = await c.Till().ReadAsync(u => u.GetSummaryAsync(c.Till().ShopId, location.Id, null, start, end)).ConfigureAwait(false);
            return new SummaryView(summary, location.Currency, location.Id, start, end);
        });

        w.FieldAsync(Type, "cashManagementShopSummary", async c =>
        {
            var currency = c.GetArgument<string>("currencyCode");
            var (start, end) = await DateRangeAsync(c).ConfigureAwait(false);
            var summary = await c.Till().ReadAsync(u => u.GetSummaryAsync(c.Till().ShopId, null, currency, start, end)).ConfigureAwait(false);
            return new SummaryView(summary, currency, null, start, end);
        });

        w.FieldAsync(Type, "node", async c => await NodeAsync(c, Args.Text(c, "id") ?? string.Empty).ConfigureAwait(false));
        w.FieldAsync(Type, "nodes", async c =>
        {
            var ids = c.GetArgument<List<string>>("ids");
            if (ids.Count > MaxNodes)
            {
                throw new ShopifyError($"The input array size of {ids.Count} is greater than the maximum allowed of {MaxNodes}.", new Dictionary<string, object?> { ["code"] = "MAX_INPUT_SIZE_EXCEEDED" });
            }

            var results = new List<object?>(ids.Count);
            foreach (var id in ids)
            {
                results.Add(await NodeAsync(c, id).ConfigureAwait(false));
            }

            return results;
        });
    }

    private static async Task<object?> SessionsAsync(IResolveFieldContext c, IReadOnlyList<SearchField> fields, SessionSortKey sortKey, string scope, Func<PaymentSession, object> view, bool descendingKey = false, bool posProOnly = false)
    {
        var shop = c.Till().ShopId;
        var till = c.Till().Version == TillVersion;
        var filter = await SearchArgument.BindAsync(
            c,
            till && fields == SearchFields.Sessions ? SearchFields.TillSessions
            : till && (fields == SearchFields.TrackingSessions || fields == SearchFields.TrackingSessions202701) ? SearchFields.TillTrackingSessions
            : fields).ConfigureAwait(false);
        var connection = await PageRequest.LoadAsync(
            c,
            scope,
            (u, page) => u.ListSessionsAsync(shop, sortKey, page, filter, posProOnly),
            s => (SortValue(s, sortKey), s.Id),
            flipOrder: descendingKey).ConfigureAwait(false);
        if (sortKey == SessionSortKey.TotalDiscrepancy)
        {
            // The discrepancy key is computed in the database; re-read it for the cursors.
            var edges = new List<Edge>();
            foreach (var edge in connection.Edges)
            {
                var session = (PaymentSession)edge.Node;
                var key = await c.Till().ReadAsync(u => u.SessionSortValueAsync(shop, session.Id, sortKey)).ConfigureAwait(false) ?? 0;
                edges.Add(new Edge(Cursor.Encode(scope, (key, session.Id)), session));
            }

            connection = new Connection(edges, connection.PageInfo with { StartCursor = edges.FirstOrDefault()?.Cursor, EndCursor = edges.LastOrDefault()?.Cursor });
        }

        return new Connection(connection.Edges.Select(e => new Edge(e.Cursor, view((PaymentSession)e.Node))).ToList(), connection.PageInfo);
    }

    private static long SortValue(PaymentSession session, SessionSortKey sortKey) => sortKey switch
    {
        SessionSortKey.OpeningTime => session.OpeningTime.UtcTicks,
        SessionSortKey.ClosingTime => session.ClosingTime?.UtcTicks ?? long.MaxValue,
        _ => session.Id,
    };

    /// <summary>The summary's days, from the first local midnight to the one after the end date, in the shop's time zone.</summary>
    private static async Task<(DateTimeOffset Start, DateTimeOffset End)> DateRangeAsync(IResolveFieldContext c)
    {
        var start = c.GetArgument<DateOnly>("startDate");
        var end = c.GetArgument<DateOnly>("endDate");
        return (await Load.ShopTime(c).ConfigureAwait(false)).Days(start, end);
    }

    /// <summary>Resolves any global ID to its object, or null when it names nothing of this shop.</summary>
    public static async Task<object?> NodeAsync(IResolveFieldContext c, string text)
    {
        if (!GlobalId.TryParse(text, out var id))
        {
            return null;
        }

        switch (id.Type)
        {
            case GidTypes.PaymentSession:
                return await Load.Session(c, id.Id).ConfigureAwait(false);
            case GidTypes.WebhookSubscription:
                return await WebhookResolvers.Subscription(c, id.Id).ConfigureAwait(false);
            case GidTypes.CashTrackingSession:
                return await Load.Session(c, id.Id).ConfigureAwait(false) is { } s ? new LegacySession(s) : null;
            case GidTypes.CashDrawer:
                return await Load.Drawer(c, id.Id).ConfigureAwait(false);
            case GidTypes.Device:
                if (!ScopeRules.DeviceScopes.Any(c.Till().HasScope))
                {
                    throw ShopifyError.AccessDenied(c.FieldDefinition.Name, ScopeRules.DeviceScopeDescription);
                }

                return await Load.Device(c, id.Id).ConfigureAwait(false);
            case GidTypes.StaffMember:
                return await Load.Staff(c, id.Id).ConfigureAwait(false);
            case GidTypes.Location:
                return await Load.Location(c, id.Id).ConfigureAwait(false);
            case GidTypes.BulkOperation:
                return await BulkResolvers.Get(c, id.Id).ConfigureAwait(false);
            case GidTypes.Shop:
                return id.Id == c.Till().ShopId ? await Load.Shop(c).ConfigureAwait(false) : null;
            case GidTypes.TenderTransaction:
                return await TenderResolvers.NodeAsync(c, id.Id).ConfigureAwait(false);
            case GidTypes.OrderTransaction:
                return await Load.Transaction(c, id.Id).ConfigureAwait(false);
            case GidTypes.CashTrackingAdjustment:
                var activity = await c.Till().ReadAsync(u => u.GetActivityAsync(c.Till().ShopId, id.Id)).ConfigureAwait(false);
                return activity is { Type: "ADJUSTMENT" or "CASH_PAYOUT" } ? new LegacyAdjustment(activity) : null;
            case GidTypes.CustomReasonCode or GidTypes.DefaultReasonCode or GidTypes.SystemReasonCode:
                var kind = ReasonCodeTypes.KindOf(id.Type);
                var code = await Load.ReasonCode(c, id.Id).ConfigureAwait(false);
                return code is { Deleted: false } && code.Kind == kind ? code : null;
            default:
                return null;
        }
    }
}

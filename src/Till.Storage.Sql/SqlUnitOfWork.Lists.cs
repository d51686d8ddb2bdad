using System.Data.Common;
using Till.Devices;
using Till.Drawers;
using Till.Money;
using Till.ReasonCodes;
using Till.Sessions;
using Till.Summaries;
using Till.Transactions;

namespace Till.Storage.Sql;

/// <summary>Paginated lists and aggregate figures.</summary>
internal sealed partial class SqlUnitOfWork
{
    private const long NoClosingTime = long.MaxValue;

    /// <summary>The WHERE fragment and ORDER BY of a keyset page over (key expression, id).</summary>
    private static (string Where, string OrderBy) Keyset(KeysetPage page, string keyExpression, string idColumn = "id")
    {
        var order = page.Descending ? "DESC" : "ASC";
        var where = page.After is null ? string.Empty : $" AND ({keyExpression}, {idColumn}) {(page.Descending ? "<" : ">")} (@afterKey, @afterId)";
        return (where, $" ORDER BY {keyExpression} {order}, {idColumn} {order} LIMIT @limit");
    }

    private static (string, object?)[] PageParameters(KeysetPage page, params (string, object?)[] more) =>
        [.. more, ("@afterKey", page.After?.Key), ("@afterId", page.After?.Id), ("@limit", page.Limit)];

    public async Task<bool> RenameDrawerAsync(long shopId, long drawerId, string name, string nameKey)
    {
        try
        {
            return await ExecuteAsync("UPDATE cash_drawers SET name = @name, name_key = @key WHERE shop_id = @shop AND id = @id",
                ("@name", name), ("@key", nameKey), ("@shop", shopId), ("@id", drawerId)).ConfigureAwait(false) == 1;
        }
        catch (DbException e) when (dialect.IsUniqueViolation(e))
        {
            return false;
        }
    }

    private static readonly Dictionary<string, string> DrawerSearchColumns = new(StringComparer.Ordinal)
    {
        ["id"] = "id",
        ["location_id"] = "location_id",
        ["name"] = "name",
    };

    private static readonly Dictionary<string, string> SessionSearchColumns = new(StringComparer.Ordinal)
    {
        ["id"] = "id",
        ["is_open"] = "status = 'OPEN'",
        ["location_id"] = "location_id",
        ["point_of_sale_device_id"] = "device_id",
        ["opening_time"] = "opening_time",
        ["opening_date"] = "opening_time",
        ["closing_time"] = "closing_time",
        ["closing_date"] = "closing_time",
    };

    internal static readonly Dictionary<string, string> ActivitySearchColumns = new(StringComparer.Ordinal)
    {
        ["id"] = "id",
        ["time"] = "time",
        ["type"] = "type",
        ["staff_id"] = "staff_id",
    };

    /// <summary>The search filter as an extra WHERE condition, its parameters added to the page's.</summary>
    private static (string Where, (string, object?)[] Parameters) Filtered(Search.BoundFilter? filter, IReadOnlyDictionary<string, string> columns, (string, object?)[] parameters)
    {
        if (filter is null)
        {
            return (string.Empty, parameters);
        }

        var extra = new List<(string Name, object? Value)>();
        var sql = SqlSearch.ToSql(filter, columns, extra);
        return (" AND " + sql, [.. parameters, .. extra.Select(p => (p.Name, p.Value))]);
    }

    public async Task<IReadOnlyList<CashDrawer>> ListDrawersAsync(long shopId, KeysetPage page, Search.BoundFilter? filter = null)
    {
        var (where, orderBy) = Keyset(page, "id");
        var (search, parameters) = Filtered(filter, DrawerSearchColumns, PageParameters(page, ("@shop", shopId)));
        await using var statement = Command($"SELECT {DrawerColumns} FROM cash_drawers WHERE shop_id = @shop{search}{where}{orderBy}", parameters);
        return await ReadListAsync(statement.Command, ReadDrawer).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<Device>> ListDrawerDevicesAsync(long shopId, long drawerId, KeysetPage page)
    {
        var (where, orderBy) = Keyset(page, "id");
        await using var statement = Command($"SELECT {DeviceColumns} FROM devices WHERE shop_id = @shop AND cash_drawer_id = @drawer{where}{orderBy}",
            PageParameters(page, ("@shop", shopId), ("@drawer", drawerId)));
        return await ReadListAsync(statement.Command, ReadDevice).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<CashActivity>> ListDrawerActivitiesAsync(long shopId, long drawerId, bool byId, KeysetPage page, long? staffId, Search.BoundFilter? filter = null)
    {
        var (where, orderBy) = Keyset(page, byId ? "id" : "time");
        var staff = staffId is null ? string.Empty : " AND staff_id = @staff";
        var (search, parameters) = Filtered(filter, ActivitySearchColumns, PageParameters(page, ("@shop", shopId), ("@drawer", drawerId), ("@staff", staffId)));
        await using var statement = Command($"SELECT {ActivityColumns} FROM cash_activities WHERE shop_id = @shop AND drawer_id = @drawer{staff}{search}{where}{orderBy}", parameters);
        return await ReadListAsync(statement.Command, ReadActivity).ConfigureAwait(false);
    }

    private static string SessionKey(SessionSortKey sortKey) => sortKey switch
    {
        SessionSortKey.OpeningTime => "opening_time",
        SessionSortKey.ClosingTime => $"COALESCE(closing_time, {NoClosingTime})",
        SessionSortKey.TotalDiscrepancy => "(SELECT CAST(COALESCE(SUM(a.discrepancy), 0) AS BIGINT) FROM cash_activities a WHERE a.shop_id = payment_sessions.shop_id AND a.session_id = payment_sessions.id)",
        _ => "id",
    };

    public async Task<IReadOnlyList<PaymentSession>> ListSessionsAsync(long shopId, SessionSortKey sortKey, KeysetPage page, Search.BoundFilter? filter = null)
    {
        var (where, orderBy) = Keyset(page, SessionKey(sortKey));
        var (search, parameters) = Filtered(filter, SessionSearchColumns, PageParameters(page, ("@shop", shopId)));
        await using var statement = Command($"SELECT {SessionColumns} FROM payment_sessions WHERE shop_id = @shop{search}{where}{orderBy}", parameters);
        return await ReadListAsync(statement.Command, ReadSession).ConfigureAwait(false);
    }

    public async Task<long?> SessionSortValueAsync(long shopId, long sessionId, SessionSortKey sortKey)
    {
        await using var statement = Command($"SELECT {SessionKey(sortKey)} FROM payment_sessions WHERE shop_id = @shop AND id = @id", ("@shop", shopId), ("@id", sessionId));
        return await statement.Command.ExecuteScalarAsync().ConfigureAwait(false) is long value ? value : null;
    }

    public async Task<DrawerTotals> GetDrawerTotalsAsync(long shopId, long drawerId, DateTimeOffset rangeStart, DateTimeOffset rangeEnd)
    {
        await using var statement = Command(
            "SELECT " +
            "CAST(COALESCE(SUM(CASE WHEN type IN ('SALE', 'CHANGE') THEN cash END), 0) AS BIGINT), " +
            "CAST(COALESCE(SUM(CASE WHEN type = 'REFUND' THEN -cash END), 0) AS BIGINT), " +
            "CAST(COALESCE(SUM(CASE WHEN type IN ('ADJUSTMENT', 'CASH_PAYOUT') THEN cash END), 0) AS BIGINT), " +
            "CAST(COALESCE(SUM(discrepancy), 0) AS BIGINT) " +
            "FROM cash_activities WHERE shop_id = @shop AND drawer_id = @drawer AND time >= @start AND time < @end",
            ("@shop", shopId), ("@drawer", drawerId), ("@start", rangeStart.UtcTicks), ("@end", rangeEnd.UtcTicks));
        await using var reader = await statement.Command.ExecuteReaderAsync().ConfigureAwait(false);
        await reader.ReadAsync().ConfigureAwait(false);
        return new DrawerTotals(
            MoneyAmount.FromThousandths(reader.GetInt64(0)), MoneyAmount.FromThousandths(reader.GetInt64(1)),
            MoneyAmount.FromThousandths(reader.GetInt64(2)), MoneyAmount.FromThousandths(reader.GetInt64(3)));
    }

    public async Task<CashSummary> GetSummaryAsync(long shopId, long? locationId, string? currency, DateTimeOffset rangeStart, DateTimeOffset rangeEnd)
    {
        var drawers = "SELECT id FROM cash_drawers WHERE shop_id = @shop" + (locationId is null ? string.Empty : " AND location_id = @location") + (currency is null ? string.Empty : " AND currency = @currency");
        await using var statement = Command(
            "SELECT " +
            $"(SELECT CAST(COALESCE(SUM(cash), 0) AS BIGINT) FROM cash_activities WHERE shop_id = @shop AND drawer_id IN ({drawers}) AND time < @start), " +
            $"(SELECT CAST(COALESCE(SUM(cash), 0) AS BIGINT) FROM cash_activities WHERE shop_id = @shop AND drawer_id IN ({drawers}) AND time < @end), " +
            $"(SELECT CAST(COALESCE(SUM(cash), 0) AS BIGINT) FROM cash_activities WHERE shop_id = @shop AND drawer_id IN ({drawers}) AND time >= @start AND time < @end AND type IN ('SALE', 'CHANGE', 'REFUND', 'ADJUSTMENT', 'CASH_PAYOUT')), " +
            $"(SELECT COUNT(*) FROM payment_sessions WHERE shop_id = @shop AND drawer_id IN ({drawers}) AND opening_time >= @start AND opening_time < @end), " +
            $"(SELECT COUNT(*) FROM payment_sessions WHERE shop_id = @shop AND drawer_id IN ({drawers}) AND closing_time >= @start AND closing_time < @end), " +
            $"(SELECT CAST(COALESCE(SUM(discrepancy), 0) AS BIGINT) FROM cash_activities WHERE shop_id = @shop AND drawer_id IN ({drawers}) AND time >= @start AND time < @end)",
            ("@shop", shopId), ("@location", locationId), ("@currency", currency), ("@start", rangeStart.UtcTicks), ("@end", rangeEnd.UtcTicks));
        await using var reader = await statement.Command.ExecuteReaderAsync().ConfigureAwait(false);
        await reader.ReadAsync().ConfigureAwait(false);
        return new CashSummary(
            MoneyAmount.FromThousandths(reader.GetInt64(0)), MoneyAmount.FromThousandths(reader.GetInt64(1)), MoneyAmount.FromThousandths(reader.GetInt64(2)),
            (int)reader.GetInt64(3), (int)reader.GetInt64(4), MoneyAmount.FromThousandths(reader.GetInt64(5)));
    }

    public async Task<IReadOnlyList<ReasonCode>> ListReasonCodesAsync(long shopId, KeysetPage page)
    {
        var (where, orderBy) = Keyset(page, "id");
        await using var statement = Command($"SELECT id, kind, code, deleted FROM reason_codes WHERE shop_id = @shop AND deleted = 0{where}{orderBy}", PageParameters(page, ("@shop", shopId)));
        return await ReadListAsync(statement.Command, (shop, r) => new ReasonCode(shop, r.GetInt64(0), Enum.Parse<ReasonCodeKind>(r.GetString(1)), r.GetString(2), false)).ConfigureAwait(false);
    }

    public async Task<ReasonCode?> CreateCustomReasonCodeAsync(long shopId, string code, string codeKey)
    {
        try
        {
            var id = await InsertAsync("INSERT INTO reason_codes (shop_id, kind, code, code_key, deleted) VALUES (@shop, 'Custom', @code, @key, 0)",
                ("@shop", shopId), ("@code", code), ("@key", codeKey)).ConfigureAwait(false);
            return new ReasonCode(shopId, id, ReasonCodeKind.Custom, code, false);
        }
        catch (DbException e) when (dialect.IsUniqueViolation(e))
        {
            return null;
        }
    }

    public Task MarkReasonCodeDeletedAsync(long shopId, long reasonCodeId) =>
        ExecuteAsync("UPDATE reason_codes SET deleted = 1 WHERE shop_id = @shop AND id = @id", ("@shop", shopId), ("@id", reasonCodeId));

    public async Task<IReadOnlyList<OrderTransaction>> ListSessionCashTransactionsAsync(long shopId, long sessionId, bool byId, KeysetPage page)
    {
        var (where, orderBy) = Keyset(page, byId ? "id" : "processed_at");
        await using var statement = Command($"SELECT {TransactionColumns} FROM order_transactions WHERE shop_id = @shop AND session_id = @session AND gateway = 'cash'{where}{orderBy}",
            PageParameters(page, ("@shop", shopId), ("@session", sessionId)));
        return await ReadListAsync(statement.Command, ReadTransaction).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<CashActivity>> ListSessionAdjustmentsAsync(long shopId, long sessionId, bool byId, KeysetPage page)
    {
        var (where, orderBy) = Keyset(page, byId ? "id" : "time");
        await using var statement = Command($"SELECT {ActivityColumns} FROM cash_activities WHERE shop_id = @shop AND session_id = @session AND type IN ('ADJUSTMENT', 'CASH_PAYOUT'){where}{orderBy}",
            PageParameters(page, ("@shop", shopId), ("@session", sessionId)));
        return await ReadListAsync(statement.Command, ReadActivity).ConfigureAwait(false);
    }

    public Task<CashActivity?> GetActivityAsync(long shopId, long activityId) =>
        QuerySingleAsync($"SELECT {ActivityColumns} FROM cash_activities WHERE shop_id = @shop AND id = @id", r => ReadActivity(shopId, r), ("@shop", shopId), ("@id", activityId));

    public async Task<(string Fingerprint, string Result)?> GetIdempotentResultAsync(long shopId, string key)
    {
        if (write && dialect.KeyLock is { } keyLock)
        {
            await ExecuteAsync(keyLock, ("@lockKey", $"idempotency:{shopId}:{key}")).ConfigureAwait(false);
        }

        await using var statement = Command("SELECT fingerprint, result FROM idempotency_keys WHERE shop_id = @shop AND key = @key", ("@shop", shopId), ("@key", key));
        await using var reader = await statement.Command.ExecuteReaderAsync().ConfigureAwait(false);
        return await reader.ReadAsync().ConfigureAwait(false) ? (reader.GetString(0), reader.GetString(1)) : null;
    }

    public Task SaveIdempotentResultAsync(long shopId, string key, string fingerprint, string result, DateTimeOffset now)
    {
        const string Save = "INSERT INTO idempotency_keys (shop_id, key, fingerprint, result, created_at) VALUES (@shop, @key, @fingerprint, @result, @now)";
        (string, object?)[] parameters = [("@shop", shopId), ("@key", key), ("@fingerprint", fingerprint), ("@result", result), ("@now", now.UtcTicks)];
        if (Pipelined)
        {
            // The key is locked for this transaction, so the insert cannot collide: it goes with COMMIT.
            Defer(Save, parameters);
            return Task.CompletedTask;
        }

        return ExecuteAsync(Save, parameters);
    }
}

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
    };

    private static readonly Dictionary<string, string> SessionSearchColumns = new(StringComparer.Ordinal)
    {
        ["id"] = "id",
        ["is_open"] = "status = 'OPEN'",
        ["till_review_status"] = "review_status",
        ["till_over_short"] = "closing_adjustment <> 0",
        ["till_staff_member_id"] = "opening_staff_id",
        ["location_id"] = "location_id",
        ["point_of_sale_device_id"] = "device_id",
        ["point_of_sale_device_ids"] = "device_id",
        ["status"] = "status",
        ["opening_time"] = "opening_time",
        ["opening_date"] = "opening_time",
        ["closing_time"] = "closing_time",
        ["closing_date"] = "closing_time",
        ["created_at"] = "created_at",
    };

    internal static readonly Dictionary<string, string> ActivitySearchColumns = new(StringComparer.Ordinal)
    {
        ["id"] = "id",
        ["type"] = "type",
    };

    private static readonly Dictionary<string, string> TransactionSearchColumns = new(StringComparer.Ordinal)
    {
        ["id"] = "id",
        ["kind"] = "kind",
        ["processed_at"] = "processed_at",
    };

    /// <summary>The shop's locations whose POS Pro switch is on (<c>@shop</c> bound).</summary>
    private const string PosProLocations = "SELECT id FROM locations WHERE shop_id = @shop AND pos_pro = 1";

    private static readonly Dictionary<string, string> TenderSearchColumns = new(StringComparer.Ordinal)
    {
        ["id"] = "id",
        ["point_of_sale_device_id"] = "device_id",
        ["processed_at"] = "processed_at",
        // Till has no test mode: no transaction is a test one.
        ["test"] = "1 = 0",
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
        await using var statement = await CommandAsync($"SELECT {DrawerColumns} FROM cash_drawers WHERE shop_id = @shop{search}{where}{orderBy}", parameters).ConfigureAwait(false);
        return await ReadListAsync(statement.Command, ReadDrawer).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<Device>> ListDrawerDevicesAsync(long shopId, long drawerId, KeysetPage page)
    {
        var (where, orderBy) = Keyset(page, "id");
        await using var statement = await CommandAsync($"SELECT {DeviceColumns} FROM devices WHERE shop_id = @shop AND cash_drawer_id = @drawer{where}{orderBy}",
            PageParameters(page, ("@shop", shopId), ("@drawer", drawerId))).ConfigureAwait(false);
        return await ReadListAsync(statement.Command, ReadDevice).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<CashActivity>> ListDrawerActivitiesAsync(long shopId, long drawerId, bool byId, KeysetPage page, long? staffId, Search.BoundFilter? filter = null)
    {
        var (where, orderBy) = Keyset(page, byId ? "id" : "time");
        var staff = staffId is null ? string.Empty : " AND staff_id = @staff";
        var (search, parameters) = Filtered(filter, ActivitySearchColumns, PageParameters(page, ("@shop", shopId), ("@drawer", drawerId), ("@staff", staffId)));
        await using var statement = await CommandAsync($"SELECT {ActivityColumns} FROM cash_activities WHERE shop_id = @shop AND drawer_id = @drawer{staff}{search}{where}{orderBy}", parameters).ConfigureAwait(false);
        return await ReadListAsync(statement.Command, ReadActivity).ConfigureAwait(false);
    }

    private static string SessionKey(SessionSortKey sortKey) => sortKey switch
    {
        SessionSortKey.OpeningTime => "opening_time",
        SessionSortKey.ClosingTime => $"COALESCE(closing_time, {NoClosingTime})",
        SessionSortKey.TotalDiscrepancy => "discrepancy",
        _ => "id",
    };

    public async Task<IReadOnlyList<PaymentSession>> ListSessionsAsync(long shopId, SessionSortKey sortKey, KeysetPage page, Search.BoundFilter? filter = null, bool posProOnly = false)
    {
        var (where, orderBy) = Keyset(page, SessionKey(sortKey));
        var (search, parameters) = Filtered(filter, SessionSearchColumns, PageParameters(page, ("@shop", shopId)));
        var pro = posProOnly ? $" AND location_id IN ({PosProLocations})" : string.Empty;
        await using var statement = await CommandAsync($"SELECT {SessionColumns} FROM payment_sessions WHERE shop_id = @shop{pro}{search}{where}{orderBy}", parameters).ConfigureAwait(false);
        return await ReadListAsync(statement.Command, ReadSession).ConfigureAwait(false);
    }

    public async Task<long?> SessionSortValueAsync(long shopId, long sessionId, SessionSortKey sortKey)
    {
        await using var statement = await CommandAsync($"SELECT {SessionKey(sortKey)} FROM payment_sessions WHERE shop_id = @shop AND id = @id", ("@shop", shopId), ("@id", sessionId)).ConfigureAwait(false);
        return await statement.Command.ExecuteScalarAsync().ConfigureAwait(false) is long value ? value : null;
    }

    public async Task<DrawerTotals> GetDrawerTotalsAsync(long shopId, long drawerId, DateTimeOffset rangeStart, DateTimeOffset rangeEnd)
    {
        var inside = PeriodCover.Of(rangeStart.UtcTicks, rangeEnd.UtcTicks);
        await using var statement = await CommandAsync(KeptFigures.CoverSums("in", "= @drawer", cashOnly: false, inside), [("@shop", shopId), ("@drawer", drawerId), .. inside.Parameters("in")]).ConfigureAwait(false);
        PeriodFigures cash;
        await using (var reader = await statement.Command.ExecuteReaderAsync().ConfigureAwait(false))
        {
            await reader.ReadAsync().ConfigureAwait(false);
            cash = ReadPeriodFigures(reader, 0);
        }

        await using var tenders = await CommandAsync(KeptFigures.DrawerTenderSums, ("@shop", shopId), ("@drawer", drawerId), ("@start", rangeStart.UtcTicks), ("@end", rangeEnd.UtcTicks)).ConfigureAwait(false);
        await using var sums = await tenders.Command.ExecuteReaderAsync().ConfigureAwait(false);
        await sums.ReadAsync().ConfigureAwait(false);
        return cash.ToDrawerTotals(MoneyAmount.FromThousandths(sums.GetInt64(0)), MoneyAmount.FromThousandths(sums.GetInt64(1)), MoneyAmount.FromThousandths(sums.GetInt64(2)));
    }

    public async Task<CashSummary> GetSummaryAsync(long shopId, long? locationId, string? currency, DateTimeOffset rangeStart, DateTimeOffset rangeEnd)
    {
        // Balances at the two instants are the drawers' book balances less what was booked at or
        // after them; both, and the figures inside, come from kept period rows plus the raw
        // activities of unaligned edges, so the cost follows the days covered, not the history.
        // The shop's summary covers its POS Pro locations only; a location's covers that location.
        var which = "shop_id = @shop" + (locationId is null ? $" AND location_id IN ({PosProLocations})" : " AND location_id = @location") + (currency is null ? string.Empty : " AND currency = @currency");
        var inDrawers = $"IN (SELECT id FROM cash_drawers WHERE {which})";
        long start = rangeStart.UtcTicks, end = rangeEnd.UtcTicks;
        var between = PeriodCover.Of(Math.Min(start, end), Math.Max(start, end));
        var after = PeriodCover.Of(end, long.MaxValue);
        await using var statement = await CommandAsync(
            $"SELECT i.*, (SELECT CAST(COALESCE(SUM(balance), 0) AS BIGINT) FROM cash_drawers WHERE {which}), " +
            $"({KeptFigures.CoverSums("after", inDrawers, cashOnly: true, after)}), " +
            $"(SELECT COUNT(*) FROM payment_sessions WHERE shop_id = @shop AND drawer_id {inDrawers} AND opening_time >= @start AND opening_time < @end), " +
            $"(SELECT COUNT(*) FROM payment_sessions WHERE shop_id = @shop AND drawer_id {inDrawers} AND closing_time >= @start AND closing_time < @end) " +
            $"FROM ({KeptFigures.CoverSums("in", inDrawers, cashOnly: false, between)}) AS i",
            [("@shop", shopId), ("@location", locationId), ("@currency", currency), ("@start", start), ("@end", end), .. between.Parameters("in"), .. after.Parameters("after")]).ConfigureAwait(false);
        await using var reader = await statement.Command.ExecuteReaderAsync().ConfigureAwait(false);
        await reader.ReadAsync().ConfigureAwait(false);
        var figures = ReadPeriodFigures(reader, 0);
        var balanceAtEnd = MoneyAmount.FromThousandths(reader.GetInt64(6) - reader.GetInt64(7));
        var forward = start <= end;
        return new CashSummary(
            forward ? balanceAtEnd - figures.Cash : balanceAtEnd + figures.Cash,
            balanceAtEnd,
            forward ? figures.NetCash : 0,
            (int)reader.GetInt64(8),
            (int)reader.GetInt64(9),
            forward ? figures.Discrepancy : 0);
    }

    /// <summary>Recomputes the shop's kept figures from its activities and transactions (<see cref="KeptFigures.Rebuild"/>).</summary>
    internal async Task RebuildKeptFiguresAsync(long shopId)
    {
        lockedTotals.Clear();
        foreach (var sql in KeptFigures.Rebuild(oneShop: true))
        {
            await using var statement = await CommandAsync(sql, ("@shop", shopId)).ConfigureAwait(false);
            statement.Command.CommandTimeout = 0;
            await statement.Command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
    }

    private static PeriodFigures ReadPeriodFigures(DbDataReader r, int first) => new(
        MoneyAmount.FromThousandths(r.GetInt64(first)), MoneyAmount.FromThousandths(r.GetInt64(first + 1)), MoneyAmount.FromThousandths(r.GetInt64(first + 2)),
        MoneyAmount.FromThousandths(r.GetInt64(first + 3)), MoneyAmount.FromThousandths(r.GetInt64(first + 4)), MoneyAmount.FromThousandths(r.GetInt64(first + 5)));

    public async Task<IReadOnlyList<ReasonCode>> ListReasonCodesAsync(long shopId, KeysetPage page)
    {
        var (where, orderBy) = Keyset(page, "id");
        await using var statement = await CommandAsync($"SELECT id, kind, code, deleted FROM reason_codes WHERE shop_id = @shop AND deleted = 0{where}{orderBy}", PageParameters(page, ("@shop", shopId))).ConfigureAwait(false);
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

    public async Task<IReadOnlyList<OrderTransaction>> ListSessionCashTransactionsAsync(long shopId, long sessionId, bool byId, KeysetPage page, Search.BoundFilter? filter = null)
    {
        var (where, orderBy) = Keyset(page, byId ? "id" : "processed_at");
        var (search, parameters) = Filtered(filter, TransactionSearchColumns, PageParameters(page, ("@shop", shopId), ("@session", sessionId)));
        await using var statement = await CommandAsync($"SELECT {TransactionColumns} FROM order_transactions WHERE shop_id = @shop AND session_id = @session AND gateway = 'cash'{search}{where}{orderBy}", parameters).ConfigureAwait(false);
        return await ReadListAsync(statement.Command, ReadTransaction).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<OrderTransaction>> ListTransactionsAsync(long shopId, KeysetPage page, Search.BoundFilter? filter = null)
    {
        var (where, orderBy) = Keyset(page, "id");
        var (search, parameters) = Filtered(filter, TenderSearchColumns, PageParameters(page, ("@shop", shopId)));
        await using var statement = await CommandAsync($"SELECT {TransactionColumns} FROM order_transactions WHERE shop_id = @shop{search}{where}{orderBy}", parameters).ConfigureAwait(false);
        return await ReadListAsync(statement.Command, ReadTransaction).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<CashActivity>> ListSessionAdjustmentsAsync(long shopId, long sessionId, bool byId, KeysetPage page)
    {
        var (where, orderBy) = Keyset(page, byId ? "id" : "time");
        await using var statement = await CommandAsync($"SELECT {ActivityColumns} FROM cash_activities WHERE shop_id = @shop AND session_id = @session AND type IN ({KeptFigures.AdjustmentTypes}){where}{orderBy}",
            PageParameters(page, ("@shop", shopId), ("@session", sessionId))).ConfigureAwait(false);
        return await ReadListAsync(statement.Command, ReadActivity).ConfigureAwait(false);
    }

    public Task<CashActivity?> GetActivityAsync(long shopId, long activityId) =>
        QuerySingleAsync($"SELECT {ActivityColumns} FROM cash_activities WHERE shop_id = @shop AND id = @id", r => ReadActivity(shopId, r), ("@shop", shopId), ("@id", activityId));

    public Task<CashActivity?> GetReversalOfAsync(long shopId, long activityId) =>
        QuerySingleAsync($"SELECT {ActivityColumns} FROM cash_activities WHERE shop_id = @shop AND reverses_id = @id", r => ReadActivity(shopId, r), ("@shop", shopId), ("@id", activityId));

    public async Task<IReadOnlyList<CashActivity>> ListChainAsync(long shopId, long drawerId, long afterId, int limit)
    {
        await using var statement = await CommandAsync(
            $"SELECT {ActivityColumns} FROM cash_activities WHERE shop_id = @shop AND drawer_id = @drawer AND id > @after ORDER BY id LIMIT @limit",
            ("@shop", shopId), ("@drawer", drawerId), ("@after", afterId), ("@limit", limit)).ConfigureAwait(false);
        return await ReadListAsync(statement.Command, ReadActivity).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<long>> ListShopIdsAsync()
    {
        await using var statement = await CommandAsync("SELECT id FROM shops ORDER BY id").ConfigureAwait(false);
        var ids = new List<long>();
        await using var reader = await statement.Command.ExecuteReaderAsync().ConfigureAwait(false);
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }

    public async Task<(string Fingerprint, string Result, string? Answer)?> GetIdempotentResultAsync(long shopId, string key)
    {
        const string Read = "SELECT fingerprint, result, answer FROM idempotency_keys WHERE shop_id = @shop AND key = @key";
        static Tuple<string, string, string?> Row(DbDataReader r) => Tuple.Create(r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2));
        Tuple<string, string, string?>? row;
        if (write && dialect.KeyLock is { } keyLock)
        {
            (string, object?)[] parameters = [("@lockKey", $"idempotency:{shopId}:{key}"), ("@shop", shopId), ("@key", key)];
            if (connection.CanCreateBatch)
            {
                // One round trip: the key's lock, then (once it is held) the key's row.
                row = await ReadBatchAsync([keyLock, Read], parameters, async reader =>
                {
                    await reader.NextResultAsync().ConfigureAwait(false);
                    return await NextRowAsync(reader, Row).ConfigureAwait(false);
                }).ConfigureAwait(false);
            }
            else
            {
                await ExecuteAsync(keyLock, parameters).ConfigureAwait(false);
                row = await QuerySingleAsync(Read, Row, parameters).ConfigureAwait(false);
            }
        }
        else
        {
            row = await QuerySingleAsync(Read, Row, ("@shop", shopId), ("@key", key)).ConfigureAwait(false);
        }

        return row is null ? null : (row.Item1, row.Item2, row.Item3);
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

    public async Task SaveIdempotentAnswerAsync(long shopId, string key, string answer) =>
        await ExecuteAsync("UPDATE idempotency_keys SET answer = @answer WHERE shop_id = @shop AND key = @key AND answer IS NULL", ("@shop", shopId), ("@key", key), ("@answer", answer)).ConfigureAwait(false);
}

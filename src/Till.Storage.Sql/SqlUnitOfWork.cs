using System.Data.Common;
using Till.CashSettings;
using Till.Devices;
using Till.Drawers;
using Till.Money;
using Till.ReasonCodes;
using Till.Reviews;
using Till.Sessions;
using Till.Shops;
using Till.Staff;
using Till.Transactions;
using Activity = System.Diagnostics.Activity;
using SpanKind = System.Diagnostics.ActivityKind;

namespace Till.Storage.Sql;

/// <summary>One database transaction; every query filters by shop.</summary>
/// <remarks>
/// The SQL is written once for both backends (named <c>@parameters</c>, 0/1 flags, integer amounts
/// and times); <see cref="ISqlDialect"/> carries the few differences. In a write unit of work the
/// rows a use case will change are read with the dialect's row lock, so concurrent writers on the
/// same device, session or drawer queue behind each other.
/// A read unit of work may run without a transaction where each statement sees the latest
/// committed data anyway (PostgreSQL's READ COMMITTED), which saves the BEGIN and ROLLBACK.
/// A unit of work either owns its connection (and closes it at the end) or borrows one its store
/// keeps open with a <see cref="StatementCache"/>; then <c>release</c> hands the connection back,
/// told whether it is still fit for the next unit.
/// A unit that runs inside a store's group transaction (<paramref name="ownsTransaction"/> false)
/// neither commits nor rolls back: its store keeps or undoes its writes with a savepoint.
/// </remarks>
internal sealed partial class SqlUnitOfWork(
    DbConnection connection, DbTransaction? transaction, ISqlDialect dialect, bool write,
    StatementCache? statements = null, Func<bool, ValueTask>? release = null, bool ownsTransaction = true) : IUnitOfWork
{
    private bool done;

    private bool healthy = true;

    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        if (!ownsTransaction)
        {
            throw new InvalidOperationException("A unit of work inside a group is committed by its store.");
        }

        if (Pipelined)
        {
            await SendDeferredAsync(commit: true, cancellationToken).ConfigureAwait(false);
            done = true;
            return;
        }

        try
        {
            if (transaction is not null)
            {
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            healthy = false;
            throw;
        }

        done = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (!ownsTransaction)
        {
            await release!(healthy).ConfigureAwait(false);
            return;
        }

        try
        {
            // Inside the try: whatever abandoning meets, the connection goes back (or is closed) below.
            if (Pipelined && !done)
            {
                await AbandonPipelinedAsync().ConfigureAwait(false);
            }

            if (!done && transaction is not null)
            {
                await transaction.RollbackAsync().ConfigureAwait(false);
            }
        }
        catch (DbException)
        {
            // A failed rollback leaves nothing behind: the database discards the transaction with the connection.
            healthy = false;
        }
        finally
        {
            if (transaction is not null)
            {
                await transaction.DisposeAsync().ConfigureAwait(false);
            }

            if (release is null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                await release(healthy).ConfigureAwait(false);
            }
        }
    }

    // Shops, people, places and tokens.

    public Task<Shop?> GetShopAsync(long shopId) =>
        QuerySingleAsync("SELECT id, name, currency, created_at, timezone FROM shops WHERE id = @id", r => new Shop(r.GetInt64(0), r.GetString(1), r.GetString(2), Time(r.GetInt64(3)), r.GetString(4)), ("@id", shopId));

    public async Task<Shop> CreateShopAsync(string name, string currency, DateTimeOffset now, string timeZone = ShopTime.Utc)
    {
        var id = await InsertAsync("INSERT INTO shops (name, currency, created_at, timezone) VALUES (@name, @currency, @now, @zone)", ("@name", name), ("@currency", currency), ("@now", now.UtcTicks), ("@zone", timeZone)).ConfigureAwait(false);
        foreach (var code in ReasonCode.DefaultCodes)
        {
            await InsertReasonCodeAsync(id, ReasonCodeKind.Default, code).ConfigureAwait(false);
        }

        foreach (var code in ReasonCode.SystemCodes)
        {
            await InsertReasonCodeAsync(id, ReasonCodeKind.System, code).ConfigureAwait(false);
        }

        return new Shop(id, name, currency, now, timeZone);
    }

    private const string LocationColumns = "id, name, currency, created_at, deactivated_at, pos_pro";

    private static Location ReadLocation(long shopId, DbDataReader r) => new(shopId, r.GetInt64(0), r.GetString(1), r.GetString(2), Time(r.GetInt64(3)), r.IsDBNull(4) ? null : Time(r.GetInt64(4)), r.GetInt64(5) != 0);

    public Task<Location?> GetLocationAsync(long shopId, long locationId) =>
        QuerySingleAsync($"SELECT {LocationColumns} FROM locations WHERE shop_id = @shop AND id = @id", r => ReadLocation(shopId, r), ("@shop", shopId), ("@id", locationId));

    public async Task<Location> CreateLocationAsync(long shopId, string name, string currency, DateTimeOffset now)
    {
        var id = await InsertAsync("INSERT INTO locations (shop_id, name, currency, created_at) VALUES (@shop, @name, @currency, @now)", ("@shop", shopId), ("@name", name), ("@currency", currency), ("@now", now.UtcTicks)).ConfigureAwait(false);
        return new Location(shopId, id, name, currency, now);
    }

    public async Task<bool> SetLocationActiveAsync(long shopId, long locationId, bool active, DateTimeOffset now) =>
        await ExecuteAsync(
            active ? "UPDATE locations SET deactivated_at = NULL WHERE shop_id = @shop AND id = @id"
                : "UPDATE locations SET deactivated_at = COALESCE(deactivated_at, @now) WHERE shop_id = @shop AND id = @id",
            ("@now", now.UtcTicks), ("@shop", shopId), ("@id", locationId)).ConfigureAwait(false) == 1;

    public async Task<bool> SetLocationPosProAsync(long shopId, long locationId, bool posPro) =>
        await ExecuteAsync("UPDATE locations SET pos_pro = @pro WHERE shop_id = @shop AND id = @id", ("@pro", posPro ? 1L : 0L), ("@shop", shopId), ("@id", locationId)).ConfigureAwait(false) == 1;

    public async Task<bool> SetFiscalDeviceIdentifierAsync(long shopId, long deviceId, string? identifier) =>
        await ExecuteAsync("UPDATE devices SET fiscal_device_identifier = @fiscal WHERE shop_id = @shop AND id = @id", ("@fiscal", identifier), ("@shop", shopId), ("@id", deviceId)).ConfigureAwait(false) == 1;

    public async Task<bool> SetDeviceNameAsync(long shopId, long deviceId, string? name) =>
        await ExecuteAsync("UPDATE devices SET name = @name WHERE shop_id = @shop AND id = @id", ("@name", name), ("@shop", shopId), ("@id", deviceId)).ConfigureAwait(false) == 1;

    private const string StaffColumns = "id, first_name, last_name, email, active, is_owner, role";

    public Task<StaffMember?> GetStaffAsync(long shopId, long staffId) =>
        QuerySingleAsync($"SELECT {StaffColumns} FROM staff WHERE shop_id = @shop AND id = @id", r => ReadStaff(shopId, r), ("@shop", shopId), ("@id", staffId));

    private static StaffMember ReadStaff(long shopId, DbDataReader r) => new(shopId, r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt64(4) != 0, r.GetInt64(5) != 0, StaffRoles.Parse(r.GetString(6)) ?? StaffRole.Cashier);

    public async Task<StaffMember> CreateStaffAsync(long shopId, string firstName, string lastName, string email, bool isOwner, StaffRole role, DateTimeOffset now)
    {
        var id = await InsertAsync(
            "INSERT INTO staff (shop_id, first_name, last_name, email, active, is_owner, role, created_at) VALUES (@shop, @first, @last, @email, 1, @owner, @role, @now)",
            ("@shop", shopId), ("@first", firstName), ("@last", lastName), ("@email", email), ("@owner", isOwner ? 1 : 0), ("@role", StaffRoles.Name(role)), ("@now", now.UtcTicks)).ConfigureAwait(false);
        return new StaffMember(shopId, id, firstName, lastName, email, true, isOwner, role);
    }

    public async Task<bool> SetStaffActiveAsync(long shopId, long staffId, bool active) =>
        await ExecuteAsync("UPDATE staff SET active = @active WHERE shop_id = @shop AND id = @id", ("@active", active ? 1 : 0), ("@shop", shopId), ("@id", staffId)).ConfigureAwait(false) == 1;

    public async Task<bool> SetStaffRoleAsync(long shopId, long staffId, StaffRole role) =>
        await ExecuteAsync("UPDATE staff SET role = @role WHERE shop_id = @shop AND id = @id", ("@role", StaffRoles.Name(role)), ("@shop", shopId), ("@id", staffId)).ConfigureAwait(false) == 1;

    public async Task<AccessToken> CreateTokenAsync(long shopId, string hash, IReadOnlyList<string> scopes, DateTimeOffset now, long? staffId)
    {
        var id = await InsertAsync("INSERT INTO tokens (shop_id, hash, scopes, revoked, created_at, staff_id) VALUES (@shop, @hash, @scopes, 0, @now, @staff)", ("@shop", shopId), ("@hash", hash), ("@scopes", string.Join(',', scopes)), ("@now", now.UtcTicks), ("@staff", staffId)).ConfigureAwait(false);
        return new AccessToken(id, shopId, hash, scopes, false, staffId);
    }

    public Task<AccessToken?> FindTokenAsync(string hash) =>
        QuerySingleAsync("SELECT id, shop_id, hash, scopes, staff_id FROM tokens WHERE hash = @hash AND revoked = 0", r => new AccessToken(r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetString(3).Split(',', StringSplitOptions.RemoveEmptyEntries), false, r.IsDBNull(4) ? null : r.GetInt64(4)), ("@hash", hash));

    private const string CashSettingsColumns = "blind_counts, reveal_after_close, variance_amount, variance_percent";

    private static LocationCashSettings ReadCashSettings(DbDataReader r) => new(
        r.GetInt64(0) != 0, r.GetInt64(1) != 0,
        r.IsDBNull(2) ? null : MoneyAmount.FromThousandths(r.GetInt64(2)), r.IsDBNull(3) ? null : MoneyAmount.FromThousandths(r.GetInt64(3)));

    public async Task<LocationCashSettings> GetLocationCashSettingsAsync(long shopId, long locationId) =>
        await QuerySingleAsync(
            $"SELECT {CashSettingsColumns} FROM location_cash_settings WHERE shop_id = @shop AND location_id = @location",
            ReadCashSettings, ("@shop", shopId), ("@location", locationId)).ConfigureAwait(false) ?? LocationCashSettings.Default;

    public async Task SaveLocationCashSettingsAsync(long shopId, long locationId, LocationCashSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        await ExecuteAsync(
            "INSERT INTO location_cash_settings (shop_id, location_id, blind_counts, reveal_after_close, variance_amount, variance_percent) VALUES (@shop, @location, @blind, @reveal, @amount, @percent) " +
            "ON CONFLICT (shop_id, location_id) DO UPDATE SET blind_counts = @blind, reveal_after_close = @reveal, variance_amount = @amount, variance_percent = @percent",
            ("@shop", shopId), ("@location", locationId), ("@blind", settings.BlindCounts ? 1 : 0), ("@reveal", settings.RevealAfterClose ? 1 : 0),
            ("@amount", settings.VarianceAmount is { } a ? MoneyAmount.ToThousandths(a) : null),
            ("@percent", settings.VariancePercentage is { } p ? MoneyAmount.ToThousandths(p) : null)).ConfigureAwait(false);
    }

    public async Task<bool> AnyBlindCountLocationAsync(long shopId) =>
        await QuerySingleAsync("SELECT 1 FROM location_cash_settings WHERE shop_id = @shop AND blind_counts = 1 LIMIT 1", _ => string.Empty, ("@shop", shopId)).ConfigureAwait(false) is not null;

    public async Task<bool> RevokeTokenAsync(long shopId, string hash) =>
        await ExecuteAsync("UPDATE tokens SET revoked = 1 WHERE shop_id = @shop AND hash = @hash AND revoked = 0", ("@shop", shopId), ("@hash", hash)).ConfigureAwait(false) == 1;

    public Task<string?> GetSettingAsync(string key) =>
        QuerySingleAsync("SELECT value FROM settings WHERE key = @key", r => r.GetString(0), ("@key", key));

    public Task SetSettingAsync(string key, string value) =>
        ExecuteAsync("INSERT INTO settings (key, value) VALUES (@key, @value) ON CONFLICT(key) DO UPDATE SET value = excluded.value", ("@key", key), ("@value", value));

    public async Task<long> CountOpenSessionsAsync()
    {
        // The one statement that is not about one shop: the partial index payment_sessions_one_open holds exactly the open sessions.
        await using var statement = await CommandAsync("SELECT COUNT(*) FROM payment_sessions WHERE status = 'OPEN'", []).ConfigureAwait(false);
        return Convert.ToInt64(await statement.Command.ExecuteScalarAsync().ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    // Devices and drawers.

    private const string DeviceColumns = "id, location_id, name, cash_drawer_id, fiscal_device_identifier";

    private static Device ReadDevice(long shopId, DbDataReader r) => new(shopId, r.GetInt64(0), r.GetInt64(1), r.IsDBNull(2) ? null : r.GetString(2), r.IsDBNull(3) ? null : r.GetInt64(3), r.IsDBNull(4) ? null : r.GetString(4));

    public Task<Device?> GetDeviceAsync(long shopId, long deviceId) =>
        QuerySingleAsync($"SELECT {DeviceColumns} FROM devices WHERE shop_id = @shop AND id = @id{Lock}", r => ReadDevice(shopId, r), ("@shop", shopId), ("@id", deviceId));

    public async Task<Device> CreateDeviceAsync(long shopId, long locationId, string name)
    {
        var id = await InsertAsync("INSERT INTO devices (shop_id, location_id, name) VALUES (@shop, @location, @name)", ("@shop", shopId), ("@location", locationId), ("@name", name)).ConfigureAwait(false);
        return new Device(shopId, id, locationId, name, null);
    }

    public Task AssignDeviceAsync(long shopId, long deviceId, long drawerId) =>
        ExecuteAsync("UPDATE devices SET cash_drawer_id = @drawer WHERE shop_id = @shop AND id = @id", ("@drawer", drawerId), ("@shop", shopId), ("@id", deviceId));

    private const string DrawerColumns = "id, location_id, name, currency, balance, activity_count, created_at, ledger_head";

    // A drawer read in a write unit is locked, so its ledger head and count stay ours until the
    // commit: the next activity booked on it chains onto them (see ChainAsync).
    private CashDrawer ReadDrawer(long shopId, DbDataReader r)
    {
        var drawer = new CashDrawer(shopId, r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetString(3), MoneyAmount.FromThousandths(r.GetInt64(4)), r.GetInt64(5), Time(r.GetInt64(6)))
        {
            LedgerHead = r.IsDBNull(7) ? null : r.GetString(7),
        };
        if (write)
        {
            chains[drawer.Id] = (drawer.LedgerHead, drawer.ActivityCount);
        }

        return drawer;
    }

    /// <summary>Per drawer read (and locked) in this write unit: its ledger head and activity count, moved by each booking.</summary>
    private readonly Dictionary<long, (string? Head, long Count)> chains = [];

    /// <summary>
    /// The activity with its ledger link: chained onto its drawer's head, which a write unit has
    /// read with the drawer's lock (or reads, locked, now).
    /// </summary>
    private async Task<CashActivity> ChainAsync(CashActivity activity)
    {
        if (!chains.TryGetValue(activity.DrawerId, out var chain))
        {
            chain = await QuerySingleAsync(
                $"SELECT ledger_head, activity_count FROM cash_drawers WHERE shop_id = @shop AND id = @drawer{Lock}",
                r => new Tuple<string?, long>(r.IsDBNull(0) ? null : r.GetString(0), r.GetInt64(1)), ("@shop", activity.ShopId), ("@drawer", activity.DrawerId)).ConfigureAwait(false) is { } row
                ? (row.Item1, row.Item2)
                : (null, 0);
        }

        var position = chain.Count + 1;
        var hash = LedgerChain.Link(chain.Head, position, activity);
        chains[activity.DrawerId] = (hash, position);
        return activity with { Hash = hash };
    }

    public Task<CashDrawer?> GetDrawerAsync(long shopId, long drawerId) =>
        QuerySingleAsync($"SELECT {DrawerColumns} FROM cash_drawers WHERE shop_id = @shop AND id = @id{Lock}", r => ReadDrawer(shopId, r), ("@shop", shopId), ("@id", drawerId));

    public Task<CashDrawer?> FindDrawerByNameAsync(long shopId, long locationId, string nameKey) =>
        QuerySingleAsync($"SELECT {DrawerColumns} FROM cash_drawers WHERE shop_id = @shop AND location_id = @location AND name_key = @key", r => ReadDrawer(shopId, r), ("@shop", shopId), ("@location", locationId), ("@key", nameKey));

    public async Task<CashDrawer?> CreateDrawerAsync(long shopId, long locationId, string name, string nameKey, string currency, DateTimeOffset now)
    {
        try
        {
            var id = await InsertAsync("INSERT INTO cash_drawers (shop_id, location_id, name, name_key, currency, balance, activity_count, created_at) VALUES (@shop, @location, @name, @key, @currency, 0, 0, @now)", ("@shop", shopId), ("@location", locationId), ("@name", name), ("@key", nameKey), ("@currency", currency), ("@now", now.UtcTicks)).ConfigureAwait(false);
            return new CashDrawer(shopId, id, locationId, name, currency, 0, 0, now);
        }
        catch (DbException e) when (dialect.IsUniqueViolation(e))
        {
            return null;
        }
    }

    // Reason codes.

    private Task<long> InsertReasonCodeAsync(long shopId, ReasonCodeKind kind, string code) =>
        InsertAsync("INSERT INTO reason_codes (shop_id, kind, code, code_key, deleted) VALUES (@shop, @kind, @code, @key, 0)", ("@shop", shopId), ("@kind", kind.ToString()), ("@code", code), ("@key", ReasonCode.KeyOf(code)));

    private const string ReasonCodeColumns = "id, kind, code, deleted";

    private static ReasonCode ReadReasonCode(long shopId, DbDataReader r) => new(shopId, r.GetInt64(0), Enum.Parse<ReasonCodeKind>(r.GetString(1)), r.GetString(2), r.GetInt64(3) != 0);

    public Task<ReasonCode?> GetReasonCodeAsync(long shopId, long reasonCodeId) =>
        QuerySingleAsync($"SELECT {ReasonCodeColumns} FROM reason_codes WHERE shop_id = @shop AND id = @id", r => ReadReasonCode(shopId, r), ("@shop", shopId), ("@id", reasonCodeId));

    public Task<ReasonCode?> GetSystemReasonCodeAsync(long shopId, string code) =>
        QuerySingleAsync($"SELECT {ReasonCodeColumns} FROM reason_codes WHERE shop_id = @shop AND kind = 'System' AND code = @code", r => ReadReasonCode(shopId, r), ("@shop", shopId), ("@code", code));

    // Sessions and the ledger.

    private const string SessionColumns = "id, device_id, drawer_id, location_id, currency, status, opening_time, opening_staff_id, opening_note, expected_at_open, counted_at_open, closing_time, closing_staff_id, closing_note, expected_at_close, counted_at_close, closing_adjustment, review_status, review_staff_id, review_reason_code_id, review_note, review_time, " + KeptFigures.SessionColumns;

    private const int SessionReviewColumn = 17;

    private const int SessionTotalsColumn = 22;

    // A session read in a write unit carries no totals: the use case may book more before it
    // hands the session back, and its reader then reads the row's totals afresh. The totals read
    // with the locked row are kept for the unit itself instead (see ReadLockedSession).
    private PaymentSession ReadSession(long shopId, DbDataReader r) => new()
    {
        ShopId = shopId,
        Id = r.GetInt64(0),
        DeviceId = r.GetInt64(1),
        DrawerId = r.GetInt64(2),
        LocationId = r.GetInt64(3),
        Currency = r.GetString(4),
        Status = r.GetString(5) == "OPEN" ? SessionStatus.Open : SessionStatus.Closed,
        OpeningTime = Time(r.GetInt64(6)),
        OpeningStaffId = r.GetInt64(7),
        OpeningNote = r.IsDBNull(8) ? null : r.GetString(8),
        ExpectedCashAtOpen = MoneyAmount.FromThousandths(r.GetInt64(9)),
        CashCountedAtOpen = MoneyAmount.FromThousandths(r.GetInt64(10)),
        ClosingTime = r.IsDBNull(11) ? null : Time(r.GetInt64(11)),
        ClosingStaffId = r.IsDBNull(12) ? null : r.GetInt64(12),
        ClosingNote = r.IsDBNull(13) ? null : r.GetString(13),
        ExpectedCashAtClose = r.IsDBNull(14) ? null : MoneyAmount.FromThousandths(r.GetInt64(14)),
        CashCountedAtClose = r.IsDBNull(15) ? null : MoneyAmount.FromThousandths(r.GetInt64(15)),
        ClosingAdjustment = r.IsDBNull(16) ? null : MoneyAmount.FromThousandths(r.GetInt64(16)),
        Review = ReadReview(r, SessionReviewColumn),
        Totals = write ? null : ReadTotals(r, SessionTotalsColumn),
    };

    /// <summary>
    /// Per session whose row this write unit read with its lock and has not moved since: the kept
    /// totals as read. The row is the unit's until the commit, so they are the session's totals
    /// now: the context reads hand them to the use case (<see cref="TotalsReadWith"/>), and
    /// <see cref="GetSessionTotalsAsync"/> answers from them instead of reading the row again
    /// (what the one-statement-at-a-time contexts of <see cref="OneByOne"/> ask). Every write that
    /// moves a session's totals forgets that session's entry first.
    /// </summary>
    private readonly Dictionary<long, (long ShopId, SessionTotals Totals)> lockedTotals = [];

    /// <summary>A session row read with the write unit's lock (see <see cref="lockedTotals"/>).</summary>
    private PaymentSession ReadLockedSession(long shopId, DbDataReader r)
    {
        var session = ReadSession(shopId, r);
        if (write)
        {
            lockedTotals[session.Id] = (shopId, ReadTotals(r, SessionTotalsColumn));
        }

        return session;
    }

    /// <summary>The kept totals read with <paramref name="session"/>'s row: its own in a read unit, the remembered ones in a write unit.</summary>
    private SessionTotals? TotalsReadWith(PaymentSession? session) =>
        session is null ? null : session.Totals ?? (lockedTotals.TryGetValue(session.Id, out var kept) ? kept.Totals : null);

    /// <summary>Forgets the totals read with session <paramref name="sessionId"/>'s row: a write is about to move them.</summary>
    private void Moving(long? sessionId)
    {
        if (sessionId is { } id)
        {
            lockedTotals.Remove(id);
        }
    }

    private static SessionReview? ReadReview(DbDataReader r, int first) => r.IsDBNull(first) ? null : new SessionReview(
        r.GetString(first) == "APPROVED" ? ReviewStatus.Approved : ReviewStatus.Required,
        r.IsDBNull(first + 1) ? null : r.GetInt64(first + 1),
        r.IsDBNull(first + 2) ? null : r.GetInt64(first + 2),
        r.IsDBNull(first + 3) ? null : r.GetString(first + 3),
        r.IsDBNull(first + 4) ? null : Time(r.GetInt64(first + 4)));

    private static SessionTotals ReadTotals(DbDataReader r, int first) => new(
        MoneyAmount.FromThousandths(r.GetInt64(first)), MoneyAmount.FromThousandths(r.GetInt64(first + 1)), MoneyAmount.FromThousandths(r.GetInt64(first + 2)),
        MoneyAmount.FromThousandths(r.GetInt64(first + 3)), MoneyAmount.FromThousandths(r.GetInt64(first + 4)),
        MoneyAmount.FromThousandths(r.GetInt64(first + 5)), MoneyAmount.FromThousandths(r.GetInt64(first + 6)), MoneyAmount.FromThousandths(r.GetInt64(first + 7)));

    public Task<PaymentSession?> GetSessionAsync(long shopId, long sessionId) =>
        QuerySingleAsync($"SELECT {SessionColumns} FROM payment_sessions WHERE shop_id = @shop AND id = @id{Lock}", r => ReadLockedSession(shopId, r), ("@shop", shopId), ("@id", sessionId));

    public Task<PaymentSession?> GetOpenSessionAsync(long shopId, long deviceId) =>
        QuerySingleAsync($"SELECT {SessionColumns} FROM payment_sessions WHERE shop_id = @shop AND device_id = @device AND status = 'OPEN'{Lock}", r => ReadLockedSession(shopId, r), ("@shop", shopId), ("@device", deviceId));

    public async Task<PaymentSession?> InsertSessionAsync(PaymentSession session)
    {
        (string, object?)[] parameters =
        [
            ("@shop", session.ShopId), ("@device", session.DeviceId), ("@drawer", session.DrawerId), ("@location", session.LocationId), ("@currency", session.Currency),
            ("@time", session.OpeningTime.UtcTicks), ("@staff", session.OpeningStaffId), ("@note", session.OpeningNote),
            ("@expected", MoneyAmount.ToThousandths(session.ExpectedCashAtOpen)), ("@counted", MoneyAmount.ToThousandths(session.CashCountedAtOpen)),
            ("@created", (session.CreatedAt ?? session.OpeningTime).UtcTicks),
        ];
        const string Columns = "shop_id, device_id, drawer_id, location_id, currency, status, opening_time, opening_staff_id, opening_note, expected_at_open, counted_at_open, created_at";
        const string Values = "@shop, @device, @drawer, @location, @currency, 'OPEN', @time, @staff, @note, @expected, @counted, @created";
        if (TryReservedId("payment_sessions", out var reserved))
        {
            // The device row is locked, so no other open can race this one to the one-open-session index.
            Defer($"INSERT INTO payment_sessions (id, {Columns}) VALUES (@id, {Values})", [.. parameters, ("@id", reserved)]);
            return session with { Id = reserved };
        }

        try
        {
            var id = await InsertAsync($"INSERT INTO payment_sessions ({Columns}) VALUES ({Values})", parameters).ConfigureAwait(false);
            return session with { Id = id };
        }
        catch (DbException e) when (dialect.IsUniqueViolation(e))
        {
            return null;
        }
    }

    public async Task<bool> CloseSessionAsync(PaymentSession closed)
    {
        const string Close =
            "UPDATE payment_sessions SET status = 'CLOSED', closing_time = @time, closing_staff_id = @staff, closing_note = @note, expected_at_close = @expected, counted_at_close = @counted, closing_adjustment = @adjustment, review_status = @review " +
            "WHERE shop_id = @shop AND id = @id AND status = 'OPEN'";
        (string, object?)[] parameters =
        [
            ("@time", closed.ClosingTime!.Value.UtcTicks), ("@staff", closed.ClosingStaffId), ("@note", closed.ClosingNote),
            ("@expected", MoneyAmount.ToThousandths(closed.ExpectedCashAtClose!.Value)), ("@counted", MoneyAmount.ToThousandths(closed.CashCountedAtClose!.Value)),
            ("@adjustment", MoneyAmount.ToThousandths(closed.ClosingAdjustment!.Value)), ("@review", closed.Review?.StatusName), ("@shop", closed.ShopId), ("@id", closed.Id),
        ];
        if (Pipelined)
        {
            // The session row is locked and was open, so the update finds it; should it not, the
            // division by zero fails the unit before its COMMIT.
            Defer($"WITH closed AS ({Close} RETURNING 1) SELECT 1 / COUNT(*) FROM closed", parameters);
            return true;
        }

        return await ExecuteAsync(Close, parameters).ConfigureAwait(false) == 1;
    }

    public async Task<bool> ApproveSessionReviewAsync(long shopId, long sessionId, SessionReview approval)
    {
        ArgumentNullException.ThrowIfNull(approval);
        return await ExecuteAsync(
            "UPDATE payment_sessions SET review_status = 'APPROVED', review_staff_id = @staff, review_reason_code_id = @reason, review_note = @note, review_time = @time " +
            "WHERE shop_id = @shop AND id = @id AND review_status = 'REQUIRED'",
            ("@staff", approval.ApprovedBy), ("@reason", approval.ReasonCodeId), ("@note", approval.Note), ("@time", approval.Time?.UtcTicks), ("@shop", shopId), ("@id", sessionId)).ConfigureAwait(false) == 1;
    }

    public async Task<long> CountSessionsAwaitingApprovalAsync(long shopId, long? locationId, string? currency, DateTimeOffset rangeStart, DateTimeOffset rangeEnd)
    {
        var which = "shop_id = @shop" + (locationId is null ? string.Empty : " AND location_id = @location") + (currency is null ? string.Empty : " AND currency = @currency");
        return await QuerySingleAsync(
            $"SELECT COUNT(*) FROM payment_sessions WHERE shop_id = @shop AND review_status = 'REQUIRED' AND closing_time >= @start AND closing_time < @end AND drawer_id IN (SELECT id FROM cash_drawers WHERE {which})",
            r => (object)r.GetInt64(0), ("@shop", shopId), ("@location", locationId), ("@currency", currency), ("@start", rangeStart.UtcTicks), ("@end", rangeEnd.UtcTicks)).ConfigureAwait(false) is long count ? count : 0;
    }

    /// <summary>Moves drawer <c>@drawer</c> by <c>@cash</c>: the balance every activity changes in the same transaction.</summary>
    private const string MoveDrawer = "UPDATE cash_drawers SET balance = balance + @cash, activity_count = activity_count + 1, ledger_head = @hash WHERE shop_id = @shop AND id = @drawer";

    public async Task<CashActivity> AppendActivityAsync(CashActivity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        Moving(activity.SessionId);
        activity = await ChainAsync(activity).ConfigureAwait(false);
        const string Insert =
            "INSERT INTO cash_activities (shop_id, drawer_id, session_id, kind, type, cash, currency, time, staff_id, reason_code_id, note, counted, expected, discrepancy, transaction_id, denominations, reverses_id, hash) " +
            "VALUES (@shop, @drawer, @session, @kind, @type, @cash, @currency, @time, @staff, @reason, @note, @counted, @expected, @discrepancy, @transaction, @denominations, @reverses, @hash)";
        (string, object?)[] parameters =
        [
            ("@shop", activity.ShopId), ("@drawer", activity.DrawerId), ("@session", activity.SessionId), ("@kind", activity.Kind.ToString()), ("@type", activity.Type),
            ("@cash", MoneyAmount.ToThousandths(activity.Cash)), ("@currency", activity.Currency), ("@time", activity.Time.UtcTicks), ("@staff", activity.StaffId),
            ("@reason", activity.ReasonCodeId), ("@note", activity.Note), ("@counted", Thousandths(activity.Counted)), ("@expected", Thousandths(activity.Expected)),
            ("@discrepancy", Thousandths(activity.Discrepancy)), ("@transaction", activity.TransactionId),
            ("@denominations", DenominationCount.Format(activity.Denominations)), ("@reverses", activity.ReversesId), ("@hash", activity.Hash),
            .. KeptFigures.SessionDelta(LedgerFigures.SessionDelta(activity)), .. KeptFigures.PeriodDelta(activity),
        ];
        long id;
        if (dialect.WritableCommonTableExpressions)
        {
            // One round trip: the drawer, the session's totals and the drawer's period rows move in the statement that books the activity.
            var moves = $"WITH moved AS ({MoveDrawer}), kept AS ({KeptFigures.MoveSession}), periods AS ({KeptFigures.MovePeriods}), ";
            if (TryReservedId("cash_activities", out var reserved))
            {
                // Its key is known, so it can wait to travel with COMMIT.
                Defer($"{moves}booked AS ({WithId(Insert, "@id")} RETURNING id) SELECT id FROM booked", [.. parameters, ("@id", reserved)]);
                return activity with { Id = reserved };
            }

            await using var statement = await CommandAsync($"{moves}booked AS ({Insert} RETURNING id) SELECT id FROM booked", parameters).ConfigureAwait(false);
            id = (long)(await statement.Command.ExecuteScalarAsync().ConfigureAwait(false))!;
        }
        else
        {
            id = await InsertAsync(Insert, parameters).ConfigureAwait(false);
            await ExecuteAsync(MoveDrawer, parameters).ConfigureAwait(false);
            await ExecuteAsync(KeptFigures.MoveSession, parameters).ConfigureAwait(false);
            await ExecuteAsync(KeptFigures.MovePeriods, parameters).ConfigureAwait(false);
        }

        return activity with { Id = id };
    }

    public async Task<DeviceContext> GetDeviceContextAsync(long shopId, long deviceId, long? staffId, IReadOnlyList<string> topics)
    {
        if (!connection.CanCreateBatch)
        {
            return await OneByOne.DeviceContextAsync(this, shopId, deviceId, staffId, topics).ConfigureAwait(false);
        }

        // One round trip; the statements run in this order, so the locks are taken device, session, drawer.
        const string OpenSessionOfDevice = "shop_id = @shop AND device_id = @device AND status = 'OPEN'";
        var (statements, parameters) = WithTopicSubscriptions(
        [
            $"SELECT {DeviceColumns} FROM devices WHERE shop_id = @shop AND id = @device{Lock}",
            $"SELECT {StaffColumns} FROM staff WHERE shop_id = @shop AND id = @staff",
            $"SELECT {SessionColumns} FROM payment_sessions WHERE {OpenSessionOfDevice}{Lock}",
            $"SELECT {LocationColumns} FROM locations WHERE shop_id = @shop AND id = (SELECT location_id FROM devices WHERE shop_id = @shop AND id = @device)",
            $"SELECT {DrawerColumns} FROM cash_drawers WHERE shop_id = @shop AND id = (SELECT drawer_id FROM payment_sessions WHERE {OpenSessionOfDevice}){Lock}",
        ], [("@shop", shopId), ("@device", deviceId), ("@staff", staffId ?? 0)], shopId, topics);
        return await ReadBatchAsync(statements, parameters, async reader =>
        {
            var device = await NextRowAsync(reader, r => ReadDevice(shopId, r)).ConfigureAwait(false);
            var staff = await NextRowAsync(reader, r => ReadStaff(shopId, r)).ConfigureAwait(false);
            var open = await NextRowAsync(reader, r => ReadLockedSession(shopId, r)).ConfigureAwait(false);
            var location = await NextRowAsync(reader, r => ReadLocation(shopId, r)).ConfigureAwait(false);
            var drawer = await NextRowAsync(reader, r => ReadDrawer(shopId, r)).ConfigureAwait(false);
            var subscriptions = await NextSubscriptionsAsync(reader, shopId, topics).ConfigureAwait(false);
            return device is null
                ? DeviceContext.None
                : new DeviceContext(device, staffId is null ? null : staff, open, location, open is null ? null : drawer) { Subscriptions = subscriptions, OpenSessionTotals = TotalsReadWith(open) };
        }, write ? [("order_transactions", 1), ("cash_activities", 1)] : null).ConfigureAwait(false);
    }

    public async Task<OpenContext> GetOpenContextAsync(long shopId, long deviceId, long? staffId, long? reasonCodeId, IReadOnlyList<string> topics)
    {
        if (!connection.CanCreateBatch)
        {
            return await OneByOne.OpenContextAsync(this, shopId, deviceId, staffId, reasonCodeId, topics).ConfigureAwait(false);
        }

        // One round trip; the statements run in this order, so the locks are taken device, session, drawer.
        const string DeviceDrawer = "(SELECT cash_drawer_id FROM devices WHERE shop_id = @shop AND id = @device)";
        var (statements, parameters) = WithTopicSubscriptions(
        [
            $"SELECT {DeviceColumns} FROM devices WHERE shop_id = @shop AND id = @device{Lock}",
            $"SELECT {StaffColumns} FROM staff WHERE shop_id = @shop AND id = @staff",
            $"SELECT {ReasonCodeColumns} FROM reason_codes WHERE shop_id = @shop AND id = @reason",
            $"SELECT {SessionColumns} FROM payment_sessions WHERE shop_id = @shop AND device_id = @device AND status = 'OPEN'{Lock}",
            $"SELECT {DrawerColumns} FROM cash_drawers WHERE shop_id = @shop AND id = {DeviceDrawer}{Lock}",
            $"SELECT {ReasonCodeColumns} FROM reason_codes WHERE shop_id = @shop AND kind = 'System' AND code = 'FLOAT_SETUP'",
        ], [("@shop", shopId), ("@device", deviceId), ("@staff", staffId ?? 0), ("@reason", reasonCodeId ?? 0)], shopId, topics);
        return await ReadBatchAsync(statements, parameters, async reader =>
        {
            var device = await NextRowAsync(reader, r => ReadDevice(shopId, r)).ConfigureAwait(false);
            var staff = await NextRowAsync(reader, r => ReadStaff(shopId, r)).ConfigureAwait(false);
            var reason = await NextRowAsync(reader, r => ReadReasonCode(shopId, r)).ConfigureAwait(false);
            var session = await NextRowAsync(reader, r => ReadLockedSession(shopId, r)).ConfigureAwait(false);
            var drawer = await NextRowAsync(reader, r => ReadDrawer(shopId, r)).ConfigureAwait(false);
            var floatSetup = await NextRowAsync(reader, r => ReadReasonCode(shopId, r)).ConfigureAwait(false);
            var subscriptions = await NextSubscriptionsAsync(reader, shopId, topics).ConfigureAwait(false);
            return device is null
                ? OpenContext.None
                : new OpenContext(device, staffId is null ? null : staff, reasonCodeId is null ? null : reason, session, drawer, drawer is { ActivityCount: 0 } ? floatSetup : null)
                {
                    Subscriptions = subscriptions,
                };
        }, write ? [("payment_sessions", 1), ("cash_activities", 1)] : null).ConfigureAwait(false);
    }

    public async Task<SessionContext> GetSessionContextAsync(long shopId, long sessionId, long? staffId, IReadOnlyList<string> topics, bool cashSettings)
    {
        if (!connection.CanCreateBatch)
        {
            return await OneByOne.SessionContextAsync(this, shopId, sessionId, staffId, topics, cashSettings).ConfigureAwait(false);
        }

        // One round trip, locking device, session, drawer: the order every write takes them in.
        // The session's device is locked too because a write that updates the session row more
        // than once (a close moves its totals, then closes it) makes PostgreSQL re-check the row's
        // foreign keys, which takes a key-share lock on the device; holding the device already
        // keeps that from waiting on a transaction of the device that waits for the session.
        var (statements, parameters) = WithTopicSubscriptions(
        [
            .. write ? [$"SELECT id FROM devices WHERE shop_id = @shop AND id = (SELECT device_id FROM payment_sessions WHERE shop_id = @shop AND id = @id){Lock}"] : Array.Empty<string>(),
            $"SELECT {SessionColumns} FROM payment_sessions WHERE shop_id = @shop AND id = @id{Lock}",
            $"SELECT {StaffColumns} FROM staff WHERE shop_id = @shop AND id = @staff",
            $"SELECT {DrawerColumns} FROM cash_drawers WHERE shop_id = @shop AND id = (SELECT drawer_id FROM payment_sessions WHERE shop_id = @shop AND id = @id){Lock}",
            .. cashSettings ? [$"SELECT {CashSettingsColumns} FROM location_cash_settings WHERE shop_id = @shop AND location_id = (SELECT location_id FROM payment_sessions WHERE shop_id = @shop AND id = @id)"] : Array.Empty<string>(),
        ], [("@shop", shopId), ("@id", sessionId), ("@staff", staffId ?? 0)], shopId, topics);
        return await ReadBatchAsync(statements, parameters, async reader =>
        {
            if (write)
            {
                await reader.NextResultAsync().ConfigureAwait(false);
            }

            var session = await NextRowAsync(reader, r => ReadLockedSession(shopId, r)).ConfigureAwait(false);
            var staff = await NextRowAsync(reader, r => ReadStaff(shopId, r)).ConfigureAwait(false);
            var drawer = await NextRowAsync(reader, r => ReadDrawer(shopId, r)).ConfigureAwait(false);
            var settings = cashSettings ? await NextRowAsync(reader, ReadCashSettings).ConfigureAwait(false) ?? LocationCashSettings.Default : null;
            var subscriptions = await NextSubscriptionsAsync(reader, shopId, topics).ConfigureAwait(false);
            return session is null
                ? SessionContext.None
                : new SessionContext(session, staffId is null ? null : staff, drawer) { Subscriptions = subscriptions, Totals = TotalsReadWith(session), CashSettings = settings };
        }, write ? [("cash_activities", 2)] : null).ConfigureAwait(false);
    }

    public async Task<(OrderTransaction Transaction, CashActivity? Activity)> RecordTransactionAsync(OrderTransaction transaction, CashActivity? cash)
    {
        if (cash is null || !dialect.WritableCommonTableExpressions || !TryReservedId("order_transactions", out var transactionKey) || !TryReservedId("cash_activities", out var activityKey))
        {
            // Without both keys known the activity's link (which covers its transaction's ID) waits for the transaction's insert.
            return await OneByOne.RecordTransactionAsync(this, transaction, cash).ConfigureAwait(false);
        }

        Moving(transaction.SessionId);
        Moving(cash.SessionId);
        cash = await ChainAsync(cash with { TransactionId = transactionKey }).ConfigureAwait(false);

        // One statement: the transaction, its activity (pointing at it), the drawer's new balance,
        // the session's totals (moved by both) and the drawer's period rows.
        const string Booking =
            "booked AS (INSERT INTO cash_activities (shop_id, drawer_id, session_id, kind, type, cash, currency, time, staff_id, transaction_id, hash) " +
            "VALUES (@shop, @drawer, @session, @activityKind, @activityType, @cash, @currency, @time, @staff, (SELECT id FROM recorded), @hash) RETURNING id) ";
        var moves = $"moved AS ({MoveDrawer}), kept AS ({KeptFigures.MoveSession}), periods AS ({KeptFigures.MovePeriods}), ";
        (string, object?)[] parameters =
        [
            .. TransactionParameters(transaction),
            ("@drawer", cash.DrawerId), ("@activityKind", cash.Kind.ToString()), ("@activityType", cash.Type), ("@cash", MoneyAmount.ToThousandths(cash.Cash)), ("@time", cash.Time.UtcTicks),
            ("@hash", cash.Hash),
            .. KeptFigures.SessionDelta(LedgerFigures.SessionDelta(transaction).Plus(LedgerFigures.SessionDelta(cash))), .. KeptFigures.PeriodDelta(cash),
        ];

        // Both keys are known, so the whole booking can wait to travel with COMMIT.
        Defer(
            $"WITH recorded AS ({WithId(InsertTransaction, "@transactionKey")} RETURNING id), {moves}{WithId(Booking, "@activityKey")}SELECT recorded.id, booked.id FROM recorded, booked",
            [.. parameters, ("@transactionKey", transactionKey), ("@activityKey", activityKey)]);
        return (transaction with { Id = transactionKey }, cash with { Id = activityKey });
    }

    /// <summary>
    /// Sends the statements in one round trip (each bound to the parameters it uses) and hands
    /// <paramref name="read"/> the reader of their results, one result set per statement, in order.
    /// </summary>
    private async Task<T> ReadBatchAsync<T>(string[] statements, (string Name, object? Value)[] parameters, Func<DbDataReader, Task<T>> read, (string Table, int Count)[]? reserve = null)
    {
        await SendDeferredAsync(commit: false, CancellationToken.None).ConfigureAwait(false);
        await using var batch = connection.CreateBatch();
        batch.Transaction = transaction;
        if (Pipelined && !begun)
        {
            Add(batch, "BEGIN", []);
            begun = true;
        }

        foreach (var sql in statements)
        {
            Add(batch, sql, parameters);
        }

        var reserving = Pipelined && reserve is { Length: > 0 };
        if (reserving)
        {
            Add(batch, ReserveStatement(reserve!), []);
        }

        using var span = dialect.CommandSource?.HasListeners() == true ? Traced(string.Join(";\n", statements)) : null;
        await using var reader = await batch.ExecuteReaderAsync().ConfigureAwait(false);
        var result = await read(reader).ConfigureAwait(false);
        if (reserving)
        {
            await ReadReservedAsync(reader, reserve!).ConfigureAwait(false);
        }

        return result;
    }

    /// <summary>The current result set's row (or null), then moves the reader on to the next result set.</summary>
    private static async Task<T?> NextRowAsync<T>(DbDataReader reader, Func<DbDataReader, T> map)
        where T : class
    {
        var row = await reader.ReadAsync().ConfigureAwait(false) ? map(reader) : null;
        await reader.NextResultAsync().ConfigureAwait(false);
        return row;
    }

    private const string TransactionColumns = "id, device_id, location_id, session_id, kind, gateway, amount, currency, staff_id, processed_at, created_at";

    private const string InsertTransaction =
        "INSERT INTO order_transactions (shop_id, device_id, location_id, session_id, kind, gateway, amount, currency, staff_id, processed_at, created_at) " +
        "VALUES (@shop, @device, @location, @session, @kind, @gateway, @amount, @currency, @staff, @processed, @created)";

    private static (string, object?)[] TransactionParameters(OrderTransaction t) =>
    [
        ("@shop", t.ShopId), ("@device", t.DeviceId), ("@location", t.LocationId), ("@session", t.SessionId), ("@kind", t.Kind), ("@gateway", t.Gateway),
        ("@amount", MoneyAmount.ToThousandths(t.Amount)), ("@currency", t.Currency), ("@staff", t.StaffId), ("@processed", t.ProcessedAt.UtcTicks), ("@created", t.CreatedAt.UtcTicks),
    ];

    public async Task<OrderTransaction> InsertTransactionAsync(OrderTransaction t)
    {
        ArgumentNullException.ThrowIfNull(t);
        if (t.SessionId is null)
        {
            return t with { Id = await InsertAsync(InsertTransaction, TransactionParameters(t)).ConfigureAwait(false) };
        }

        // The session's all-tender totals move with the transaction: in the same statement where the database allows.
        Moving(t.SessionId);
        (string, object?)[] parameters = [.. TransactionParameters(t), .. KeptFigures.SessionDelta(LedgerFigures.SessionDelta(t))];
        long id;
        if (dialect.WritableCommonTableExpressions)
        {
            if (TryReservedId("order_transactions", out var reserved))
            {
                Defer($"WITH recorded AS ({WithId(InsertTransaction, "@id")} RETURNING id), kept AS ({KeptFigures.MoveSession}) SELECT id FROM recorded", [.. parameters, ("@id", reserved)]);
                return t with { Id = reserved };
            }

            await using var statement = await CommandAsync($"WITH recorded AS ({InsertTransaction} RETURNING id), kept AS ({KeptFigures.MoveSession}) SELECT id FROM recorded", parameters).ConfigureAwait(false);
            id = (long)(await statement.Command.ExecuteScalarAsync().ConfigureAwait(false))!;
        }
        else
        {
            id = await InsertAsync(InsertTransaction, parameters).ConfigureAwait(false);
            await ExecuteAsync(KeptFigures.MoveSession, parameters).ConfigureAwait(false);
        }

        return t with { Id = id };
    }

    public Task<OrderTransaction?> GetTransactionAsync(long shopId, long transactionId) =>
        QuerySingleAsync($"SELECT {TransactionColumns} FROM order_transactions WHERE shop_id = @shop AND id = @id", r => ReadTransaction(shopId, r), ("@shop", shopId), ("@id", transactionId));

    private static OrderTransaction ReadTransaction(long shopId, DbDataReader r) => new(
        shopId, r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.IsDBNull(3) ? null : r.GetInt64(3), r.GetString(4), r.GetString(5), MoneyAmount.FromThousandths(r.GetInt64(6)),
        r.GetString(7), r.GetInt64(8), Time(r.GetInt64(9)), Time(r.GetInt64(10)));

    public async Task<SessionTotals> GetSessionTotalsAsync(long shopId, long sessionId) =>
        lockedTotals.TryGetValue(sessionId, out var kept) && kept.ShopId == shopId
            ? kept.Totals
            : await QuerySingleAsync($"SELECT {KeptFigures.SessionColumns} FROM payment_sessions WHERE shop_id = @shop AND id = @id", r => ReadTotals(r, 0), ("@shop", shopId), ("@id", sessionId)).ConfigureAwait(false)
        ?? SessionTotals.Empty;

    internal const string ActivityColumns = "id, drawer_id, session_id, kind, type, cash, currency, time, staff_id, reason_code_id, note, counted, expected, discrepancy, transaction_id, denominations, reverses_id, hash";

    public async Task<IReadOnlyList<CashActivity>> ListSessionActivitiesAsync(long shopId, long sessionId, ActivityPage page)
    {
        var keyset = new KeysetPage(page.Descending, page.AfterKey is { } after ? (after.Ticks, after.Id) : null, page.Limit);
        var (where, orderBy) = Keyset(keyset, "time");
        var (search, parameters) = Filtered(page.Filter, ActivitySearchColumns, PageParameters(keyset, ("@shop", shopId), ("@session", sessionId), ("@staff", page.StaffId)));
        var sql = $"SELECT {ActivityColumns} FROM cash_activities WHERE shop_id = @shop AND session_id = @session" +
            (page.StaffId is null ? string.Empty : " AND staff_id = @staff") + search + where + orderBy;
        await using var statement = await CommandAsync(sql, parameters).ConfigureAwait(false);
        return await ReadListAsync(statement.Command, ReadActivity).ConfigureAwait(false);
    }

    internal static CashActivity ReadActivity(long shopId, DbDataReader reader) => new()
    {
        ShopId = shopId,
        Id = reader.GetInt64(0),
        DrawerId = reader.GetInt64(1),
        SessionId = reader.GetInt64(2),
        Kind = Enum.Parse<ActivityKind>(reader.GetString(3)),
        Type = reader.GetString(4),
        Cash = MoneyAmount.FromThousandths(reader.GetInt64(5)),
        Currency = reader.GetString(6),
        Time = Time(reader.GetInt64(7)),
        StaffId = reader.GetInt64(8),
        ReasonCodeId = reader.IsDBNull(9) ? null : reader.GetInt64(9),
        Note = reader.IsDBNull(10) ? null : reader.GetString(10),
        Counted = reader.IsDBNull(11) ? null : MoneyAmount.FromThousandths(reader.GetInt64(11)),
        Expected = reader.IsDBNull(12) ? null : MoneyAmount.FromThousandths(reader.GetInt64(12)),
        Discrepancy = reader.IsDBNull(13) ? null : MoneyAmount.FromThousandths(reader.GetInt64(13)),
        TransactionId = reader.IsDBNull(14) ? null : reader.GetInt64(14),
        Denominations = reader.IsDBNull(15) ? null : DenominationCount.Parse(reader.GetString(15)),
        ReversesId = reader.IsDBNull(16) ? null : reader.GetInt64(16),
        Hash = reader.IsDBNull(17) ? null : reader.GetString(17),
    };

    // Plumbing.

    private string Lock => write ? dialect.LockRows : string.Empty;

    private static DateTimeOffset Time(long ticks) => new(ticks, TimeSpan.Zero);

    private static long? Thousandths(decimal? amount) => amount is { } a ? MoneyAmount.ToThousandths(a) : null;

    /// <summary>
    /// A command for <paramref name="sql"/> with the given parameters bound: a kept, prepared one
    /// when the connection has a statement cache. Held-back writes are sent first (awaited, never
    /// blocking a thread), so the statement sees them. A statement the cache takes is prepared
    /// here, once per connection: today only SQLite's kept connections have a cache, where
    /// preparing compiles in process (Microsoft.Data.Sqlite's PrepareAsync does it inline); it is
    /// awaited all the same because on a server database (Npgsql) preparing is a round trip.
    /// </summary>
    private async ValueTask<Statement> CommandAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        if (deferred.Count > 0)
        {
            // A statement after held-back writes must see them: send them first (rare; the hot paths read first).
            await SendDeferredAsync(commit: false, CancellationToken.None).ConfigureAwait(false);
        }

        sql = BeginWith(sql);
        var (command, isNew, kept) = StatementCache.Lease(statements, connection, sql);
        command.Transaction = transaction;
        Bind(command.Parameters, command.CreateParameter, sql, parameters);
        if (isNew && kept)
        {
            await command.PrepareAsync().ConfigureAwait(false);
        }

        return new Statement(command, kept, Traced(sql));
    }

    /// <summary>
    /// Binds <paramref name="parameters"/> to a statement's parameter collection, the one way every
    /// statement is bound (a kept command, a new one, a batch's command): a parameter the
    /// collection holds already (a kept command's) gets the new value; one the SQL uses is added;
    /// one it does not use is left out, since an unused untyped null would confuse PostgreSQL.
    /// </summary>
    private static void Bind(DbParameterCollection bound, Func<DbParameter> create, string sql, (string Name, object? Value)[] parameters)
    {
        foreach (var (name, value) in parameters)
        {
            var index = bound.Count == 0 ? -1 : bound.IndexOf(name);
            if (index >= 0)
            {
                bound[index].Value = Stored(value);
            }
            else if (sql.Contains(name, StringComparison.Ordinal))
            {
                var parameter = create();
                parameter.ParameterName = name;
                parameter.Value = Stored(value);
                bound.Add(parameter);
            }
        }
    }

    /// <summary>
    /// A span for one statement where the dialect traces its commands itself (SQLite; Npgsql traces
    /// PostgreSQL's). Null when nothing listens. It carries the SQL text, never a parameter value.
    /// </summary>
    private Activity? Traced(string sql)
    {
        if (dialect.CommandSource is not { } source || !source.HasListeners())
        {
            return null;
        }

        var space = sql.AsSpan().TrimStart().IndexOfAny(' ', '\n');
        var operation = space > 0 ? sql.TrimStart()[..space] : "SQL";
        var span = source.StartActivity(operation, SpanKind.Client);
        if (span is { IsAllDataRequested: true })
        {
            span.SetTag("db.system.name", dialect.SystemName);
            span.SetTag("db.operation.name", operation);
            span.SetTag("db.query.text", sql);
        }

        return span;
    }

    // PostgreSQL cannot store NUL in text; both backends store U+FFFD in its place, so they keep the same data.
    private static object Stored(object? value) =>
        value is string text && text.Contains('\0', StringComparison.Ordinal) ? text.Replace('\0', '\uFFFD') : value ?? DBNull.Value;

    /// <summary>A command in use; disposing it keeps a cached command for the next unit of work.</summary>
    private readonly record struct Statement(DbCommand Command, bool Kept, Activity? Span = null) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            Span?.Dispose();
            return Kept ? ValueTask.CompletedTask : Command.DisposeAsync();
        }
    }

    private async Task<T?> QuerySingleAsync<T>(string sql, Func<DbDataReader, T> map, params (string Name, object? Value)[] parameters)
        where T : class
    {
        await using var statement = await CommandAsync(sql, parameters).ConfigureAwait(false);
        await using var reader = await statement.Command.ExecuteReaderAsync().ConfigureAwait(false);
        return await reader.ReadAsync().ConfigureAwait(false) ? map(reader) : null;
    }

    private static async Task<IReadOnlyList<T>> ReadListAsync<T>(DbCommand command, Func<long, DbDataReader, T> map)
    {
        var shopId = (long)command.Parameters["@shop"].Value!;
        var list = new List<T>();
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            list.Add(map(shopId, reader));
        }

        return list;
    }

    private async Task<int> ExecuteAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        await using var statement = await CommandAsync(sql, parameters).ConfigureAwait(false);
        return await statement.Command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    private async Task<long> InsertAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        await using var statement = await CommandAsync(sql + " RETURNING id", parameters).ConfigureAwait(false);
        return (long)(await statement.Command.ExecuteScalarAsync().ConfigureAwait(false))!;
    }
}

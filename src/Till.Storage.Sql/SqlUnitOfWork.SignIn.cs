using Till.SignIn;

namespace Till.Storage.Sql;

/// <summary>Staff PINs, app sessions and the record of sign-ins.</summary>
internal sealed partial class SqlUnitOfWork
{
    public async Task<IReadOnlyList<StaffPin>> FindStaffPinsByEmailAsync(string email)
    {
        await using var statement = await CommandAsync(
            "SELECT p.shop_id, p.staff_id, p.hash, p.salt, p.iterations, p.failed_attempts, p.locked_until FROM staff_pins p"
            + " JOIN staff s ON s.shop_id = p.shop_id AND s.id = p.staff_id WHERE LOWER(s.email) = LOWER(@email) AND s.active = 1 ORDER BY p.shop_id" + Lock,
            ("@email", email)).ConfigureAwait(false);
        var list = new List<StaffPin>();
        await using var reader = await statement.Command.ExecuteReaderAsync().ConfigureAwait(false);
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            list.Add(new StaffPin(reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3), (int)reader.GetInt64(4), (int)reader.GetInt64(5), reader.IsDBNull(6) ? null : Time(reader.GetInt64(6))));
        }

        return list;
    }

    public Task SaveStaffPinAsync(StaffPin pin, DateTimeOffset now) =>
        ExecuteAsync(
            "INSERT INTO staff_pins (shop_id, staff_id, hash, salt, iterations, failed_attempts, locked_until, updated_at) VALUES (@shop, @staff, @hash, @salt, @iterations, 0, NULL, @now)"
            + " ON CONFLICT (shop_id, staff_id) DO UPDATE SET hash = excluded.hash, salt = excluded.salt, iterations = excluded.iterations, failed_attempts = 0, locked_until = NULL, updated_at = excluded.updated_at",
            ("@shop", pin.ShopId), ("@staff", pin.StaffId), ("@hash", pin.Hash), ("@salt", pin.Salt), ("@iterations", (long)pin.Iterations), ("@now", now.UtcTicks));

    public Task UpdateStaffPinAttemptsAsync(long shopId, long staffId, int failedAttempts, DateTimeOffset? lockedUntil) =>
        ExecuteAsync(
            "UPDATE staff_pins SET failed_attempts = @failed, locked_until = @until WHERE shop_id = @shop AND staff_id = @staff",
            ("@failed", (long)failedAttempts), ("@until", lockedUntil?.UtcTicks), ("@shop", shopId), ("@staff", staffId));

    public Task AddSignInEventAsync(long shopId, long staffId, string outcome, DateTimeOffset at) =>
        ExecuteAsync(
            "INSERT INTO staff_sign_ins (shop_id, staff_id, outcome, at) VALUES (@shop, @staff, @outcome, @at)",
            ("@shop", shopId), ("@staff", staffId), ("@outcome", outcome), ("@at", at.UtcTicks));

    public async Task<IReadOnlyList<SignInEvent>> ListSignInEventsAsync(long shopId, long staffId, int limit)
    {
        await using var statement = await CommandAsync(
            "SELECT id, outcome, at FROM staff_sign_ins WHERE shop_id = @shop AND staff_id = @staff ORDER BY id DESC LIMIT @limit",
            ("@shop", shopId), ("@staff", staffId), ("@limit", (long)limit)).ConfigureAwait(false);
        var list = new List<SignInEvent>();
        await using var reader = await statement.Command.ExecuteReaderAsync().ConfigureAwait(false);
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            list.Add(new SignInEvent(reader.GetInt64(0), shopId, staffId, reader.GetString(1), Time(reader.GetInt64(2))));
        }

        return list;
    }

    public Task<long> CreateStaffSessionAsync(long shopId, long staffId, string hash, DateTimeOffset createdAt, DateTimeOffset expiresAt) =>
        InsertAsync(
            "INSERT INTO staff_sessions (shop_id, staff_id, hash, created_at, expires_at) VALUES (@shop, @staff, @hash, @created, @expires)",
            ("@shop", shopId), ("@staff", staffId), ("@hash", hash), ("@created", createdAt.UtcTicks), ("@expires", expiresAt.UtcTicks));

    public Task<StaffSession?> FindStaffSessionAsync(string hash) =>
        QuerySingleAsync(
            "SELECT id, shop_id, staff_id, created_at, expires_at FROM staff_sessions WHERE hash = @hash AND ended_at IS NULL",
            r => new StaffSession(r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), Time(r.GetInt64(3)), Time(r.GetInt64(4))),
            ("@hash", hash));

    public Task EndStaffSessionAsync(string hash, DateTimeOffset at) =>
        ExecuteAsync("UPDATE staff_sessions SET ended_at = @at WHERE hash = @hash AND ended_at IS NULL", ("@at", at.UtcTicks), ("@hash", hash));

    public Task EndStaffSessionsAsync(long shopId, long staffId, DateTimeOffset at) =>
        ExecuteAsync("UPDATE staff_sessions SET ended_at = @at WHERE shop_id = @shop AND staff_id = @staff AND ended_at IS NULL", ("@at", at.UtcTicks), ("@shop", shopId), ("@staff", staffId));
}

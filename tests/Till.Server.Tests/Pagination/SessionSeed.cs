using System.Data.Common;
using Till.Server.Tests.Queries;
using Till.Server.Tests.Support;

namespace Till.Server.Tests.Pagination;

/// <summary>One seeded payment session: its numeric ID and its sort keys (UTC ticks).</summary>
internal sealed record SeededSession(long Id, long OpeningTicks, long? ClosingTicks)
{
    public string Gid => "gid://shopify/PointOfSaleDevicePaymentSession/" + Id;
}

/// <summary>Writes payment sessions straight into a running server's database, far faster than opening and closing them over HTTP.</summary>
internal sealed class SessionSeed(TillServer server, TestShop shop)
{
    private static readonly DateTimeOffset Base = new(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);
    private readonly long shopId = QueryKit.Number(shop.ShopId);
    private readonly long locationId = QueryKit.Number(shop.LocationId);
    private readonly long staffId = QueryKit.Number(shop.StaffId);
    private readonly long drawerId = QueryKit.Number(shop.DrawerId);
    private readonly long deviceId = QueryKit.Number(shop.DeviceId);

    /// <summary>
    /// Inserts <paramref name="count"/> sessions. Opening times fall on 600 distinct minutes (so many are
    /// shared) in an order unrelated to the IDs; every fifth session is open, each on a device of its
    /// own; the others are closed 1 to 40 hours after they opened (so closing times are shared too).
    /// </summary>
    public async Task<List<SeededSession>> InsertAsync(int count, int salt = 0)
    {
        await using var connection = await server.Database.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var sessions = new List<SeededSession>(count);
        for (var i = 0; i < count; i++)
        {
            var n = i + salt;
            var opening = Base.AddMinutes(n * 7919 % 600).UtcTicks;
            var open = salt == 0 && i % 5 == 0;
            long? closing = open ? null : Base.AddMinutes(n * 7919 % 600).AddHours((n * 31 % 40) + 1).UtcTicks;
            var device = open ? NewDevice(connection, transaction, i) : deviceId;
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText =
                "INSERT INTO payment_sessions (shop_id, device_id, drawer_id, location_id, currency, status, opening_time, opening_staff_id, opening_note, expected_at_open, counted_at_open, " +
                "closing_time, closing_staff_id, closing_note, expected_at_close, counted_at_close, closing_adjustment) " +
                "VALUES (@shop, @device, @drawer, @location, 'USD', @status, @opening, @staff, NULL, 100000, 100000, @closing, @closingStaff, NULL, @atClose, @atClose, @adjustment) RETURNING id";
            Add(insert, "@shop", shopId);
            Add(insert, "@device", device);
            Add(insert, "@drawer", drawerId);
            Add(insert, "@location", locationId);
            Add(insert, "@status", open ? "OPEN" : "CLOSED");
            Add(insert, "@opening", opening);
            Add(insert, "@staff", staffId);
            Add(insert, "@closing", closing is { } c ? c : DBNull.Value);
            Add(insert, "@closingStaff", open ? DBNull.Value : staffId);
            Add(insert, "@atClose", open ? DBNull.Value : 100000L);
            Add(insert, "@adjustment", open ? DBNull.Value : 0L);
            var id = Convert.ToInt64(insert.ExecuteScalar()!, System.Globalization.CultureInfo.InvariantCulture);
            sessions.Add(new SeededSession(id, opening, closing));
        }

        await transaction.CommitAsync();
        return sessions;
    }

    private long NewDevice(DbConnection connection, DbTransaction transaction, int index)
    {
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO devices (shop_id, location_id, name, cash_drawer_id) VALUES (@shop, @location, @name, @drawer) RETURNING id";
        Add(insert, "@shop", shopId);
        Add(insert, "@location", locationId);
        Add(insert, "@name", "Seeded register " + index);
        Add(insert, "@drawer", drawerId);
        return Convert.ToInt64(insert.ExecuteScalar()!, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}

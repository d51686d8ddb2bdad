using System.Data.Common;
using System.Globalization;
using Till.Storage;
using Till.Storage.Postgres;
using Till.Storage.Sql;
using Till.Storage.Sqlite;
using Till.Testing;
using Till.Tests.Support;

namespace Till.Tests.Storage;

/// <summary>
/// Migration 0003 on a database that already holds history: the kept session totals and period
/// rows it backfills equal the figures recomputed from the activities and transactions.
/// </summary>
public sealed class KeptFiguresMigrationTests : IAsyncLifetime
{
    private static readonly string[] ActivityTypes = ["OPENING", "MID_SESSION", "CLOSING", "SALE", "CHANGE", "REFUND", "ADJUSTMENT", "CASH_PAYOUT", "CLOSING_ADJUSTMENT"];

    private TestDatabase database = null!;

    public async Task InitializeAsync() => database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await database.DisposeAsync();

    private static System.Reflection.Assembly Migrations => TestDatabase.UsePostgres ? typeof(PostgresStore).Assembly : typeof(SqliteStore).Assembly;

    [Fact]
    public void OnlyTheLastScriptThatAsksForIt_RunsTheRebuild()
    {
        var rebuild = string.Join(";\n", KeptFigures.Rebuild(oneShop: false));
        var scripts = MigrationScripts.Read(Migrations).ToList();
        scripts.Count(s => s.Sql.Contains(rebuild, StringComparison.Ordinal)).ShouldBe(1);
        scripts.ShouldAllBe(s => !s.Sql.Contains(MigrationScripts.RebuildKeptFigures, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(41)]
    public async Task Migrate_FromVersion2WithHistory_BackfillsEveryKeptFigure(int seed)
    {
        var random = new Random(seed);
        await using (var connection = await database.OpenAsync())
        {
            await ExecuteAsync(connection, "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)");
            foreach (var (version, sql) in MigrationScripts.Read(Migrations).Where(s => s.Version <= 2))
            {
                await ExecuteAsync(connection, sql);
                await ExecuteAsync(connection, $"INSERT INTO schema_migrations (version, applied_at) VALUES ({version}, 'before')");
            }
        }

        var shops = new List<long>();
        for (var s = 0; s < 2; s++)
        {
            shops.Add(await InsertHistoryAsync(random));
        }

        using (var store = TestDatabase.UsePostgres ? (IDisposable)new PostgresStore(database.Url) : new SqliteStore(database.Url))
        {
            await ((ITillStore)store).MigrateAsync();
        }

        await using var check = await database.OpenAsync();
        foreach (var shop in shops)
        {
            (await FiguresOracle.TextAsync(check, FiguresOracle.KeptSessionTotals, shop)).ShouldBe(await FiguresOracle.TextAsync(check, FiguresOracle.SessionTotals, shop), $"shop {shop}: session rows");
            (await FiguresOracle.TextAsync(check, FiguresOracle.KeptPeriodRows, shop)).ShouldBe(await FiguresOracle.TextAsync(check, FiguresOracle.PeriodRows, shop), $"shop {shop}: period rows");
        }

        (await database.ScalarAsync("SELECT COUNT(*) FROM drawer_periods")).ShouldNotBe(0L);
    }

    /// <summary>A shop with two drawers and a random history written straight into the version-2 tables.</summary>
    private async Task<long> InsertHistoryAsync(Random random)
    {
        await using var connection = await database.OpenAsync();
        await ExecuteAsync(connection, "BEGIN");
        var shop = await InsertAsync(connection, "INSERT INTO shops (name, currency, created_at) VALUES ('Old shop', 'USD', 0)");
        var location = await InsertAsync(connection, "INSERT INTO locations (shop_id, name, currency, created_at) VALUES (@shop, 'Main', 'USD', 0)", ("@shop", shop));
        var staff = await InsertAsync(connection, "INSERT INTO staff (shop_id, first_name, last_name, email, active, is_owner) VALUES (@shop, 'A', 'B', 'a@example.com', 1, 0)", ("@shop", shop));
        var start = new DateTimeOffset(2025, 11, 2, 6, 0, 0, TimeSpan.Zero).UtcTicks;
        for (var d = 0; d < 2; d++)
        {
            var drawer = await InsertAsync(connection, "INSERT INTO cash_drawers (shop_id, location_id, name, name_key, currency, balance, activity_count, created_at) VALUES (@shop, @location, @name, @name, 'USD', 0, 0, 0)",
                ("@shop", shop), ("@location", location), ("@name", "drawer " + d));
            var device = await InsertAsync(connection, "INSERT INTO devices (shop_id, location_id, name, cash_drawer_id) VALUES (@shop, @location, 'register', @drawer)", ("@shop", shop), ("@location", location), ("@drawer", drawer));
            for (var s = 0; s < 3; s++)
            {
                var opened = start + random.NextInt64(TimeSpan.FromDays(3).Ticks);
                var session = await InsertAsync(connection,
                    "INSERT INTO payment_sessions (shop_id, device_id, drawer_id, location_id, currency, status, opening_time, opening_staff_id, expected_at_open, counted_at_open) " +
                    "VALUES (@shop, @device, @drawer, @location, 'USD', 'CLOSED', @time, @staff, 0, 0)",
                    ("@shop", shop), ("@device", device), ("@drawer", drawer), ("@location", location), ("@time", opened), ("@staff", staff));
                for (var a = 0; a < 25; a++)
                {
                    var type = ActivityTypes[random.Next(ActivityTypes.Length)];
                    var time = opened + random.NextInt64(TimeSpan.FromHours(30).Ticks);
                    var amount = random.NextInt64(1, 500_000);
                    long? transactionId = null;
                    if (type is "SALE" or "CHANGE" or "REFUND")
                    {
                        transactionId = await InsertTransactionAsync(connection, shop, device, location, session, type, "cash", amount, staff, time);
                    }

                    if (random.Next(4) == 0)
                    {
                        await InsertTransactionAsync(connection, shop, device, location, session, ActivityTypes[3 + random.Next(3)], "card", random.NextInt64(1, 500_000), staff, time);
                    }

                    var isCount = type is "OPENING" or "MID_SESSION" or "CLOSING";
                    var cash = type switch
                    {
                        "SALE" => amount,
                        "CHANGE" or "REFUND" or "CASH_PAYOUT" => -amount,
                        "CLOSING" => 0,
                        _ => random.Next(2) == 0 ? amount : -amount,
                    };
                    long? discrepancy = isCount ? random.NextInt64(-5_000, 5_000) : null;
                    await InsertAsync(connection,
                        "INSERT INTO cash_activities (shop_id, drawer_id, session_id, kind, type, cash, currency, time, staff_id, counted, expected, discrepancy, transaction_id) " +
                        "VALUES (@shop, @drawer, @session, @kind, @type, @cash, 'USD', @time, @staff, @counted, @expected, @discrepancy, @transaction)",
                        ("@shop", shop), ("@drawer", drawer), ("@session", session), ("@kind", isCount ? "Count" : transactionId is null ? "Adjustment" : "Transaction"), ("@type", type),
                        ("@cash", cash), ("@time", time), ("@staff", staff), ("@counted", isCount ? 0L : null), ("@expected", isCount ? -discrepancy : null), ("@discrepancy", discrepancy),
                        ("@transaction", transactionId));
                }
            }

            // A card payment outside any session counts nowhere.
            await InsertTransactionAsync(connection, shop, device, location, null, "SALE", "card", 1_000, staff, start);
        }

        await ExecuteAsync(connection, "COMMIT");
        return shop;
    }

    private static Task<long> InsertTransactionAsync(DbConnection connection, long shop, long device, long location, long? session, string kind, string gateway, long amount, long staff, long time) =>
        InsertAsync(connection,
            "INSERT INTO order_transactions (shop_id, device_id, location_id, session_id, kind, gateway, amount, currency, staff_id, processed_at, created_at) " +
            "VALUES (@shop, @device, @location, @session, @kind, @gateway, @amount, 'USD', @staff, @time, @time)",
            ("@shop", shop), ("@device", device), ("@location", location), ("@session", session), ("@kind", kind), ("@gateway", gateway), ("@amount", amount), ("@staff", staff), ("@time", time));

    private static async Task<long> InsertAsync(DbConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql + " RETURNING id";
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}

using System.Data.Common;
using Till.Storage;
using Till.Storage.Postgres;
using Till.Storage.Sql;
using Till.Storage.Sqlite;
using Till.Testing;

namespace Till.Tests.Storage;

/// <summary>
/// Migration 0018 on a database that already holds devices with sessions: every name is kept, the
/// sessions still point at their devices, and a name can then be cleared.
/// </summary>
public sealed class DeviceNameMigrationTests : IAsyncLifetime
{
    private TestDatabase database = null!;

    public async Task InitializeAsync() => database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await database.DisposeAsync();

    private static System.Reflection.Assembly Migrations => TestDatabase.UsePostgres ? typeof(PostgresStore).Assembly : typeof(SqliteStore).Assembly;

    [Fact]
    public async Task Migrate_From17WithDevicesAndSessions_KeepsTheNames_AndLetsOneBeCleared()
    {
        long device;
        await using (var connection = await database.OpenAsync())
        {
            await ExecuteAsync(connection, "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)");
            foreach (var (version, sql) in MigrationScripts.Read(Migrations).Where(s => s.Version <= 17))
            {
                await ExecuteAsync(connection, sql);
                await ExecuteAsync(connection, $"INSERT INTO schema_migrations (version, applied_at) VALUES ({version}, 'before')");
            }

            await ExecuteAsync(connection, "INSERT INTO shops (name, currency, created_at) VALUES ('Old shop', 'USD', 0)");
            await ExecuteAsync(connection, "INSERT INTO locations (shop_id, name, currency, created_at) VALUES (1, 'Main', 'USD', 0)");
            await ExecuteAsync(connection, "INSERT INTO staff (shop_id, first_name, last_name, email) VALUES (1, 'Ada', 'Byron', 'ada@example.com')");
            await ExecuteAsync(connection, "INSERT INTO cash_drawers (shop_id, location_id, name, name_key, currency, created_at) VALUES (1, 1, 'Till', 'till', 'USD', 0)");
            await ExecuteAsync(connection, "INSERT INTO devices (shop_id, location_id, name, cash_drawer_id, fiscal_device_identifier) VALUES (1, 1, 'Front counter', 1, 'SE-1')");
            await ExecuteAsync(connection, "INSERT INTO devices (shop_id, location_id, name, cash_drawer_id) VALUES (1, 1, 'Register 2', 1)");
            device = (long)(await database.ScalarAsync("SELECT MIN(id) FROM devices"))!;
            await ExecuteAsync(connection, $"INSERT INTO payment_sessions (shop_id, device_id, drawer_id, location_id, currency, status, opening_time, opening_staff_id, expected_at_open, counted_at_open, created_at) VALUES (1, {device}, 1, 1, 'USD', 'OPEN', 0, 1, 0, 0, 0)");
        }

        using (var store = TestDatabase.UsePostgres ? (IDisposable)new PostgresStore(database.Url) : new SqliteStore(database.Url))
        {
            await ((ITillStore)store).MigrateAsync();
        }

        (await database.ScalarAsync("SELECT name FROM devices WHERE id = @id", ("@id", device))).ShouldBe("Front counter");
        (await database.ScalarAsync("SELECT fiscal_device_identifier FROM devices WHERE id = @id", ("@id", device))).ShouldBe("SE-1");
        (await database.ScalarAsync("SELECT name FROM devices WHERE id = @id", ("@id", device + 1))).ShouldBe("Register 2");
        (await database.ScalarAsync("SELECT COUNT(*) FROM payment_sessions JOIN devices ON devices.id = payment_sessions.device_id")).ShouldBe(1L);

        await database.ScalarAsync("UPDATE devices SET name = NULL WHERE id = @id", ("@id", device));
        (await database.ScalarAsync("SELECT name FROM devices WHERE id = @id", ("@id", device))).ShouldBeNull();
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}

using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Till.Common;
using Till.Devices;
using Till.Drawers;
using Till.Money;
using Till.Staff;
using Till.Storage;

namespace Till.Shops;

/// <summary>Creating shops, their places, people, devices and tokens.</summary>
/// <param name="store">The database.</param>
/// <param name="clock">The time creation stamps are taken from.</param>
/// <param name="tokensRevoked">Called after a revocation has committed, so that this process forgets the tokens it knew at once.</param>
public sealed class Provisioning(ITillStore store, TimeProvider clock, Action? tokensRevoked = null)
{
    /// <summary>
    /// The setting that changes, in the same transaction, whenever a token is revoked: a fresh random
    /// stamp each time, so that two revocations committing together still leave a value no node has
    /// seen before (a counter read and written back could lose one of them under READ COMMITTED).
    /// Nodes that keep identities in memory watch it.
    /// </summary>
    public const string RevocationMarker = "tokens.revocation";

    /// <summary>The scopes a token may carry.</summary>
    public static readonly IReadOnlySet<string> KnownScopes = new HashSet<string>(StringComparer.Ordinal)
    {
        "read_cash_tracking", "write_cash_tracking", "read_point_of_sale_devices", "write_point_of_sale_devices", "read_orders", "read_marketplace_orders",
        "read_locations", "read_users",
    };

    /// <summary>Creates a shop with its reason codes, in an IANA time zone the caller has checked with <see cref="ShopTime.IsKnown"/>.</summary>
    public async Task<Shop> CreateShopAsync(string name, string currency, CancellationToken cancellationToken = default) =>
        await CreateShopAsync(name, currency, ShopTime.Utc, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc cref="CreateShopAsync(string, string, CancellationToken)"/>
    public async Task<Shop> CreateShopAsync(string name, string currency, string timeZone, CancellationToken cancellationToken = default)
    {
        if (!ShopTime.IsKnown(timeZone))
        {
            throw new ArgumentException($"Not an IANA time zone: {timeZone}", nameof(timeZone));
        }

        await using var work = await store.BeginAsync(write: true, cancellationToken).ConfigureAwait(false);
        var shop = await work.CreateShopAsync(name, currency, clock.UtcNowSeconds(), timeZone).ConfigureAwait(false);
        await work.CommitAsync(cancellationToken).ConfigureAwait(false);
        return shop;
    }

    /// <summary>Creates a location.</summary>
    public async Task<Location?> CreateLocationAsync(long shopId, string name, string? currency, CancellationToken cancellationToken = default)
    {
        await using var work = await store.BeginAsync(write: true, cancellationToken).ConfigureAwait(false);
        var shop = await work.GetShopAsync(shopId).ConfigureAwait(false);
        if (shop is null)
        {
            return null;
        }

        var location = await work.CreateLocationAsync(shopId, name, currency ?? shop.Currency, clock.UtcNowSeconds()).ConfigureAwait(false);
        await work.CommitAsync(cancellationToken).ConfigureAwait(false);
        return location;
    }

    /// <summary>A token was asked for a shop that does not exist.</summary>
    public static readonly UserErrorKind ShopNotFound = new("NOT_FOUND", ["shop"], "Shop not found.");

    /// <summary>A token was asked to act for a staff member who is not an active member of the shop.</summary>
    public static readonly UserErrorKind TokenStaffNotFound = new("NOT_FOUND", ["staffMemberId"], "Staff member not found: a token acts only for an active staff member of its shop.");

    /// <summary>Activates or deactivates a location; false when the shop has no such location.</summary>
    public async Task<bool> SetLocationActiveAsync(long shopId, long locationId, bool active, CancellationToken cancellationToken = default)
    {
        await using var work = await store.BeginAsync(write: true, cancellationToken).ConfigureAwait(false);
        var found = await work.SetLocationActiveAsync(shopId, locationId, active, clock.UtcNowSeconds()).ConfigureAwait(false);
        await work.CommitAsync(cancellationToken).ConfigureAwait(false);
        return found;
    }

    /// <summary>A location of the shop, or null.</summary>
    public async Task<Location?> GetLocationAsync(long shopId, long locationId, CancellationToken cancellationToken = default)
    {
        await using var work = await store.BeginAsync(write: false, cancellationToken).ConfigureAwait(false);
        return await work.GetLocationAsync(shopId, locationId).ConfigureAwait(false);
    }

    /// <summary>Turns a location's POS Pro switch on or off; false when the shop has no such location.</summary>
    public async Task<bool> SetLocationPosProAsync(long shopId, long locationId, bool posPro, CancellationToken cancellationToken = default)
    {
        await using var work = await store.BeginAsync(write: true, cancellationToken).ConfigureAwait(false);
        var found = await work.SetLocationPosProAsync(shopId, locationId, posPro).ConfigureAwait(false);
        await work.CommitAsync(cancellationToken).ConfigureAwait(false);
        return found;
    }

    /// <summary>
    /// Changes a device's name and fiscal register identifier (each when <paramref name="changes"/> sets it;
    /// null clears it) in one transaction; null when the shop has no such device.
    /// </summary>
    public async Task<Device?> UpdateDeviceAsync(long shopId, long deviceId, DeviceChanges changes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        await using var work = await store.BeginAsync(write: true, cancellationToken).ConfigureAwait(false);
        if (await work.GetDeviceAsync(shopId, deviceId).ConfigureAwait(false) is not { } device)
        {
            return null;
        }

        if (changes.SetsName)
        {
            await work.SetDeviceNameAsync(shopId, deviceId, changes.Name).ConfigureAwait(false);
            device = device with { Name = changes.Name };
        }

        if (changes.SetsFiscalDeviceIdentifier)
        {
            await work.SetFiscalDeviceIdentifierAsync(shopId, deviceId, changes.FiscalDeviceIdentifier).ConfigureAwait(false);
            device = device with { FiscalDeviceIdentifier = changes.FiscalDeviceIdentifier };
        }

        await work.CommitAsync(cancellationToken).ConfigureAwait(false);
        return device;
    }

    /// <summary>Creates a staff member (a cashier unless <paramref name="role"/> says otherwise; the owner is a manager).</summary>
    public async Task<StaffMember?> CreateStaffAsync(long shopId, string firstName, string lastName, string email, bool isOwner = false, CancellationToken cancellationToken = default) =>
        await CreateStaffAsync(shopId, firstName, lastName, email, isOwner ? StaffRole.Manager : StaffRole.Cashier, isOwner, cancellationToken).ConfigureAwait(false);

    /// <summary>Creates a staff member with a role.</summary>
    public async Task<StaffMember?> CreateStaffAsync(long shopId, string firstName, string lastName, string email, StaffRole role, bool isOwner = false, CancellationToken cancellationToken = default)
    {
        await using var work = await store.BeginAsync(write: true, cancellationToken).ConfigureAwait(false);
        if (await work.GetShopAsync(shopId).ConfigureAwait(false) is null)
        {
            return null;
        }

        var staff = await work.CreateStaffAsync(shopId, firstName, lastName, email, isOwner, role, clock.UtcNowSeconds()).ConfigureAwait(false);
        await work.CommitAsync(cancellationToken).ConfigureAwait(false);
        return staff;
    }

    /// <summary>Activates or deactivates a staff member.</summary>
    public async Task<bool> SetStaffActiveAsync(long shopId, long staffId, bool active, CancellationToken cancellationToken = default)
    {
        await using var work = await store.BeginAsync(write: true, cancellationToken).ConfigureAwait(false);
        var found = await work.SetStaffActiveAsync(shopId, staffId, active).ConfigureAwait(false);
        await work.CommitAsync(cancellationToken).ConfigureAwait(false);
        return found;
    }

    /// <summary>Changes a staff member's active flag and role (each when given) in one transaction; null when the shop has no such staff member.</summary>
    public async Task<StaffMember?> UpdateStaffAsync(long shopId, long staffId, bool? active, StaffRole? role, CancellationToken cancellationToken = default)
    {
        await using var work = await store.BeginAsync(write: true, cancellationToken).ConfigureAwait(false);
        if (await work.GetStaffAsync(shopId, staffId).ConfigureAwait(false) is not { } staff)
        {
            return null;
        }

        if (active is { } a)
        {
            await work.SetStaffActiveAsync(shopId, staffId, a).ConfigureAwait(false);
        }

        if (role is { } r)
        {
            await work.SetStaffRoleAsync(shopId, staffId, r).ConfigureAwait(false);
        }

        await work.CommitAsync(cancellationToken).ConfigureAwait(false);
        return staff with { Active = active ?? staff.Active, Role = role ?? staff.Role };
    }

    /// <summary>Creates a device at one of the shop's locations; null when the location is not the shop's.</summary>
    public async Task<Device?> CreateDeviceAsync(long shopId, long locationId, string name, CancellationToken cancellationToken = default)
    {
        await using var work = await store.BeginAsync(write: true, cancellationToken).ConfigureAwait(false);
        if (await work.GetLocationAsync(shopId, locationId).ConfigureAwait(false) is null)
        {
            return null;
        }

        var device = await work.CreateDeviceAsync(shopId, locationId, name).ConfigureAwait(false);
        await work.CommitAsync(cancellationToken).ConfigureAwait(false);
        return device;
    }

    /// <summary>Issues a token; the plain text is returned once and only its hash is stored.</summary>
    public async Task<string?> CreateTokenAsync(long shopId, IReadOnlyList<string> scopes, CancellationToken cancellationToken = default) =>
        (await CreateAppTokenAsync(shopId, scopes, secret: null, staffId: null, cancellationToken).ConfigureAwait(false)).Value?.Token;

    /// <summary>
    /// Issues a token for an app with an API secret key (<paramref name="secret"/>, or a generated one),
    /// which signs the app's webhook deliveries. The token may act for one active staff member of the
    /// shop (or for the shop, when <paramref name="staffId"/> is null): its mutations may then record
    /// only that staff member, and the staff member's role decides what it sees. The token's plain
    /// text is returned once and only its hash is stored; the secret is stored as it is, since
    /// signing needs it.
    /// </summary>
    public async Task<Outcome<IssuedToken>> CreateAppTokenAsync(long shopId, IReadOnlyList<string> scopes, string? secret, long? staffId, CancellationToken cancellationToken = default)
    {
        await using var work = await store.BeginAsync(write: true, cancellationToken).ConfigureAwait(false);
        if (await work.GetShopAsync(shopId).ConfigureAwait(false) is null)
        {
            return ShopNotFound.Fail<IssuedToken>();
        }

        if (staffId is { } s && await work.GetStaffAsync(shopId, s).ConfigureAwait(false) is not { Active: true })
        {
            return TokenStaffNotFound.Fail<IssuedToken>();
        }

        var token = "shpat_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        secret ??= "shpss_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var stored = await work.CreateTokenAsync(shopId, Hash(token), scopes, clock.UtcNowSeconds(), staffId).ConfigureAwait(false);
        await work.SetTokenSecretAsync(stored.Id, secret).ConfigureAwait(false);
        await work.CommitAsync(cancellationToken).ConfigureAwait(false);
        return Outcome<IssuedToken>.Ok(new IssuedToken(token, secret));
    }

    /// <summary>The longest API secret key a token's app may be given.</summary>
    public const int MaxSecretLength = 255;

    /// <summary>Revokes a token at once.</summary>
    public async Task<bool> RevokeTokenAsync(long shopId, string token, CancellationToken cancellationToken = default)
    {
        await using var work = await store.BeginAsync(write: true, cancellationToken).ConfigureAwait(false);
        var found = await work.RevokeTokenAsync(shopId, Hash(token)).ConfigureAwait(false);
        if (found)
        {
            await work.SetSettingAsync(RevocationMarker, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))).ConfigureAwait(false);
        }

        await work.CommitAsync(cancellationToken).ConfigureAwait(false);
        if (found)
        {
            tokensRevoked?.Invoke();
        }

        return found;
    }

    /// <summary>Finds the live token with this plain text, comparing hashes in constant time.</summary>
    public Task<AccessToken?> AuthenticateAsync(string token, CancellationToken cancellationToken = default) =>
        FindLiveTokenAsync(Hash(token), cancellationToken);

    /// <summary>Finds the live token with this hash (see <see cref="Hash"/>), comparing hashes in constant time.</summary>
    public async Task<AccessToken?> FindLiveTokenAsync(string hash, CancellationToken cancellationToken = default)
    {
        await using var work = await store.BeginAsync(write: false, cancellationToken).ConfigureAwait(false);
        var found = await work.FindTokenAsync(hash).ConfigureAwait(false);
        return found is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(found.Hash), Encoding.ASCII.GetBytes(hash)) ? found : null;
    }

    /// <summary>The demo shop: a location, an owner, a drawer, a device assigned to it, and a token with every cash scope.</summary>
    public async Task<DemoShop> CreateDemoAsync(CancellationToken cancellationToken = default)
    {
        var shop = await CreateShopAsync("Demo Shop", "USD", cancellationToken).ConfigureAwait(false);
        var location = (await CreateLocationAsync(shop.Id, "Main Street", null, cancellationToken).ConfigureAwait(false))!;
        var staff = (await CreateStaffAsync(shop.Id, "Dana", "Demo", "dana@demo.example", isOwner: true, cancellationToken).ConfigureAwait(false))!;
        var device = (await CreateDeviceAsync(shop.Id, location.Id, "Register 1", cancellationToken).ConfigureAwait(false))!;
        var drawers = new DrawerCommands(store, clock);
        var drawer = (await drawers.CreateAsync(shop.Id, location.Id, "Front drawer", cancellationToken: cancellationToken).ConfigureAwait(false)).Value!;
        await drawers.AssignAsync(shop.Id, drawer.Id, device.Id, cancellationToken: cancellationToken).ConfigureAwait(false);
        var token = (await CreateTokenAsync(shop.Id, ["write_cash_tracking", "read_cash_tracking", "read_point_of_sale_devices"], cancellationToken).ConfigureAwait(false))!;
        return new DemoShop(shop, location, staff, device with { CashDrawerId = drawer.Id }, drawer, token);
    }

    /// <summary>SHA-256 of a secret, as lower-case hex (every request hashes its token, so only the hex string is allocated).</summary>
    public static string Hash(string secret)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        var most = Encoding.UTF8.GetMaxByteCount(secret.Length);
        byte[]? rented = null;
        Span<byte> utf8 = most <= 1024 ? stackalloc byte[1024] : (rented = ArrayPool<byte>.Shared.Rent(most));
        try
        {
            SHA256.HashData(utf8[..Encoding.UTF8.GetBytes(secret, utf8)], digest);
            return Convert.ToHexStringLower(digest);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}

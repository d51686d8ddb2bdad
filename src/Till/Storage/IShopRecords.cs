using Till.CashSettings;
using Till.Shops;
using Till.Staff;

namespace Till.Storage;

/// <summary>
/// Writes to the shop's own records: the shop, its locations, staff, tokens, settings and
/// locations' cash settings.
/// </summary>
public interface IShopRecords
{
    /// <summary>Creates a shop with its default and system reason codes.</summary>
    Task<Shop> CreateShopAsync(string name, string currency, DateTimeOffset now, string timeZone = ShopTime.Utc);
    /// <summary>Creates a location.</summary>
    Task<Location> CreateLocationAsync(long shopId, string name, string currency, DateTimeOffset now);
    /// <summary>Activates or deactivates a location (a second deactivation keeps the first time); false when there is none.</summary>
    Task<bool> SetLocationActiveAsync(long shopId, long locationId, bool active, DateTimeOffset now);
    /// <summary>Turns a location's POS Pro switch on or off; false when the shop has no such location.</summary>
    Task<bool> SetLocationPosProAsync(long shopId, long locationId, bool posPro);
    /// <summary>Creates a staff member.</summary>
    Task<StaffMember> CreateStaffAsync(long shopId, string firstName, string lastName, string email, bool isOwner, StaffRole role, DateTimeOffset now);
    /// <summary>Activates or deactivates a staff member; false when there is none.</summary>
    Task<bool> SetStaffActiveAsync(long shopId, long staffId, bool active);
    /// <summary>Sets a staff member's role; false when there is none.</summary>
    Task<bool> SetStaffRoleAsync(long shopId, long staffId, StaffRole role);
    /// <summary>Stores a token hash with its scopes, and the staff member it acts for (null: the shop).</summary>
    Task<AccessToken> CreateTokenAsync(long shopId, string hash, IReadOnlyList<string> scopes, DateTimeOffset now, long? staffId);
    /// <summary>Finds a live (not revoked) token by its hash.</summary>
    Task<AccessToken?> FindTokenAsync(string hash);
    /// <summary>Revokes a token of the shop by its hash; false when there is none.</summary>
    Task<bool> RevokeTokenAsync(long shopId, string hash);
    /// <summary>Sets the API secret key of a token's app, which signs its webhook deliveries.</summary>
    Task SetTokenSecretAsync(long tokenId, string secret);
    /// <summary>Reads a setting.</summary>
    Task<string?> GetSettingAsync(string key);
    /// <summary>Writes a setting.</summary>
    Task SetSettingAsync(string key, string value);
    /// <summary>Writes a location's cash settings whole.</summary>
    Task SaveLocationCashSettingsAsync(long shopId, long locationId, LocationCashSettings settings);
}

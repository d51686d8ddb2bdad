using Till.Search;
using Till.Shops;

namespace Till.Storage.Sql;

/// <summary>The shop's locations and staff as lists: keyset pages in ID or text order, and counts.</summary>
internal sealed partial class SqlUnitOfWork
{
    private static readonly Dictionary<string, string> LocationSearchColumns = new(StringComparer.Ordinal)
    {
        ["id"] = "id",
        ["location_id"] = "id",
        ["name"] = "name",
        ["created_at"] = "created_at",
        ["active"] = "deactivated_at IS NULL",
        // Till keeps no addresses, geolocation, pickup settings or fulfillment-service locations.
        ["address1"] = "CAST(NULL AS TEXT)",
        ["address2"] = "CAST(NULL AS TEXT)",
        ["city"] = "CAST(NULL AS TEXT)",
        ["country"] = "CAST(NULL AS TEXT)",
        ["province"] = "CAST(NULL AS TEXT)",
        ["zip"] = "CAST(NULL AS TEXT)",
        ["geolocated"] = "1 = 0",
        ["legacy"] = "1 = 0",
        ["pickup_in_store"] = "CAST('disabled' AS TEXT)",
    };

    private static readonly Dictionary<string, string> StaffSearchColumns = new(StringComparer.Ordinal)
    {
        ["id"] = "id",
        ["email"] = "email",
        ["first_name"] = "first_name",
        ["last_name"] = "last_name",
        ["created_at"] = "created_at",
        // Every staff member Till knows holds a full account.
        ["account_type"] = "CAST('regular' AS TEXT)",
    };

    public async Task<IReadOnlyList<Location>> ListLocationsAsync(long shopId, ListOrder order, KeysetPage page, bool includeInactive, BoundFilter? filter = null)
    {
        var (where, orderBy) = NamedKeyset(page, "locations", order == ListOrder.Name ? "name" : null);
        var active = includeInactive ? string.Empty : " AND deactivated_at IS NULL";
        var (search, parameters) = Filtered(filter, LocationSearchColumns, PageParameters(page, ("@shop", shopId)));
        await using var statement = await CommandAsync($"SELECT {LocationColumns} FROM locations WHERE shop_id = @shop{active}{search}{where}{orderBy}", parameters).ConfigureAwait(false);
        return await ReadListAsync(statement.Command, ReadLocation).ConfigureAwait(false);
    }

    public async Task<long> CountLocationsAsync(long shopId, bool includeInactive, BoundFilter? filter, long limit)
    {
        var active = includeInactive ? string.Empty : " AND deactivated_at IS NULL";
        var (search, parameters) = Filtered(filter, LocationSearchColumns, [("@shop", shopId), ("@limit", limit)]);
        await using var statement = await CommandAsync($"SELECT COUNT(*) FROM (SELECT 1 AS one FROM locations WHERE shop_id = @shop{active}{search} LIMIT @limit) AS counted", parameters).ConfigureAwait(false);
        return Convert.ToInt64(await statement.Command.ExecuteScalarAsync().ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<IReadOnlyList<StaffMember>> ListStaffAsync(long shopId, ListOrder order, KeysetPage page, BoundFilter? filter = null)
    {
        var column = order switch
        {
            ListOrder.Email => "email",
            ListOrder.FirstName => "first_name",
            ListOrder.LastName => "last_name",
            _ => null,
        };
        var (where, orderBy) = NamedKeyset(page, "staff", column);
        var (search, parameters) = Filtered(filter, StaffSearchColumns, PageParameters(page, ("@shop", shopId)));
        await using var statement = await CommandAsync($"SELECT {StaffColumns} FROM staff WHERE shop_id = @shop{search}{where}{orderBy}", parameters).ConfigureAwait(false);
        return await ReadListAsync(statement.Command, ReadStaff).ConfigureAwait(false);
    }

    public Task<StaffMember?> GetShopOwnerAsync(long shopId) =>
        QuerySingleAsync($"SELECT {StaffColumns} FROM staff WHERE shop_id = @shop ORDER BY is_owner DESC, id LIMIT 1", r => ReadStaff(shopId, r), ("@shop", shopId));

    /// <summary>
    /// The WHERE fragment and ORDER BY of a keyset page by ID, or by a text column then ID. In text
    /// order a cursor's key is the ID of the row whose text it sorts by (a name is not a number), and
    /// the text is read back from that row; names and emails are never removed, so the row is there.
    /// </summary>
    private (string Where, string OrderBy) NamedKeyset(KeysetPage page, string table, string? column)
    {
        if (column is null)
        {
            return Keyset(page, "id");
        }

        var key = dialect.BinaryText($"lower({column})");
        var order = page.Descending ? "DESC" : "ASC";
        var orderBy = $" ORDER BY {key} {order}, id {order} LIMIT @limit";
        if (page.After is null)
        {
            return (string.Empty, orderBy);
        }

        var op = page.Descending ? "<" : ">";
        var cursorKey = dialect.BinaryText($"(SELECT lower({column}) FROM {table} WHERE shop_id = @shop AND id = @afterKey)");
        return ($" AND ({key} {op} {cursorKey} OR ({key} = {cursorKey} AND id {op} @afterId))", orderBy);
    }
}

using GraphQL;
using Microsoft.Extensions.DependencyInjection;
using Till.Ids;
using Till.Search;
using Till.Server.GraphQL.Types;
using Till.Shops;

namespace Till.Server.GraphQL.Resolvers;

/// <summary>The shop's own objects: <c>shop</c>, its locations and its staff, on the root and on <c>Shop</c>.</summary>
internal static class ShopResolvers
{
    private const string Query = "QueryRoot";

    /// <summary>The most <c>locationsCount</c> counts when asked for no limit (far beyond any shop's locations).</summary>
    private const long NoLimit = long.MaxValue - 1;

    public static void Wire(Wiring w)
    {
        w.FieldAsync(Query, "shop", async c => await Load.Shop(c).ConfigureAwait(false));
        w.FieldAsync(Query, "location", async c =>
        {
            if (!Args.Has(c, "id"))
            {
                // No ID: the shop's first active location, as a shop's primary one.
                var first = await c.Till().ReadAsync(u => u.ListLocationsAsync(c.Till().ShopId, ListOrder.Id, new Till.Storage.KeysetPage(false, null, 1), includeInactive: false)).ConfigureAwait(false);
                return first.Count > 0 ? first[0] : null;
            }

            return Args.Id(c, "id", GidTypes.Location) is { } id ? await Load.Location(c, id).ConfigureAwait(false) : null;
        });
        w.FieldAsync(Query, "locations", async c => await LocationsAsync(c).ConfigureAwait(false));
        w.FieldAsync(Query, "locationsCount", async c =>
        {
            var limit = c.GetArgument<int?>("limit");
            if (limit < 0)
            {
                throw PageRequest.BadRequest("limit must not be negative");
            }

            var filter = await SearchArgument.BindAsync(c, SearchFields.Locations).ConfigureAwait(false);
            var read = limit is { } l ? l + 1L : NoLimit;
            var counted = await c.Till().ReadAsync(u => u.CountLocationsAsync(c.Till().ShopId, includeInactive: true, filter, read)).ConfigureAwait(false);
            return CountView.Of(counted, limit);
        });
        w.FieldAsync(Query, "staffMember", async c =>
            Args.Id(c, "id", GidTypes.StaffMember) is { } id ? await Load.Staff(c, id).ConfigureAwait(false) : null);
        w.FieldAsync(Query, "staffMembers", async c => await StaffAsync(c).ConfigureAwait(false));

        w.Properties("Count", typeof(CountView));
        WireShop(w);
    }

    private static async Task<Connection> LocationsAsync(IResolveFieldContext c)
    {
        var key = c.GetArgument<string?>("sortKey") ?? "NAME";
        var order = key == "NAME" ? ListOrder.Name : ListOrder.Id;
        var includeInactive = c.GetArgument<bool?>("includeInactive") ?? false;
        var filter = await SearchArgument.BindAsync(c, SearchFields.Locations).ConfigureAwait(false);
        // The cursor's key is the row's ID in every order (see ITillReads.ListLocationsAsync).
        return await PageRequest.LoadAsync(
            c, "lo" + order, (u, page) => u.ListLocationsAsync(c.Till().ShopId, order, page, includeInactive, filter), l => (l.Id, l.Id)).ConfigureAwait(false);
    }

    private static async Task<Connection> StaffAsync(IResolveFieldContext c)
    {
        var order = c.GetArgument<string?>("sortKey") switch
        {
            "EMAIL" => ListOrder.Email,
            "FIRST_NAME" => ListOrder.FirstName,
            "LAST_NAME" => ListOrder.LastName,
            _ => ListOrder.Id,
        };
        var fields = ApiVersions.Includes(c.Till().Version, "2027-01") ? SearchFields.Staff202701 : SearchFields.Staff;
        var filter = await SearchArgument.BindAsync(c, fields).ConfigureAwait(false);
        return await PageRequest.LoadAsync(
            c, "sm" + order, (u, page) => u.ListStaffAsync(c.Till().ShopId, order, page, filter), s => (s.Id, s.Id)).ConfigureAwait(false);
    }

    private static void WireShop(Wiring w)
    {
        const string type = "Shop";
        w.IsTypeOf(type, o => o is Shop);
        w.Field(type, "id", c => GlobalId.Format(GidTypes.Shop, S(c).Id));
        w.Field(type, "name", c => S(c).Name);
        w.Field(type, "currencyCode", c => S(c).Currency);
        w.Field(type, "enabledPresentmentCurrencies", c => new[] { S(c).Currency });
        w.Field(type, "createdAt", c => S(c).CreatedAt);
        w.Field(type, "updatedAt", c => S(c).CreatedAt);
        w.Field(type, "myshopifyDomain", c => S(c).MyshopifyDomain);
        w.Field(type, "url", c => "https://" + S(c).MyshopifyDomain);
        w.Field(type, "storefrontUrl", c => "https://" + S(c).MyshopifyDomain);
        w.Field(type, "richTextEditorUrl", c => "https://" + S(c).MyshopifyDomain + "/admin");
        w.Field(type, "ianaTimezone", c => S(c).TimeZone);
        w.Field(type, "timezoneAbbreviation", c => S(c).Time.AbbreviationAt(Now(c)));
        w.Field(type, "timezoneOffset", c => ShopTime.FormatOffset(S(c).Time.OffsetAt(Now(c))));
        w.Field(type, "timezoneOffsetMinutes", c => (int)S(c).Time.OffsetAt(Now(c)).TotalMinutes);
        w.FieldAsync(type, "accountOwner", async c => await OwnerAsync(c).ConfigureAwait(false)
            ?? throw new ShopifyError("The shop has no staff members yet, so no account owner.", new Dictionary<string, object?> { ["code"] = "NOT_FOUND" }));
        w.FieldAsync(type, "email", async c => (await OwnerAsync(c).ConfigureAwait(false))?.Email ?? string.Empty);
        w.FieldAsync(type, "contactEmail", async c => (await OwnerAsync(c).ConfigureAwait(false))?.Email ?? string.Empty);
        w.FieldAsync(type, "shopOwnerName", async c => await OwnerAsync(c).ConfigureAwait(false) is { } owner ? $"{owner.FirstName} {owner.LastName}".Trim() : S(c).Name);
        w.FieldAsync(type, "locations", async c => await LocationsAsync(c).ConfigureAwait(false));
        w.FieldAsync(type, "staffMembers", async c => await StaffAsync(c).ConfigureAwait(false));
        w.Constant(type, "analyticsToken", string.Empty);
        w.Constant(type, "checkoutApiSupported", false);
        w.Constant(type, "customerAccounts", "DISABLED");
        w.Constant(type, "description", null);
        w.Constant(type, "marketingSmsConsentEnabledAtCheckout", false);
        w.Constant(type, "orderNumberFormatPrefix", "#");
        w.Constant(type, "orderNumberFormatSuffix", string.Empty);
        w.Constant(type, "publicationCount", 0);
        w.Constant(type, "setupRequired", false);
        w.Constant(type, "shipsToCountries", Array.Empty<string>());
        w.Constant(type, "taxShipping", false);
        w.Constant(type, "taxesIncluded", false);
        w.Constant(type, "transactionalSmsDisabled", false);
        w.Constant(type, "unitSystem", "METRIC_SYSTEM");
        w.Constant(type, "weightUnit", "KILOGRAMS");

        static Shop S(IResolveFieldContext c) => (Shop)c.Source!;
        static DateTimeOffset Now(IResolveFieldContext c) => (c.Till().Services.GetService<TimeProvider>() ?? TimeProvider.System).GetUtcNow();
        static Task<StaffMember?> OwnerAsync(IResolveFieldContext c) =>
            c.Till().LoadAsync("owner", c.Till().ShopId, u => u.GetShopOwnerAsync(c.Till().ShopId));
    }
}

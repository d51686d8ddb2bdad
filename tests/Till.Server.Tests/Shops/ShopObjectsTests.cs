using System.Net;
using System.Text.Json;
using Till.Server.Tests.Control;
using Till.Server.Tests.Queries;
using Till.Server.Tests.Support;

namespace Till.Server.Tests.Shops;

/// <summary>
/// The shop's own objects over HTTP: <c>shop</c>, <c>location(s)</c>, <c>locationsCount</c>,
/// <c>staffMember(s)</c>, their scopes, and the control API calls behind them. The shop has the
/// locations Main (made with it), berlin, Annex and Zeta (deactivated), and the staff Ada Lovelace
/// (made with it), Grace Hopper and alan Turing.
/// </summary>
public sealed class ShopObjectsTests : IAsyncLifetime
{
    private static readonly string[] PeopleAndPlaces = ["read_locations", "read_users"];
    private static readonly string[] OrdersOnly = ["read_orders"];

    private TillServer server = null!;
    private TestShop shop = null!;
    private string everything = null!;
    private string berlin = null!;
    private string annex = null!;
    private string zeta = null!;
    private string grace = null!;
    private string alan = null!;

    public async Task InitializeAsync()
    {
        server = await TillServer.StartAsync();
        shop = await server.CreateShopAsync();
        berlin = await QueryKit.CreateLocationAsync(shop, "berlin", "EUR");
        annex = await QueryKit.CreateLocationAsync(shop, "Annex");
        zeta = await QueryKit.CreateLocationAsync(shop, "Zeta");
        (await server.ControlJsonAsync(HttpMethod.Patch, $"{ShopPath}/locations/{ControlCalls.Escaped(zeta)}", new { active = false }, expectedStatus: 200))
            .GetProperty("active").GetBoolean().ShouldBeFalse();
        grace = await StaffAsync("Grace", "Hopper", "grace@example.com");
        alan = await StaffAsync("alan", "Turing", "Alan@Example.com");
        everything = (await server.ControlJsonAsync(HttpMethod.Post, $"{ShopPath}/tokens", new { scopes = PeopleAndPlaces })).GetProperty("token").GetString()!;
    }

    public async Task DisposeAsync() => await server.DisposeAsync();

    private string ShopPath => "/shops/" + ControlCalls.Escaped(shop.ShopId);

    private async Task<string> StaffAsync(string first, string last, string email) =>
        (await server.ControlJsonAsync(HttpMethod.Post, $"{ShopPath}/staff", new { firstName = first, lastName = last, email })).GetProperty("id").GetString()!;

    private Task<JsonElement> AsEverything(string query, object? variables = null) => server.GraphQLAsync(everything, query, variables);

    private async Task<List<string>> LocationNamesAsync(string arguments)
    {
        var result = await AsEverything($"{{ locations({arguments}) {{ edges {{ node {{ name }} }} }} }}");
        return [.. QueryKit.Data(result).GetProperty("locations").GetProperty("edges").EnumerateArray().Select(e => e.GetProperty("node").GetProperty("name").GetString()!)];
    }

    private async Task<List<string>> StaffEmailsAsync(string arguments)
    {
        var result = await AsEverything($"{{ staffMembers({arguments}) {{ nodes {{ email }} }} }}");
        return [.. QueryKit.Data(result).GetProperty("staffMembers").GetProperty("nodes").EnumerateArray().Select(e => e.GetProperty("email").GetString()!)];
    }

    [Fact]
    public async Task Shop_AnswersWhatTillKnows_WithNoScopeAtAll()
    {
        var created = await server.ControlJsonAsync(HttpMethod.Post, "/shops", new { name = "Corner Café & Co", currency = "CAD" });
        var id = created.GetProperty("id").GetString()!;
        created.GetProperty("timezone").GetString().ShouldBe("UTC");
        var token = (await server.ControlJsonAsync(HttpMethod.Post, $"/shops/{ControlCalls.Escaped(id)}/tokens", new { scopes = OrdersOnly })).GetProperty("token").GetString()!;

        var result = await server.GraphQLAsync(token, """
            { shop { id name currencyCode ianaTimezone myshopifyDomain url email contactEmail shopOwnerName enabledPresentmentCurrencies
              customerAccounts unitSystem weightUnit taxesIncluded shipsToCountries orderNumberFormatPrefix timezoneOffsetMinutes timezoneAbbreviation } }
            """);

        var data = QueryKit.Data(result).GetProperty("shop");
        data.GetProperty("id").GetString().ShouldBe(id);
        data.GetProperty("name").GetString().ShouldBe("Corner Café & Co");
        data.GetProperty("currencyCode").GetString().ShouldBe("CAD");
        data.GetProperty("ianaTimezone").GetString().ShouldBe("UTC");
        data.GetProperty("timezoneOffsetMinutes").GetInt32().ShouldBe(0);
        data.GetProperty("timezoneAbbreviation").GetString().ShouldBe("UTC");
        var domain = $"corner-caf-co-{QueryKit.Number(id)}.myshopify.com";
        data.GetProperty("myshopifyDomain").GetString().ShouldBe(domain);
        created.GetProperty("myshopifyDomain").GetString().ShouldBe(domain);
        data.GetProperty("url").GetString().ShouldBe("https://" + domain);
        data.GetProperty("email").GetString().ShouldBe(string.Empty);
        data.GetProperty("shopOwnerName").GetString().ShouldBe("Corner Café & Co");
        data.GetProperty("enabledPresentmentCurrencies").EnumerateArray().Select(c => c.GetString()).ShouldBe(["CAD"]);
        data.GetProperty("customerAccounts").GetString().ShouldBe("DISABLED");
        data.GetProperty("unitSystem").GetString().ShouldBe("METRIC_SYSTEM");
        data.GetProperty("weightUnit").GetString().ShouldBe("KILOGRAMS");
        data.GetProperty("shipsToCountries").GetArrayLength().ShouldBe(0);
        data.GetProperty("orderNumberFormatPrefix").GetString().ShouldBe("#");
    }

    [Fact]
    public async Task Shop_Owner_IsTheFirstStaffMember_AndNeedsReadUsers()
    {
        var result = await AsEverything("{ shop { accountOwner { id email } email shopOwnerName } }");
        var data = QueryKit.Data(result).GetProperty("shop");
        data.GetProperty("accountOwner").GetProperty("id").GetString().ShouldBe(shop.StaffId);
        data.GetProperty("email").GetString().ShouldBe("ada@example.com");
        data.GetProperty("shopOwnerName").GetString().ShouldBe("Ada Lovelace");

        var denied = await shop.GraphQLAsync("{ shop { name accountOwner { id } } }");
        QueryKit.ErrorCode(denied).ShouldBe("ACCESS_DENIED");
        denied.GetProperty("errors")[0].GetProperty("extensions").GetProperty("requiredAccess").GetString().ShouldBe("`read_users` access scope.");
    }

    [Fact]
    public async Task Locations_DefaultOrder_IsByNameWithoutCase_ActiveOnly()
    {
        (await LocationNamesAsync("first: 10")).ShouldBe(["Annex", "berlin", "Main"]);
        (await LocationNamesAsync("first: 10, reverse: true")).ShouldBe(["Main", "berlin", "Annex"]);
        (await LocationNamesAsync("first: 10, sortKey: ID")).ShouldBe(["Main", "berlin", "Annex"]);
        (await LocationNamesAsync("first: 10, sortKey: RELEVANCE")).ShouldBe(["Main", "berlin", "Annex"]);
        (await LocationNamesAsync("first: 10, includeInactive: true")).ShouldBe(["Annex", "berlin", "Main", "Zeta"]);
        (await LocationNamesAsync("last: 2, includeInactive: true")).ShouldBe(["Main", "Zeta"]);
        (await LocationNamesAsync("first: 10, includeLegacy: true")).ShouldBe(["Annex", "berlin", "Main"]);
    }

    [Theory]
    [InlineData("NAME", false)]
    [InlineData("NAME", true)]
    [InlineData("ID", false)]
    [InlineData("ID", true)]
    public async Task Locations_PageByPage_WalkEveryLocationOnce(string sortKey, bool reverse)
    {
        var all = await LocationNamesAsync($"first: 10, includeInactive: true, sortKey: {sortKey}, reverse: {(reverse ? "true" : "false")}");
        var walked = new List<string>();
        string? after = null;
        while (true)
        {
            var result = await AsEverything(
                "query($a: String, $s: LocationSortKeys, $r: Boolean) { locations(first: 1, after: $a, sortKey: $s, reverse: $r, includeInactive: true) { edges { node { name } } pageInfo { hasNextPage hasPreviousPage endCursor } } }",
                new { a = after, s = sortKey, r = reverse });
            var connection = QueryKit.Data(result).GetProperty("locations");
            walked.AddRange(connection.GetProperty("edges").EnumerateArray().Select(e => e.GetProperty("node").GetProperty("name").GetString()!));
            var info = connection.GetProperty("pageInfo");
            info.GetProperty("hasPreviousPage").GetBoolean().ShouldBe(after is not null);
            if (!info.GetProperty("hasNextPage").GetBoolean())
            {
                break;
            }

            after = info.GetProperty("endCursor").GetString();
        }

        walked.ShouldBe(all);
        all.Count.ShouldBe(4);
    }

    [Fact]
    public async Task Locations_Query_UsesTheReferencesFilters()
    {
        (await LocationNamesAsync("first: 10, query: \"name:annex\"")).ShouldBe(["Annex"]);
        (await LocationNamesAsync("first: 10, query: \"BERLIN\"")).ShouldBe(["berlin"]);
        (await LocationNamesAsync("first: 10, query: \"name:a*\"")).ShouldBe(["Annex"]);
        (await LocationNamesAsync($"first: 10, query: \"id:{QueryKit.Number(annex)}\"")).ShouldBe(["Annex"]);
        (await LocationNamesAsync($"first: 10, query: \"location_id:>={QueryKit.Number(berlin)}\", includeInactive: true")).ShouldBe(["Annex", "berlin", "Zeta"]);
        (await LocationNamesAsync("first: 10, query: \"active:false\", includeInactive: true")).ShouldBe(["Zeta"]);
        (await LocationNamesAsync("first: 10, query: \"created_at:>2000-01-01\"")).ShouldBe(["Annex", "berlin", "Main"]);
        (await LocationNamesAsync("first: 10, query: \"city:Paris\"")).ShouldBeEmpty();
        (await LocationNamesAsync("first: 10, query: \"-city:Paris\"")).ShouldBe(["Annex", "berlin", "Main"]);
        (await LocationNamesAsync("first: 10, query: \"pickup_in_store:disabled geolocated:false legacy:false\"")).ShouldBe(["Annex", "berlin", "Main"]);

        var warned = await AsEverything("{ locations(first: 10, query: \"currency:EUR\") { nodes { name } } }");
        QueryKit.Data(warned).GetProperty("locations").GetProperty("nodes").GetArrayLength().ShouldBe(3);
        var warning = warned.GetProperty("extensions").GetProperty("search")[0].GetProperty("warnings")[0];
        warning.GetProperty("field").GetString().ShouldBe("currency");
        warning.GetProperty("code").GetString().ShouldBe("invalid_field");
    }

    [Fact]
    public async Task Location_ById_AndWithoutId_AndItsFields()
    {
        var result = await AsEverything(
            "query($z: ID, $x: ID) { zeta: location(id: $z) { id name isActive deactivatedAt activatable deactivatable legacyResourceId } first: location { id } missing: location(id: $x) { id } }",
            new { z = zeta, x = "gid://shopify/Location/999999" });
        var data = QueryKit.Data(result);
        var z = data.GetProperty("zeta");
        z.GetProperty("name").GetString().ShouldBe("Zeta");
        z.GetProperty("isActive").GetBoolean().ShouldBeFalse();
        z.GetProperty("activatable").GetBoolean().ShouldBeTrue();
        z.GetProperty("deactivatable").GetBoolean().ShouldBeFalse();
        z.GetProperty("deactivatedAt").GetString().ShouldEndWith("Z");
        z.GetProperty("legacyResourceId").GetString().ShouldBe(QueryKit.Number(zeta).ToString(System.Globalization.CultureInfo.InvariantCulture));
        data.GetProperty("first").GetProperty("id").GetString().ShouldBe(shop.LocationId);
        QueryKit.IsNull(data.GetProperty("missing")).ShouldBeTrue();

        // Reactivating shows it again.
        await server.ControlJsonAsync(HttpMethod.Patch, $"{ShopPath}/locations/{ControlCalls.Escaped(annex)}", new { active = false }, expectedStatus: 200);
        (await LocationNamesAsync("first: 10")).ShouldBe(["berlin", "Main"]);
        await server.ControlJsonAsync(HttpMethod.Patch, $"{ShopPath}/locations/{ControlCalls.Escaped(annex)}", new { active = true }, expectedStatus: 200);
        (await LocationNamesAsync("first: 10")).ShouldBe(["Annex", "berlin", "Main"]);
    }

    [Fact]
    public async Task LocationsCount_CountsEveryLocation_UpToTheLimit()
    {
        var result = await AsEverything("""
            { all: locationsCount { count precision } capped: locationsCount(limit: 2) { count precision } exact: locationsCount(limit: 4) { count precision }
              active: locationsCount(query: "active:true") { count precision } none: locationsCount(limit: null, query: "name:nowhere") { count precision } }
            """);
        var data = QueryKit.Data(result);
        void ShouldBe(string alias, int count, string precision)
        {
            data.GetProperty(alias).GetProperty("count").GetInt32().ShouldBe(count, alias);
            data.GetProperty(alias).GetProperty("precision").GetString().ShouldBe(precision, alias);
        }

        ShouldBe("all", 4, "EXACT");
        ShouldBe("capped", 2, "AT_LEAST");
        ShouldBe("exact", 4, "EXACT");
        ShouldBe("active", 3, "EXACT");
        ShouldBe("none", 0, "EXACT");

        var negative = await AsEverything("{ locationsCount(limit: -1) { count } }");
        QueryKit.ErrorCode(negative).ShouldBe("BAD_REQUEST");
    }

    [Fact]
    public async Task StaffMembers_SortKeys_AndQuery()
    {
        (await StaffEmailsAsync("first: 10")).ShouldBe(["ada@example.com", "grace@example.com", "Alan@Example.com"]);
        (await StaffEmailsAsync("first: 10, sortKey: FIRST_NAME")).ShouldBe(["ada@example.com", "Alan@Example.com", "grace@example.com"]);
        (await StaffEmailsAsync("first: 10, sortKey: LAST_NAME, reverse: true")).ShouldBe(["Alan@Example.com", "ada@example.com", "grace@example.com"]);
        (await StaffEmailsAsync("first: 10, sortKey: EMAIL")).ShouldBe(["ada@example.com", "Alan@Example.com", "grace@example.com"]);
        (await StaffEmailsAsync("first: 10, query: \"email:alan@example.com\"")).ShouldBe(["Alan@Example.com"]);
        (await StaffEmailsAsync("first: 10, query: \"first_name:gr*\"")).ShouldBe(["grace@example.com"]);
        (await StaffEmailsAsync("first: 10, query: \"last_name:turing OR last_name:hopper\"")).ShouldBe(["grace@example.com", "Alan@Example.com"]);
        (await StaffEmailsAsync($"first: 10, query: \"id:>{QueryKit.Number(grace)}\"")).ShouldBe(["Alan@Example.com"]);
        (await StaffEmailsAsync("first: 10, query: \"account_type:regular\"")).Count.ShouldBe(3);
        (await StaffEmailsAsync("first: 10, query: \"account_type:invited\"")).ShouldBeEmpty();

        var page = QueryKit.Data(await AsEverything("{ staffMembers(first: 1, sortKey: EMAIL) { pageInfo { hasNextPage endCursor } } }")).GetProperty("staffMembers").GetProperty("pageInfo");
        page.GetProperty("hasNextPage").GetBoolean().ShouldBeTrue();
        (await StaffEmailsAsync($"first: 5, sortKey: EMAIL, after: \"{page.GetProperty("endCursor").GetString()}\"")).ShouldBe(["Alan@Example.com", "grace@example.com"]);
    }

    [Fact]
    public async Task StaffMember_ById_AndWithoutId()
    {
        var result = await AsEverything("query($id: ID) { one: staffMember(id: $id) { id name firstName } none: staffMember { id } }", new { id = alan });
        var data = QueryKit.Data(result);
        data.GetProperty("one").GetProperty("name").GetString().ShouldBe("alan Turing");
        QueryKit.IsNull(data.GetProperty("none")).ShouldBeTrue();
        var deprecated = QueryKit.Data(await AsEverything("{ shop { staffMembers(first: 5) { nodes { id } } locations(first: 5) { nodes { name } } } }")).GetProperty("shop");
        deprecated.GetProperty("staffMembers").GetProperty("nodes").GetArrayLength().ShouldBe(3);
        deprecated.GetProperty("locations").GetProperty("nodes").GetArrayLength().ShouldBe(3);
    }

    [Theory]
    [InlineData("{ locations(first: 1) { nodes { id } } }", "locations", "`read_locations` access scope.")]
    [InlineData("{ location { id } }", "location", "`read_locations` access scope.")]
    [InlineData("{ locationsCount { count } }", "locationsCount", "`read_locations` access scope.")]
    [InlineData("{ staffMembers(first: 1) { nodes { id } } }", "staffMembers", "`read_users` access scope.")]
    [InlineData("{ staffMember(id: \"gid://shopify/StaffMember/1\") { id } }", "staffMember", "`read_users` access scope.")]
    public async Task WithoutTheScope_IsAccessDenied(string query, string field, string required)
    {
        var result = await shop.GraphQLAsync(query);
        var error = result.GetProperty("errors")[0];
        error.GetProperty("extensions").GetProperty("code").GetString().ShouldBe("ACCESS_DENIED");
        error.GetProperty("extensions").GetProperty("requiredAccess").GetString().ShouldBe(required);
        error.GetProperty("message").GetString().ShouldBe($"Access denied for {field} field. Required access: {required}");
    }

    [Theory]
    [InlineData("\"Mars/Olympus_Mons\"")]
    [InlineData("\"america/new_york\"")]
    [InlineData("\"\"")]
    [InlineData("5")]
    public async Task CreateShop_BadTimezone_Is422OnTimezone(string zone)
    {
        using var response = await ControlCalls.RawAsync(server, HttpMethod.Post, "/shops", "{\"name\": \"Nowhere\", \"currency\": \"USD\", \"timezone\": " + zone + "}");
        await ControlCalls.ShouldBeErrorAsync(response, HttpStatusCode.UnprocessableEntity, "INVALID", "timezone");
    }

    [Fact]
    public async Task CreateShop_Timezone_IsAnswered()
    {
        var created = await server.ControlJsonAsync(HttpMethod.Post, "/shops", new { name = "Harbour", currency = "AUD", timezone = "Australia/Lord_Howe" });
        created.GetProperty("timezone").GetString().ShouldBe("Australia/Lord_Howe");
    }

    [Fact]
    public async Task UpdateLocation_BadInput_IsAnsweredInTheEnvelope()
    {
        using (var response = await ControlCalls.RawAsync(server, HttpMethod.Patch, $"{ShopPath}/locations/{ControlCalls.Escaped(annex)}", "{\"active\": \"no\"}"))
        {
            await ControlCalls.ShouldBeErrorAsync(response, HttpStatusCode.UnprocessableEntity, "INVALID", "active");
        }

        using (var response = await ControlCalls.RawAsync(server, HttpMethod.Patch, $"{ShopPath}/locations/{ControlCalls.Escaped("gid://shopify/Location/999999")}", "{\"active\": false}"))
        {
            await ControlCalls.ShouldBeErrorAsync(response, HttpStatusCode.NotFound, "NOT_FOUND", "id");
        }

        var other = await server.CreateShopAsync();
        using (var response = await ControlCalls.RawAsync(server, HttpMethod.Patch, $"/shops/{ControlCalls.Escaped(other.ShopId)}/locations/{ControlCalls.Escaped(annex)}", "{\"active\": false}"))
        {
            await ControlCalls.ShouldBeErrorAsync(response, HttpStatusCode.NotFound, "NOT_FOUND", "id");
        }
    }
}

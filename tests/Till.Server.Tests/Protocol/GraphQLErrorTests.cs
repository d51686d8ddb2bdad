using System.Text.Json;
using Till.Server.Tests.Support;

namespace Till.Server.Tests.Protocol;

public sealed class GraphQLErrorTests : IAsyncLifetime
{
    private TillServer server = null!;
    private TestShop shop = null!;

    public async Task InitializeAsync()
    {
        server = await TillServer.StartAsync();
        shop = await server.CreateShopAsync();
    }

    public async Task DisposeAsync() => await server.DisposeAsync();

    /// <summary>Posts with the shop's full token and checks the common shape of a request that failed before running.</summary>
    private async Task<JsonElement> RequestErrorAsync(string query, object? variables = null)
    {
        var (status, body, json) = await server.PostAsync(shop.Token, query, variables);
        status.ShouldBe(200, body);
        json.TryGetProperty("data", out _).ShouldBeFalse($"a request that failed validation has no data: {body}");
        var errors = ProtocolHelpers.Errors(json);
        errors.ShouldNotBeEmpty(body);
        foreach (var error in errors)
        {
            error.GetProperty("message").GetString().ShouldNotBeNullOrWhiteSpace(body);
            error.GetProperty("extensions").GetProperty("code").GetString().ShouldNotBeNullOrWhiteSpace(body);
        }

        return errors[0];
    }

    private static void ShouldHaveLocation(JsonElement error, int line, int column)
    {
        var location = error.GetProperty("locations").EnumerateArray().First();
        location.GetProperty("line").GetInt32().ShouldBe(line, error.ToString());
        location.GetProperty("column").GetInt32().ShouldBe(column, error.ToString());
    }

    [Fact]
    public async Task VariableDeclaredTwiceWithDefaults_IsAValidationErrorNotAFailure()
    {
        // The cost is worked out before validation, so it must not trip over what validation refuses.
        var error = await RequestErrorAsync("query($a: Int = 1, $a: Int = 2) { cashDrawers(first: $a) { nodes { id } } }");

        error.GetProperty("extensions").GetProperty("code").GetString().ShouldBe("uniqueVariableNames");
    }

    [Theory]
    [InlineData("{ x }", "x", "QueryRoot")]
    [InlineData("{ cashDrawerz(id: \"gid://shopify/CashDrawer/1\") { id } }", "cashDrawerz", "QueryRoot")]
    [InlineData("query { __typename bogus }", "bogus", "QueryRoot")]
    [InlineData("mutation { bogus }", "bogus", "Mutation")]
    [InlineData("{ cashDrawer(id: \"gid://shopify/CashDrawer/1\") { id bogus } }", "bogus", "CashDrawer")]
    public async Task UnknownField_IsUndefinedFieldWithoutData(string query, string field, string type)
    {
        var error = await RequestErrorAsync(query);

        error.GetProperty("message").GetString().ShouldBe($"Field '{field}' doesn't exist on type '{type}'");
        var extensions = error.GetProperty("extensions");
        extensions.GetProperty("code").GetString().ShouldBe("undefinedField");
        extensions.GetProperty("typeName").GetString().ShouldBe(type);
        extensions.GetProperty("fieldName").GetString().ShouldBe(field);
        ShouldHaveLocation(error, 1, ProtocolHelpers.ColumnOf(query, field));
    }

    [Theory]
    [InlineData("{ foo ")]
    [InlineData("query {")]
    [InlineData("{ cashDrawer(id: ) { id } }")]
    [InlineData("}}}")]
    [InlineData("query Q($id: ID! { cashDrawer(id: $id) { id } }")]
    [InlineData("{ cashDrawer(id: \"unterminated) { id } }")]
    public async Task SyntaxError_HasMessageCodeAndLocationWithoutData(string query)
    {
        var error = await RequestErrorAsync(query);
        error.GetProperty("locations").GetArrayLength().ShouldBeGreaterThan(0, error.ToString());
    }

    [Fact]
    public async Task UnknownArgument_IsArgumentNotAccepted()
    {
        var query = $$"""{ cashDrawer(id: "{{shop.DrawerId}}", colour: "red") { id } }""";
        var error = await RequestErrorAsync(query);

        error.GetProperty("message").GetString().ShouldBe("Field 'cashDrawer' doesn't accept argument 'colour'");
        error.GetProperty("extensions").GetProperty("code").GetString().ShouldBe("argumentNotAccepted");
        error.GetProperty("extensions").GetProperty("name").GetString().ShouldBe("cashDrawer");
        error.GetProperty("extensions").GetProperty("argumentName").GetString().ShouldBe("colour");
        ShouldHaveLocation(error, 1, ProtocolHelpers.ColumnOf(query, "colour"));
    }

    [Fact]
    public async Task MissingRequiredArgument_IsMissingRequiredArguments()
    {
        var error = await RequestErrorAsync("{ pointOfSaleDevicePaymentSession { id } }");

        error.GetProperty("message").GetString().ShouldBe("Field 'pointOfSaleDevicePaymentSession' is missing required arguments: id");
        error.GetProperty("extensions").GetProperty("code").GetString().ShouldBe("missingRequiredArguments");
        error.GetProperty("extensions").GetProperty("name").GetString().ShouldBe("pointOfSaleDevicePaymentSession");
        error.GetProperty("extensions").GetProperty("arguments").GetString().ShouldBe("id");
        ShouldHaveLocation(error, 1, 3);
    }

    [Fact]
    public async Task MissingRequiredMutationArgument_IsMissingRequiredArguments()
    {
        var error = await RequestErrorAsync($$"""mutation { pointOfSaleDevicePaymentSessionOpen(pointOfSaleDeviceId: "{{shop.DeviceId}}") { userErrors { code } } }""");

        error.GetProperty("extensions").GetProperty("code").GetString().ShouldBe("missingRequiredArguments");
        error.GetProperty("message").GetString().ShouldBe("Field 'pointOfSaleDevicePaymentSessionOpen' is missing required arguments: staffMemberId");
    }

    [Theory]
    [InlineData("{ pointOfSaleDevice(id: \"nope\") { id } }", "id", "nope")]
    [InlineData("{ cashDrawer(id: \"gid://shopify/CashDrawer/abc\") { id } }", "id", "gid://shopify/CashDrawer/abc")]
    [InlineData("{ pointOfSaleDevicePaymentSession(id: \"12345\") { id } }", "id", "12345")]
    [InlineData("mutation { pointOfSaleDevicePaymentSessionOpen(pointOfSaleDeviceId: \"nope\", staffMemberId: \"gid://shopify/StaffMember/1\") { userErrors { code } } }", "pointOfSaleDeviceId", "nope")]
    public async Task MalformedGlobalIdLiteral_IsArgumentLiteralsIncompatible(string query, string argument, string id)
    {
        var error = await RequestErrorAsync(query);

        error.GetProperty("message").GetString().ShouldBe($"Invalid global id '{id}'");
        error.GetProperty("extensions").GetProperty("code").GetString().ShouldBe("argumentLiteralsIncompatible");
        ShouldHaveLocation(error, 1, ProtocolHelpers.ColumnOf(query, $"{argument}: \"{id}\""));
    }

    [Fact]
    public async Task MalformedGlobalIdInVariable_IsAnErrorNamingTheVariable()
    {
        var error = await RequestErrorAsync("query($deviceId: ID!) { pointOfSaleDevice(id: $deviceId) { id } }", new { deviceId = "nope" });

        error.GetProperty("message").GetString()!.ShouldContain("$deviceId", Case.Sensitive);
    }

    [Fact]
    public async Task MalformedGlobalIdInMutationVariable_ChangesNothing()
    {
        await RequestErrorAsync(
            "mutation($d: ID!, $s: ID!) { pointOfSaleDevicePaymentSessionOpen(pointOfSaleDeviceId: $d, staffMemberId: $s) { userErrors { code } } }",
            new { d = shop.DeviceId, s = "not-a-gid" });

        (await shop.OpenPayloadAsync()).GetProperty("userErrors").GetArrayLength().ShouldBe(0);
    }

    [Theory]
    [InlineData("\"abc\"")]
    [InlineData("true")]
    [InlineData("1.5")]
    [InlineData("{\"a\":1}")]
    [InlineData("[1]")]
    public async Task WrongVariableTypeForInt_IsAnErrorNot500(string value)
    {
        var sessionId = await shop.OpenAsync(deviceId: await NewDeviceAsync());
        var query = $$"""query($n: Int) { pointOfSaleDevicePaymentSession(id: "{{sessionId}}") { cashActivities(first: $n) { nodes { __typename } } } }""";
        using var response = await server.PostRawAsync(shop.Token, "{\"query\":" + JsonSerializer.Serialize(query) + ",\"variables\":{\"n\":" + value + "}}");
        var body = await response.Content.ReadAsStringAsync();
        ProtocolHelpers.AssertNoInternals(body);
        ((int)response.StatusCode).ShouldBe(200, body);
        using var document = JsonDocument.Parse(body);
        document.RootElement.TryGetProperty("data", out _).ShouldBeFalse(body);
        var error = document.RootElement.GetProperty("errors").EnumerateArray().First();
        error.GetProperty("message").GetString()!.ShouldContain("$n", Case.Sensitive);
        error.GetProperty("extensions").GetProperty("code").GetString().ShouldNotBeNullOrWhiteSpace();
    }

    [Theory]
    [InlineData("{\"a\":1}")]
    [InlineData("[\"gid://shopify/CashDrawer/1\"]")]
    [InlineData("true")]
    [InlineData("1.5")]
    public async Task WrongVariableTypeForId_IsAnErrorNot500(string value)
    {
        using var response = await server.PostRawAsync(shop.Token, """{"query":"query($id: ID!) { cashDrawer(id: $id) { id } }","variables":{"id":""" + value + "}}");
        var body = await response.Content.ReadAsStringAsync();
        ProtocolHelpers.AssertNoInternals(body);
        ((int)response.StatusCode).ShouldBe(200, body);
        using var document = JsonDocument.Parse(body);
        document.RootElement.TryGetProperty("data", out _).ShouldBeFalse(body);
        var error = document.RootElement.GetProperty("errors").EnumerateArray().First();
        error.GetProperty("message").GetString()!.ShouldContain("$id", Case.Sensitive);
        error.GetProperty("extensions").GetProperty("code").GetString().ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task MissingRequiredVariable_IsAnErrorNot500()
    {
        var error = await RequestErrorAsync("query($id: ID!) { cashDrawer(id: $id) { id } }", new { });
        error.GetProperty("message").GetString()!.ShouldContain("$id", Case.Sensitive);
    }

    [Theory]
    [InlineData("pointOfSaleDevicePaymentSession", "PointOfSaleDevicePaymentSession")]
    [InlineData("pointOfSaleDevice", "PointOfSaleDevice")]
    [InlineData("cashDrawer", "CashDrawer")]
    public async Task IdOfAnotherShop_LooksExactlyLikeANonexistentId(string field, string type)
    {
        var other = await server.CreateShopAsync();
        var otherSession = await other.OpenAsync();
        var foreignId = field switch
        {
            "pointOfSaleDevicePaymentSession" => otherSession,
            "pointOfSaleDevice" => other.DeviceId,
            _ => other.DrawerId,
        };
        var missingId = $"gid://shopify/{type}/987654321";

        var (_, foreignBody, foreign) = await server.PostAsync(shop.Token, $$"""query($id: ID!) { {{field}}(id: $id) { id } }""", new { id = foreignId });
        var (_, missingBody, missing) = await server.PostAsync(shop.Token, $$"""query($id: ID!) { {{field}}(id: $id) { id } }""", new { id = missingId });

        ProtocolHelpers.Errors(foreign).ShouldBeEmpty(foreignBody);
        ProtocolHelpers.Errors(missing).ShouldBeEmpty(missingBody);
        foreign.GetProperty("data").GetRawText().ShouldBe(missing.GetProperty("data").GetRawText());
        foreign.GetProperty("data").GetProperty(field).ValueKind.ShouldBe(JsonValueKind.Null);

        // The owner still sees it.
        var own = await other.GraphQLAsync($$"""query($id: ID!) { {{field}}(id: $id) { id } }""", new { id = foreignId });
        own.GetProperty("data").GetProperty(field).GetProperty("id").GetString().ShouldBe(foreignId);
    }

    [Fact]
    public async Task IdOfAnotherType_IsNotFound()
    {
        var result = await shop.GraphQLAsync("query($id: ID!) { pointOfSaleDevice(id: $id) { id } }", new { id = shop.DrawerId });
        ProtocolHelpers.Errors(result).ShouldBeEmpty(result.ToString());
        result.GetProperty("data").GetProperty("pointOfSaleDevice").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    private static string Normalised(JsonElement userErrors, string id) =>
        userErrors.GetRawText().Replace(id, "<id>", StringComparison.Ordinal);

    [Fact]
    public async Task MutationsOnAnotherShopsObjects_AnswerLikeNonexistentIds_AndChangeNothing()
    {
        var other = await server.CreateShopAsync();
        var otherSession = await other.OpenAsync();
        const string MissingSession = "gid://shopify/PointOfSaleDevicePaymentSession/987654321";
        const string MissingDevice = "gid://shopify/PointOfSaleDevice/987654321";
        const string MissingDrawer = "gid://shopify/CashDrawer/987654321";

        var closeForeign = await shop.ClosePayloadAsync(otherSession, "100.00");
        var closeMissing = await shop.ClosePayloadAsync(MissingSession, "100.00");
        closeForeign.GetProperty("pointOfSaleDevicePaymentSession").ValueKind.ShouldBe(JsonValueKind.Null);
        closeForeign.GetProperty("userErrors")[0].GetProperty("code").GetString().ShouldBe("PAYMENT_SESSION_NOT_FOUND");
        Normalised(closeForeign.GetProperty("userErrors"), otherSession).ShouldBe(Normalised(closeMissing.GetProperty("userErrors"), MissingSession));

        var countForeign = await shop.CountPayloadAsync(otherSession, "100.00");
        var countMissing = await shop.CountPayloadAsync(MissingSession, "100.00");
        Normalised(countForeign.GetProperty("userErrors"), otherSession).ShouldBe(Normalised(countMissing.GetProperty("userErrors"), MissingSession));

        var adjustForeign = await shop.AdjustPayloadAsync(otherSession, "-5.00");
        var adjustMissing = await shop.AdjustPayloadAsync(MissingSession, "-5.00");
        adjustForeign.GetProperty("userErrors").GetArrayLength().ShouldBe(1);
        Normalised(adjustForeign.GetProperty("userErrors"), otherSession).ShouldBe(Normalised(adjustMissing.GetProperty("userErrors"), MissingSession));

        var openForeign = await shop.OpenPayloadAsync(deviceId: other.DeviceId);
        var openMissing = await shop.OpenPayloadAsync(deviceId: MissingDevice);
        openForeign.GetProperty("userErrors")[0].GetProperty("code").GetString().ShouldBe("POINT_OF_SALE_DEVICE_NOT_FOUND");
        Normalised(openForeign.GetProperty("userErrors"), other.DeviceId).ShouldBe(Normalised(openMissing.GetProperty("userErrors"), MissingDevice));

        var assign = "mutation($d: ID!, $p: ID!) { pointOfSaleDeviceAssignToCashDrawer(cashDrawerId: $d, pointOfSaleDeviceId: $p) { pointOfSaleDevice { id } userErrors { field message code } } }";
        var assignForeignDrawer = await shop.GraphQLAsync(assign, new { d = other.DrawerId, p = shop.DeviceId });
        var assignMissingDrawer = await shop.GraphQLAsync(assign, new { d = MissingDrawer, p = shop.DeviceId });
        var foreignDrawerErrors = TestShop.Payload(assignForeignDrawer, "pointOfSaleDeviceAssignToCashDrawer").GetProperty("userErrors");
        foreignDrawerErrors[0].GetProperty("code").GetString().ShouldBe("CASH_DRAWER_NOT_FOUND");
        Normalised(foreignDrawerErrors, other.DrawerId).ShouldBe(Normalised(TestShop.Payload(assignMissingDrawer, "pointOfSaleDeviceAssignToCashDrawer").GetProperty("userErrors"), MissingDrawer));

        var createForeign = await shop.GraphQLAsync("mutation($l: ID!) { cashDrawerCreate(locationId: $l, name: \"Intruder\") { cashDrawer { id } userErrors { field message code } } }", new { l = other.LocationId });
        TestShop.Payload(createForeign, "cashDrawerCreate").GetProperty("userErrors")[0].GetProperty("code").GetString().ShouldBe("LOCATION_NOT_FOUND");

        var session = await other.SessionAsync(otherSession);
        session.GetProperty("status").GetString().ShouldBe("OPEN");
        session.GetProperty("totalAdjustments").GetProperty("amount").GetString().ShouldBe("0.0");
        session.GetProperty("cashDrawer").GetProperty("id").GetString().ShouldBe(other.DrawerId);
    }

    [Theory]
    [InlineData("2026-04")]
    [InlineData("2026-07")]
    [InlineData("2026-10")]
    [InlineData("unstable")]
    public async Task RootTypes_AreQueryRootAndMutation(string version)
    {
        var (_, body, json) = await server.PostAsync(shop.Token, "{ __schema { queryType { name } mutationType { name } subscriptionType { name } } }", version: version);
        var schema = json.GetProperty("data").GetProperty("__schema");
        schema.GetProperty("queryType").GetProperty("name").GetString().ShouldBe("QueryRoot", body);
        schema.GetProperty("mutationType").GetProperty("name").GetString().ShouldBe("Mutation", body);
        schema.GetProperty("subscriptionType").ValueKind.ShouldBe(JsonValueKind.Null);

        var (_, _, typename) = await server.PostAsync(shop.Token, "mutation { __typename }", version: version);
        typename.GetProperty("data").GetProperty("__typename").GetString().ShouldBe("Mutation");
    }

    [Fact]
    public async Task UnexpectedFailure_IsInternalServerErrorWithRequestIdAndNoInternals()
    {
        FailingStore? failing = null;
        await using var broken = await TillServer.StartAsync(wrapStore: store => failing = new FailingStore(store));
        var brokenShop = await broken.CreateShopAsync();
        var sessionId = await brokenShop.OpenAsync();
        failing!.FailingMethods.Add("GetSessionAsync");

        using var response = await broken.PostGraphQLAsync(brokenShop.Token, "query($id: ID!) { pointOfSaleDevicePaymentSession(id: $id) { id } }", new { id = sessionId });
        var body = await response.Content.ReadAsStringAsync();

        ProtocolHelpers.AssertNoInternals(body);
        body.ShouldNotContain("malformed");
        body.ShouldNotContain("SQLite");
        ((int)response.StatusCode).ShouldBe(200, body);
        using var document = JsonDocument.Parse(body);
        var error = document.RootElement.GetProperty("errors").EnumerateArray().ShouldHaveSingleItem();
        error.GetProperty("extensions").GetProperty("code").GetString().ShouldBe("INTERNAL_SERVER_ERROR");
        var requestId = response.Headers.GetValues("X-Request-Id").Single();
        error.GetProperty("extensions").GetProperty("requestId").GetString().ShouldBe(requestId);
        document.RootElement.GetProperty("data").GetProperty("pointOfSaleDevicePaymentSession").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    private async Task<string> NewDeviceAsync()
    {
        var device = await server.ControlJsonAsync(HttpMethod.Post, $"/shops/{Uri.EscapeDataString(shop.ShopId)}/devices", new { locationId = shop.LocationId, name = "Register " + Guid.NewGuid().ToString("N")[..4] });
        var id = device.GetProperty("id").GetString()!;
        await shop.AssignAsync(id, shop.DrawerId);
        return id;
    }
}

using System.Text.Json;
using Till.Server.Tests.Bulk;
using Till.Server.Tests.Support;

namespace Till.Server.Tests.Webhooks;

/// <summary><c>BULK_OPERATIONS_FINISH</c>: a finished bulk operation is posted, signed, to the app that subscribed.</summary>
public sealed class BulkFinishWebhookTests
{
    [Fact]
    public async Task FinishedBulkOperation_IsPostedSigned_InShopifysPayloadShape()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var server = await TillServer.StartAsync(configure: o => WebhookSubscriptionTests.Fast(o) with { BulkPollInterval = TimeSpan.FromMilliseconds(50) });
        var (shop, token) = await WebhookSubscriptionTests.AppAsync(server, "bulk-secret", ["read_cash_tracking", "write_cash_tracking"]);
        var created = await WebhookSubscriptionTests.SubscribeAsync(server, token, receiver.Url + "bulk", topic: "BULK_OPERATIONS_FINISH");
        created.GetProperty("userErrors").GetRawText().ShouldBe("[]");

        await BulkKit.SeedSessionsAsync(shop, 2);
        var graphQL = (Func<string, object?, Task<JsonElement>>)((query, variables) => server.GraphQLAsync(token, query, variables));
        var id = await BulkKit.StartAsync(graphQL, "{ pointOfSaleDevicePaymentSessions { edges { node { id } } } }");
        await BulkKit.WaitForAsync(graphQL, id, TimeSpan.FromSeconds(30), "COMPLETED");

        var delivery = (await receiver.WaitForAsync(1)).Single();
        delivery.SignedWith("bulk-secret").ShouldBeTrue();
        delivery.Header("X-Shopify-Topic").ShouldBe("bulk_operations/finish");
        var payload = delivery.Json;
        payload.GetProperty("admin_graphql_api_id").GetString().ShouldBe(id);
        payload.GetProperty("status").GetString().ShouldBe("completed");
        payload.GetProperty("type").GetString().ShouldBe("query");
        payload.GetProperty("error_code").ValueKind.ShouldBe(JsonValueKind.Null);
        payload.GetProperty("completed_at").GetString().ShouldNotBeNullOrEmpty();
        payload.GetProperty("created_at").GetString().ShouldNotBeNullOrEmpty();
    }
}

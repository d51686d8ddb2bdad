using GraphQL;
using Microsoft.Extensions.DependencyInjection;
using Till.Ids;
using Till.Search;
using Till.Server.GraphQL.Types;
using Till.Webhooks;

namespace Till.Server.GraphQL.Resolvers;

/// <summary>Webhook subscriptions: the three mutations, the queries and the subscription object.</summary>
internal static class WebhookResolvers
{
    /// <summary>The fields <c>webhookSubscriptions(query:)</c> and <c>webhookSubscriptionsCount(query:)</c> filter by, as the reference lists them.</summary>
    public static readonly IReadOnlyList<SearchField> SearchFields =
    [
        new("id", SearchFieldKind.Id, GidTypes.WebhookSubscription),
        new("created_at", SearchFieldKind.DateTime),
        new("updated_at", SearchFieldKind.DateTime),
        new("topic", SearchFieldKind.Text),
        new("endpoint", SearchFieldKind.Text),
    ];

    public static void Wire(Wiring w)
    {
        MutationResolvers.Mutation(w, "webhookSubscriptionCreate", async (c, key) => Payload.From(await Commands(c).CreateAsync(
            Caller(c), c.GetArgument<string>("topic"), Input(c), c.Till().Version, key, c.CancellationToken).ConfigureAwait(false)));
        MutationResolvers.Mutation(w, "webhookSubscriptionUpdate", async (c, key) => Payload.From(await Commands(c).UpdateAsync(
            Caller(c), Args.Id(c, "id", GidTypes.WebhookSubscription), Input(c), key, c.CancellationToken).ConfigureAwait(false)));
        MutationResolvers.Mutation(w, "webhookSubscriptionDelete", async (c, key) =>
        {
            var outcome = await Commands(c).DeleteAsync(Caller(c), Args.Id(c, "id", GidTypes.WebhookSubscription), key, c.CancellationToken).ConfigureAwait(false);
            return new Payload(outcome.Succeeded ? GlobalId.Format(GidTypes.WebhookSubscription, outcome.Value) : null, outcome.Errors);
        });
        foreach (var (payload, field) in new[]
        {
            ("WebhookSubscriptionCreatePayload", "webhookSubscription"), ("WebhookSubscriptionUpdatePayload", "webhookSubscription"),
            ("WebhookSubscriptionDeletePayload", "deletedWebhookSubscriptionId"),
        })
        {
            w.Field(payload, field, c => ((Payload)c.Source!).Item);
            w.Field(payload, "userErrors", c => ((Payload)c.Source!).UserErrors);
        }

        w.FieldAsync("QueryRoot", "webhookSubscription", async c =>
            Args.Id(c, "id", GidTypes.WebhookSubscription) is { } id ? await Subscription(c, id).ConfigureAwait(false) : null);
        w.FieldAsync("QueryRoot", "webhookSubscriptions", async c =>
        {
            var sortKey = c.GetArgument<string?>("sortKey") == "ID" ? WebhookSubscriptionSortKey.Id : WebhookSubscriptionSortKey.CreatedAt;
            var search = await SearchArgument.BindAsync(c, SearchFields).ConfigureAwait(false);
            var till = c.Till();
            var listFilter = new WebhookSubscriptionListFilter(c.GetArgument<string?>("uri"), c.GetArgument<string?>("format"), c.GetArgument<List<string>?>("topics") ?? [], TillTopics(till));
            return await PageRequest.LoadAsync(
                c,
                "wh" + (sortKey == WebhookSubscriptionSortKey.Id ? "i" : "c"),
                (u, page) => u.ListWebhookSubscriptionsAsync(till.ShopId, till.TokenId, sortKey, page, listFilter, search),
                s => (sortKey == WebhookSubscriptionSortKey.Id ? s.Id : s.CreatedAt.UtcTicks, s.Id)).ConfigureAwait(false);
        });
        w.FieldAsync("QueryRoot", "webhookSubscriptionsCount", async c =>
        {
            var limit = c.GetArgument<int?>("limit");
            if (limit is < 0)
            {
                throw PageRequest.BadRequest("limit must not be negative");
            }

            var search = await SearchArgument.BindAsync(c, SearchFields).ConfigureAwait(false);
            var till = c.Till();
            // One more than the limit tells an exact count from a cut one.
            var counted = await till.ReadAsync(u => u.CountWebhookSubscriptionsAsync(till.ShopId, till.TokenId, search, limit is { } l ? l + 1 : null, TillTopics(till))).ConfigureAwait(false);
            return CountView.Of(counted, limit);
        });

        WireSubscription(w);
        w.Properties("ApiVersion", typeof(ApiVersionView));
        w.Properties("WebhookSubscriptionMetafieldIdentifier", typeof(MetafieldIdentifier));
        w.IsTypeOf("WebhookHttpEndpoint", o => o is HttpEndpoint);
        w.Properties("WebhookHttpEndpoint", typeof(HttpEndpoint));
        w.NeverReturned("WebhookEventBridgeEndpoint");
        w.NeverReturned("WebhookPubSubEndpoint");
    }

    private static void WireSubscription(Wiring w)
    {
        const string type = "WebhookSubscription";
        w.IsTypeOf(type, o => o is WebhookSubscription);
        w.Field(type, "id", c => GlobalId.Format(GidTypes.WebhookSubscription, S(c).Id));
        w.Field(type, "legacyResourceId", c => S(c).Id);
        w.Field(type, "apiVersion", c => ApiVersionView.Of(S(c).ApiVersion));
        w.Field(type, "callbackUrl", c => S(c).Uri);
        w.Field(type, "uri", c => S(c).Uri);
        w.Field(type, "endpoint", c => new HttpEndpoint(S(c).Uri));
        w.Field(type, "createdAt", c => S(c).CreatedAt);
        w.Field(type, "updatedAt", c => S(c).UpdatedAt);
        w.Field(type, "filter", c => S(c).Filter);
        w.Field(type, "format", c => S(c).Format);
        w.Field(type, "includeFields", c => S(c).IncludeFields);
        w.Field(type, "metafieldNamespaces", c => S(c).MetafieldNamespaces);
        w.Field(type, "metafields", c => S(c).Metafields);
        w.Field(type, "name", c => S(c).Name);
        w.Field(type, "topic", c => S(c).Topic);
    }

    /// <summary>One of the request's app's subscriptions, or null (as is one to a till topic on a Shopify version).</summary>
    public static async Task<WebhookSubscription?> Subscription(IResolveFieldContext c, long id)
    {
        var found = await c.Till().LoadAsync("webhook", id, u => u.GetWebhookSubscriptionAsync(c.Till().ShopId, c.Till().TokenId, id)).ConfigureAwait(false);
        return found is not null && Caller(c).Sees(found.Topic) ? found : null;
    }

    /// <summary>Whether the request's API version has the till version's own topics: only the till version does.</summary>
    private static bool TillTopics(TillRequest till) => till.Version == "till";

    private static WebhookSubscription S(IResolveFieldContext c) => (WebhookSubscription)c.Source!;

    private static WebhookSubscriptionCommands Commands(IResolveFieldContext c) => c.Till().Services.GetRequiredService<WebhookSubscriptionCommands>();

    private static WebhookSubscriptionCommands.Caller Caller(IResolveFieldContext c)
    {
        var till = c.Till();
        return new WebhookSubscriptionCommands.Caller(till.ShopId, till.TokenId, till.HasScope, till.ActingStaffId is not null, TillTopics(till));
    }

    private static WebhookSubscriptionInput Input(IResolveFieldContext c)
    {
        var input = c.GetArgument<Dictionary<string, object?>>("webhookSubscription") ?? [];
        return new WebhookSubscriptionInput(
            Get<string>(input, "uri"),
            Get<string>(input, "format"),
            Strings(input, "includeFields"),
            Get<string>(input, "filter"),
            Strings(input, "metafieldNamespaces"),
            input.TryGetValue("metafields", out var m) && m is IEnumerable<object?> list
                ? list.OfType<IDictionary<string, object?>>().Select(d => new MetafieldIdentifier(d.TryGetValue("namespace", out var n) && n is string ns ? ns : "$app", d.TryGetValue("key", out var k) ? k as string ?? string.Empty : string.Empty)).ToList()
                : null,
            Get<string>(input, "name"));
    }

    private static T? Get<T>(Dictionary<string, object?> input, string name)
        where T : class => input.TryGetValue(name, out var value) ? value as T : null;

    private static List<string>? Strings(Dictionary<string, object?> input, string name) =>
        input.TryGetValue(name, out var value) && value is IEnumerable<object?> list ? list.OfType<string>().ToList() : null;
}


/// <summary>An <c>ApiVersion</c>.</summary>
internal sealed record ApiVersionView(string Handle, string DisplayName, bool Supported)
{
    public static ApiVersionView Of(string handle) =>
        new(handle, handle, handle is not ("unstable" or "till"));
}

/// <summary>A <c>WebhookHttpEndpoint</c>.</summary>
internal sealed record HttpEndpoint(string CallbackUrl);

using System.Data.Common;
using System.Text.Json;
using Till.Search;
using Till.Webhooks;

namespace Till.Storage.Sql;

/// <summary>Webhook subscriptions and the outbox.</summary>
internal sealed partial class SqlUnitOfWork
{
    private const string SubscriptionColumns = "id, token_id, topic, uri, format, include_fields, metafields, filter, name, api_version, created_at, updated_at";

    private static readonly Dictionary<string, string> SubscriptionSearchColumns = new(StringComparer.Ordinal)
    {
        ["id"] = "id",
        ["created_at"] = "created_at",
        ["updated_at"] = "updated_at",
        ["endpoint"] = "uri",
        ["topic"] = "topic",
    };

    private sealed record StoredMetafields(IReadOnlyList<string> Namespaces, IReadOnlyList<MetafieldIdentifier> Identifiers);

    private static WebhookSubscription ReadSubscription(long shopId, DbDataReader r)
    {
        var metafields = JsonSerializer.Deserialize<StoredMetafields>(r.GetString(6)) ?? new StoredMetafields([], []);
        return new WebhookSubscription(
            shopId, r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetString(3), r.GetString(4),
            JsonSerializer.Deserialize<List<string>>(r.GetString(5)) ?? [], metafields.Namespaces, metafields.Identifiers,
            r.IsDBNull(7) ? null : r.GetString(7), r.IsDBNull(8) ? null : r.GetString(8), r.GetString(9), Time(r.GetInt64(10)), Time(r.GetInt64(11)));
    }

    private static (string, object?)[] SubscriptionParameters(WebhookSubscription s) =>
    [
        ("@shop", s.ShopId), ("@token", s.TokenId), ("@topic", s.Topic), ("@uri", s.Uri), ("@format", s.Format),
        ("@include", JsonSerializer.Serialize(s.IncludeFields)), ("@metafields", JsonSerializer.Serialize(new StoredMetafields(s.MetafieldNamespaces, s.Metafields))),
        ("@filter", s.Filter), ("@name", s.Name), ("@version", s.ApiVersion), ("@created", s.CreatedAt.UtcTicks), ("@updated", s.UpdatedAt.UtcTicks), ("@id", s.Id),
    ];

    public Task SetTokenSecretAsync(long tokenId, string secret) =>
        ExecuteAsync("UPDATE tokens SET api_secret = @secret WHERE id = @id", ("@secret", secret), ("@id", tokenId));

    public Task<WebhookSubscription?> GetWebhookSubscriptionAsync(long shopId, long tokenId, long id) =>
        QuerySingleAsync($"SELECT {SubscriptionColumns} FROM webhook_subscriptions WHERE shop_id = @shop AND token_id = @token AND id = @id{Lock}",
            r => ReadSubscription(shopId, r), ("@shop", shopId), ("@token", tokenId), ("@id", id));

    public async Task<WebhookSubscription?> InsertWebhookSubscriptionAsync(WebhookSubscription subscription)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        try
        {
            var id = await InsertAsync(
                "INSERT INTO webhook_subscriptions (shop_id, token_id, topic, uri, format, include_fields, metafields, filter, name, api_version, created_at, updated_at) " +
                "VALUES (@shop, @token, @topic, @uri, @format, @include, @metafields, @filter, @name, @version, @created, @updated)",
                SubscriptionParameters(subscription)).ConfigureAwait(false);
            return subscription with { Id = id };
        }
        catch (DbException e) when (dialect.IsUniqueViolation(e))
        {
            return null;
        }
    }

    public async Task<bool> UpdateWebhookSubscriptionAsync(WebhookSubscription subscription)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        try
        {
            return await ExecuteAsync(
                "UPDATE webhook_subscriptions SET uri = @uri, format = @format, include_fields = @include, metafields = @metafields, filter = @filter, name = @name, updated_at = @updated " +
                "WHERE shop_id = @shop AND token_id = @token AND id = @id",
                SubscriptionParameters(subscription)).ConfigureAwait(false) == 1;
        }
        catch (DbException e) when (dialect.IsUniqueViolation(e))
        {
            return false;
        }
    }

    public async Task<bool> DeleteWebhookSubscriptionAsync(long shopId, long tokenId, long id)
    {
        var deleted = await ExecuteAsync("DELETE FROM webhook_subscriptions WHERE shop_id = @shop AND token_id = @token AND id = @id", ("@shop", shopId), ("@token", tokenId), ("@id", id)).ConfigureAwait(false) == 1;
        if (deleted)
        {
            await ExecuteAsync("DELETE FROM webhook_deliveries WHERE shop_id = @shop AND subscription_id = @id AND status = 'PENDING'", ("@shop", shopId), ("@id", id)).ConfigureAwait(false);
        }

        return deleted;
    }

    public async Task<IReadOnlyList<WebhookSubscription>> ListWebhookSubscriptionsAsync(long shopId, long tokenId, WebhookSubscriptionSortKey sortKey, KeysetPage page, WebhookSubscriptionListFilter filter, BoundFilter? search)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var (where, orderBy) = Keyset(page, sortKey == WebhookSubscriptionSortKey.CreatedAt ? "created_at" : "id");
        var extra = new List<(string, object?)> { ("@shop", shopId), ("@token", tokenId), ("@uri", filter.Uri), ("@format", filter.Format) };
        var conditions = (filter.Uri is null ? string.Empty : " AND uri = @uri") + (filter.Format is null ? string.Empty : " AND format = @format") + (filter.TillTopics ? string.Empty : NoTillTopics);
        if (filter.Topics.Count > 0)
        {
            var names = new List<string>();
            for (var i = 0; i < filter.Topics.Count; i++)
            {
                names.Add("@topic" + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                extra.Add((names[^1], filter.Topics[i]));
            }

            conditions += $" AND topic IN ({string.Join(", ", names)})";
        }

        var (searchSql, parameters) = Filtered(search, SubscriptionSearchColumns, PageParameters(page, [.. extra]));
        await using var statement = await CommandAsync($"SELECT {SubscriptionColumns} FROM webhook_subscriptions WHERE shop_id = @shop AND token_id = @token{conditions}{searchSql}{where}{orderBy}", parameters).ConfigureAwait(false);
        return await ReadListAsync(statement.Command, ReadSubscription).ConfigureAwait(false);
    }

    /// <summary>Leaves out subscriptions to the till version's own topics (the only topics whose names start so).</summary>
    private const string NoTillTopics = " AND substr(topic, 1, 5) <> 'TILL_'";

    public async Task<long> CountWebhookSubscriptionsAsync(long shopId, long tokenId, BoundFilter? search, int? limit, bool tillTopics = true)
    {
        var (searchSql, parameters) = Filtered(search, SubscriptionSearchColumns, [("@shop", shopId), ("@token", tokenId), ("@limit", limit ?? int.MaxValue)]);
        var which = tillTopics ? string.Empty : NoTillTopics;
        await using var statement = await CommandAsync($"SELECT COUNT(*) FROM (SELECT 1 FROM webhook_subscriptions WHERE shop_id = @shop AND token_id = @token{which}{searchSql} LIMIT @limit) counted", parameters).ConfigureAwait(false);
        return Convert.ToInt64(await statement.Command.ExecuteScalarAsync().ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<IReadOnlyList<WebhookSubscription>> ListTopicSubscriptionsAsync(long shopId, IReadOnlyList<string> topics)
    {
        ArgumentNullException.ThrowIfNull(topics);
        if (topics.Count == 0)
        {
            return [];
        }

        var (sql, parameters) = TopicSubscriptions(shopId, topics);
        await using var statement = await CommandAsync(sql, parameters).ConfigureAwait(false);
        return await ReadListAsync(statement.Command, ReadSubscription).ConfigureAwait(false);
    }

    /// <summary>The read of the shop's live subscriptions to <paramref name="topics"/> (at least one), in ID order: alone, or in a context batch.</summary>
    private static (string Sql, (string Name, object? Value)[] Parameters) TopicSubscriptions(long shopId, IReadOnlyList<string> topics)
    {
        var names = topics.Select((_, i) => "@topic" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        return (
            $"SELECT {string.Join(", ", SubscriptionColumns.Split(", ").Select(c => "s." + c))} FROM webhook_subscriptions s JOIN tokens t ON t.id = s.token_id " +
            $"WHERE s.shop_id = @shop AND s.topic IN ({string.Join(", ", names)}) AND t.revoked = 0 ORDER BY s.id",
            [("@shop", shopId), .. names.Select((n, i) => (n, (object?)topics[i]))]);
    }

    /// <summary>
    /// A context batch's statements and parameters with the topic-subscription read last, so the
    /// mutation learns whom to notify in the round trip that locks its rows (unchanged when no
    /// topic is asked for).
    /// </summary>
    private static (string[] Statements, (string Name, object? Value)[] Parameters) WithTopicSubscriptions(
        string[] statements, (string Name, object? Value)[] parameters, long shopId, IReadOnlyList<string> topics)
    {
        ArgumentNullException.ThrowIfNull(topics);
        if (topics.Count == 0)
        {
            return (statements, parameters);
        }

        var (sql, own) = TopicSubscriptions(shopId, topics);
        return ([.. statements, sql], [.. parameters, .. own.Where(p => p.Name != "@shop")]);
    }

    /// <summary>The result of the read <see cref="WithTopicSubscriptions"/> added to a batch; then moves to the batch's next result.</summary>
    private static async Task<IReadOnlyList<WebhookSubscription>> NextSubscriptionsAsync(DbDataReader reader, long shopId, IReadOnlyList<string> topics)
    {
        if (topics.Count == 0)
        {
            return [];
        }

        var subscriptions = new List<WebhookSubscription>();
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            subscriptions.Add(ReadSubscription(shopId, reader));
        }

        await reader.NextResultAsync().ConfigureAwait(false);
        return subscriptions;
    }

    public async Task InsertWebhookDeliveryAsync(WebhookDelivery delivery, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        // The row is written only while its subscription exists, and the subscription is held (a
        // key-share lock on PostgreSQL, what a foreign key check takes) until this unit ends: a
        // delete that committed first leaves nothing to write, and one that comes later waits, then
        // drops this row with the subscription's other pending ones. There is no foreign key, so
        // a subscription read before its delete can never fail the mutation.
        var insert =
            "INSERT INTO webhook_deliveries (shop_id, subscription_id, token_id, topic, uri, api_version, webhook_id, event_id, payload, triggered_at, status, attempts, next_attempt_at) " +
            "SELECT @shop, @subscription, @token, @topic, @uri, @version, @webhook, @event, @payload, @triggered, 'PENDING', 0, @now " +
            $"FROM webhook_subscriptions WHERE shop_id = @shop AND id = @subscription{dialect.KeyShare}";
        (string, object?)[] parameters =
        [
            ("@shop", delivery.ShopId), ("@subscription", delivery.SubscriptionId), ("@token", delivery.TokenId), ("@topic", delivery.Topic), ("@uri", delivery.Uri),
            ("@version", delivery.ApiVersion), ("@webhook", delivery.WebhookId), ("@event", delivery.EventId), ("@payload", delivery.Payload),
            ("@triggered", delivery.TriggeredAt.UtcTicks), ("@now", now.UtcTicks),
        ];
        if (Pipelined)
        {
            // Nothing waits on its answer: it goes with the unit's COMMIT.
            Defer(insert, parameters);
            return;
        }

        await ExecuteAsync(insert, parameters).ConfigureAwait(false);
    }

    private const string DeliveryColumns = "id, shop_id, subscription_id, token_id, topic, uri, api_version, webhook_id, event_id, payload, triggered_at, attempts";

    public async Task<IReadOnlyList<ClaimedDelivery>> ClaimWebhookDeliveriesAsync(string owner, DateTimeOffset now, DateTimeOffset leaseUntil, int limit)
    {
        var claimed = new List<(WebhookDelivery Delivery, int Attempt)>();
        await using (var statement = await CommandAsync(
            "UPDATE webhook_deliveries SET attempts = attempts + 1, lease_owner = @owner, lease_until = @lease " +
            "WHERE id IN (SELECT id FROM webhook_deliveries WHERE status = 'PENDING' AND next_attempt_at <= @now AND (lease_until IS NULL OR lease_until <= @now) " +
            $"ORDER BY next_attempt_at, id LIMIT @limit{dialect.SkipLocked}) " +
            "AND status = 'PENDING' AND (lease_until IS NULL OR lease_until <= @now) " +
            $"RETURNING {DeliveryColumns}",
            ("@owner", owner), ("@lease", leaseUntil.UtcTicks), ("@now", now.UtcTicks), ("@limit", limit)).ConfigureAwait(false))
        await using (var reader = await statement.Command.ExecuteReaderAsync().ConfigureAwait(false))
        {
            while (await reader.ReadAsync().ConfigureAwait(false))
            {
                claimed.Add((new WebhookDelivery(
                    reader.GetInt64(1), reader.GetInt64(0), reader.GetInt64(2), reader.GetInt64(3), reader.GetString(4), reader.GetString(5), reader.GetString(6),
                    reader.GetString(7), reader.GetString(8), reader.GetString(9), Time(reader.GetInt64(10))), checked((int)reader.GetInt64(11))));
            }
        }

        var secrets = new Dictionary<long, string>();
        foreach (var tokenId in claimed.Select(c => c.Delivery.TokenId).Distinct())
        {
            secrets[tokenId] = await QuerySingleAsync("SELECT api_secret FROM tokens WHERE id = @id", r => r.GetString(0), ("@id", tokenId)).ConfigureAwait(false) ?? string.Empty;
        }

        return claimed.Select(c => new ClaimedDelivery(c.Delivery, c.Attempt, secrets[c.Delivery.TokenId])).ToList();
    }

    public async Task<bool> FinishWebhookAttemptAsync(long deliveryId, string owner, int attempt, bool delivered, DateTimeOffset now, DateTimeOffset? retryAt, string? failure)
    {
        var status = delivered ? "DELIVERED" : retryAt is null ? "FAILED" : "PENDING";
        return await ExecuteAsync(
            "UPDATE webhook_deliveries SET status = @status, lease_owner = NULL, lease_until = NULL, next_attempt_at = @next, last_error = @error, delivered_at = @delivered " +
            "WHERE id = @id AND lease_owner = @owner AND attempts = @attempt AND status = 'PENDING'",
            ("@status", status), ("@next", (retryAt ?? now).UtcTicks), ("@error", failure), ("@delivered", delivered ? now.UtcTicks : null),
            ("@id", deliveryId), ("@owner", owner), ("@attempt", attempt)).ConfigureAwait(false) == 1;
    }
}

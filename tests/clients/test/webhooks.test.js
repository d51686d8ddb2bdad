// Shopify's own @shopify/shopify-api validates a webhook delivery Till made: the signature, the
// headers it requires, and the payload as posted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import '@shopify/shopify-api/adapters/node';
import { shopifyApi, ApiVersion } from '@shopify/shopify-api';
import { TILL_URL, control, provisionShop, rawGraphql, recordTransaction } from '../lib/till.js';

const SECRET = 'shpss_till_client_test_secret';

function app(apiSecretKey) {
    return shopifyApi({
        apiKey: 'till-client-test',
        apiSecretKey,
        scopes: ['read_orders'],
        hostName: 'localhost',
        apiVersion: ApiVersion.April26,
        isEmbeddedApp: false,
        logger: { level: 0 },
    });
}

test('webhooks.validate accepts a TENDER_TRANSACTIONS_CREATE delivery from Till, and refuses it under another secret', async () => {
    const shopify = app(SECRET);
    const impostor = app('some-other-secret');
    let received;
    const delivered = new Promise((resolve) => { received = resolve; });
    const receiver = http.createServer((req, res) => {
        const chunks = [];
        req.on('data', (chunk) => chunks.push(chunk));
        req.on('end', async () => {
            const rawBody = Buffer.concat(chunks).toString('utf8');
            const result = await shopify.webhooks.validate({ rawBody, rawRequest: req, rawResponse: res });
            const forged = await impostor.webhooks.validate({ rawBody, rawRequest: req, rawResponse: res });
            res.writeHead(200).end();
            received({ result, forged, rawBody });
        });
    });
    await new Promise((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
        const shop = await provisionShop();
        const { token, secret } = await control('POST', `/shops/${encodeURIComponent(shop.shopId)}/tokens`, { scopes: ['read_orders'], secret: SECRET });
        assert.equal(secret, SECRET);
        const uri = `http://127.0.0.1:${receiver.address().port}/webhooks`;
        const created = await rawGraphql(TILL_URL, '2026-04', token,
            `mutation($uri: String!) { webhookSubscriptionCreate(topic: TENDER_TRANSACTIONS_CREATE, webhookSubscription: { uri: $uri }) {
                webhookSubscription { id } userErrors { field message } } }`, { uri });
        assert.deepEqual(created.body.data.webhookSubscriptionCreate.userErrors, []);

        await recordTransaction(shop, { gateway: 'card', amount: '7.25' });
        const { result, forged, rawBody } = await delivered;
        assert.equal(result.valid, true, JSON.stringify(result));
        assert.ok(['tender_transactions/create', 'TENDER_TRANSACTIONS_CREATE'].includes(result.topic), result.topic);
        assert.match(result.domain, /\.myshopify\.com$/);
        assert.equal(result.apiVersion, '2026-04');
        assert.ok(result.webhookId);
        assert.equal(forged.valid, false);
        const payload = JSON.parse(rawBody);
        assert.equal(payload.amount, '7.25');
        assert.equal(payload.payment_method, 'card');
    } finally {
        receiver.close();
    }
});

test('the webhook subscription operations run through Shopify\'s Admin API client', async () => {
    const { adminClient } = await import('../lib/till.js');
    const { ops } = await import('../lib/operations.js');
    const shop = await provisionShop();
    const client = adminClient({ token: shop.token });
    const created = await client.request(ops.WEBHOOK_SUBSCRIPTION_CREATE, { variables: { topic: 'TENDER_TRANSACTIONS_CREATE', uri: 'https://example.com/hooks' } });
    assert.deepEqual(created.data.webhookSubscriptionCreate.userErrors, []);
    const id = created.data.webhookSubscriptionCreate.webhookSubscription.id;
    const read = await client.request(ops.WEBHOOK_SUBSCRIPTION, { variables: { id } });
    assert.equal(read.data.webhookSubscription.apiVersion.handle, '2026-04');
    const list = await client.request(ops.WEBHOOK_SUBSCRIPTIONS, { variables: { topics: ['TENDER_TRANSACTIONS_CREATE'] } });
    assert.equal(list.data.webhookSubscriptions.nodes.length, 1);
    const count = await client.request(ops.WEBHOOK_SUBSCRIPTIONS_COUNT);
    assert.deepEqual(count.data.webhookSubscriptionsCount, { count: 1, precision: 'EXACT' });
    const updated = await client.request(ops.WEBHOOK_SUBSCRIPTION_UPDATE, { variables: { id, uri: 'http://127.0.0.1:1/hooks' } });
    assert.equal(updated.data.webhookSubscriptionUpdate.webhookSubscription.uri, 'http://127.0.0.1:1/hooks');
    const deleted = await client.request(ops.WEBHOOK_SUBSCRIPTION_DELETE, { variables: { id } });
    assert.equal(deleted.data.webhookSubscriptionDelete.deletedWebhookSubscriptionId, id);
});

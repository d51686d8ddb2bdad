// THROTTLED as Shopify's client sees it. Runs against a second Till started with
// --throttle-maximum 50 --throttle-restore-rate 1 (TILL_THROTTLED_URL), so a bucket empties fast.
// Till, like Shopify's GraphQL Admin API, answers a throttled request with HTTP 200 and a
// THROTTLED error, so the client's `retries` option (which retries HTTP 429 and 503 only) does not
// retry it: waiting for the bucket to refill is the app's job, and throttleStatus tells how long.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { addToken, adminClient, costOf, provisionShop, sleep, THROTTLED_URL } from '../lib/till.js';
import { ops } from '../lib/operations.js';

// requestedQueryCost = 2 + 20 x (drawer 1 + location 1) = 42; the actual cost counts the one drawer.
const EXPENSIVE = `#graphql
  query ExpensiveDrawers { cashDrawers(first: 20) { nodes { id name location { id name } } } }`;
// 2 + 30 x 2 = 62: more than a bucket of 50 ever holds.
const TOO_EXPENSIVE = `#graphql
  query TooExpensiveDrawers { cashDrawers(first: 30) { nodes { id name location { id name } } } }`;

const isThrottled = (response) => response.errors?.graphQLErrors?.some((e) => e.extensions?.code === 'THROTTLED') ?? false;

describe('THROTTLED through the client', { skip: THROTTLED_URL ? false : 'TILL_THROTTLED_URL is not set' }, () => {
    let shop;

    before(async () => {
        shop = await provisionShop({ base: THROTTLED_URL, name: 'Throttled' });
        const setup = adminClient({ base: THROTTLED_URL, token: shop.token });
        await ops.setUpDrawer(setup, shop.locationId, shop.deviceId, 'Drawer');
    });

    it('reports the small bucket in every response', async () => {
        const client = adminClient({ base: THROTTLED_URL, token: await addToken(shop) });
        const response = await client.request(ops.CASH_DRAWERS, { variables: { first: 1 } });
        assert.equal(response.errors, undefined);
        const { throttleStatus } = costOf(response.extensions);
        assert.equal(throttleStatus.maximumAvailable, 50);
        assert.equal(throttleStatus.restoreRate, 1);
    });

    it('surfaces THROTTLED in errors.graphQLErrors once expensive queries empty the bucket, and recovers after waiting', async () => {
        const client = adminClient({ base: THROTTLED_URL, token: await addToken(shop) });
        let response;
        let sent = 0;
        const costs = [];
        while (sent < 25) {
            response = await client.request(EXPENSIVE);
            sent++;
            if (isThrottled(response)) {
                break;
            }
            assert.equal(response.errors, undefined);
            costs.push(costOf(response.extensions));
        }
        assert.ok(isThrottled(response), `not throttled after ${sent} requests`);
        assert.ok(sent > 1, 'the first request on a full bucket should pass');
        for (const cost of costs) {
            assert.equal(cost.requestedQueryCost, 42);
            assert.ok(cost.actualQueryCost < 42, 'only the returned drawer is charged');
        }

        // What the client hands back for it: HTTP 200, no data, the error, and the cost extension.
        assert.equal(response.data, undefined);
        assert.equal(response.errors.networkStatusCode, 200);
        assert.equal(response.errors.message, "GraphQL Client: An error occurred while fetching from the API. Review 'graphQLErrors' for details.");
        const [error] = response.errors.graphQLErrors;
        assert.equal(error.extensions.code, 'THROTTLED');
        assert.equal(typeof error.message, 'string');
        const cost = costOf(response.extensions);
        assert.equal(cost.requestedQueryCost, 42);
        assert.equal(cost.actualQueryCost, null);
        assert.ok(cost.throttleStatus.currentlyAvailable < 42);
        assert.equal(cost.throttleStatus.maximumAvailable, 50);

        // The app's own backoff: wait for (requested - available) / restoreRate seconds, then retry.
        const seconds = (cost.requestedQueryCost - cost.throttleStatus.currentlyAvailable) / cost.throttleStatus.restoreRate;
        assert.ok(seconds <= 10, `would wait ${seconds}s`);
        await sleep(Math.ceil(seconds * 1000) + 300);
        const retried = await client.request(EXPENSIVE);
        assert.equal(retried.errors, undefined, JSON.stringify(retried.errors?.graphQLErrors));
        assert.equal(retried.data.cashDrawers.nodes.length, 1);
    });

    it('does not retry THROTTLED with retries: 3 (it retries HTTP 429 and 503 only)', async () => {
        const calls = [];
        const logs = [];
        const client = adminClient({ base: THROTTLED_URL, token: await addToken(shop), retries: 3, calls, logger: (entry) => logs.push(entry.type) });
        // A query that costs more than the whole bucket is THROTTLED even on a full bucket.
        const started = Date.now();
        const response = await client.request(TOO_EXPENSIVE);
        const elapsed = Date.now() - started;
        assert.ok(isThrottled(response));
        assert.equal(costOf(response.extensions).requestedQueryCost, 62);
        assert.equal(calls.length, 1, `the client sent ${calls.length} requests`);
        assert.deepEqual(logs, ['HTTP-Response']);
        assert.ok(elapsed < 1000, `took ${elapsed}ms; a retry waits 1000ms first`);
    });

    it('per-request retries behave the same, and the client rejects retries above 3', async () => {
        const calls = [];
        const client = adminClient({ base: THROTTLED_URL, token: await addToken(shop), calls });
        const response = await client.request(TOO_EXPENSIVE, { retries: 2 });
        assert.ok(isThrottled(response));
        assert.equal(calls.length, 1);
        // An invalid retries value is thrown (in client.request it comes back as errors.message).
        assert.throws(() => adminClient({ base: THROTTLED_URL, token: shop.token, retries: 4 }), /retries/);
        const invalid = await client.request(TOO_EXPENSIVE, { retries: 4 });
        assert.match(invalid.errors.message, /retries/);
        assert.equal(calls.length, 1, 'nothing is sent for an invalid retries value');
    });
});

// How Shopify's @shopify/admin-api-client surfaces Till's failures: user errors on the payload,
// GraphQL errors (validation, access, cost) in `errors.graphQLErrors`, and HTTP failures (401,
// 404) as `errors.networkStatusCode`. The client never throws for any of them.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { addDevice, addToken, adminClient, costOf, provisionShop, revokeToken } from '../lib/till.js';
import { ops } from '../lib/operations.js';

const money = (amount, currencyCode = 'USD') => ({ amount, currencyCode });
const GQL_API_ERROR = "GraphQL Client: An error occurred while fetching from the API. Review 'graphQLErrors' for details.";
const INVALID_TOKEN = '[API] Invalid API key or access token (unrecognized login or wrong password)';

describe('user errors come back on the payload, with no top-level errors', () => {
    let shop;
    let client;
    let sessionId;

    before(async () => {
        shop = await provisionShop({ name: 'User errors' });
        client = adminClient({ token: shop.token });
        await ops.setUpDrawer(client, shop.locationId, shop.deviceId, 'Drawer');
        const opened = await ops.openSession(client, { pointOfSaleDeviceId: shop.deviceId, staffMemberId: shop.staffId, balance: money('50.00') });
        assert.deepEqual(opened.userErrors, []);
        sessionId = opened.session.id;
    });

    it('ALREADY_OPEN: a second open on the same device', async () => {
        const { data, errors, extensions } = await client.request(ops.SESSION_OPEN, {
            variables: { pointOfSaleDeviceId: shop.deviceId, staffMemberId: shop.staffId, balance: money('50.00') },
        });
        assert.equal(errors, undefined);
        const payload = data.pointOfSaleDevicePaymentSessionOpen;
        assert.equal(payload.pointOfSaleDevicePaymentSession, null);
        assert.equal(payload.userErrors.length, 1);
        assert.equal(payload.userErrors[0].code, 'ALREADY_OPEN');
        assert.equal(typeof payload.userErrors[0].message, 'string');
        costOf(extensions);
    });

    it('NO_CASH_DRAWER_ASSOCIATED and POINT_OF_SALE_DEVICE_NOT_FOUND on open', async () => {
        const loose = await addDevice(shop, 'No drawer yet');
        const noDrawer = await ops.openSession(client, { pointOfSaleDeviceId: loose, staffMemberId: shop.staffId });
        assert.deepEqual(noDrawer.userErrors.map((e) => e.code), ['NO_CASH_DRAWER_ASSOCIATED']);
        const missing = await ops.openSession(client, { pointOfSaleDeviceId: 'gid://shopify/PointOfSaleDevice/987654321', staffMemberId: shop.staffId });
        assert.deepEqual(missing.userErrors.map((e) => e.code), ['POINT_OF_SALE_DEVICE_NOT_FOUND']);
        assert.equal(missing.session, null);
    });

    it('CURRENCY_MISMATCH: a count in euros in a dollar drawer', async () => {
        const { userErrors, session } = await ops.countSession(client, { pointOfSaleDevicePaymentSessionId: sessionId, staffMemberId: shop.staffId, balance: money('50.00', 'EUR') });
        assert.equal(session, null);
        assert.deepEqual(userErrors.map((e) => e.code), ['CURRENCY_MISMATCH']);
    });

    it('PAYMENT_SESSION_NOT_FOUND: count and close of a session that does not exist', async () => {
        const variables = { pointOfSaleDevicePaymentSessionId: 'gid://shopify/PointOfSaleDevicePaymentSession/987654321', staffMemberId: shop.staffId, balance: money('1.00') };
        const count = await ops.countSession(client, variables);
        assert.deepEqual(count.userErrors.map((e) => e.code), ['PAYMENT_SESSION_NOT_FOUND']);
        const close = await ops.closeSession(client, variables);
        assert.equal(close.errors, undefined);
        assert.equal(close.session, null);
        assert.deepEqual(close.userErrors.map((e) => e.code), ['PAYMENT_SESSION_NOT_FOUND']);
    });

    it('SESSION_ALREADY_CLOSED: close twice, then count; adjust answers a code-less UserError', async () => {
        const variables = { pointOfSaleDevicePaymentSessionId: sessionId, staffMemberId: shop.staffId, balance: money('50.00') };
        const first = await ops.closeSession(client, variables);
        assert.deepEqual(first.userErrors, []);
        assert.equal(first.session.status, 'CLOSED');

        const second = await ops.closeSession(client, variables);
        assert.equal(second.session, null);
        assert.deepEqual(second.userErrors.map((e) => e.code), ['SESSION_ALREADY_CLOSED']);

        const count = await ops.countSession(client, variables);
        assert.deepEqual(count.userErrors.map((e) => e.code), ['SESSION_ALREADY_CLOSED']);

        const adjust = await ops.adjustSession(client, { pointOfSaleDevicePaymentSessionId: sessionId, staffMemberId: shop.staffId, cash: money('5.00') });
        assert.equal(adjust.session, null);
        assert.equal(adjust.userErrors.length, 1);
        assert.equal('code' in adjust.userErrors[0], false); // UserError has no code field
        assert.match(adjust.userErrors[0].message, /closed/i);
    });

    it('a user error on the amount: too many decimals for the currency', async () => {
        const { userErrors } = await ops.openSession(client, { pointOfSaleDeviceId: shop.deviceId, staffMemberId: shop.staffId, balance: money('10.001') });
        assert.equal(userErrors.length, 1);
        assert.deepEqual(userErrors[0].field, ['balance', 'amount']);
        assert.equal(userErrors[0].code, null);
    });
});

describe('GraphQL errors come back in errors.graphQLErrors', () => {
    let shop;
    let client;

    before(async () => {
        shop = await provisionShop({ name: 'GraphQL errors' });
        client = adminClient({ token: shop.token });
    });

    it('a validation error (undefined field): no data, the error in graphQLErrors, cost still reported', async () => {
        const response = await client.request(`#graphql
          query { pointOfSaleDevicePaymentSessions(first: 1) { nodes { id totalCash } } }`);
        assert.equal(response.data, undefined);
        assert.equal(response.errors.networkStatusCode, 200);
        assert.equal(response.errors.message, GQL_API_ERROR);
        assert.equal(response.errors.graphQLErrors.length, 1);
        const [error] = response.errors.graphQLErrors;
        assert.equal(error.message, "Field 'totalCash' doesn't exist on type 'PointOfSaleDevicePaymentSession'");
        assert.deepEqual(error.extensions, { code: 'undefinedField', typeName: 'PointOfSaleDevicePaymentSession', fieldName: 'totalCash' });
        assert.deepEqual(Object.keys(error.locations[0]).sort(), ['column', 'line']);
        assert.equal(costOf(response.extensions).actualQueryCost, 0);
    });

    it('a syntax error, a missing argument and a malformed global ID', async () => {
        const syntax = await client.request('{ cashDrawers(first: 1) { ');
        assert.equal(syntax.errors.graphQLErrors[0].extensions.code, 'parseError');

        const missing = await client.request('{ cashDrawer { id } }');
        assert.equal(missing.errors.graphQLErrors[0].extensions.code, 'missingRequiredArguments');

        const badId = await client.request('{ cashDrawer(id: "drawer-1") { id } }');
        assert.equal(badId.errors.graphQLErrors[0].message, "Invalid global id 'drawer-1'");
        assert.equal(badId.errors.graphQLErrors[0].extensions.code, 'argumentLiteralsIncompatible');
    });

    it('a variable of the wrong type: INVALID_VARIABLE', async () => {
        const response = await client.request(ops.CASH_DRAWERS, { variables: { first: 'ten' } });
        assert.equal(response.data, undefined);
        assert.equal(response.errors.graphQLErrors[0].extensions.code, 'INVALID_VARIABLE');
    });

    it('a missing scope: ACCESS_DENIED next to data with the field nulled', async () => {
        const readOnly = adminClient({ token: await addToken(shop, ['read_cash_tracking']) });
        const response = await readOnly.request(ops.REASON_CODE_CREATE, { variables: { code: 'Float top-up' } });
        assert.deepEqual(response.data, { cashManagementReasonCodeCreate: null });
        assert.equal(response.errors.message, GQL_API_ERROR);
        const [error] = response.errors.graphQLErrors;
        assert.equal(error.extensions.code, 'ACCESS_DENIED');
        assert.deepEqual(error.path, ['cashManagementReasonCodeCreate']);
        assert.equal(error.extensions.requiredAccess, '`write_cash_tracking` access scope.');
    });

    it('a query above the single-query limit: MAX_COST_EXCEEDED, never run', async () => {
        const response = await client.request(`#graphql
          query { pointOfSaleDevicePaymentSessions(first: 100) { nodes { cashActivities(first: 100) { nodes { time } } } } }`);
        const [error] = response.errors.graphQLErrors;
        assert.equal(error.extensions.code, 'MAX_COST_EXCEEDED');
        assert.equal(error.extensions.maxCost, 1000);
        assert.ok(error.extensions.cost > 1000);
        const cost = costOf(response.extensions);
        assert.equal(cost.requestedQueryCost, error.extensions.cost);
        assert.equal(cost.actualQueryCost, null);
    });

    it('counts a variable\'s default value (first: $n with $n: Int = 100) in the requested cost',
        async () => {
            const document = 'query($n: Int = 100) { cashDrawers(first: $n) { nodes { id } } }';
            const withDefault = await client.request(document);
            const explicit = await client.request(document, { variables: { n: 100 } });
            assert.equal(costOf(withDefault.extensions).requestedQueryCost, costOf(explicit.extensions).requestedQueryCost);
        });
});

describe('HTTP failures come back as errors.networkStatusCode', () => {
    let shop;

    before(async () => {
        shop = await provisionShop({ name: 'HTTP errors' });
    });

    it('401 for a wrong token: the client resolves (does not throw) with networkStatusCode 401', async () => {
        const client = adminClient({ token: 'shpat_00000000000000000000000000000000' });
        const response = await client.request(ops.CASH_DRAWERS, { variables: { first: 1 } });
        assert.deepEqual(Object.keys(response).sort(), ['errors']); // no data, no extensions
        assert.equal(response.errors.networkStatusCode, 401);
        assert.equal(response.errors.message, 'GraphQL Client: Unauthorized');
        assert.equal(response.errors.graphQLErrors, undefined);
        // The body is left unread for the caller; Till answers Shopify's string-valued `errors`.
        assert.deepEqual(await response.errors.response.json(), { errors: INVALID_TOKEN });
    });

    it('401 through client.fetch(): the raw Response', async () => {
        const client = adminClient({ token: 'shpat_wrong' });
        const response = await client.fetch(ops.CASH_DRAWERS, { variables: { first: 1 } });
        assert.equal(response.status, 401);
        assert.equal(response.ok, false);
        assert.equal(response.headers.get('x-shopify-api-version'), '2026-04');
        assert.match(response.headers.get('x-request-id'), /^[0-9a-f-]{36}$/);
    });

    it('401 once a token is revoked', async () => {
        const token = await addToken(shop);
        const client = adminClient({ token });
        const before = await client.request(ops.CASH_DRAWERS, { variables: { first: 1 } });
        assert.equal(before.errors, undefined);
        await revokeToken(shop, token);
        const after = await client.request(ops.CASH_DRAWERS, { variables: { first: 1 } });
        assert.equal(after.errors.networkStatusCode, 401);
    });

    it('an empty token is refused by the client itself, before any request', () => {
        assert.throws(() => adminClient({ token: '' }), /Admin API Client: an access token must be provided/);
    });

    it('an unknown version string: 404 Not Found; an old version falls forward to 2026-04', async () => {
        const quiet = () => {};
        const unknown = adminClient({ token: shop.token, apiVersion: 'latest', logger: quiet });
        const missing = await unknown.request(ops.CASH_DRAWERS, { variables: { first: 1 } });
        assert.equal(missing.errors.networkStatusCode, 404);
        assert.equal(missing.errors.message, 'GraphQL Client: Not Found');

        const logs = [];
        const old = adminClient({ token: shop.token, apiVersion: '2025-01', logger: (entry) => logs.push(entry) });
        const response = await old.request(ops.CASH_DRAWERS, { variables: { first: 1 } });
        assert.equal(response.errors, undefined);
        assert.equal(response.headers.get('x-shopify-api-version'), '2026-04');
        // The client itself warns that 2025-01 is no longer supported (through the logger when given one).
        assert.equal(logs[0].type, 'Unsupported_Api_Version');
    });

    it('per-request apiVersion: 2026-07 serves CashDrawer.balance, 2026-04 does not', async () => {
        const client = adminClient({ token: shop.token });
        const document = '{ cashDrawers(first: 1) { nodes { id balance { amount } } } }';
        const newer = await client.request(document, { apiVersion: '2026-07' });
        assert.equal(newer.errors, undefined);
        assert.equal(newer.headers.get('x-shopify-api-version'), '2026-07');
        const older = await client.request(document);
        assert.equal(older.errors.graphQLErrors[0].extensions.code, 'undefinedField');
    });

    it("apiVersion 'till': Till's own version, the newest release's schema and Till's additions", async () => {
        const till = adminClient({ token: shop.token, apiVersion: 'till', logger: () => {} });
        const response = await till.request('{ tillCurrencyDenominations(currencyCode: EUR) { derived denominations { kind value } } cashDrawers(first: 1) { nodes { id balance { amount } } } }');
        assert.equal(response.errors, undefined);
        assert.equal(response.headers.get('x-shopify-api-version'), 'till');
        assert.equal(response.data.tillCurrencyDenominations.derived, false);
        assert.deepEqual(response.data.tillCurrencyDenominations.denominations[0], { kind: 'COIN', value: '0.01' });
        const shopify = await adminClient({ token: shop.token, apiVersion: '2027-01', logger: () => {} })
            .request('{ tillCurrencyDenominations(currencyCode: EUR) { derived } }');
        assert.equal(shopify.errors.graphQLErrors[0].extensions.code, 'undefinedField');
    });
});

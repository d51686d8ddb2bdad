// Helpers shared by the client tests: where Till runs, its control API, and Shopify's own
// Admin API client pointed at Till.
import { createAdminApiClient } from '@shopify/admin-api-client';

/** Base URL of the Till under test (scripts/test-clients starts it), e.g. http://127.0.0.1:5123 */
export const TILL_URL = required('TILL_URL');
/** The admin key that Till was started with (--admin-key). */
export const ADMIN_KEY = required('TILL_ADMIN_KEY');
/** A second Till started with --throttle-maximum 50 --throttle-restore-rate 1 (may be unset). */
export const THROTTLED_URL = process.env.TILL_THROTTLED_URL ?? '';

/** The store domain the client is created with; customFetchApi sends its requests to Till instead. */
export const STORE_DOMAIN = 'till-test.myshopify.com';

export const ALL_SCOPES = [
    'read_cash_tracking',
    'write_cash_tracking',
    'read_point_of_sale_devices',
    'write_point_of_sale_devices',
    'read_orders',
    'read_marketplace_orders',
    'read_locations',
    'read_users',
];

function required(name) {
    const value = process.env[name];
    if (!value) {
        throw new Error(`${name} is not set: run the client tests through scripts/test-clients, which starts Till`);
    }
    return value;
}

/**
 * A fetch for the client's customFetchApi: the client builds
 * https://<store>/admin/api/<version>/graphql.json; keep the path, send it to Till.
 * `calls` (optional) collects every URL actually requested.
 */
export function tillFetch(base = TILL_URL, calls = undefined) {
    return (url, init) => {
        const requested = new URL(url);
        const target = new URL(requested.pathname + requested.search, base);
        calls?.push(target.href);
        return fetch(target, init);
    };
}

/** Shopify's Admin API client, talking to Till. Extra options go to createAdminApiClient. */
export function adminClient({ token, base = TILL_URL, apiVersion = '2026-04', calls, ...options }) {
    return createAdminApiClient({
        storeDomain: STORE_DOMAIN,
        apiVersion,
        accessToken: token,
        customFetchApi: tillFetch(base, calls),
        ...options,
    });
}

/** Calls Till's control API; returns the parsed body, or throws with the status and body. */
export async function control(method, path, body, { base = TILL_URL, expect } = {}) {
    const response = await fetch(new URL(`/till/v1${path}`, base), {
        method,
        headers: {
            Authorization: `Bearer ${ADMIN_KEY}`,
            ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const parsed = text ? JSON.parse(text) : null;
    const ok = expect === undefined ? response.ok : response.status === expect;
    if (!ok) {
        throw new Error(`${method} /till/v1${path}: HTTP ${response.status} ${text}`);
    }
    return expect === undefined ? parsed : { status: response.status, body: parsed };
}

const shopPath = (shopId) => `/shops/${encodeURIComponent(shopId)}`;

/**
 * A new shop with one location, one staff member and one device, and a token for it.
 * Nothing else: drawers are created through the Admin API (see withDrawer).
 */
export async function provisionShop({ base = TILL_URL, name = 'Client test shop', currency = 'USD', scopes = ALL_SCOPES } = {}) {
    const shop = await control('POST', '/shops', { name, currency }, { base });
    const location = await control('POST', `${shopPath(shop.id)}/locations`, { name: 'Front store' }, { base });
    const staff = await control('POST', `${shopPath(shop.id)}/staff`, { firstName: 'Kat', lastName: 'Till', email: `kat+${Date.now()}@example.com` }, { base });
    const device = await control('POST', `${shopPath(shop.id)}/devices`, { locationId: location.id, name: 'Register 1' }, { base });
    const { token } = await control('POST', `${shopPath(shop.id)}/tokens`, { scopes }, { base });
    return { base, shopId: shop.id, locationId: location.id, staffId: staff.id, deviceId: device.id, token };
}

/** Another device at the shop's location. */
export async function addDevice(shop, name = 'Register 2') {
    const device = await control('POST', `${shopPath(shop.shopId)}/devices`, { locationId: shop.locationId, name }, { base: shop.base });
    return device.id;
}

/** Another token for the shop. */
export async function addToken(shop, scopes = ALL_SCOPES) {
    const { token } = await control('POST', `${shopPath(shop.shopId)}/tokens`, { scopes }, { base: shop.base });
    return token;
}

/** Revokes a token. */
export async function revokeToken(shop, token) {
    await control('DELETE', `${shopPath(shop.shopId)}/tokens/${encodeURIComponent(token)}`, undefined, { base: shop.base, expect: 204 });
}

/** Records an order transaction on a device, as a POS device would report it. */
export async function recordTransaction(shop, { deviceId = shop.deviceId, kind = 'SALE', gateway = 'cash', amount, currencyCode = 'USD', staffMemberId = shop.staffId, expect } = {}) {
    return control('POST', `${shopPath(shop.shopId)}/transactions`,
        { deviceId, kind, gateway, amount: { amount, currencyCode }, staffMemberId },
        { base: shop.base, expect });
}

/** Sends a raw GraphQL request to Till, without the client (for comparing and for setup). */
export async function rawGraphql(base, version, token, query, variables) {
    const response = await fetch(new URL(`/admin/api/${version}/graphql.json`, base), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Shopify-Access-Token': token },
        body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, headers: response.headers, body: await response.json() };
}

/** Asserts the shape of extensions.cost that every Admin API response carries. */
export function costOf(extensions) {
    const cost = extensions?.cost;
    if (!cost || typeof cost.requestedQueryCost !== 'number' || typeof cost.throttleStatus?.maximumAvailable !== 'number') {
        throw new Error(`no extensions.cost in ${JSON.stringify(extensions)}`);
    }
    return cost;
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// What the browser tests share: the control API and Admin API of the Till that scripts/test-app
// started, the browser, and screenshots into docs/screens/.
import { chromium } from 'playwright-core';
import { join } from 'node:path';

export const url = process.env.TILL_URL;
const adminKey = process.env.TILL_ADMIN_KEY;

/** Calls the control API; returns the parsed body (null for 204) and fails on an unexpected status. */
export async function control(method, path, body, expected = [200, 201, 204]) {
    const response = await fetch(`${url}/till/v1${path}`, {
        method,
        headers: { Authorization: `Bearer ${adminKey}`, 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!expected.includes(response.status)) {
        throw new Error(`${method} ${path}: ${response.status} ${text}`);
    }
    return text ? JSON.parse(text) : null;
}

/** Runs a GraphQL document on the `till` version with an access token. */
export async function admin(token, query, variables = {}) {
    const response = await fetch(`${url}/admin/api/till/graphql.json`, {
        method: 'POST',
        headers: { 'X-Shopify-Access-Token': token, 'Content-Type': 'application/json' },
        body: JSON.stringify({ query, variables }),
    });
    const body = await response.json();
    if (body.errors) {
        throw new Error(JSON.stringify(body.errors));
    }
    return body.data;
}

const enc = encodeURIComponent;

/**
 * A shop with a location, a drawer with two registers, a cashier and a second cashier (each
 * with a PIN), and a session open on the first register.
 */
export async function seedShop() {
    const tag = Math.random().toString(36).slice(2, 8);
    const shop = await control('POST', '/shops', { name: 'Corner Coffee', currency: 'USD' });
    const s = enc(shop.id);
    const location = await control('POST', `/shops/${s}/locations`, { name: 'High Street' });
    const cashier = await control('POST', `/shops/${s}/staff`, { firstName: 'Casey', lastName: 'Jones', email: `casey-${tag}@example.com` });
    const other = await control('POST', `/shops/${s}/staff`, { firstName: 'Lou', lastName: 'Reed', email: `lou-${tag}@example.com` });
    await control('PUT', `/shops/${s}/staff/${enc(cashier.id)}/pin`, { pin: '4321' });
    await control('PUT', `/shops/${s}/staff/${enc(other.id)}/pin`, { pin: '8642' });
    const register1 = await control('POST', `/shops/${s}/devices`, { locationId: location.id, name: 'Register 1' });
    const register2 = await control('POST', `/shops/${s}/devices`, { locationId: location.id, name: 'Register 2' });
    const { token } = await control('POST', `/shops/${s}/tokens`, { scopes: ['write_cash_tracking', 'read_point_of_sale_devices'] });
    const created = await admin(token, 'mutation($l: ID!) { cashDrawerCreate(locationId: $l, name: "Front counter") { cashDrawer { id } userErrors { message } } }', { l: location.id });
    const drawer = created.cashDrawerCreate.cashDrawer.id;
    for (const device of [register1, register2]) {
        await admin(token, 'mutation($d: ID!, $p: ID!) { pointOfSaleDeviceAssignToCashDrawer(cashDrawerId: $d, pointOfSaleDeviceId: $p) { userErrors { message } } }', { d: drawer, p: device.id });
    }
    const opened = await admin(
        token,
        'mutation($d: ID!, $s: ID!) { pointOfSaleDevicePaymentSessionOpen(pointOfSaleDeviceId: $d, staffMemberId: $s, balance: { amount: "150.00", currencyCode: USD }) { userErrors { message } } }',
        { d: register1.id, s: other.id },
    );
    if (opened.pointOfSaleDevicePaymentSessionOpen.userErrors.length) {
        throw new Error(JSON.stringify(opened));
    }
    return { shop, location, cashier, other, register1, register2, token, drawer };
}

export async function launch() {
    return chromium.launch({ executablePath: process.env.TILL_CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
}

export async function newPage(browser) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US', timezoneId: 'UTC' });
    return context.newPage();
}

/** Saves a screenshot of the page as docs/screens/<name>.png. */
export async function screenshot(page, name) {
    await page.screenshot({ path: join(process.env.TILL_SCREENS, `${name}.png`), fullPage: true });
}

// Devices by name, shifts that opened on an earlier day, and a drawer whose ledger no longer
// verifies, in a real browser. The shop keeps New York time while the browser runs in UTC, so the
// times shown must be the shop's. The broken ledger is made the way an intruder would: a row of
// the server's database changed behind its back (the sqlite3 command-line shell on the database
// scripts/test-app started Till with).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { admin, control, launch, newPage, screenshot, url } from './support.mjs';

const enc = encodeURIComponent;
const zone = 'America/New_York';
const database = process.env.TILL_DATABASE;
const haveSqlite = Boolean(database) && spawnSync('sqlite3', ['-version']).status === 0;
const noSqlite = !haveSqlite && process.env.CI !== 'true' ? 'needs the sqlite3 shell and TILL_DATABASE (scripts/test-app sets it)' : false;
const num = (id) => id.split('/').pop();
/** A pattern for a text, any space in it matching any space (ICU may put a narrow no-break space before AM/PM). */
const spaced = (text) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\$]/g, '\\$&').replace(/\s/g, '\\s')}$`);

let browser;
let shop;

before(async () => {
    browser = await launch();
    const tag = Math.random().toString(36).slice(2, 8);
    const created = await control('POST', '/shops', { name: 'Harbour Books', currency: 'USD', timezone: zone });
    const s = enc(created.id);
    const location = await control('POST', `/shops/${s}/locations`, { name: 'Harbour' });
    const manager = await control('POST', `/shops/${s}/staff`, { firstName: 'Robin', lastName: 'Okafor', email: `robin-${tag}@example.com`, role: 'MANAGER' });
    await control('PUT', `/shops/${s}/staff/${enc(manager.id)}/pin`, { pin: '2468' });
    const front = await control('POST', `/shops/${s}/devices`, { locationId: location.id, name: 'Front counter' });
    const unnamed = await control('POST', `/shops/${s}/devices`, { locationId: location.id, name: 'Old tablet' });
    const cleared = await control('PATCH', `/shops/${s}/devices/${enc(unnamed.id)}`, { name: null });
    assert.equal(cleared.name, null);
    const { token } = await control('POST', `/shops/${s}/tokens`, { scopes: ['write_cash_tracking', 'read_point_of_sale_devices'] });
    const drawer = (await admin(token, 'mutation($l: ID!) { cashDrawerCreate(locationId: $l, name: "Harbour drawer") { cashDrawer { id } } }', { l: location.id })).cashDrawerCreate.cashDrawer.id;
    for (const device of [front, unnamed]) {
        await admin(token, 'mutation($d: ID!, $p: ID!) { pointOfSaleDeviceAssignToCashDrawer(cashDrawerId: $d, pointOfSaleDeviceId: $p) { userErrors { message } } }', { d: drawer, p: device.id });
    }
    // The front counter's shift opened yesterday (26 hours ago: another day in New York whatever
    // the time now); the unnamed device's opened just now.
    const yesterday = new Date(Date.now() - 26 * 3600 * 1000);
    yesterday.setUTCSeconds(0, 0);
    const open = 'mutation($d: ID!, $s: ID!, $t: DateTime) { pointOfSaleDevicePaymentSessionOpen(pointOfSaleDeviceId: $d, staffMemberId: $s, time: $t, balance: { amount: "200.00", currencyCode: USD }) { pointOfSaleDevicePaymentSession { id } userErrors { message } } }';
    const first = (await admin(token, open, { d: front.id, s: manager.id, t: yesterday.toISOString() })).pointOfSaleDevicePaymentSessionOpen;
    assert.deepEqual(first.userErrors, []);
    const second = (await admin(token, open, { d: unnamed.id, s: manager.id, t: null })).pointOfSaleDevicePaymentSessionOpen;
    assert.deepEqual(second.userErrors, []);
    shop = { created, manager, front, unnamed, drawer, yesterday, session: first.pointOfSaleDevicePaymentSession.id };
});

after(async () => {
    await browser?.close();
});

async function signIn(page) {
    await page.goto(`${url}/app`);
    await page.getByLabel('Email').fill(shop.manager.email);
    await page.getByLabel('PIN').fill('2468');
    await page.getByLabel('PIN').press('Enter');
    await page.getByRole('heading', { name: 'Drawers now' }).waitFor();
}

test('Drawers now names each device, or calls it by its number, and dates a shift that opened on an earlier day in the shop\'s time zone', async () => {
    const page = await newPage(browser);
    await signIn(page);
    await page.getByText('Front counter', { exact: true }).waitFor();
    await page.getByText(`Device ${num(shop.unnamed.id)}`, { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Open a session on Front counter' }).count().then((n) => assert.equal(n, 0, 'the front counter is open'));
    await page.getByRole('button', { name: 'Close Front counter' }).waitFor();
    await page.getByRole('button', { name: `Close Device ${num(shop.unnamed.id)}` }).waitFor();

    const at = shop.yesterday;
    const sameYear = at.toLocaleDateString('en-US', { timeZone: zone, year: 'numeric' }) === new Date().toLocaleDateString('en-US', { timeZone: zone, year: 'numeric' });
    const day = at.toLocaleDateString('en-US', { timeZone: zone, month: 'short', day: 'numeric', ...(sameYear ? {} : { year: 'numeric' }) });
    const clock = at.toLocaleTimeString('en-US', { timeZone: zone, hour: 'numeric', minute: '2-digit' });
    await page.getByText(spaced(`Robin Okafor since ${day}, ${clock} · float $200.00`)).waitFor();
    // Today's shift shows the time alone.
    assert.equal(await page.getByText(/since \d{1,2}:\d{2}\s[AP]M · float \$200\.00$/).count(), 1);
    await screenshot(page, 'drawers-earlier-day');
    await page.context().close();
});

test('the session page says the drawer\'s ledger does not verify once a stored activity is changed', { skip: noSqlite }, async () => {
    const drawerNo = num(shop.drawer);
    // Take a dollar off the first activity of the drawer (the yesterday shift's opening count).
    execFileSync('sqlite3', ['-cmd', '.timeout 10000', database, `UPDATE cash_activities SET cash = cash - 100 WHERE id = (SELECT MIN(id) FROM cash_activities WHERE drawer_id = ${Number(drawerNo)})`]);

    const page = await newPage(browser);
    await signIn(page);
    await page.goto(`${url}/app/sessions/${num(shop.session)}`);
    await page.getByRole('heading', { name: `Session #${num(shop.session)}` }).waitFor();
    await page.getByText('Front counter · Harbour drawer · Harbour').waitFor();
    // The session page's times are the shop's too.
    const opened = shop.yesterday.toLocaleString('en-US', { timeZone: zone, dateStyle: 'medium', timeStyle: 'short' });
    await page.getByText(spaced(`${opened} by Robin Okafor`)).waitFor();
    await page.getByText('Broken', { exact: true }).waitFor();
    await page.getByText(/^The chain breaks at activity gid:\/\/shopify\/TillCashActivity\/\d+: /).waitFor();
    assert.equal(await page.getByText('Verifies', { exact: true }).count(), 0);
    await screenshot(page, 'session-broken');
    await page.context().close();
});

// The cash office's whole day, in a real browser: a cashier opens a shift with a denomination
// count, pays out, and closes blind 2.00 short; a manager approves the difference, reads the
// session and the Z report, and downloads the report as PDF and CSV, whose totals the test reads
// back. A cashier cannot reach a manager's screen, action or report by its URL.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { inflateSync } from 'node:zlib';
import { admin, control, launch, newPage, screenshot, url } from './support.mjs';

const enc = encodeURIComponent;
let browser;
let shop;

before(async () => {
    browser = await launch();
    const tag = Math.random().toString(36).slice(2, 8);
    const created = await control('POST', '/shops', { name: 'Corner Coffee', currency: 'USD' });
    const s = enc(created.id);
    const location = await control('POST', `/shops/${s}/locations`, { name: 'Market Square' });
    const cashier = await control('POST', `/shops/${s}/staff`, { firstName: 'Casey', lastName: 'Jones', email: `casey-${tag}@example.com` });
    const manager = await control('POST', `/shops/${s}/staff`, { firstName: 'Morgan', lastName: 'Lee', email: `morgan-${tag}@example.com`, role: 'MANAGER' });
    await control('PUT', `/shops/${s}/staff/${enc(cashier.id)}/pin`, { pin: '4321' });
    await control('PUT', `/shops/${s}/staff/${enc(manager.id)}/pin`, { pin: '9876' });
    const device = await control('POST', `/shops/${s}/devices`, { locationId: location.id, name: 'Register 1' });
    const { token } = await control('POST', `/shops/${s}/tokens`, { scopes: ['write_cash_tracking', 'read_point_of_sale_devices'] });
    const drawer = (await admin(token, 'mutation($l: ID!) { cashDrawerCreate(locationId: $l, name: "Front counter") { cashDrawer { id } } }', { l: location.id })).cashDrawerCreate.cashDrawer.id;
    await admin(token, 'mutation($d: ID!, $p: ID!) { pointOfSaleDeviceAssignToCashDrawer(cashDrawerId: $d, pointOfSaleDeviceId: $p) { userErrors { message } } }', { d: drawer, p: device.id });
    const settings = await admin(token, `mutation($l: ID!) { tillLocationCashSettingsUpdate(locationId: $l, settings: { blindCounts: true, revealAfterClose: false, varianceThresholdAmount: "1.00" }) { userErrors { message } } }`, { l: location.id });
    assert.deepEqual(settings.tillLocationCashSettingsUpdate.userErrors, []);
    shop = { created, location, cashier, manager, device, token, drawer };
});

after(async () => {
    await browser?.close();
});

async function signIn(page, email, pin) {
    await page.goto(`${url}/app`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('PIN').fill(pin);
    await page.getByLabel('PIN').press('Enter');
    await page.getByRole('heading', { name: 'Drawers now' }).waitFor();
}

const today = () => new Date().toISOString().slice(0, 10);
const reportPath = (format) => `/admin/api/till/reports/z-report.${format}?locationId=${enc(shop.location.id)}&date=${today()}`;

/** The text a PDF shows: every string of its (inflated) content streams. */
function pdfText(bytes) {
    const raw = bytes.toString('latin1');
    const texts = [];
    const streams = /stream\r?\n([\s\S]*?)\r?\nendstream/g;
    let m;
    while ((m = streams.exec(raw))) {
        let body = m[1];
        const dict = raw.slice(Math.max(0, m.index - 300), m.index);
        if (/FlateDecode/.test(dict.slice(dict.lastIndexOf('<<')))) {
            try {
                body = inflateSync(Buffer.from(body, 'latin1')).toString('latin1');
            } catch {
                continue;
            }
        }
        for (const t of body.matchAll(/\(((?:\\.|[^\\)])*)\)\s*Tj/g)) texts.push(t[1].replace(/\\([()\\])/g, '$1'));
        for (const t of body.matchAll(/<([0-9A-Fa-f]+)>\s*Tj/g)) texts.push(Buffer.from(t[1], 'hex').toString('latin1'));
    }
    return texts;
}

test('a cashier opens with a count, pays out and closes blind 2.00 short; a manager approves it and takes the Z report as PDF and CSV', async () => {
    // The cashier's shift.
    const cashierPage = await newPage(browser);
    await signIn(cashierPage, shop.cashier.email, '4321');
    await cashierPage.getByRole('button', { name: 'Open a session on Register 1' }).click();
    await cashierPage.getByRole('heading', { name: 'Open a session' }).waitFor();
    await cashierPage.getByLabel('$20.00 notes').fill('5');
    await cashierPage.getByLabel('$10.00 notes').fill('5');
    await cashierPage.getByText('Total $150.00').waitFor();
    assert.equal(await cashierPage.getByText(/Expected/).count(), 0, 'a blind count shows no expected figure');
    await screenshot(cashierPage, 'count-open');
    await cashierPage.getByRole('button', { name: 'Open session' }).click();
    await cashierPage.getByText('Session opened').waitFor();

    await cashierPage.getByRole('button', { name: 'Pay in / out' }).click();
    await cashierPage.getByRole('heading', { name: 'Pay in / pay out' }).waitFor();
    await cashierPage.getByLabel('Amount').fill('20.00');
    await cashierPage.getByLabel('Reason code').selectOption({ label: 'Petty cash' });
    await cashierPage.getByLabel('Note').fill('Milk for the coffee bar');
    await screenshot(cashierPage, 'pay-out');
    await cashierPage.getByRole('button', { name: 'Record' }).click();
    await cashierPage.getByText('Paid out $20.00.').waitFor();

    await cashierPage.getByRole('button', { name: 'Back to the drawers' }).click();
    await cashierPage.getByRole('button', { name: 'Close Register 1' }).click();
    await cashierPage.getByRole('heading', { name: 'Close the session' }).waitFor();
    // 130.00 is expected (150.00 less the 20.00 paid out); the cashier counts 128.00.
    await cashierPage.getByLabel('$20.00 notes').fill('6');
    await cashierPage.getByLabel('$5.00 notes').fill('1');
    await cashierPage.getByLabel('$1.00 notes').fill('3');
    await cashierPage.getByText('Total $128.00').waitFor();
    assert.equal(await cashierPage.getByText(/Expected/).count(), 0);
    await cashierPage.getByText('Blind count: count what is in the drawer.').waitFor();
    await screenshot(cashierPage, 'count-close-blind');
    await cashierPage.getByRole('button', { name: 'Close session' }).click();
    await cashierPage.getByText('Session closed').waitFor();
    await cashierPage.getByText('The count is blind here').waitFor();
    assert.equal(await cashierPage.getByText(/short/).count(), 0, 'the result stays hidden: the location does not reveal it');
    await screenshot(cashierPage, 'closed-blind');

    // A cashier cannot reach a manager's screen, action or report by its URL.
    await cashierPage.goto(`${url}/app/approvals`);
    await cashierPage.getByText('Managers only').waitFor();
    await screenshot(cashierPage, 'managers-only');
    const refused = await cashierPage.evaluate(async ([path, session]) => {
        const report = await fetch(path, { credentials: 'same-origin' });
        const reverse = await fetch('/admin/api/till/graphql.json', {
            method: 'POST',
            credentials: 'same-origin',
            headers: { 'Content-Type': 'application/json', 'X-Till-App': '1' },
            body: JSON.stringify({ query: 'mutation($a: ID!, $s: ID!) { tillCashActivityReverse(cashActivityId: $a, staffMemberId: $s) { userErrors { code } } }', variables: { a: 'gid://shopify/TillCashActivity/1', s: session } }),
        });
        return { report: report.status, reportBody: await report.json(), reverse: await reverse.json() };
    }, [reportPath('pdf'), shop.cashier.id]);
    assert.equal(refused.report, 403);
    assert.equal(refused.reportBody.errors[0].extensions.code, 'ACCESS_DENIED');
    assert.equal(refused.reverse.errors[0].extensions.code, 'ACCESS_DENIED');
    await cashierPage.close();

    // The manager's side.
    const page = await newPage(browser);
    await signIn(page, shop.manager.email, '9876');
    await page.getByText('Book balance $128.00').waitFor();
    await screenshot(page, 'drawers-manager');
    await page.getByRole('link', { name: 'Approvals' }).click();
    await page.getByRole('heading', { name: 'Approvals' }).waitFor();
    await page.getByText('Short $2.00').waitFor();
    await screenshot(page, 'approvals');
    const session = await page.getByRole('button', { name: /^Session #\d+$/ }).first().textContent();
    const sessionNo = session.replace(/\D/g, '');
    await page.getByLabel('Reason code').selectOption({ label: 'Change correction' });
    await page.getByLabel('Note').fill('Counted twice: short by 2.00, change given wrong');
    await page.getByRole('button', { name: `Approve session ${sessionNo}` }).click();
    await page.getByText(`Approved #${sessionNo}`).waitFor();

    await page.getByRole('link', { name: 'Sessions' }).click();
    await page.getByRole('heading', { name: 'Sessions' }).waitFor();
    await page.getByText('Short $2.00').waitFor();
    await screenshot(page, 'sessions');
    await page.getByLabel('Over or short only').check();
    await page.getByRole('button', { name: `Session ${sessionNo}` }).click();
    await page.getByRole('heading', { name: `Session #${sessionNo}` }).waitFor();
    await page.getByText('Approved by Morgan Lee').waitFor();
    await page.getByText('3 × $1.00, 1 × $5.00, 6 × $20.00').waitFor();
    await page.getByText('Verifies').waitFor();
    await screenshot(page, 'session');

    await page.getByRole('link', { name: 'Z report' }).click();
    await page.getByRole('heading', { name: 'Z report' }).waitFor();
    await page.locator('#z-discrepancy').getByText('-$2.00').waitFor();
    assert.equal(await page.locator('#z-pay-outs').textContent(), '-$20.00');
    assert.equal(await page.locator('#z-opening-floats').textContent(), '$150.00');
    await page.getByText('Discrepancies per staff member, last 14 days').waitFor();
    const head = (await admin(shop.token, 'query($d: ID!) { cashDrawer(id: $d) { tillLedgerHead } }', { d: shop.drawer })).cashDrawer.tillLedgerHead;
    assert.match(head, /^[0-9a-f]{64}$/);
    assert.equal(await page.getByLabel('Ledger head of Front counter').textContent(), head);
    await page.getByRole('img', { name: 'Discrepancies per location, last 14 days' }).waitFor();
    await page.waitForTimeout(500);
    await screenshot(page, 'z-report');
    await page.emulateMedia({ media: 'print' });
    await screenshot(page, 'z-report-print');
    await page.emulateMedia({ media: 'screen' });

    const [pdfDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download the Z report as PDF' }).click()]);
    const pdf = await readFile(await pdfDownload.path());
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    const text = pdfText(pdf);
    const after = (labelText) => text[text.indexOf(labelText) + 1];
    assert.equal(after('Opening floats'), '150.00');
    assert.equal(after('Pay-outs'), '-20.00');
    assert.equal(after('Expected at close'), '130.00');
    assert.equal(after('Counted at close'), '128.00');
    assert.equal(after('Discrepancy'), '-2.00');
    assert.ok(text.includes('Drawer ledger heads') && text.includes(head), 'the PDF lists the drawer ledger head');

    const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download the Z report as CSV' }).click()]);
    const rows = (await readFile(await csvDownload.path(), 'utf8')).trim().split('\r\n').map((line) => line.split(','));
    const header = rows[0];
    const total = Object.fromEntries(header.map((h, i) => [h, rows.find((r) => r[0] === 'TOTAL')[i]]));
    assert.equal(total.opening_float, '150.00');
    assert.equal(total.pay_outs, '-20.00');
    assert.equal(total.expected, '130.00');
    assert.equal(total.counted, '128.00');
    assert.equal(total.discrepancy, '-2.00');
    const movement = rows.find((r) => r[0] === 'MOVEMENT');
    assert.deepEqual([movement[1], movement[2], movement[5], movement[header.indexOf('pay_outs')]], ['PAY_OUT', 'PETTY_CASH', '1', '-20.00']);
    const session_ = rows.find((r) => r[0] === 'SESSION');
    assert.equal(session_[header.indexOf('review')], 'APPROVED');
    const drawerRow = rows.find((r) => r[0] === 'DRAWER');
    assert.deepEqual([drawerRow[1], drawerRow[2], drawerRow[header.indexOf('ledger_head')]], [shop.drawer, 'Front counter', head]);

    // The same files at the same URL with an access token, as a script would fetch them.
    const scripted = await fetch(`${url}${reportPath('csv')}`, { headers: { 'X-Shopify-Access-Token': shop.token } });
    assert.equal(scripted.status, 200);
    assert.match(await scripted.text(), /^record,id,name/);
    await page.close();
});

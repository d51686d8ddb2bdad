// Signing in and out of the cash office app, and the lockout after five wrong PINs.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, newPage, screenshot, seedShop, url } from './support.mjs';

let browser;
let seeded;

before(async () => {
    seeded = await seedShop();
    browser = await launch();
});

after(async () => {
    await browser?.close();
});

async function signIn(page, email, pin) {
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('PIN').fill(pin);
    await page.getByRole('button', { name: 'Sign in' }).click();
}

test('a cashier signs in with email and PIN, sees the drawers now, and signs out', async () => {
    const page = await newPage(browser);
    await page.goto(`${url}/app`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await screenshot(page, 'sign-in');

    await signIn(page, seeded.cashier.email, '4321');
    await page.getByRole('heading', { name: 'Drawers now' }).waitFor();
    await page.getByText('Front counter').waitFor();
    await page.getByText('Lou Reed since').waitFor();
    assert.equal(await page.getByText(/^Register [12]$/).count(), 2, 'both devices of the drawer are listed by name');
    assert.equal(await page.getByText('Closed').count(), 1, 'the second device has no open session');
    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name === 'till_session');
    assert.ok(session, 'the session cookie is set');
    assert.equal(session.httpOnly, true);
    assert.equal(session.sameSite, 'Strict');
    assert.ok(session.expires > Date.now() / 1000);
    await screenshot(page, 'drawers-now');

    // The keyboard reaches the user menu; signing out ends the session on the server.
    await page.getByRole('button', { name: /Casey Jones/ }).click();
    await page.getByRole('button', { name: 'Sign out' }).or(page.getByText('Sign out')).first().click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    const answer = await fetch(`${url}/admin/api/till/graphql.json`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Till-App': '1', Cookie: `till_session=${session.value}` },
        body: JSON.stringify({ query: '{ cashDrawers(first: 1) { nodes { id } } }' }),
    });
    assert.equal(answer.status, 401, 'the old cookie no longer works');
    await page.close();
});

test('five wrong PINs lock the staff member out, and then even the right PIN is refused', async () => {
    const page = await newPage(browser);
    await page.goto(`${url}/app`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    for (let i = 1; i <= 4; i++) {
        await signIn(page, seeded.other.email, '0000');
        await page.getByText('The email or PIN is not right.').waitFor();
    }
    await screenshot(page, 'sign-in-wrong-pin');
    await signIn(page, seeded.other.email, '0000');
    await page.getByText(/locked out until/).waitFor();
    await signIn(page, seeded.other.email, '8642');
    await page.getByText(/locked out until/).waitFor();
    assert.equal(await page.getByRole('heading', { name: 'Drawers now' }).count(), 0);
    await screenshot(page, 'sign-in-locked');

    const record = await (await fetch(`${url}/till/v1/shops/${encodeURIComponent(seeded.shop.id)}/staff/${encodeURIComponent(seeded.other.id)}/sign-ins`, {
        headers: { Authorization: `Bearer ${process.env.TILL_ADMIN_KEY}` },
    })).json();
    assert.deepEqual(record.signIns.slice(0, 2).map((e) => e.outcome), ['REFUSED_LOCKED', 'LOCKED']);
    await page.close();
});

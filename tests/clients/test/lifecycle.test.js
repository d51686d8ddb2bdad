// A whole payment session through Shopify's @shopify/admin-api-client, against a live Till:
// open with a float, cash sales recorded through the control API, adjust, count, close.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { adminClient, costOf, provisionShop, recordTransaction } from '../lib/till.js';
import { ops } from '../lib/operations.js';

const money = (amount, currencyCode = 'USD') => ({ amount, currencyCode });

/** Checks the cost extension the client hands back and returns it. */
function assertCost(extensions, { mutation = false } = {}) {
    const cost = costOf(extensions);
    assert.equal(typeof cost.actualQueryCost, 'number');
    assert.ok(cost.actualQueryCost <= cost.requestedQueryCost, `actual ${cost.actualQueryCost} > requested ${cost.requestedQueryCost}`);
    if (mutation) {
        assert.ok(cost.requestedQueryCost >= 10, `a mutation costs at least 10, got ${cost.requestedQueryCost}`);
    }
    assert.deepEqual(Object.keys(cost.throttleStatus).sort(), ['currentlyAvailable', 'maximumAvailable', 'restoreRate']);
    assert.equal(cost.throttleStatus.maximumAvailable, 2000);
    assert.equal(cost.throttleStatus.restoreRate, 100);
    assert.ok(cost.throttleStatus.currentlyAvailable >= 0 && cost.throttleStatus.currentlyAvailable <= 2000);
    return cost;
}

describe('a payment session from open to close', () => {
    let shop;
    let client;
    let drawerId;
    let sessionId;

    before(async () => {
        shop = await provisionShop({ name: 'Lifecycle' });
        client = adminClient({ token: shop.token });
        drawerId = await ops.setUpDrawer(client, shop.locationId, shop.deviceId, 'Front drawer');
    });

    it('opens with a float of 100.00', async () => {
        const { session, userErrors, errors, extensions } = await ops.openSession(client, {
            pointOfSaleDeviceId: shop.deviceId,
            staffMemberId: shop.staffId,
            balance: money('100.00'),
            note: 'Morning float',
        });
        assert.equal(errors, undefined);
        assert.deepEqual(userErrors, []);
        assert.match(session.id, /^gid:\/\/shopify\/PointOfSaleDevicePaymentSession\/\d+$/);
        assert.equal(session.status, 'OPEN');
        assert.equal(session.currency, 'USD');
        assert.equal(session.openingNote, 'Morning float');
        assert.deepEqual(session.cashCountedAtOpen, money('100.0'));
        // Float setup: the drawer's first session puts its float in, so nothing is missing.
        assert.deepEqual(session.expectedCashAtOpen, money('100.0'));
        assert.equal(session.cashDrawer.id, drawerId);
        assertCost(extensions, { mutation: true });
        sessionId = session.id;
    });

    it('shows the open session on the device', async () => {
        const { data, errors, extensions } = await client.request(ops.POINT_OF_SALE_DEVICE, { variables: { id: shop.deviceId } });
        assert.equal(errors, undefined);
        assert.deepEqual(data.pointOfSaleDevice, {
            id: shop.deviceId,
            cashDrawer: { id: drawerId, name: 'Front drawer' },
            activePaymentSession: { id: sessionId, status: 'OPEN' },
        });
        assertCost(extensions);
    });

    it('takes cash sales, change and a refund through the control API', async () => {
        const recorded = [
            await recordTransaction(shop, { kind: 'SALE', amount: '20.00' }),
            await recordTransaction(shop, { kind: 'SALE', amount: '7.50' }),
            await recordTransaction(shop, { kind: 'CHANGE', amount: '2.50' }),
            await recordTransaction(shop, { kind: 'REFUND', amount: '5.00' }),
            // Not cash: counts in totalSales but never touches the drawer.
            await recordTransaction(shop, { kind: 'SALE', gateway: 'shopify_payments', amount: '30.00' }),
        ];
        for (const transaction of recorded) {
            assert.match(transaction.id, /^gid:\/\/shopify\/OrderTransaction\/\d+$/);
            assert.equal(transaction.paymentSessionId, sessionId);
        }

        const { session, errors, extensions } = await ops.getSession(client, sessionId);
        assert.equal(errors, undefined);
        assert.deepEqual(session.totalCashSales, { amount: '25.0' }); // 20 + 7.50 - 2.50 change
        assert.deepEqual(session.totalCashRefunds, { amount: '5.0' });
        assert.deepEqual(session.netCashSales, { amount: '20.0' });
        assert.deepEqual(session.totalSales, { amount: '55.0' }); // cash and card
        assert.deepEqual(session.netSales, { amount: '50.0' });
        assert.equal(session.totalsReady, true);
        const cost = assertCost(extensions);
        // The requested cost assumes a full page of 50 activities; the actual cost counts the five returned.
        assert.ok(cost.actualQueryCost < cost.requestedQueryCost, JSON.stringify(cost));
    });

    it('adjusts: 10.00 taken out for the bank', async () => {
        const { session, userErrors, errors, extensions } = await ops.adjustSession(client, {
            pointOfSaleDevicePaymentSessionId: sessionId,
            staffMemberId: shop.staffId,
            cash: money('-10.00'),
            note: 'bank run',
        });
        assert.equal(errors, undefined);
        assert.deepEqual(userErrors, []);
        assert.deepEqual(session, { id: sessionId, totalAdjustments: money('-10.0') });
        assertCost(extensions, { mutation: true });
    });

    it('counts mid-shift, 0.50 short', async () => {
        // In the drawer by the book: 100 + 20 + 7.50 - 2.50 - 5 - 10 = 110.00
        const { session, userErrors, errors, extensions } = await ops.countSession(client, {
            pointOfSaleDevicePaymentSessionId: sessionId,
            staffMemberId: shop.staffId,
            balance: money('109.50'),
        });
        assert.equal(errors, undefined);
        assert.deepEqual(userErrors, []);
        assert.deepEqual(session, { id: sessionId, totalDiscrepancy: money('-0.5') });
        assertCost(extensions, { mutation: true });
    });

    it('closes with 109.00 counted: expected 109.50, closing adjustment -0.50', async () => {
        const { session, userErrors, errors, extensions } = await ops.closeSession(client, {
            pointOfSaleDevicePaymentSessionId: sessionId,
            staffMemberId: shop.staffId,
            balance: money('109.00'),
            note: 'End of day',
        });
        assert.equal(errors, undefined);
        assert.deepEqual(userErrors, []);
        assert.equal(session.status, 'CLOSED');
        assert.equal(session.closingNote, 'End of day');
        assert.match(session.closingTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
        assert.deepEqual(session.cashCountedAtClose, money('109.0'));
        assert.deepEqual(session.closingBalance, money('109.0'));
        assert.deepEqual(session.expectedCashAtClose, money('109.5'));
        assert.deepEqual(session.closingAdjustment, money('-0.5'));
        assert.deepEqual(session.totalDiscrepancy, money('-1.0')); // the count's -0.50 and the close's -0.50
        assertCost(extensions, { mutation: true });
    });

    it('keeps the whole story in the session\'s cash activities', async () => {
        const { session } = await ops.getSession(client, sessionId);
        const story = session.cashActivities.nodes.map((a) => [a.__typename, a.transactionType ?? a.adjustmentType ?? a.countType, a.cash.amount]);
        assert.deepEqual(story, [
            ['CashCountActivity', 'OPENING', '100.0'],
            ['CashTransactionActivity', 'SALE', '20.0'],
            ['CashTransactionActivity', 'SALE', '7.5'],
            ['CashTransactionActivity', 'CHANGE', '-2.5'],
            ['CashTransactionActivity', 'REFUND', '-5.0'],
            ['CashAdjustmentActivity', 'ADJUSTMENT', '-10.0'],
            ['CashCountActivity', 'MID_SESSION', '-0.5'],
            ['CashCountActivity', 'CLOSING', '0.0'],
            ['CashAdjustmentActivity', 'CLOSING_ADJUSTMENT', '-0.5'],
        ]);
        const midCount = session.cashActivities.nodes[6];
        assert.deepEqual([midCount.cashCounted.amount, midCount.cashExpected.amount, midCount.cashDiscrepancy.amount], ['109.5', '110.0', '-0.5']);
    });

    it('leaves the device without an active session, and refuses further cash', async () => {
        const { data } = await client.request(ops.POINT_OF_SALE_DEVICE, { variables: { id: shop.deviceId } });
        assert.equal(data.pointOfSaleDevice.activePaymentSession, null);
        const refused = await recordTransaction(shop, { kind: 'SALE', amount: '1.00', expect: 409 });
        assert.equal(refused.body.error.code, 'NO_OPEN_SESSION');
    });

    it('lists the closed session with the client\'s search syntax', async () => {
        const { data, errors } = await client.request(ops.PAYMENT_SESSIONS, {
            variables: { first: 5, query: `point_of_sale_device_id:${shop.deviceId.split('/').pop()} is_open:false` },
        });
        assert.equal(errors, undefined);
        assert.deepEqual(data.pointOfSaleDevicePaymentSessions.nodes.map((s) => [s.id, s.status]), [[sessionId, 'CLOSED']]);
    });

    it('reopens on the same drawer with the closing balance expected', async () => {
        const { session, userErrors } = await ops.openSession(client, {
            pointOfSaleDeviceId: shop.deviceId,
            staffMemberId: shop.staffId,
            balance: money('109.00'),
        });
        assert.deepEqual(userErrors, []);
        assert.notEqual(session.id, sessionId);
        assert.deepEqual(session.expectedCashAtOpen, money('109.0'));
        // Tidy up so the shop ends with no open session.
        const closed = await ops.closeSession(client, { pointOfSaleDevicePaymentSessionId: session.id, staffMemberId: shop.staffId, balance: money('109.00') });
        assert.deepEqual(closed.userErrors, []);
    });
});

// Every typed operation of operations/cash.ts, run through the client against a live Till: the
// documents codegen typed are the documents Till accepts, and the answers have the typed shape.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { Kind, parse } from 'graphql';
import { addDevice, adminClient, provisionShop, rawGraphql, recordTransaction } from '../lib/till.js';
import { ops } from '../lib/operations.js';

const money = (amount, currencyCode = 'USD') => ({ amount, currencyCode });
const utcDate = (offsetDays = 0) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

/** client.request that fails the test on any GraphQL or HTTP error and returns `data`. */
async function run(client, document, variables) {
    const response = await client.request(document, { variables });
    assert.equal(response.errors, undefined, JSON.stringify(response.errors?.graphQLErrors ?? response.errors?.message));
    return response.data;
}

describe('every operation in operations/cash.ts', () => {
    let shop;
    let client;
    let drawerId;
    let sessionId;
    let secondDevice;

    before(async () => {
        shop = await provisionShop({ name: 'Operations' });
        client = adminClient({ token: shop.token });
        // cashDrawerCreate + pointOfSaleDeviceAssignToCashDrawer
        drawerId = await ops.setUpDrawer(client, shop.locationId, shop.deviceId, 'Main');
        // open, a cash sale, adjust, count, close
        const opened = await ops.openSession(client, { pointOfSaleDeviceId: shop.deviceId, staffMemberId: shop.staffId, balance: money('100.00') });
        assert.deepEqual(opened.userErrors, []);
        sessionId = opened.session.id;
        await recordTransaction(shop, { kind: 'SALE', amount: '20.00' });
        assert.deepEqual((await ops.adjustSession(client, { pointOfSaleDevicePaymentSessionId: sessionId, staffMemberId: shop.staffId, cash: money('-10.00'), note: 'bank' })).userErrors, []);
        assert.deepEqual((await ops.countSession(client, { pointOfSaleDevicePaymentSessionId: sessionId, staffMemberId: shop.staffId, balance: money('110.00') })).userErrors, []);
        assert.deepEqual((await ops.closeSession(client, { pointOfSaleDevicePaymentSessionId: sessionId, staffMemberId: shop.staffId, balance: money('110.00') })).userErrors, []);
        secondDevice = await addDevice(shop, 'Register 2');
    });

    it('cashDrawerFindOrCreate finds the drawer by name and assigns the device', async () => {
        const data = await run(client, ops.CASH_DRAWER_FIND_OR_CREATE, { locationId: shop.locationId, name: 'Main', pointOfSaleDeviceId: secondDevice });
        const { cashDrawer, userErrors } = data.cashDrawerFindOrCreate;
        assert.deepEqual(userErrors, []);
        assert.equal(cashDrawer.id, drawerId);
        assert.deepEqual(cashDrawer.pointOfSaleDevices.nodes.map((d) => d.id).sort(), [shop.deviceId, secondDevice].sort());
    });

    it('cashDrawerUpdate renames; CASH_DRAWER_NOT_FOUND for a missing drawer', async () => {
        const renamed = await run(client, ops.CASH_DRAWER_UPDATE, { id: drawerId, input: { name: 'Main counter' } });
        assert.deepEqual(renamed.cashDrawerUpdate, { cashDrawer: { id: drawerId, name: 'Main counter' }, userErrors: [] });
        const missing = await run(client, ops.CASH_DRAWER_UPDATE, { id: 'gid://shopify/CashDrawer/987654321', input: { name: 'X' } });
        assert.deepEqual(missing.cashDrawerUpdate.userErrors.map((e) => e.code), ['CASH_DRAWER_NOT_FOUND']);
    });

    it('cashManagementReasonCodeCreate / Delete, and cashManagementReasonCodes lists the codes', async () => {
        const created = await run(client, ops.REASON_CODE_CREATE, { code: 'Float top-up' });
        assert.deepEqual(created.cashManagementReasonCodeCreate.userErrors, []);
        const custom = created.cashManagementReasonCodeCreate.reasonCode;
        assert.match(custom.id, /^gid:\/\/shopify\/CashManagementCustomReasonCode\/\d+$/);
        assert.equal(custom.code, 'Float top-up');

        const duplicate = await run(client, ops.REASON_CODE_CREATE, { code: '  float TOP-UP ' });
        assert.deepEqual(duplicate.cashManagementReasonCodeCreate.userErrors.map((e) => e.code), ['CODE_ALREADY_EXISTS']);

        const listed = await run(client, ops.REASON_CODES, { first: 50 });
        const byType = (type) => listed.cashManagementReasonCodes.nodes.filter((n) => n.__typename === type);
        assert.deepEqual(byType('CashManagementDefaultReasonCode').map((n) => n.defaultCode).sort(),
            ['CASH_COUNT', 'CASH_PAYOUT', 'CASH_PICKUP', 'CHANGE_CORRECTION', 'PETTY_CASH', 'TIP_PAYOUT']);
        assert.deepEqual(byType('CashManagementSystemReasonCode').map((n) => n.systemCode).sort(), ['CASH_PAYOUT', 'FLOAT_SETUP', 'OTHER']);
        assert.deepEqual(byType('CashManagementCustomReasonCode').map((n) => n.code), ['Float top-up']);

        const deleted = await run(client, ops.REASON_CODE_DELETE, { id: custom.id });
        assert.deepEqual(deleted.cashManagementReasonCodeDelete, { deletedId: custom.id, userErrors: [] });
        const system = byType('CashManagementSystemReasonCode')[0];
        const refused = await run(client, ops.REASON_CODE_DELETE, { id: system.id });
        assert.deepEqual(refused.cashManagementReasonCodeDelete.userErrors.map((e) => e.code), ['NOT_DELETABLE']);
    });

    it('cashDrawer with its totals over a date range and its activities', async () => {
        const range = { from: `${utcDate(-1)}T00:00:00Z`, to: `${utcDate(1)}T00:00:00Z` };
        const data = await run(client, ops.CASH_DRAWER, { id: drawerId, range, activities: 20 });
        const drawer = data.cashDrawer;
        assert.equal(drawer.name, 'Main counter');
        assert.equal(drawer.location.id, shop.locationId);
        assert.deepEqual(drawer.totalSales, money('20.0'));
        assert.deepEqual(drawer.netSales, money('20.0'));
        assert.deepEqual(drawer.totalRefunds, money('0.0'));
        assert.deepEqual(drawer.totalAdjustments, money('-10.0'));
        assert.deepEqual(drawer.totalDiscrepancies, money('0.0'));
        assert.deepEqual(drawer.cashActivities.nodes.map((a) => a.transactionType ?? a.adjustmentType ?? a.countType),
            ['OPENING', 'SALE', 'ADJUSTMENT', 'MID_SESSION', 'CLOSING']);
        const sale = drawer.cashActivities.nodes[1];
        assert.deepEqual([sale.orderTransaction.kind, sale.orderTransaction.gateway, sale.paymentSession.id, sale.staffMember.id],
            ['SALE', 'cash', sessionId, shop.staffId]);
    });

    it('cashDrawers pages with cursors', async () => {
        await run(client, ops.CASH_DRAWER_CREATE, { locationId: shop.locationId, name: 'Back office' });
        const first = await run(client, ops.CASH_DRAWERS, { first: 1 });
        assert.equal(first.cashDrawers.edges.length, 1);
        assert.equal(first.cashDrawers.pageInfo.hasNextPage, true);
        const second = await run(client, ops.CASH_DRAWERS, { first: 1, after: first.cashDrawers.pageInfo.endCursor });
        assert.equal(second.cashDrawers.pageInfo.hasNextPage, false);
        assert.deepEqual([first, second].map((page) => page.cashDrawers.edges[0].node.name), ['Main counter', 'Back office']);
    });

    it('cashManagementLocationSummary and cashManagementShopSummary', async () => {
        const dates = { startDate: utcDate(-1), endDate: utcDate(0) };
        const expected = {
            sessionsOpened: 1,
            sessionsClosed: 1,
            cashBalanceAtStart: money('0.0'),
            cashBalanceAtEnd: money('110.0'),
            netCash: money('10.0'), // 20.00 of cash sales, 10.00 taken out
            totalDiscrepancies: money('0.0'),
        };
        const location = await run(client, ops.LOCATION_SUMMARY, { locationId: shop.locationId, ...dates });
        assert.deepEqual(location.cashManagementLocationSummary, expected);
        const wholeShop = await run(client, ops.SHOP_SUMMARY, { currencyCode: 'USD', ...dates });
        assert.deepEqual(wholeShop.cashManagementShopSummary, expected);
    });

    it('cashTrackingSessions and cashTrackingSession: the legacy view of the same session', async () => {
        const list = await run(client, ops.CASH_TRACKING_SESSIONS, { first: 10, sortKey: 'OPENING_TIME_DESC' });
        assert.equal(list.cashTrackingSessions.nodes.length, 1);
        const [summary] = list.cashTrackingSessions.nodes;
        assert.equal(summary.registerName, 'Register 1');
        const data = await run(client, ops.CASH_TRACKING_SESSION, { id: summary.id });
        const legacy = data.cashTrackingSession;
        assert.equal(legacy.cashTrackingEnabled, true);
        assert.deepEqual(legacy.openingBalance, money('100.0'));
        assert.deepEqual(legacy.closingBalance, money('110.0'));
        assert.deepEqual(legacy.expectedClosingBalance, { amount: '110.0' });
        assert.deepEqual(legacy.totalCashSales, { amount: '20.0' });
        assert.deepEqual(legacy.adjustments.nodes.map((a) => [a.cash.amount, a.note]), [['-10.0', 'bank']]);
        assert.deepEqual(legacy.cashTransactions.nodes.map((t) => [t.kind, t.gateway]), [['SALE', 'cash']]);
    });

    it('node and nodes', async () => {
        const single = await run(client, ops.NODE, { id: sessionId });
        assert.deepEqual(single.node, { __typename: 'PointOfSaleDevicePaymentSession', id: sessionId, status: 'CLOSED' });
        const missing = await run(client, ops.NODE, { id: 'gid://shopify/CashDrawer/987654321' });
        assert.equal(missing.node, null);
        const many = await run(client, ops.NODES, { ids: [drawerId, secondDevice, 'gid://shopify/CashDrawer/987654321'] });
        assert.deepEqual(many.nodes, [
            { __typename: 'CashDrawer', id: drawerId, name: 'Main counter' },
            { __typename: 'PointOfSaleDevice', id: secondDevice, cashDrawer: { id: drawerId } },
            null,
        ]);
    });

    it('pointOfSaleDevice, pointOfSaleDevicePaymentSession and pointOfSaleDevicePaymentSessions', async () => {
        const device = await run(client, ops.POINT_OF_SALE_DEVICE, { id: secondDevice });
        assert.deepEqual(device.pointOfSaleDevice, { id: secondDevice, cashDrawer: { id: drawerId, name: 'Main counter' }, activePaymentSession: null });

        const { session } = await ops.getSession(client, sessionId);
        assert.equal(session.status, 'CLOSED');
        assert.equal(session.pointOfSaleDevice.id, shop.deviceId);
        assert.deepEqual(session.closingAdjustment, money('0.0'));
        assert.equal(session.openingStaffMember.id, shop.staffId);
        assert.equal(session.closingStaffMember.id, shop.staffId);

        const list = await run(client, ops.PAYMENT_SESSIONS, { first: 10, query: 'is_open:false', sortKey: 'OPENING_TIME', reverse: true });
        assert.deepEqual(list.pointOfSaleDevicePaymentSessions.nodes.map((s) => s.id), [sessionId]);
    });

    it('@idempotent(key:): the same adjustment sent twice is applied once', async () => {
        const opened = await ops.openSession(client, { pointOfSaleDeviceId: secondDevice, staffMemberId: shop.staffId });
        assert.deepEqual(opened.userErrors, []);
        const variables = {
            idempotencyKey: `adjust-${Date.now()}`,
            pointOfSaleDevicePaymentSessionId: opened.session.id,
            staffMemberId: shop.staffId,
            cash: money('5.00'),
            note: 'sent twice',
        };
        const first = await run(client, ops.SESSION_ADJUST_IDEMPOTENT, variables);
        const again = await run(client, ops.SESSION_ADJUST_IDEMPOTENT, variables);
        assert.deepEqual(again, first);
        assert.deepEqual(first.pointOfSaleDevicePaymentSessionAdjust.pointOfSaleDevicePaymentSession.totalAdjustments, money('5.0'));
        const other = await client.request(ops.SESSION_ADJUST_IDEMPOTENT, { variables: { ...variables, cash: money('6.00') } });
        assert.ok(other.errors?.graphQLErrors?.length > 0 || other.data?.pointOfSaleDevicePaymentSessionAdjust?.userErrors?.length > 0,
            'the same key with other arguments is refused');
        const closed = await ops.closeSession(client, { pointOfSaleDevicePaymentSessionId: opened.session.id, staffMemberId: shop.staffId, balance: money('115.00') });
        assert.deepEqual(closed.userErrors, []);
    });

    it('shop, location(s), locationsCount and staffMember(s): the shop\'s own objects', async () => {
        const { shop: own } = await run(client, ops.SHOP, {});
        assert.equal(own.id, shop.shopId);
        assert.equal(own.ianaTimezone, 'UTC');
        assert.equal(own.timezoneOffsetMinutes, 0);
        assert.equal(own.accountOwner.id, shop.staffId);
        const { location } = await run(client, ops.LOCATION, { id: shop.locationId });
        assert.equal(location.id, shop.locationId);
        const listed = await run(client, ops.LOCATIONS, { first: 10, sortKey: 'NAME' });
        assert.ok(listed.locations.nodes.some((l) => l.id === shop.locationId));
        assert.equal(listed.locationsCount.count, listed.locations.nodes.length);
        assert.equal(listed.locationsCount.precision, 'EXACT');
        const { staffMember } = await run(client, ops.STAFF_MEMBER, { id: shop.staffId });
        assert.equal(staffMember.id, shop.staffId);
        const staff = await run(client, ops.STAFF_MEMBERS, { first: 10, sortKey: 'EMAIL' });
        assert.ok(staff.staffMembers.nodes.some((s) => s.id === shop.staffId));
    });

    it('tenderTransactions: every recorded transaction, refunds negative, filtered by device', async () => {
        const device = await addDevice(shop, 'Tender register');
        await recordTransaction(shop, { deviceId: device, gateway: 'shopify_payments', amount: '12.00' });
        await recordTransaction(shop, { deviceId: device, kind: 'REFUND', gateway: 'shopify_payments', amount: '2.00' });
        const number = device.slice(device.lastIndexOf('/') + 1);
        const { tenderTransactions } = await run(client, ops.TENDER_TRANSACTIONS, { first: 10, query: `point_of_sale_device_id:${number}` });
        assert.deepEqual(tenderTransactions.nodes.map((t) => t.amount), [money('12.0'), money('-2.0')]);
        assert.deepEqual(tenderTransactions.nodes.map((t) => t.paymentMethod), ['shopify_payments', 'shopify_payments']);
        assert.ok(tenderTransactions.nodes.every((t) => t.order === null && t.test === false && t.user.id === shop.staffId));
        assert.equal(tenderTransactions.pageInfo.hasNextPage, false);
    });

    it('covers all 25 QueryRoot and all 15 Mutation fields of the live schema', async () => {
        const used = { query: new Set(), mutation: new Set() };
        for (const value of Object.values(ops)) {
            if (typeof value !== 'string') {
                continue;
            }
            for (const definition of parse(value).definitions) {
                // Root fields are the operation's own selections (no fragments at the root here).
                for (const selection of definition.selectionSet.selections) {
                    assert.equal(selection.kind, Kind.FIELD);
                    used[definition.operation].add(selection.name.value);
                }
            }
        }
        const { body } = await rawGraphql(shop.base, '2026-04', shop.token, '{ __schema { queryType { fields(includeDeprecated: true) { name } } mutationType { fields(includeDeprecated: true) { name } } } }');
        const queryFields = body.data.__schema.queryType.fields.map((f) => f.name).sort();
        const mutationFields = body.data.__schema.mutationType.fields.map((f) => f.name).sort();
        assert.equal(queryFields.length, 25);
        assert.equal(mutationFields.length, 15);
        assert.deepEqual([...used.query].sort(), queryFields);
        assert.deepEqual([...used.mutation].sort(), mutationFields);
    });
});

import { useEffect, useMemo, useState } from 'react';
import { Banner, BlockStack, Box, Button, Card, Form, FormLayout, InlineGrid, InlineStack, Page, Select, SkeletonBodyText, Text, TextField } from '@shopify/polaris';
import { graphql } from '../api.js';
import { navigate } from '../router.js';
import { amount, deviceName, gid, money, mutate, num, useReasonOptions } from '../lib.js';

const settings = 'location { id name tillCashSettings { blindCounts revealAfterClose } }';

const deviceQuery = (manager) => `query OpenOn($id: ID!, $from: DateTime!, $to: DateTime!) {
  pointOfSaleDevice(id: $id) {
    id
    tillName
    activePaymentSession { id }
    cashDrawer { id name ${settings} totalSales(dateRange: { from: $from, to: $to }) { currencyCode } ${manager ? 'balance { amount currencyCode }' : ''} }
  }
}`;

const sessionQuery = (manager) => `query CountIn($id: ID!) {
  pointOfSaleDevicePaymentSession(id: $id) {
    id
    status
    currency
    pointOfSaleDevice { id tillName }
    cashDrawer { id name ${settings} ${manager ? 'balance { amount currencyCode }' : ''} }
  }
}`;

const DENOMINATIONS = `query Denominations($currency: CurrencyCode!) {
  tillCurrencyDenominations(currencyCode: $currency) { currencyCode denominations { kind value } }
}`;

const args = '$balance: MoneyInput!, $staff: ID!, $reason: ID, $note: String, $denominations: [TillDenominationCountInput!]';
const pass = 'balance: $balance, staffMemberId: $staff, reasonCodeId: $reason, note: $note, tillDenominations: $denominations';
const MUTATIONS = {
    open: `mutation Open($device: ID!, ${args}) { pointOfSaleDevicePaymentSessionOpen(pointOfSaleDeviceId: $device, ${pass}) { pointOfSaleDevicePaymentSession { id } userErrors { field message code } } }`,
    count: `mutation Count($session: ID!, ${args}) { pointOfSaleDevicePaymentSessionCount(pointOfSaleDevicePaymentSessionId: $session, ${pass}) { pointOfSaleDevicePaymentSession { id } userErrors { field message code } } }`,
    close: `mutation Close($session: ID!, ${args}) { pointOfSaleDevicePaymentSessionClose(pointOfSaleDevicePaymentSessionId: $session, ${pass}) { pointOfSaleDevicePaymentSession { id } userErrors { field message code } } }`,
};
const FIELD = { open: 'pointOfSaleDevicePaymentSessionOpen', count: 'pointOfSaleDevicePaymentSessionCount', close: 'pointOfSaleDevicePaymentSessionClose' };

const RESULT = `query Result($id: ID!) {
  pointOfSaleDevicePaymentSession(id: $id) {
    id status cashCountedAtClose { amount currencyCode } expectedCashAtClose { amount currencyCode } closingAdjustment { amount currencyCode }
    tillReview { status }
  }
}`;

const TITLES = { open: 'Open a session', count: 'Count the drawer', close: 'Close the session' };

/** Thousandths of a unit, so sums stay exact. */
const milli = (value) => Math.round(Number(value) * 1000);
const fromMilli = (m, currency) => {
    const digits = currency === 'JPY' || currency === 'KRW' ? 0 : 2;
    return (m / 1000).toFixed(digits);
};

/**
 * The counting screen of an open (mode "open", id: a device), a mid-session count or a close (id:
 * a session): a grid of the currency's notes and coins, the total as you type, a reason code and
 * a note. With blind counts a cashier sees no expected figure, and after a close the result only
 * where the location reveals it.
 */
export function Count({ me, mode, id }) {
    const manager = me.staffMember.role === 'MANAGER';
    const [target, setTarget] = useState(null);
    const [denominations, setDenominations] = useState(null);
    const [counts, setCounts] = useState({});
    const reasons = useReasonOptions();
    const [reason, setReason] = useState('');
    const [note, setNote] = useState('');
    const [error, setError] = useState(null);
    const [busy, setBusy] = useState(false);
    const [done, setDone] = useState(null);

    useEffect(() => {
        const load = mode === 'open'
            ? graphql(deviceQuery(manager), { id: gid('PointOfSaleDevice', id), from: new Date(Date.now() - 60000).toISOString(), to: new Date().toISOString() }).then((d) => {
                const device = d.pointOfSaleDevice;
                if (!device?.cashDrawer) throw new Error('This device has no cash drawer.');
                return { drawer: device.cashDrawer, currency: device.cashDrawer.totalSales.currencyCode, deviceId: device.id, device };
            })
            : graphql(sessionQuery(manager), { id: gid('PointOfSaleDevicePaymentSession', id) }).then((d) => {
                const session = d.pointOfSaleDevicePaymentSession;
                if (!session) throw new Error('No such session.');
                return { drawer: session.cashDrawer, currency: session.currency, sessionId: session.id, status: session.status, device: session.pointOfSaleDevice };
            });
        load.then(async (t) => {
            setTarget(t);
            const d = await graphql(DENOMINATIONS, { currency: t.currency });
            setDenominations([...d.tillCurrencyDenominations.denominations].reverse());
        }).catch(setError);
    }, [mode, id, manager]);

    const currency = target?.currency;
    const totalMilli = useMemo(() => (denominations ?? []).reduce((sum, d) => sum + milli(d.value) * (Number.parseInt(counts[key(d)] || '0', 10) || 0), 0), [denominations, counts]);
    const blind = target?.drawer.location.tillCashSettings.blindCounts && !manager;
    const reveal = !blind || target?.drawer.location.tillCashSettings.revealAfterClose;

    async function submit() {
        setBusy(true);
        setError(null);
        try {
            const byValue = new Map();
            for (const d of denominations) {
                const n = Number.parseInt(counts[key(d)] || '0', 10) || 0;
                if (n < 0) throw new Error('A count cannot be negative.');
                if (n > 0) byValue.set(d.value, (byValue.get(d.value) ?? 0) + n);
            }
            const variables = {
                balance: { amount: fromMilli(totalMilli, currency), currencyCode: currency },
                staff: me.staffMember.id,
                reason: reason || null,
                note: note || null,
                denominations: [...byValue].map(([value, count]) => ({ value, count })),
            };
            if (mode === 'open') variables.device = target.deviceId;
            else variables.session = target.sessionId;
            const payload = await mutate(MUTATIONS[mode], variables, FIELD[mode]);
            const session = payload.pointOfSaleDevicePaymentSession;
            let result = null;
            if (mode === 'close' && reveal) {
                result = (await graphql(RESULT, { id: session.id })).pointOfSaleDevicePaymentSession;
            }
            setDone({ session, result, counted: variables.balance });
        } catch (e) {
            setError(e);
        } finally {
            setBusy(false);
        }
    }

    if (done) {
        const r = done.result;
        const adjustment = r?.closingAdjustment ? Number(r.closingAdjustment.amount) : 0;
        return (
            <Page title={TITLES[mode]} backAction={{ content: 'Drawers now', onAction: () => navigate('/drawers') }}>
                <Card>
                    <BlockStack gap="300">
                        <Banner tone="success" title={mode === 'open' ? 'Session opened' : mode === 'count' ? 'Count recorded' : 'Session closed'}>
                            <p role="status">Counted {money(done.counted)}.</p>
                        </Banner>
                        {mode === 'close' && r && (
                            <Text as="p">
                                Expected {money(r.expectedCashAtClose)}, counted {money(r.cashCountedAtClose)}:{' '}
                                {adjustment === 0 ? 'balanced' : adjustment < 0 ? `short ${amount(-adjustment, currency)}` : `over ${amount(adjustment, currency)}`}.
                                {r.tillReview?.status === 'REQUIRED' && ' A manager will review the difference.'}
                            </Text>
                        )}
                        {mode === 'close' && !r && <Text as="p">The count is blind here: your manager sees how it compares with the expected cash.</Text>}
                        <InlineStack gap="200">
                            <Button variant="primary" onClick={() => navigate('/drawers')}>Back to the drawers</Button>
                            {mode !== 'close' && <Button onClick={() => navigate(`/sessions/${num(done.session.id)}/movement`)}>Pay in / out</Button>}
                        </InlineStack>
                    </BlockStack>
                </Card>
            </Page>
        );
    }

    return (
        <Page title={TITLES[mode]} subtitle={target ? `${deviceName(target.device)} · ${target.drawer.name} · ${target.drawer.location.name}` : undefined} backAction={{ content: 'Drawers now', onAction: () => navigate('/drawers') }}>
            <BlockStack gap="400">
                {error && <Banner tone="critical" title="Not recorded"><p role="alert">{error.message}</p></Banner>}
                {!denominations && !error && <Card><SkeletonBodyText lines={6} /></Card>}
                {denominations && (
                    <Form onSubmit={submit}>
                        <BlockStack gap="400">
                            <Card>
                                <BlockStack gap="300">
                                    <InlineStack align="space-between">
                                        <Text as="h2" variant="headingMd">Notes and coins</Text>
                                        {blind ? <Text as="span" tone="subdued">Blind count: count what is in the drawer.</Text>
                                            : target.drawer.balance && <Text as="span" tone="subdued">Expected {money(target.drawer.balance)}</Text>}
                                    </InlineStack>
                                    <InlineGrid columns={{ xs: 1, sm: 2, md: 3 }} gap="300">
                                        {denominations.map((d) => {
                                            const n = Number.parseInt(counts[key(d)] || '0', 10) || 0;
                                            return (
                                                <TextField
                                                    key={key(d)}
                                                    id={`count-${key(d)}`}
                                                    label={`${amount(d.value, currency)} ${d.kind === 'NOTE' ? 'notes' : 'coins'}`}
                                                    type="number"
                                                    min={0}
                                                    inputMode="numeric"
                                                    autoComplete="off"
                                                    value={counts[key(d)] ?? ''}
                                                    onChange={(v) => setCounts({ ...counts, [key(d)]: v })}
                                                    suffix={amount((milli(d.value) * n) / 1000, currency)}
                                                />
                                            );
                                        })}
                                    </InlineGrid>
                                    <Box paddingBlockStart="200">
                                        <InlineStack align="end">
                                            <Text as="p" variant="headingLg" id="count-total">Total {amount(totalMilli / 1000, currency)}</Text>
                                        </InlineStack>
                                    </Box>
                                </BlockStack>
                            </Card>
                            <Card>
                                <FormLayout>
                                    <Select label="Reason code" id="reason" options={reasons} value={reason} onChange={setReason} />
                                    <TextField label="Note" id="note" value={note} onChange={setNote} multiline={2} autoComplete="off" maxLength={5000} />
                                    <Button submit variant="primary" loading={busy}>{mode === 'open' ? 'Open session' : mode === 'count' ? 'Record count' : 'Close session'}</Button>
                                </FormLayout>
                            </Card>
                        </BlockStack>
                    </Form>
                )}
            </BlockStack>
        </Page>
    );
}

function key(d) {
    return `${d.kind.toLowerCase()}-${d.value}`;
}

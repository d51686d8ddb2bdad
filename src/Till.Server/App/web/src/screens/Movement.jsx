import { useEffect, useState } from 'react';
import { Banner, Button, Card, ChoiceList, Form, FormLayout, Page, Select, TextField } from '@shopify/polaris';
import { graphql } from '../api.js';
import { navigate } from '../router.js';
import { deviceName, gid, money, mutate, useReasonOptions } from '../lib.js';

const SESSION = `query Movement($id: ID!) { pointOfSaleDevicePaymentSession(id: $id) { id status currency pointOfSaleDevice { id tillName } cashDrawer { name location { name } } } }`;
const ADJUST = `mutation Adjust($session: ID!, $cash: MoneyInput!, $staff: ID!, $reason: ID, $note: String) {
  pointOfSaleDevicePaymentSessionAdjust(pointOfSaleDevicePaymentSessionId: $session, cash: $cash, staffMemberId: $staff, reasonCodeId: $reason, note: $note) {
    pointOfSaleDevicePaymentSession { id }
    userErrors { field message }
  }
}`;

/** Pay-in or pay-out on an open session: an amount, a reason code and a note. */
export function Movement({ me, id }) {
    const [session, setSession] = useState(null);
    const [direction, setDirection] = useState(['out']);
    const [value, setValue] = useState('');
    const reasons = useReasonOptions();
    const [reason, setReason] = useState('');
    const [note, setNote] = useState('');
    const [error, setError] = useState(null);
    const [busy, setBusy] = useState(false);
    const [done, setDone] = useState(null);

    useEffect(() => {
        graphql(SESSION, { id: gid('PointOfSaleDevicePaymentSession', id) }).then((d) => setSession(d.pointOfSaleDevicePaymentSession), setError);
    }, [id]);

    async function submit() {
        setBusy(true);
        setError(null);
        try {
            if (!/^\d+(\.\d+)?$/.test(value.trim()) || Number(value) <= 0) throw new Error('Enter an amount above zero, such as 12.50.');
            const cash = { amount: (direction[0] === 'out' ? '-' : '') + value.trim(), currencyCode: session.currency };
            await mutate(ADJUST, { session: session.id, cash, staff: me.staffMember.id, reason: reason || null, note: note || null }, 'pointOfSaleDevicePaymentSessionAdjust');
            setDone(cash);
        } catch (e) {
            setError(e);
        } finally {
            setBusy(false);
        }
    }

    return (
        <Page title="Pay in / pay out" subtitle={session ? `${deviceName(session.pointOfSaleDevice)} · ${session.cashDrawer.name} · ${session.cashDrawer.location.name}` : undefined} backAction={{ content: 'Drawers now', onAction: () => navigate('/drawers') }}>
            <Card>
                {done ? (
                    <FormLayout>
                        <Banner tone="success" title="Recorded"><p role="status">{Number(done.amount) < 0 ? 'Paid out' : 'Paid in'} {money({ ...done, amount: String(Math.abs(Number(done.amount))) })}.</p></Banner>
                        <Button variant="primary" onClick={() => navigate('/drawers')}>Back to the drawers</Button>
                    </FormLayout>
                ) : (
                    <Form onSubmit={submit}>
                        <FormLayout>
                            {error && <Banner tone="critical" title="Not recorded"><p role="alert">{error.message}</p></Banner>}
                            <ChoiceList title="Movement" choices={[{ label: 'Pay out (cash leaves the drawer)', value: 'out' }, { label: 'Pay in (cash goes into the drawer)', value: 'in' }]} selected={direction} onChange={setDirection} />
                            <TextField label="Amount" id="amount" value={value} onChange={setValue} inputMode="decimal" autoComplete="off" prefix={session?.currency} />
                            <Select label="Reason code" id="reason" options={reasons} value={reason} onChange={setReason} />
                            <TextField label="Note" id="note" value={note} onChange={setNote} multiline={2} autoComplete="off" maxLength={5000} />
                            <Button submit variant="primary" loading={busy} disabled={!session}>Record</Button>
                        </FormLayout>
                    </Form>
                )}
            </Card>
        </Page>
    );
}
